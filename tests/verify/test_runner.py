"""The check runner: timing semantics, concurrency, the deadline, and what it does with bugs."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence

import httpx
import pytest

from parity.probes.base import Clients, HttpTarget, Outcome, Status, Target
from parity.verify.model import CheckResult, PlannedCheck, Scenario, Startup, Step, Timing
from parity.verify.runner import Event, run

PASS = Outcome(Status.PASS, "status 200", 0.01)
FAILED = Outcome(Status.FAIL, "status 401", 0.01)
BOOTING = Outcome(Status.FAIL, "status 503", 0.01, transient=True)
REFUSED = Outcome(Status.ERROR, "connection refused", 0.01, transient=True)

Probe = Callable[[Target, Clients], Awaitable[Outcome]]


def check(name: str = "api.health", timing: Timing | None = None, timeout: float = 5.0):
    """A planned HTTP check whose URL names it, so a fake probe can tell checks apart."""
    target = HttpTarget(f"http://127.0.0.1:9/{name}", timeout=timeout)
    return PlannedCheck(name, "http", "staging", "api", target, timing=timing or Timing())


def scenario(name: str) -> Scenario:
    return Scenario(name, "staging", "api", steps=())


class FakeTime:
    """A clock that moves only when the runner sleeps (or a probe says time passed)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class Script:
    """A fake probe: each check answers its scripted outcomes in order, the last one forever."""

    def __init__(self, time: FakeTime | None = None, **outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.time = time
        self.calls: list[tuple[str, float]] = []

    async def __call__(self, target: Target, clients: Clients) -> Outcome:
        assert isinstance(target, HttpTarget)
        name = target.url.rsplit("/", 1)[1]
        self.calls.append((name, self.time.now if self.time else 0.0))
        script = self.outcomes[name.replace(".", "_")]
        return script.pop(0) if len(script) > 1 else script[0]


class Bounds(random.Random):
    """Records the jitter ranges asked for and answers their midpoint."""

    def __init__(self) -> None:
        super().__init__(0)
        self.ranges: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.ranges.append((a, b))
        return (a + b) / 2


async def running(
    checks: Sequence[PlannedCheck],
    scenarios: Sequence[Scenario] = (),
    **options: object,
) -> list[CheckResult]:
    """`run` with a real (unused) HTTP client, as the CLI would call it."""
    async with httpx.AsyncClient() as http:
        return await run(checks, scenarios, clients=Clients(http), **options)


def timed(script: Script, fake: FakeTime, *checks: PlannedCheck, **options: object):
    return asyncio.run(running(checks, probe=script, clock=fake.clock, sleep=fake.sleep, **options))


# --- start-up phase ------------------------------------------------------------------------


def test_startup_waits_the_initial_delay_then_tries_every_period_until_it_passes() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[REFUSED, BOOTING, PASS])
    startup = Startup(initial_delay=5.0, period=2.0, failure_threshold=3)

    [result] = timed(script, fake, check(timing=Timing(startup=startup)))

    assert result.outcome is PASS
    assert result.attempts == 3
    assert [at for _, at in script.calls] == [5.0, 7.0, 9.0]
    assert fake.waits == [5.0, 2.0, 2.0]


def test_startup_fails_after_the_threshold_of_failures_in_a_row() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[FAILED])  # even a definite failure counts while booting
    startup = Startup(period=2.0, failure_threshold=4)

    [result] = timed(script, fake, check(timing=Timing(startup=startup)))

    assert (result.outcome, result.attempts) == (FAILED, 4)
    assert fake.waits == [2.0, 2.0, 2.0]


def test_startup_periods_run_start_to_start() -> None:
    fake = FakeTime()

    async def slow(target: Target, clients: Clients) -> Outcome:
        fake.now += 1.5
        return BOOTING

    startup = Startup(period=2.0, failure_threshold=3)
    [result] = timed(slow, fake, check(timing=Timing(startup=startup)))

    assert result.attempts == 3
    assert fake.waits == [0.5, 0.5]


# --- retries -------------------------------------------------------------------------------


def test_a_transient_outcome_is_retried_with_capped_exponential_backoff_and_full_jitter() -> None:
    fake, rng = FakeTime(), Bounds()
    script = Script(fake, api_health=[REFUSED])
    timing = Timing(retries=4, backoff=0.5, backoff_max=1.5)

    [result] = timed(script, fake, check(timing=timing), rng=rng)

    assert (result.outcome, result.attempts) == (REFUSED, 5)
    assert rng.ranges == [(0.0, 0.5), (0.0, 1.0), (0.0, 1.5), (0.0, 1.5)]
    assert fake.waits == [0.25, 0.5, 0.75, 0.75]


def test_jitter_from_a_real_random_source_stays_under_each_ceiling() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[REFUSED])
    timing = Timing(retries=5, backoff=1.0, backoff_max=4.0)

    timed(script, fake, check(timing=timing), rng=random.Random(7))

    ceilings = [1.0, 2.0, 4.0, 4.0, 4.0]
    assert all(0.0 <= wait <= top for wait, top in zip(fake.waits, ceilings, strict=True))


def test_retrying_stops_at_the_first_pass() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[BOOTING, PASS])

    [result] = timed(script, fake, check(timing=Timing(retries=5)))

    assert (result.outcome, result.attempts) == (PASS, 2)


@pytest.mark.parametrize(
    "answer",
    [FAILED, Outcome(Status.ERROR, "certificate expired", 0.01)],
    ids=["definite failure", "non-transient error"],
)
def test_a_definite_answer_is_never_retried(answer: Outcome) -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[answer, PASS])

    [result] = timed(script, fake, check(timing=Timing(retries=5)))

    assert (result.outcome, result.attempts) == (answer, 1)
    assert fake.waits == []


# --- concurrency, order, events ------------------------------------------------------------


def test_concurrency_is_bounded() -> None:
    active = peak = 0

    async def probe(target: Target, clients: Clients) -> Outcome:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1
        return PASS

    checks = [check(f"c{i}") for i in range(10)]
    results = asyncio.run(running(checks, probe=probe, concurrency=3))

    assert peak == 3
    assert all(r.outcome is PASS for r in results)


def test_a_check_waiting_between_attempts_does_not_hold_a_slot() -> None:
    events: list[str] = []

    async def probe(target: Target, clients: Clients) -> Outcome:
        assert isinstance(target, HttpTarget)
        events.append(target.url.rsplit("/", 1)[1])
        return BOOTING if target.url.endswith("slow") else PASS

    startup = Timing(startup=Startup(period=0.05, failure_threshold=2))
    checks = [check("slow", timing=startup), check("quick")]
    asyncio.run(running(checks, probe=probe, concurrency=1))

    assert events == ["slow", "quick", "slow"]


def test_results_keep_the_order_of_the_inputs_checks_then_scenarios() -> None:
    async def probe(target: Target, clients: Clients) -> Outcome:
        assert isinstance(target, HttpTarget)
        await asyncio.sleep(0.03 - int(target.url[-1]) * 0.01)  # later checks finish first
        return PASS

    async def scenario_runner(item: Scenario, clients: Clients) -> CheckResult:
        return CheckResult(item.name, "scenario", item.environment, item.service, PASS, 1)

    checks = [check(f"c{i}") for i in range(3)]
    results = asyncio.run(
        running(
            checks, [scenario("s0"), scenario("s1")], probe=probe, scenario_runner=scenario_runner
        )
    )

    assert [r.name for r in results] == ["c0", "c1", "c2", "s0", "s1"]
    assert [r.kind for r in results] == ["http"] * 3 + ["scenario"] * 2


def test_events_tell_the_progress_of_each_check() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[BOOTING, PASS])
    events: list[Event] = []

    [result] = timed(script, fake, check(), on_event=events.append)

    assert [(e.kind, e.attempt) for e in events] == [
        ("started", 1),
        ("attempt", 1),
        ("attempt", 2),
        ("finished", 2),
    ]
    assert [e.outcome for e in events] == [None, BOOTING, PASS, None]
    assert events[-1].result == result
    assert {e.name for e in events} == {"api.health"}


def test_nothing_to_run_is_an_empty_result() -> None:
    assert asyncio.run(running([], probe=Script())) == []


# --- the deadline ---------------------------------------------------------------------------


def test_the_deadline_stops_checks_still_running_and_reports_them() -> None:
    events: list[Event] = []
    leftover: set[asyncio.Task[object]] = set()

    async def probe(target: Target, clients: Clients) -> Outcome:
        assert isinstance(target, HttpTarget)
        if target.url.endswith("hangs"):
            await asyncio.Event().wait()
        return PASS

    async def main() -> list[CheckResult]:
        checks = [check("quick"), check("hangs", timeout=30.0)]
        results = await running(checks, probe=probe, deadline=0.1, on_event=events.append)
        leftover.update(asyncio.all_tasks() - {asyncio.current_task()})
        return results

    began = time.monotonic()
    quick, hung = asyncio.run(main())

    assert time.monotonic() - began < 1.0
    assert quick.outcome is PASS
    assert hung.outcome.status is Status.ERROR
    assert hung.outcome.reason == "not finished before the 0.1 s deadline"
    assert hung.attempts == 1
    assert ("finished", "hangs") in [(e.kind, e.name) for e in events]
    assert not leftover


def test_a_wait_that_would_end_after_the_deadline_stops_the_check_at_once() -> None:
    fake = FakeTime()
    script = Script(fake, api_health=[BOOTING])
    startup = Startup(period=10.0, failure_threshold=100)

    [result] = timed(script, fake, check(timing=Timing(startup=startup)), deadline=25.0)

    assert result.attempts == 3
    assert result.outcome.status is Status.ERROR
    assert result.outcome.reason == (
        "not finished before the 25 s deadline; last attempt: status 503"
    )
    assert fake.waits == [10.0, 10.0]


def test_cancelling_the_run_cancels_every_check() -> None:
    leftover: set[asyncio.Task[object]] = set()

    async def hang(target: Target, clients: Clients) -> Outcome:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def main() -> None:
        task = asyncio.create_task(running([check("a"), check("b")], probe=hang))
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        leftover.update(asyncio.all_tasks() - {asyncio.current_task()})

    asyncio.run(main())
    assert not leftover


# --- probes that misbehave ------------------------------------------------------------------


def test_a_probe_that_hangs_past_its_own_timeout_is_abandoned() -> None:
    async def hang(target: Target, clients: Clients) -> Outcome:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    slow = check("slow", timing=Timing(retries=0), timeout=0.05)
    [result] = asyncio.run(running([slow], probe=hang))

    assert result.outcome.status is Status.ERROR
    assert result.outcome.reason == "timed out after 1.05 s"
    assert result.outcome.transient


def test_a_probe_that_raises_becomes_an_error_without_its_message() -> None:
    async def buggy(target: Target, clients: Clients) -> Outcome:
        assert isinstance(target, HttpTarget)
        if target.url.endswith("bug"):
            raise ValueError("postgresql://app:hunter2@db/app")
        return PASS

    bug, fine = asyncio.run(running([check("bug"), check("fine")], probe=buggy))

    assert bug.outcome.status is Status.ERROR
    assert bug.outcome.reason == "internal error in the http probe: ValueError"
    assert bug.attempts == 1
    assert fine.outcome is PASS


def test_a_probe_raising_timeout_error_itself_is_a_bug_not_a_timeout() -> None:
    async def buggy(target: Target, clients: Clients) -> Outcome:
        raise TimeoutError

    [result] = asyncio.run(running([check()], probe=buggy))

    assert result.outcome.reason == "internal error in the http probe: TimeoutError"


def test_a_scenario_runner_that_raises_becomes_an_error() -> None:
    async def buggy(item: Scenario, clients: Clients) -> CheckResult:
        raise RuntimeError("boom")

    [result] = asyncio.run(running([], [scenario("signup")], scenario_runner=buggy))

    assert (result.name, result.kind) == ("signup", "scenario")
    assert result.outcome.reason == "internal error in the scenario runner: RuntimeError"


def test_the_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        asyncio.run(running([check()], probe=Script(api_health=[PASS]), concurrency=0))


# --- with the real probe --------------------------------------------------------------------


def test_a_real_http_check_and_scenario_against_a_loopback_server() -> None:
    """The real probe and scenario runner, imported lazily by `run`, on a real HTTP server."""
    probes = pytest.importorskip("parity.probes")
    pytest.importorskip("parity.verify.scenarios")
    if not hasattr(probes, "probe"):
        pytest.skip("parity.probes.probe is not written yet")

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (await reader.readline()).strip():
            pass
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        writer.close()

    async def main() -> list[CheckResult]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        target = HttpTarget(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/health")
        planned = PlannedCheck("api.health", "http", "staging", "api", target)
        smoke = Scenario("smoke", "staging", "api", (Step("health", target),))
        async with server:
            return await running([planned], [smoke])

    check_result, scenario_result = asyncio.run(main())
    assert check_result.outcome.status is Status.PASS, check_result.outcome.reason
    assert scenario_result.outcome.status is Status.PASS, scenario_result.outcome.reason
    assert scenario_result.name == "smoke"
