"""The verify views: live progress, the summary table at 80 columns, and the JSON document."""

from __future__ import annotations

import io
import json

import pytest
from rich.cells import cell_len
from rich.console import Console

from parity.probes.base import Status
from parity.views.json import dumps
from parity.views.verify import Progress, results_json, results_view, seconds, summary_line
from tests.views.factories import Event, finished, mixed, outcome, result, scenario


def render(renderable: object, *, width: int = 80, terminal: bool = False) -> str:
    console = Console(
        file=io.StringIO(), width=width, force_terminal=terminal, highlight=False, soft_wrap=False
    )
    console.print(renderable)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def test_the_table_lists_every_check_and_ends_with_the_tally() -> None:
    text = render(results_view(mixed(), environment="staging", elapsed=2.44))
    assert text.splitlines()[0] == "parity verify · staging"
    for name in ("api.health", "worker.DATABASE_URL", "api.health.worker", "cache"):
        assert name in text
    assert "✓ pass" in text and "✗ fail" in text and "! error" in text
    assert "(3 attempts)" in " ".join(text.split())
    assert text.rstrip().splitlines()[-1] == "2 passed, 1 failed, 1 error in 2.4 s"


def test_a_long_reason_is_folded_within_80_columns_and_kept_whole() -> None:
    reason = "condition [BODY].worker == ok failed: " + "x" * 150 + " (the body was truncated)"
    text = render(results_view([result(reason=reason)], environment="staging", elapsed=1))
    assert max(cell_len(line.rstrip()) for line in text.splitlines()) <= 80
    assert reason.replace(" ", "") in "".join(text.split())


def test_scenario_steps_are_indented_under_their_scenario() -> None:
    text = render(results_view([scenario(), result()], environment="staging", elapsed=11))
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if "upload-flow" in line)
    step = next(i for i, line in enumerate(lines) if "create job" in line)
    assert head < step < next(i for i, line in enumerate(lines) if "api.health" in line)
    indent = len(lines[step]) - len(lines[step].lstrip())
    assert indent > len(lines[head]) - len(lines[head].lstrip())
    assert "wait for processing" in text and "10.3 s" in text and "40 ms" in text


def test_no_checks_says_so() -> None:
    text = render(results_view([], environment="staging", elapsed=0))
    assert "no checks to run" in text
    assert text.rstrip().endswith("0 passed, 0 failed, 0 errors in 0.0 s")


def test_no_color_leaves_no_colour_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    text = render(results_view(mixed(), environment="staging", elapsed=1), terminal=True)
    assert "\x1b[31m" not in text and "\x1b[32m" not in text and "\x1b[1;31m" not in text


@pytest.mark.parametrize(
    ("duration", "shown"),
    [(0.0004, "0 ms"), (0.034, "34 ms"), (0.9996, "1.0 s"), (12.34, "12.3 s")],
)
def test_durations_read_at_a_glance(duration: float, shown: str) -> None:
    assert seconds(duration) == shown


def test_the_summary_line_counts_by_status() -> None:
    line = summary_line([*mixed(), result("x", Status.ERROR, "timed out")], 3.04).plain
    assert line == "2 passed, 1 failed, 2 errors in 3.0 s"


def test_json_carries_every_result_and_the_summary() -> None:
    document = results_json([*mixed(), scenario()], environment="staging", elapsed=12.3456)
    assert json.loads(dumps(document)) == document
    first = document["results"][0]
    assert set(first) >= {
        "name", "kind", "environment", "service", "status", "reason", "duration", "attempts",
        "origin", "steps",
    }  # fmt: skip
    assert first["status"] == "pass" and first["origin"] == "health check path"
    assert document["results"][3]["service"] is None
    steps = document["results"][4]["steps"]
    assert [(s["name"], s["status"]) for s in steps] == [
        ("create job", "pass"),
        ("wait for processing", "fail"),
    ]
    assert document["summary"] == {
        "environment": "staging",
        "passed": 2,
        "failed": 2,
        "errors": 1,
        "total": 5,
        "elapsed": 12.346,
        "ok": False,
    }


def test_json_is_ok_when_everything_passed() -> None:
    assert results_json([result()], environment="staging", elapsed=0.1)["summary"]["ok"] is True


def _console(*, terminal: bool, height: int = 25) -> Console:
    return Console(file=io.StringIO(), width=80, height=height, force_terminal=terminal)


def _output(console: Console) -> str:
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def test_progress_off_a_terminal_prints_nothing() -> None:
    console = _console(terminal=False)
    with Progress(console) as progress:
        progress.on_event(Event("started", "api.health"))
        progress.on_event(finished(result()))
    assert _output(console) == ""


def test_progress_on_a_terminal_shows_attempts_then_the_outcome() -> None:
    console = _console(terminal=True)
    failing = result("api.health", Status.FAIL, "status 503", attempts=2)
    with Progress(console) as progress:
        progress.on_event(Event("started", "api.health"))
        progress.on_event(Event("attempt", "api.health", 2, None, outcome(Status.FAIL, "refused")))
        progress.on_event(Event("started", "worker.DATABASE_URL"))
        progress.on_event(finished(failing))
        progress.on_event(finished(result("worker.DATABASE_URL", reason="PostgreSQL 15")))
    text = _output(console)
    assert "attempt 2: refused" in text
    assert "✗" in text and "status 503" in text and "✓" in text and "PostgreSQL 15" in text


def test_progress_keeps_running_checks_in_view_on_a_short_screen() -> None:
    console = _console(terminal=True, height=5)
    with Progress(console) as progress:
        for n in range(8):
            progress.on_event(finished(result(f"check.{n}")))
        progress.on_event(Event("started", "still.running"))
        last_frame = _output(console).rsplit("check.0", 1)[-1]
    assert "more finished" in _output(console)
    assert "still.running" in last_frame


def test_progress_accepts_events_for_checks_it_never_saw_start() -> None:
    console = _console(terminal=True)
    with Progress(console) as progress:
        progress.on_event(finished(result("late.check")))
    assert "late.check" in _output(console)
