"""Human views with Rich: grouped, coloured (Rich honours NO_COLOR), readable at 80 columns."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from parity.diff import Diff
from parity.findings import Finding, Report, Severity
from parity.plan import Plan, ServicePlan
from parity.resolved import Origin

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}
_ORIGIN_STYLE = {
    Origin.MISSING: "bold red",
    Origin.COPIED: "dim",
    Origin.ADAPTED: "green",
    Origin.ENVIRONMENT: "green",
    Origin.FILE: "green",
    Origin.GENERATED: "magenta",
    Origin.REFERENCE: "blue",
    Origin.PLATFORM: "blue",
    Origin.UNSET: "yellow",
}


def report_view(report: Report, source: str, command: str = "check") -> RenderableType:
    """Findings grouped by environment, most severe first, then the summary line."""
    parts: list[RenderableType] = [Text(f"parity {command} · {source}", style="bold")]
    by_environment = sorted(report.findings, key=lambda f: f.environment)
    for environment, findings in groupby(by_environment, key=lambda f: f.environment):
        parts.append(Text(f"\n{environment}", style="bold underline"))
        ordered = sorted(findings, key=lambda f: f.sort_key)
        parts.extend(_finding_view(f) for f in ordered)
    parts.append(Text(""))
    parts.append(summary_line(report))
    return Group(*parts)


def _finding_view(finding: Finding) -> RenderableType:
    style = _SEVERITY_STYLE[finding.severity]
    head = Text("  ")
    head.append(f"{_SEVERITY_MARK[finding.severity]} {finding.severity.value:<7}", style=style)
    head.append(f" {finding.rule}", style="bold")
    subject = " · ".join(part for part in (finding.service, finding.variable) if part)
    if subject:
        head.append(f"  {subject}")
    lines: list[RenderableType] = [head, _indented(finding.message)]
    for key, value in finding.evidence:
        lines.append(_indented(f"{key}: {value}", style="dim"))
    if finding.location is not None:
        lines.append(_indented(str(finding.location), style="dim"))
    return Group(*lines)


class _Indented:
    """Text wrapped to the console and indented, without the trailing spaces a table pads with."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(20, options.max_width - self.indent)
        for line in self.text.wrap(console, width, overflow="fold"):
            line.rstrip()
            yield Text(" " * self.indent) + line


def _indented(text: str, style: str = "") -> _Indented:
    return _Indented(Text(text, style=style), 12)


def summary_line(report: Report) -> Text:
    """`2 errors, 1 warning, 0 info · parity 96% · 2 services, 58 variables`."""
    s = report.summary
    text = Text("Summary: ", style="bold")
    text.append(_count(s.errors, "error"), style="bold red" if s.errors else "green")
    text.append(", ")
    text.append(_count(s.warnings, "warning"), style="yellow" if s.warnings else "")
    text.append(f", {s.infos} info")
    if s.parity_score is not None:
        text.append(f" · parity {s.parity_score:.0%}")
    if s.services:
        text.append(f" · {_count(s.services, 'service')}, {_count(s.variables, 'variable')}")
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def plan_view(plan: Plan, source: str) -> RenderableType:
    """Each planned service beside its production twin: differing fields, then every variable."""
    title = f"Plan for {plan.environment}"
    if plan.source_environment:
        title += f", derived from {plan.source_environment}"
    parts: list[RenderableType] = [Text(f"{title} · {source}", style="bold")]
    for service in plan.services:
        parts.append(_service_view(service))
    for database in plan.databases:
        line = Text(f"\ndatabase {database.key}: ", style="bold")
        line.append(database.name)
        if database.source:
            line.append(f"  ← {database.source}", style="dim")
        parts.append(line)
    for key in plan.removed:
        parts.append(
            Text(f"\n{key}: not in {plan.environment} (declared enabled: false)", style="yellow")
        )
    parts.append(Text(""))
    parts.append(_plan_summary(plan))
    return Group(*parts)


def _service_view(service: ServicePlan) -> RenderableType:
    head = Text(f"\n{service.key}", style="bold underline")
    head.append(f"  {service.type}  ", style="dim")
    head.append(service.name, style="bold")
    head.append(
        f"  ← {service.source}" if service.source else "  (new: no production twin)", style="dim"
    )
    parts: list[RenderableType] = [head]
    if service.fields:
        fields = Table(box=None, padding=(0, 1), show_header=True, header_style="dim")
        fields.add_column("field", no_wrap=True)
        fields.add_column("production → this", overflow="fold")
        fields.add_column("because", overflow="fold", style="dim")
        for change in service.fields:
            fields.add_row(
                change.field, f"{_show(change.production)} → {_show(change.value)}", change.reason
            )
        parts.append(fields)
    variables = Table(box=None, padding=(0, 1), show_header=True, header_style="dim")
    variables.add_column("variable", no_wrap=True, max_width=30, overflow="ellipsis")
    variables.add_column("origin", no_wrap=True)
    variables.add_column("value", overflow="fold")
    for var in service.variables:
        value = var.value if var.value is not None else ""
        note = "" if var.origin is Origin.COPIED else var.detail
        if var.origin is Origin.ADAPTED and var.production is not None:
            note = f"production: {var.production}"
        cell = Text(value)
        if note:
            cell.append(f"  {note}" if value else note, style="dim")
        variables.add_row(
            var.name, Text(var.origin.value, style=_ORIGIN_STYLE.get(var.origin, "")), cell
        )
    parts.append(variables)
    return Group(*parts)


def _show(value: object) -> str:
    """A field value as YAML would write it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _plan_summary(plan: Plan) -> Text:
    missing = sum(len(s.missing) for s in plan.services)
    copied = sum(1 for s in plan.services for v in s.variables if v.origin is Origin.COPIED)
    total = sum(len(s.variables) for s in plan.services)
    text = Text(f"{_count(len(plan.services), 'service')}, {total} variables: {copied} copied, ")
    text.append(f"{missing} missing", style="bold red" if missing else "green")
    if missing:
        text.append(" (production values that point at resources are never copied; declare them)")
    return text


def console(*, stderr: bool = False) -> Console:
    """The console for human output; Rich honours NO_COLOR and uses 80 columns off a terminal."""
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def diff_view(result: Diff, *, show_all: bool) -> RenderableType:
    """A table per service: variable, left value, right value; differing rows highlighted."""
    parts: list[RenderableType] = [Text(f"{result.left}  ⇄  {result.right}", style="bold")]
    for service in result.services:
        rows = [row for row in service.rows if show_all or not row.same]
        title = service.key
        if service.left_name != service.right_name:
            title += f"  ({service.left_name or '—'} ⇄ {service.right_name or '—'})"
        parts.append(Text(f"\n{title}", style="bold underline"))
        if not rows:
            parts.append(Text("  identical", style="green"))
            continue
        table = Table(box=None, padding=(0, 1), header_style="dim")
        table.add_column("variable", no_wrap=True, max_width=28, overflow="ellipsis")
        table.add_column(result.left, overflow="fold", ratio=1)
        table.add_column(result.right, overflow="fold", ratio=1)
        for row in rows:
            style = "" if row.same else "yellow"
            table.add_row(
                row.name, Text(row.left or "—", style=style), Text(row.right or "—", style=style)
            )
        parts.append(table)
    parts.append(Text(f"\n{_count(result.differences, 'difference')}", style="bold"))
    return Group(*parts)
