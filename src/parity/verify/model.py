"""What `parity verify` runs: planned checks and smoke scenarios, with their timing.

Timing follows Kubernetes probes. A check with a start-up phase waits `initial_delay`, then tries
every `period` until it passes or fails `failure_threshold` times in a row (any failure counts:
a booting app may answer 503). Without one, a check is tried once, and only a transient outcome
(refused, timed out, reset, 502/503/504) is retried, with exponential backoff and jitter, up to
`retries` times; a definite answer (401, a false condition, exit code 1) is final. Every attempt
has the check's own timeout, and the whole run has a deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from parity.probes.base import HttpTarget, Outcome, Target


@dataclass(frozen=True, slots=True)
class Startup:
    """The start-up grace period of a check (Kubernetes' startupProbe)."""

    initial_delay: float = 0.0
    period: float = 2.0
    failure_threshold: int = 3


@dataclass(frozen=True, slots=True)
class Timing:
    """How often and how patiently a check is tried."""

    startup: Startup | None = None
    retries: int = 2
    backoff: float = 0.5  # first retry after about this long, doubling, with jitter
    backoff_max: float = 8.0


@dataclass(frozen=True, slots=True)
class PlannedCheck:
    """One check of one environment, resolved and ready to run."""

    name: str  # unique in a run, e.g. "api.health" or "worker.DATABASE_URL"
    kind: str  # http, tcp, postgres, redis, command, api_key
    environment: str
    service: str | None
    target: Target
    origin: str = "declared"  # or why it follows from the manifest ("health check path")
    timing: Timing = field(default_factory=Timing)


@dataclass(frozen=True, slots=True)
class Step:
    """One HTTP step of a smoke scenario.

    `{name}` in the request's URL, headers and body is replaced by a value captured earlier.
    `capture` maps a name to an expression such as `[BODY].id` or `[HEADER].location`.
    With `until`, the step is repeated every `every` seconds until the conditions hold or
    `within` seconds pass; `expect` must hold on every response.
    """

    name: str
    request: HttpTarget
    expect: tuple[str, ...] = ("[STATUS] < 400",)
    capture: Mapping[str, str] = field(default_factory=dict)
    until: tuple[str, ...] = ()
    every: float = 1.0
    within: float = 30.0


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named sequence of steps that share captured values."""

    name: str
    environment: str
    service: str | None
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The final outcome of a check or scenario, after every attempt it was allowed."""

    name: str
    kind: str
    environment: str
    service: str | None
    outcome: Outcome
    attempts: int
    origin: str = "declared"
    steps: tuple[tuple[str, Outcome], ...] = ()  # a scenario's steps, in order
