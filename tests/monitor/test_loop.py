"""The monitor end to end: real webhook receiver, real metrics server, a real results log."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from parity.monitor.loop import monitor
from parity.monitor.metrics import Metrics, serve_metrics
from parity.monitor.state import Health, Transition
from parity.monitor.store import Store
from parity.probes.base import Clients, HttpTarget, Outcome, PostgresTarget, Status, Target
from parity.secrets import Secret
from parity.verify.model import CheckResult, PlannedCheck, Scenario
from parity.verify.runner import run
from tests.monitor.receiver import Receiver, closed_port_url

PASS = Outcome(Status.PASS, "status 200", 0.02)
FAIL = Outcome(Status.FAIL, "status 503", 0.3)
DB_PASSWORD = "s3cr3t-db-password"


def planned() -> tuple[list[PlannedCheck], list[Scenario]]:
    api = HttpTarget("http://127.0.0.1:9/health", secret_headers={"X-Key": Secret("k3y-v4lue")})
    database = PostgresTarget(Secret(f"postgresql://app:{DB_PASSWORD}@127.0.0.1:9/app"))
    return [
        PlannedCheck("api.health", "http", "staging", "api", api),
        PlannedCheck("api.DATABASE_URL", "postgres", "staging", "api", database),
    ], []


class Flapping:
    """A fake probe: the API answers `script` one run at a time ("P"/"F"); the database passes."""

    def __init__(self, script: str) -> None:
        self.script = list(script)

    async def __call__(self, target: Target, clients: Clients) -> Outcome:
        if isinstance(target, PostgresTarget):
            return PASS
        return PASS if self.script.pop(0) == "P" else FAIL


def runner(script: str):
    """The real runner with a scripted probe."""
    return functools.partial(run, probe=Flapping(script))


async def scrape(port: int) -> dict[tuple[str, str], float]:
    """`parity_*` samples of the API check over real HTTP, keyed by name and `le`."""
    async with httpx.AsyncClient() as http:
        response = await http.get(f"http://127.0.0.1:{port}/metrics")
    assert response.status_code == 200
    return {
        (s.name, s.labels.get("le", "")): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
        if s.labels.get("check") == "api.health"
    }


def test_a_failing_then_recovering_check_alerts_once_each_way(tmp_path: Path) -> None:
    script = "PFPFFPFFFFFPFPP"  # flaps, falls on run 9, flaps while down, recovers on run 15
    runs: list[tuple[list[CheckResult], list[Transition]]] = []
    log = tmp_path / "results.jsonl"
    threads = threading.active_count()

    async def main() -> tuple[Receiver, dict[tuple[str, str], float]]:
        metrics = Metrics()
        server = await serve_metrics(metrics, "127.0.0.1", 0)
        async with Receiver() as hook, server, httpx.AsyncClient() as http:
            await monitor(
                planned,
                interval=0.01,
                clients=Clients(http),
                webhook=Secret(hook.url),
                store=Store(log),
                metrics=metrics,
                max_runs=len(script),
                on_run=lambda results, changes: runs.append((results, changes)),
                run_checks=runner(script),
                clock=lambda: 1714564800.0 + len(runs),
            )
            return hook, await scrape(server.port)

    hook, samples = asyncio.run(main())

    changes = [(i + 1, c.health) for i, (_, cs) in enumerate(runs) for c in cs]
    assert changes == [(9, Health.DOWN), (15, Health.UP)]
    down, up = (body["text"] for body in hook.bodies)
    assert down == "Down: api.health in staging: status 503 (3 failures in a row)"
    assert up == "Recovered: api.health in staging after 8 s down"
    assert len(log.read_text().splitlines()) == 2 * len(script)
    assert samples[("parity_check_up", "")] == 1.0
    assert samples[("parity_check_duration_seconds_count", "")] == len(script)
    assert samples[("parity_check_duration_seconds_bucket", "0.025")] == script.count("P")
    assert samples[("parity_check_last_success_timestamp_seconds", "")] == 1714564800.0 + 14
    assert threading.active_count() == threads


def test_no_secret_reaches_the_results_log(tmp_path: Path) -> None:
    log = tmp_path / "results.jsonl"

    async def main() -> None:
        async with httpx.AsyncClient() as http:
            await monitor(
                planned,
                interval=0.0,
                clients=Clients(http),
                fail_after=1,
                webhook=Secret(closed_port_url()),
                store=Store(log),
                metrics=Metrics(),
                max_runs=3,
                run_checks=runner("FFF"),
            )

    asyncio.run(main())

    text = log.read_text()
    assert len(text.splitlines()) == 6
    for secret in [DB_PASSWORD, "k3y-v4lue", "T0K3N"]:
        assert secret not in text


def test_an_undeliverable_alert_does_not_stop_the_monitor() -> None:
    deliveries: list[tuple[Health, str | None]] = []

    async def main() -> None:
        async with httpx.AsyncClient() as http:
            await monitor(
                planned,
                interval=0.0,
                clients=Clients(http),
                fail_after=1,
                recover_after=1,
                webhook=Secret(closed_port_url()),
                store=Store(),
                metrics=None,
                max_runs=4,
                on_alert=lambda change, error: deliveries.append((change.health, error)),
                run_checks=runner("FPFP"),
            )

    asyncio.run(main())

    failed = "alert not delivered: could not connect"
    assert deliveries == [(Health.DOWN, failed), (Health.UP, failed)] * 2


class FakeTime:
    """A wall clock that moves when the monitor sleeps or a run takes time."""

    def __init__(self, run_takes: float) -> None:
        self.now = 1000.0
        self.run_takes = run_takes
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    async def run_checks(
        self, checks: Sequence[PlannedCheck], scenarios: Sequence[Scenario], *, clients: Clients
    ) -> list[CheckResult]:
        self.now += self.run_takes
        return [CheckResult(c.name, c.kind, c.environment, c.service, PASS, 1) for c in checks]


@pytest.mark.parametrize(
    ("run_takes", "waits"),
    [(0.25, [0.75, 0.75]), (1.0, [0.0, 0.0]), (2.5, [0.0, 0.0]), (-5.0, [1.0, 1.0])],
    ids=["shorter", "exactly", "overrun", "clock set back"],
)
def test_runs_start_one_interval_apart(run_takes: float, waits: list[float]) -> None:
    fake = FakeTime(run_takes)

    async def main() -> None:
        async with httpx.AsyncClient() as http:
            await monitor(
                planned,
                interval=1.0,
                clients=Clients(http),
                store=Store(),
                metrics=None,
                max_runs=3,
                run_checks=fake.run_checks,
                sleep=fake.sleep,
                clock=fake.clock,
            )

    asyncio.run(main())
    assert fake.waits == waits


def test_the_monitor_runs_until_cancelled() -> None:
    store = Store()

    async def main() -> set[asyncio.Task[object]]:
        async with httpx.AsyncClient() as http:
            task = asyncio.create_task(
                monitor(
                    planned,
                    interval=0.01,
                    clients=Clients(http),
                    store=store,
                    metrics=None,
                    run_checks=functools.partial(run, probe=Flapping("P" * 1000)),
                )
            )
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(main()) == set()
    assert len(store.history("api.health")) >= 3
