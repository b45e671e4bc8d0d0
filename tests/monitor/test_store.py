"""The monitor's memory of results, and its JSON-lines log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parity.errors import OperationError
from parity.monitor.store import Store
from parity.probes.base import Outcome, Status
from parity.verify.model import CheckResult


def result(
    name: str = "api.health", status: Status = Status.PASS, reason: str = "ok"
) -> CheckResult:
    outcome = Outcome(status, reason, 0.125, details={"server": "nginx"})
    return CheckResult(name, "http", "staging", "api", outcome, 2)


def test_each_check_keeps_a_bounded_ring_of_recent_results() -> None:
    store = Store(keep=3)
    for now in range(5):
        store.add([result("a", reason=f"run {now}"), result("b")], float(now))

    assert [r.reason for r in store.history("a")] == ["run 2", "run 3", "run 4"]
    assert len(store.history("b")) == 3
    assert store.history("unknown") == ()
    assert store.latest()["a"].reason == "run 4"


def test_results_are_appended_as_one_json_line_each(tmp_path: Path) -> None:
    log = tmp_path / "results.jsonl"
    store = Store(log)
    store.add([result("a"), result("b", Status.FAIL, "status 503")], 1714564800.0)
    store.add([result("a")], 1714564830.5)

    lines = [json.loads(line) for line in log.read_text().splitlines()]

    assert len(lines) == 3
    assert lines[1] == {
        "time": "2024-05-01T12:00:00.000+00:00",
        "check": "b",
        "environment": "staging",
        "service": "api",
        "kind": "http",
        "status": "fail",
        "reason": "status 503",
        "duration": 0.125,
    }
    assert lines[2]["time"] == "2024-05-01T12:00:30.500+00:00"


def test_without_a_file_nothing_is_written(tmp_path: Path) -> None:
    Store().add([result()], 0.0)
    assert list(tmp_path.iterdir()) == []


def test_a_log_that_cannot_be_written_is_an_operation_error(tmp_path: Path) -> None:
    store = Store(tmp_path)  # a directory

    with pytest.raises(OperationError, match="cannot append results to"):
        store.add([result()], 0.0)
    assert len(store.history("api.health")) == 1


def test_keep_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Store(keep=0)
