"""Runs planned checks and scenarios concurrently, with their timing, under one deadline.

The timing semantics are those of `parity.verify.model`: a check with a start-up phase is tried
every `period` until it passes or fails `failure_threshold` times in a row; any other check is
tried once, and only a transient outcome is retried, with capped exponential backoff and full
jitter. Probes and the scenario runner are injected, as are the clock, `sleep` and the random
source, so tests drive every wait exactly. Nothing here raises for a problem with a target: a
probe that hangs, raises or outlives the deadline becomes an ERROR result like any other.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from parity.probes.base import Clients, Outcome, Status, Target
from parity.verify.model import CheckResult, PlannedCheck, Scenario, Startup

ProbeFn = Callable[[Target, Clients], Awaitable[Outcome]]
ScenarioFn = Callable[[Scenario, Clients], Awaitable[CheckResult]]
Item = PlannedCheck | Scenario

BACKSTOP_GRACE = 1.0  # seconds a probe may overrun its own timeout before it is abandoned

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Event:
    """Progress of one check, for a live display.

    `started` comes as its first attempt begins (attempt 1); `attempt` after each attempt, with
    its `outcome`; `finished` once, with the final `result`. A scenario has no `attempt` events.
    """

    kind: str  # "started" | "attempt" | "finished"
    name: str
    attempt: int
    result: CheckResult | None = None
    outcome: Outcome | None = None


@dataclass(slots=True)
class _Progress:
    """What a check has done so far; read when the deadline stops it mid-way."""

    attempts: int = 0
    last: Outcome | None = None


@dataclass(frozen=True, slots=True)
class _Run:
    """Everything one run shares: injected I/O, the concurrency limit and the deadline."""

    clients: Clients
    probe: ProbeFn
    scenario_runner: ScenarioFn
    slots: asyncio.Semaphore
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    rng: random.Random
    emit: Callable[[Event], None]
    deadline: float | None
    ends_at: float | None  # on `clock`'s scale


class _OutOfTime(Exception):
    """The next wait would end after the deadline: the check stops and reports so."""


async def run(
    checks: Sequence[PlannedCheck],
    scenarios: Sequence[Scenario] = (),
    *,
    clients: Clients,
    concurrency: int = 50,
    deadline: float | None = None,
    on_event: Callable[[Event], None] | None = None,
    probe: ProbeFn | None = None,
    scenario_runner: ScenarioFn | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> list[CheckResult]:
    """Run every check and scenario; one result each, in input order (checks, then scenarios).

    At most `concurrency` probes run at once. `deadline` (seconds from now) stops whatever is
    still running or waiting: those finish as ERROR. Never raises for a failing target; when
    cancelled, cancels every check it started before it re-raises.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    context = _Run(
        clients=clients,
        probe=probe or _real_probe,
        scenario_runner=scenario_runner or _real_scenario_runner,
        slots=asyncio.Semaphore(concurrency),
        clock=clock,
        sleep=sleep,
        rng=rng or random.Random(),
        emit=on_event or _ignore,
        deadline=deadline,
        ends_at=None if deadline is None else clock() + deadline,
    )
    return await _run_all(context, [*checks, *scenarios])


async def _run_all(context: _Run, items: list[Item]) -> list[CheckResult]:
    progress = [_Progress() for _ in items]
    tasks = [
        asyncio.create_task(_run_item(context, i, p)) for i, p in zip(items, progress, strict=True)
    ]
    try:
        # The deadline acts twice: a check gives up before a wait it could not finish in time
        # (on the injected clock, see `_wait`), and whatever still runs when the deadline passes
        # in real time is cancelled here, to be reported by `_collect`.
        if tasks:
            await asyncio.wait(tasks, timeout=context.deadline)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [_collect(context, t, i, p) for t, i, p in zip(tasks, items, progress, strict=True)]


def _collect(
    context: _Run, task: asyncio.Task[CheckResult], item: Item, progress: _Progress
) -> CheckResult:
    """The task's own result, or, for one the deadline cancelled, a result saying so."""
    if not task.cancelled():
        return task.result()
    result = _late(context, item, progress)
    context.emit(Event("finished", item.name, progress.attempts, result=result))
    return result


async def _run_item(context: _Run, item: Item, progress: _Progress) -> CheckResult:
    try:
        if isinstance(item, Scenario):
            result = await _run_scenario(context, item, progress)
        elif item.timing.startup is not None:
            result = await _run_startup(context, item, item.timing.startup, progress)
        else:
            result = await _run_retrying(context, item, progress)
    except _OutOfTime:
        result = _late(context, item, progress)
    context.emit(Event("finished", item.name, progress.attempts, result=result))
    return result


async def _run_startup(
    context: _Run, check: PlannedCheck, startup: Startup, progress: _Progress
) -> CheckResult:
    """Kubernetes' startupProbe: every failure counts, until a pass or the threshold."""
    await _wait(context, startup.initial_delay)
    while True:
        began = context.clock()
        outcome = await _attempt(context, check, progress)
        if outcome.passed or progress.attempts >= startup.failure_threshold:
            return _result(check, outcome, progress.attempts)
        # Periods run start to start, so a slow attempt does not stretch the schedule.
        await _wait(context, max(0.0, began + startup.period - context.clock()))


async def _run_retrying(context: _Run, check: PlannedCheck, progress: _Progress) -> CheckResult:
    """One attempt; only a transient outcome is tried again, after a growing, jittered wait."""
    timing = check.timing
    outcome = await _attempt(context, check, progress)
    for retry in range(timing.retries):
        if outcome.passed or not outcome.transient:
            break
        ceiling = min(timing.backoff_max, timing.backoff * 2**retry)
        await _wait(context, context.rng.uniform(0.0, ceiling))
        outcome = await _attempt(context, check, progress)
    return _result(check, outcome, progress.attempts)


async def _attempt(context: _Run, check: PlannedCheck, progress: _Progress) -> Outcome:
    # A check holds a slot only while it probes, never while it waits between attempts, so a
    # slow start-up phase cannot starve the checks queued behind it.
    async with context.slots:
        progress.attempts += 1
        if progress.attempts == 1:
            context.emit(Event("started", check.name, 1))
        outcome = await _probe_once(context, check)
    progress.last = outcome
    context.emit(Event("attempt", check.name, progress.attempts, outcome=outcome))
    return outcome


async def _probe_once(context: _Run, check: PlannedCheck) -> Outcome:
    """One probe call with a backstop timeout; a probe that raises is a bug, reported as ERROR."""
    limit = check.target.timeout + BACKSTOP_GRACE
    began = context.clock()
    try:
        async with asyncio.timeout(limit) as backstop:
            return await context.probe(check.target, context.clients)
    except TimeoutError as exc:
        if not backstop.expired():  # the probe raised TimeoutError itself: a bug
            return _internal_error(context, f"{check.kind} probe", exc, began)
        return Outcome(Status.ERROR, f"timed out after {limit:g} s", limit, transient=True)
    except Exception as exc:
        return _internal_error(context, f"{check.kind} probe", exc, began)


async def _run_scenario(context: _Run, scenario: Scenario, progress: _Progress) -> CheckResult:
    # A scenario is opaque (it waits inside its own steps), so it holds its slot throughout.
    async with context.slots:
        progress.attempts = 1
        context.emit(Event("started", scenario.name, 1))
        began = context.clock()
        try:
            return await context.scenario_runner(scenario, context.clients)
        except Exception as exc:
            outcome = _internal_error(context, "scenario runner", exc, began)
            return _scenario_result(scenario, outcome, attempts=1)


def _internal_error(context: _Run, culprit: str, exc: Exception, began: float) -> Outcome:
    """A bug in Parity, not a finding: only the exception's type is shown, since its message
    may quote a secret; the traceback goes to the debug log for whoever investigates."""
    log.debug("internal error in the %s", culprit, exc_info=exc)
    reason = f"internal error in the {culprit}: {type(exc).__name__}"
    return Outcome(Status.ERROR, reason, max(0.0, context.clock() - began))


async def _wait(context: _Run, seconds: float) -> None:
    """Sleep, unless the wait would outlast the deadline: then stop now rather than later."""
    if context.ends_at is not None and context.clock() + seconds >= context.ends_at:
        raise _OutOfTime
    if seconds > 0:
        await context.sleep(seconds)


def _late(context: _Run, item: Item, progress: _Progress) -> CheckResult:
    """The result of a check the deadline stopped, with what its last attempt saw."""
    reason = f"not finished before the {context.deadline:g} s deadline"
    if progress.last is not None:
        reason += f"; last attempt: {progress.last.reason}"
    duration = progress.last.duration if progress.last is not None else 0.0
    outcome = Outcome(Status.ERROR, reason, duration)
    if isinstance(item, Scenario):
        return _scenario_result(item, outcome, progress.attempts)
    return _result(item, outcome, progress.attempts)


def _result(check: PlannedCheck, outcome: Outcome, attempts: int) -> CheckResult:
    return CheckResult(
        check.name, check.kind, check.environment, check.service, outcome, attempts, check.origin
    )


def _scenario_result(scenario: Scenario, outcome: Outcome, attempts: int) -> CheckResult:
    return CheckResult(
        scenario.name, "scenario", scenario.environment, scenario.service, outcome, attempts
    )


def _ignore(event: Event) -> None:
    """The default `on_event`: nobody is watching."""


async def _real_probe(target: Target, clients: Clients) -> Outcome:
    # Imported on first use: the registry pulls in every driver, which a run with fakes avoids.
    from parity.probes import probe

    return await probe(target, clients)


async def _real_scenario_runner(scenario: Scenario, clients: Clients) -> CheckResult:
    from parity.verify.scenarios import run_scenario

    return await run_scenario(scenario, clients)
