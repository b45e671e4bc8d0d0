"""Two environments side by side: every variable of every service, values masked."""

from __future__ import annotations

from dataclasses import dataclass

from parity.display import display_value
from parity.resolved import ResolvedEnvironment, ResolvedVar


@dataclass(frozen=True, slots=True)
class Row:
    """One variable in both environments; a side is None where the variable is absent."""

    name: str
    left: str | None
    right: str | None
    same: bool


@dataclass(frozen=True, slots=True)
class ServiceDiff:
    """One service's variables in both environments."""

    key: str
    left_name: str | None
    right_name: str | None
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything `parity diff` shows."""

    left: str
    right: str
    services: tuple[ServiceDiff, ...]

    @property
    def differences(self) -> int:
        return sum(1 for s in self.services for row in s.rows if not row.same)


def diff(left: ResolvedEnvironment, right: ResolvedEnvironment) -> Diff:
    """Compare two resolved environments service by service (by service key)."""
    keys = list(left.services) + [k for k in right.services if k not in left.services]
    services = []
    for key in keys:
        a, b = left.services.get(key), right.services.get(key)
        a_vars = a.variables if a else {}
        b_vars = b.variables if b else {}
        rows = tuple(
            _row(name, a_vars.get(name), b_vars.get(name))
            for name in sorted(a_vars.keys() | b_vars.keys())
        )
        services.append(ServiceDiff(key, a.name if a else None, b.name if b else None, rows))
    return Diff(left.name, right.name, tuple(services))


def _row(name: str, a: ResolvedVar | None, b: ResolvedVar | None) -> Row:
    same = a is not None and b is not None and _shown(a) == _shown(b) and a.value == b.value
    return Row(name, _shown(a), _shown(b), same)


def _shown(var: ResolvedVar | None) -> str | None:
    if var is None:
        return None
    shown = display_value(var)
    return shown if shown is not None else f"({var.origin.value})"
