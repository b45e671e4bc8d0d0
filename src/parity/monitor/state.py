"""When a monitored check counts as down, and when as recovered: pure, one outcome at a time.

A check goes down after `fail_after` non-passing outcomes in a row and comes back up after
`recover_after` passes in a row, so a check that flaps below either threshold never alerts. Until
the first verdict a check's health is unknown: a first pass makes it up silently (nothing
changed that anyone needs to hear about), while reaching `fail_after` failures from unknown is
alerted like any other fall, so a monitor started on a broken service says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from parity.probes.base import Outcome


class Health(StrEnum):
    """The verdict on a check, once enough outcomes agree."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class CheckState:
    """What the monitor remembers of one check between runs.

    `failing` and `passing` count the current streak (one of them is 0 after any observation);
    `streak_since` is when that streak began; `down_since` when the check's current or last fall
    began. Times are seconds since the epoch.
    """

    check: str
    environment: str
    service: str | None = None
    kind: str = ""
    health: Health | None = None  # None until the first verdict
    failing: int = 0
    passing: int = 0
    streak_since: float | None = None
    down_since: float | None = None
    last_reason: str = ""


@dataclass(frozen=True, slots=True)
class Transition:
    """A check's health changed: what to alert about.

    `since` is when the check started failing (for a fall) or went down (for a recovery);
    `at` is when the change was decided; `streak` how many outcomes in a row decided it.
    """

    check: str
    environment: str
    service: str | None
    kind: str
    health: Health
    reason: str
    since: float
    at: float
    streak: int

    @property
    def recovered(self) -> bool:
        """True for a recovery, False for a fall."""
        return self.health is Health.UP


def observe(
    state: CheckState, outcome: Outcome, *, fail_after: int, recover_after: int, now: float
) -> tuple[CheckState, Transition | None]:
    """Fold one outcome, observed at `now`, into `state`; say whether its health changed."""
    if fail_after < 1 or recover_after < 1:
        raise ValueError("fail_after and recover_after must be at least 1")
    state = _count(state, outcome, now)
    if outcome.passed:
        return _after_pass(state, recover_after, now)
    return _after_failure(state, fail_after, now)


def _count(state: CheckState, outcome: Outcome, now: float) -> CheckState:
    """Extend the current streak, or start a new one."""
    if outcome.passed:
        streak_since = now if state.passing == 0 else state.streak_since
        return replace(
            state,
            passing=state.passing + 1,
            failing=0,
            streak_since=streak_since,
            last_reason=outcome.reason,
        )
    streak_since = now if state.failing == 0 else state.streak_since
    return replace(
        state,
        failing=state.failing + 1,
        passing=0,
        streak_since=streak_since,
        last_reason=outcome.reason,
    )


def _after_pass(
    state: CheckState, recover_after: int, now: float
) -> tuple[CheckState, Transition | None]:
    if state.health is None:
        return replace(state, health=Health.UP), None
    if state.health is Health.DOWN and state.passing >= recover_after:
        since = state.down_since if state.down_since is not None else now
        return replace(state, health=Health.UP), _transition(state, Health.UP, since, now)
    return state, None


def _after_failure(
    state: CheckState, fail_after: int, now: float
) -> tuple[CheckState, Transition | None]:
    if state.health is Health.DOWN or state.failing < fail_after:
        return state, None
    since = state.streak_since if state.streak_since is not None else now
    fallen = replace(state, health=Health.DOWN, down_since=since)
    return fallen, _transition(fallen, Health.DOWN, since, now)


def _transition(state: CheckState, health: Health, since: float, now: float) -> Transition:
    streak = state.passing if health is Health.UP else state.failing
    return Transition(
        check=state.check,
        environment=state.environment,
        service=state.service,
        kind=state.kind,
        health=health,
        reason=state.last_reason,
        since=since,
        at=now,
        streak=streak,
    )
