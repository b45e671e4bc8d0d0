"""When a monitored check is down and when it has recovered."""

from __future__ import annotations

import pytest

from parity.monitor.state import CheckState, Health, Transition, observe
from parity.probes.base import Outcome, Status

P = Outcome(Status.PASS, "status 200", 0.01)
F = Outcome(Status.FAIL, "status 503", 0.01)
E = Outcome(Status.ERROR, "connection refused", 0.01, transient=True)


def fold(
    outcomes: str, fail_after: int = 3, recover_after: int = 2
) -> tuple[CheckState, list[tuple[int, Transition]]]:
    """Observe `outcomes` ("P" pass, "F" fail, "E" error) at times 0, 1, 2...; changes by time."""
    state = CheckState("api.health", "staging", "api", "http")
    changes = []
    for now, letter in enumerate(outcomes):
        outcome = {"P": P, "F": F, "E": E}[letter]
        state, change = observe(
            state, outcome, fail_after=fail_after, recover_after=recover_after, now=float(now)
        )
        if change is not None:
            changes.append((now, change))
    return state, changes


def test_a_first_pass_makes_the_check_up_without_an_alert() -> None:
    state, changes = fold("P")
    assert state.health is Health.UP
    assert changes == []


def test_failures_below_the_threshold_leave_a_new_check_unknown() -> None:
    state, changes = fold("FF")
    assert state.health is None
    assert state.failing == 2
    assert changes == []


def test_a_new_check_that_keeps_failing_is_alerted_as_down() -> None:
    state, changes = fold("FEF")
    assert state.health is Health.DOWN
    [(at, change)] = changes
    assert at == 2
    assert (change.health, change.since, change.at, change.streak) == (Health.DOWN, 0.0, 2.0, 3)
    assert change.reason == "status 503"
    assert not change.recovered


def test_with_fail_after_one_a_first_failure_is_down_at_once() -> None:
    _, changes = fold("F", fail_after=1)
    assert [(at, c.health) for at, c in changes] == [(0, Health.DOWN)]


def test_a_check_goes_down_once_after_enough_failures_in_a_row() -> None:
    _, changes = fold("PPFFFFFF")
    assert [(at, c.health) for at, c in changes] == [(4, Health.DOWN)]
    assert changes[0][1].since == 2.0  # when it started failing
    assert (changes[0][1].check, changes[0][1].environment) == ("api.health", "staging")


def test_a_check_recovers_after_enough_passes_in_a_row() -> None:
    _, changes = fold("PFFFPP")
    down, up = changes
    assert (down[0], down[1].health) == (3, Health.DOWN)
    assert (up[0], up[1].health) == (5, Health.UP)
    assert up[1].recovered
    assert (up[1].since, up[1].at, up[1].streak) == (1.0, 5.0, 2)
    assert up[1].reason == "status 200"


@pytest.mark.parametrize(
    "outcomes",
    ["PFPFPFFPFF", "PFFPFFPEEP", "FFPFFPFF"],
    ids=["alternating", "pairs of failures", "new and flapping"],
)
def test_flapping_below_the_failure_threshold_never_alerts(outcomes: str) -> None:
    _, changes = fold(outcomes)
    assert changes == []


def test_flapping_while_down_does_not_recover() -> None:
    state, changes = fold("FFFPFPFPF")
    assert [c.health for _, c in changes] == [Health.DOWN]
    assert state.health is Health.DOWN


def test_a_pass_resets_the_failure_count_and_a_failure_the_pass_count() -> None:
    state, _ = fold("FFP")
    assert (state.failing, state.passing, state.streak_since) == (0, 1, 2.0)
    state, _ = fold("PPF")
    assert (state.failing, state.passing, state.streak_since) == (1, 0, 2.0)


def test_down_up_down_alerts_each_change() -> None:
    _, changes = fold("FFFPPFFF")
    assert [(at, c.health) for at, c in changes] == [
        (2, Health.DOWN),
        (4, Health.UP),
        (7, Health.DOWN),
    ]
    assert changes[2][1].since == 5.0


def test_thresholds_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        fold("P", fail_after=0)
