"""Small builders for check results and runner events, for the verify views' tests."""

from __future__ import annotations

from dataclasses import dataclass

from parity.probes.base import Outcome, Status
from parity.verify.model import CheckResult


def outcome(
    status: Status = Status.PASS, reason: str = "status 200", duration: float = 0.05
) -> Outcome:
    """One probe's answer."""
    return Outcome(status=status, reason=reason, duration=duration)


def result(
    name: str = "api.health",
    status: Status = Status.PASS,
    reason: str = "status 200",
    *,
    kind: str = "http",
    service: str | None = "api",
    duration: float = 0.05,
    attempts: int = 1,
    steps: tuple[tuple[str, Outcome], ...] = (),
) -> CheckResult:
    """The final result of one check of staging."""
    return CheckResult(
        name=name,
        kind=kind,
        environment="staging",
        service=service,
        outcome=outcome(status, reason, duration),
        attempts=attempts,
        origin="health check path",
        steps=steps,
    )


def scenario() -> CheckResult:
    """A smoke scenario whose second step failed."""
    return result(
        "upload-flow",
        Status.FAIL,
        "step wait for processing: [BODY].status == done never held within 10 s",
        kind="scenario",
        duration=10.4,
        steps=(
            ("create job", outcome(Status.PASS, "status 201", 0.04)),
            ("wait for processing", outcome(Status.FAIL, "never held within 10 s", 10.3)),
        ),
    )


def mixed() -> list[CheckResult]:
    """Two passes, a failure and an error, as a typical broken staging gives them."""
    return [
        result(),
        result("worker.DATABASE_URL", reason="PostgreSQL 15.2", kind="postgres", service="worker"),
        result("api.health.worker", Status.FAIL, "status 503 (worker stale)", attempts=3),
        result("cache", Status.ERROR, "connection refused on 127.0.0.1:6379", service=None),
    ]


@dataclass(frozen=True)
class Event:
    """What the runner reports to a progress display."""

    kind: str
    name: str
    attempt: int = 1
    result: CheckResult | None = None
    outcome: Outcome | None = None


def finished(check: CheckResult) -> Event:
    """The event that ends `check`."""
    return Event("finished", check.name, check.attempts, check, check.outcome)
