"""The live isolation probe for people: what each URL's server answered, then the findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from parity.findings import Report
from parity.verify.live_isolation import Observation
from parity.views.text import report_view


def probe_view(observations: Sequence[Observation], report: Report, title: str) -> RenderableType:
    """A table of every probed URL and what it is, then the findings as `check` shows them."""
    table = Table(box=None, padding=(0, 1), header_style="dim", title_justify="left")
    table.add_column("environment", no_wrap=True)
    table.add_column("variable", overflow="fold")
    table.add_column("server answered", overflow="fold")
    for observation in observations:
        target = observation.target
        answer = _identity(observation.identity) if observation.identity else observation.reason
        style = "" if observation.identity else "yellow"
        table.add_row(
            target.environment, f"{target.variable}\n{target.label}", Text(answer, style=style)
        )
    return Group(table, Text(""), report_view(report, title, command="probe"))


def _identity(identity: Sequence[Any]) -> str:
    """`postgres cluster 7710…6776 (started …), database app` / `redis run 3f2a…, db 0`."""
    kind, *parts = (str(part) for part in identity)
    if kind == "postgres" and len(parts) >= 3:
        return f"PostgreSQL cluster {_short(parts[0])} started {parts[1]}, database {parts[-1]}"
    if kind == "redis" and len(parts) >= 2:
        return f"Redis run {_short(parts[0])}, db {parts[1]}"
    return " ".join([kind, *parts])


def _short(text: str) -> str:
    return text if len(text) <= 12 else f"{text[:6]}…{text[-4:]}"
