"""`parity verify` for people and CI: live progress, the summary table and the JSON document."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from parity.probes.base import Outcome, Status
from parity.verify.model import CheckResult

_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.ERROR: "!"}
_STYLE = {Status.PASS: "green", Status.FAIL: "bold red", Status.ERROR: "bold red"}


class VerifyEvent(Protocol):
    """What the runner reports as it works: a check `started`, one `attempt` ran, or `finished`.

    `outcome` is the attempt's outcome (None before the first answer); `result` is set on
    `finished`.
    """

    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def attempt(self) -> int: ...
    @property
    def result(self) -> CheckResult | None: ...
    @property
    def outcome(self) -> Outcome | None: ...


@dataclass(frozen=True, slots=True)
class Tally:
    """How many checks passed, failed (wrong answer) and errored (no answer)."""

    passed: int
    failed: int
    errors: int

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.errors

    @property
    def ok(self) -> bool:
        """True when nothing failed or errored."""
        return not self.failed and not self.errors


def tally(results: Sequence[CheckResult]) -> Tally:
    """Count the results by status."""
    counts = Counter(result.outcome.status for result in results)
    return Tally(counts[Status.PASS], counts[Status.FAIL], counts[Status.ERROR])


def seconds(duration: float) -> str:
    """A duration people read at a glance: `120 ms`, `2.4 s`."""
    milliseconds = round(duration * 1000)
    return f"{milliseconds} ms" if milliseconds < 1000 else f"{duration:.1f} s"


# --- live progress -------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """The state of one check on the live board."""

    name: str
    spinner: Spinner
    attempt: int = 1
    last: Outcome | None = None
    final: Outcome | None = None


class _Board:
    """The live lines, in start order; rendered by Live's refresh thread, so guarded by a lock."""

    def __init__(self) -> None:
        self._lines: dict[str, _Line] = {}
        self._lock = threading.Lock()

    def record(self, event: VerifyEvent) -> None:
        with self._lock:
            line = self._lines.get(event.name)
            if line is None or event.kind == "started":
                line = self._lines[event.name] = _Line(event.name, Spinner("dots", style="cyan"))
            line.attempt = max(line.attempt, event.attempt)
            if event.outcome is not None:
                line.last = event.outcome
            if event.kind == "finished":
                line.final = event.result.outcome if event.result else event.outcome

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with self._lock:
            lines = list(self._lines.values())
        hidden = _oldest_finished(lines, len(lines) - max(2, options.max_height))
        if hidden:
            yield Text(f"… {len(hidden)} more finished", style="dim")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1)
        grid.add_column(no_wrap=True, max_width=32, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)  # the rest of the line
        for line in lines:
            if line.name not in hidden:
                grid.add_row(*_live_cells(line))
        yield grid


def _oldest_finished(lines: list[_Line], excess: int) -> set[str]:
    """The names of the `excess` oldest finished checks, dropped when the screen is too short."""
    if excess <= 0:
        return set()
    finished = [line.name for line in lines if line.final is not None]
    return set(finished[: excess + 1])  # one more, for the "… more finished" line


def _live_cells(line: _Line) -> tuple[RenderableType, ...]:
    if line.final is None:  # running; after a failed attempt, say which and why
        note = f"attempt {line.attempt}: {line.last.reason}" if line.last else ""
        return line.spinner, Text(line.name), Text(""), Text(note, style="dim")
    status = line.final.status
    reason = Text(line.final.reason, style="dim" if status is Status.PASS else "")
    return (
        Text(_MARK[status], style=_STYLE[status]),
        Text(line.name),
        Text(seconds(line.final.duration), style="dim"),
        reason,
    )


class Progress:
    """One live line per check while a verify runs, fed by `on_event`.

    On a terminal the lines are redrawn in place and cleared on exit, so the summary that follows
    reads the same on a terminal and in a CI log. Off a terminal (CI, pipes) nothing is drawn.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._board = _Board()
        self._live: Live | None = None

    def __enter__(self) -> Self:
        if self._console.is_terminal and not self._console.is_dumb_terminal:
            self._live = Live(
                self._board, console=self._console, transient=True, refresh_per_second=12.5
            )
            self._live.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def on_event(self, event: VerifyEvent) -> None:
        """Record what the runner reports; redraw at once when live."""
        self._board.record(event)
        if self._live is not None:
            self._live.refresh()


# --- the summary ---------------------------------------------------------------------------


def results_view(
    results: Sequence[CheckResult], *, environment: str, elapsed: float
) -> RenderableType:
    """Every check with kind, status, time and reason; a scenario's steps under it; the tally."""
    parts: list[RenderableType] = [Text(f"parity verify · {environment}", style="bold"), Text("")]
    if results:
        parts.append(_results_table(results))
    else:
        parts.append(Text("  no checks to run", style="yellow"))
    parts.append(Text(""))
    parts.append(summary_line(results, elapsed))
    return Group(*parts)


def _results_table(results: Sequence[CheckResult]) -> Table:
    table = Table(box=None, padding=(0, 1), header_style="dim")
    table.add_column("check", max_width=30, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("time", no_wrap=True, justify="right")
    table.add_column("reason", overflow="fold", min_width=20)
    for result in results:
        reason = _reason(result.outcome)
        if result.attempts > 1:
            reason.append(f" ({result.attempts} attempts)", style="dim")
        table.add_row(Text(result.name), result.kind, *_status_cells(result.outcome), reason)
        for step, outcome in result.steps:
            table.add_row(Text(f"  {step}"), "", *_status_cells(outcome), _reason(outcome))
    return table


def _status_cells(outcome: Outcome) -> tuple[Text, Text]:
    status = outcome.status
    return (
        Text(f"{_MARK[status]} {status.value}", style=_STYLE[status]),
        Text(seconds(outcome.duration)),
    )


def _reason(outcome: Outcome) -> Text:
    return Text(outcome.reason, style="dim" if outcome.passed else "")


def summary_line(results: Sequence[CheckResult], elapsed: float) -> Text:
    """`3 passed, 1 failed, 0 errors in 2.4 s`."""
    counts = tally(results)
    text = Text()
    text.append(f"{counts.passed} passed", style="green" if counts.passed else "")
    text.append(", ")
    text.append(f"{counts.failed} failed", style="bold red" if counts.failed else "")
    text.append(", ")
    noun = "error" if counts.errors == 1 else "errors"
    text.append(f"{counts.errors} {noun}", style="bold red" if counts.errors else "")
    text.append(f" in {elapsed:.1f} s")
    return text


# --- JSON ----------------------------------------------------------------------------------


def results_json(
    results: Sequence[CheckResult], *, environment: str, elapsed: float
) -> dict[str, Any]:
    """`{"results": [...], "summary": {...}}`, the shape CI and the dashboard read."""
    counts = tally(results)
    return {
        "results": [result_json(result) for result in results],
        "summary": {
            "environment": environment,
            "passed": counts.passed,
            "failed": counts.failed,
            "errors": counts.errors,
            "total": counts.total,
            "elapsed": round(elapsed, 3),
            "ok": counts.ok,
        },
    }


def result_json(result: CheckResult) -> dict[str, Any]:
    """One check or scenario; `details` are the probe's printable facts (status code, version)."""
    return {
        "name": result.name,
        "kind": result.kind,
        "environment": result.environment,
        "service": result.service,
        **_outcome_json(result.outcome),
        "attempts": result.attempts,
        "origin": result.origin,
        "steps": [{"name": step, **_outcome_json(outcome)} for step, outcome in result.steps],
    }


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "status": outcome.status.value,
        "reason": outcome.reason,
        "duration": round(outcome.duration, 3),
        "details": dict(outcome.details),
    }
