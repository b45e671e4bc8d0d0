"""`parity monitor`'s schedule: run the checks every interval, remember, measure and alert."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from parity.monitor.alerts import send_alert
from parity.monitor.metrics import Metrics
from parity.monitor.state import CheckState, Transition, observe
from parity.monitor.store import Store
from parity.probes.base import Clients
from parity.secrets import Secret
from parity.verify.model import CheckResult, PlannedCheck, Scenario
from parity.verify.runner import run

MakeChecks = Callable[[], tuple[Sequence[PlannedCheck], Sequence[Scenario]]]
OnRun = Callable[[list[CheckResult], list[Transition]], None]
OnAlert = Callable[[Transition, str | None], None]
EXAMPLES = "e.g. 30s, 2m, 500ms"


class RunChecks(Protocol):
    """What the monitor needs of `parity.verify.runner.run`."""

    def __call__(
        self, checks: Sequence[PlannedCheck], scenarios: Sequence[Scenario], *, clients: Clients
    ) -> Awaitable[list[CheckResult]]:
        """Run the checks and scenarios once; one result each."""
        ...


async def monitor(
    make_checks: MakeChecks,
    *,
    interval: float,
    clients: Clients,
    fail_after: int = 3,
    recover_after: int = 2,
    webhook: Secret | None = None,
    store: Store,
    metrics: Metrics | None,
    max_runs: int | None = None,
    on_run: OnRun | None = None,
    on_alert: OnAlert | None = None,
    run_checks: RunChecks = run,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.time,
) -> None:
    """Run the checks every `interval` seconds, start to start, until cancelled or `max_runs`.

    A run that overruns the interval is followed at once by the next. After each run, results
    go to `store` and `metrics`, `on_run` sees them with the health changes they caused, and
    each change is sent to `webhook`; `on_alert` hears of every delivery (None) or failure (a
    line). A failed delivery never stops the monitor.
    """
    states: dict[str, CheckState] = {}
    runs = 0
    while max_runs is None or runs < max_runs:
        started = clock()
        checks, scenarios = make_checks()
        results = await run_checks(checks, scenarios, clients=clients)
        now = clock()
        transitions = _observe_all(states, results, now, fail_after, recover_after)
        _record(results, now, store, metrics)
        if on_run is not None:
            on_run(results, transitions)
        await _alert_all(clients, webhook, transitions, on_alert)
        runs += 1
        if max_runs is None or runs < max_runs:
            await sleep(_until_next(started, interval, clock()))


def _until_next(started: float, interval: float, now: float) -> float:
    # Bounded by `interval` too: a wall clock set back must not stall the monitor.
    return min(interval, max(0.0, started + interval - now))


def _observe_all(
    states: dict[str, CheckState],
    results: list[CheckResult],
    now: float,
    fail_after: int,
    recover_after: int,
) -> list[Transition]:
    """Fold each result into its check's state; the health changes, in result order."""
    transitions = []
    for result in results:
        state = states.get(result.name) or _new_state(result)
        state, transition = observe(
            state, result.outcome, fail_after=fail_after, recover_after=recover_after, now=now
        )
        states[result.name] = state
        if transition is not None:
            transitions.append(transition)
    return transitions


def _new_state(result: CheckResult) -> CheckState:
    return CheckState(result.name, result.environment, result.service, result.kind)


def _record(results: list[CheckResult], now: float, store: Store, metrics: Metrics | None) -> None:
    store.add(results, now)
    if metrics is not None:
        for result in results:
            metrics.record(result, now)


async def _alert_all(
    clients: Clients,
    webhook: Secret | None,
    transitions: list[Transition],
    on_alert: OnAlert | None,
) -> None:
    """Send every alert at once, so one slow webhook costs one timeout, not one per alert."""
    if webhook is None or not transitions:
        return
    errors = await asyncio.gather(*(send_alert(clients.http, webhook, t) for t in transitions))
    if on_alert is not None:
        for transition, error in zip(transitions, errors, strict=True):
            on_alert(transition, error)
