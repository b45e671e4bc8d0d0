"""Each value against its schema: present, not empty, of its type and format, within its bounds.

A type is judged only when declared, or when the name alone implies it (`*_PORT`); otherwise the
type is inferred from the value itself, which it then cannot fail. Format is judged either way: a
value can look like a URL and still have no host. Placeholders are left to `placeholders`.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

from parity.checks.base import CheckContext
from parity.checks.placeholders import distinct_variables, placeholder_in
from parity.display import display_value
from parity.findings import Finding, Severity
from parity.infer import infer_spec
from parity.model import VarSpec, VarType
from parity.resolved import Origin, ResolvedVar

_KNOWN_ELSEWHERE = frozenset({Origin.GENERATED, Origin.PLATFORM, Origin.REFERENCE})
_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_BOOLS = frozenset({"true", "false", "1", "0", "yes", "no", "on", "off"})
_EMAIL = re.compile(r"[^@\s<>,;:\"]+@[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_NAMED_EMAIL = re.compile(r"[^<>]*<(?P<address>[^<>]+)>")
_PLAIN_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:[^:@/?#\s]*(?::[^@/?#\s]*)?@)?"
    r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::(?P<port>\d{1,5}))?(?:[/?#]\S*)?"
)
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_SCHEMES: dict[VarType, tuple[str, ...]] = {
    "postgres_url": ("postgres", "postgresql", "postgis"),
    "mysql_url": ("mysql", "mariadb"),
    "mongodb_url": ("mongodb",),
    "redis_url": ("redis", "rediss", "valkey", "valkeys"),
    "amqp_url": ("amqp", "amqps"),
}
_EXPECTED: dict[VarType, str] = {
    "int": "a whole number, like 8000",
    "float": "a number, like 0.5",
    "bool": "true or false",
    "url": "an absolute URL, like https://app.example.com",
    "url_list": "comma-separated absolute URLs, like https://app.example.com,https://example.com",
    "postgres_url": "a PostgreSQL URL, like postgresql://user:password@host:5432/db",
    "mysql_url": "a MySQL URL, like mysql://user:password@host:3306/db",
    "mongodb_url": "a MongoDB URL, like mongodb+srv://user:password@cluster.example.net/db",
    "redis_url": "a Redis URL, like rediss://default:password@host:6379/0",
    "amqp_url": "an AMQP URL, like amqps://user:password@host:5671/vhost",
    "s3_bucket": "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
    "email": "an email address, like ops@example.com",
}


class _Subject(NamedTuple):
    """One distinct variable of one environment, and the services that hold it."""

    environment: str
    services: str
    var: ResolvedVar

    def finding(
        self, rule: str, severity: Severity, message: str, *evidence: tuple[str, str]
    ) -> Finding:
        return Finding(
            rule, severity, message, self.environment, self.services, self.var.name,
            tuple(evidence), self.var.location,
        )  # fmt: skip

    @property
    def shown(self) -> str:
        """The value as a message may quote it."""
        return display_value(self.var) or ""


def check(context: CheckContext) -> Iterator[Finding]:
    """`env.missing`, `env.empty`, `env.type`, `env.format`, `env.range`, `env.choice`,
    `env.pattern`, and `schema.pattern` for a pattern that is not a valid regular expression."""
    environment = context.environment.name
    bad_patterns: set[str] = set()
    for services, var in distinct_variables(context.environment):
        declared = context.specs.get(var.name)
        yield from _check_variable(_Subject(environment, services, var), declared)
        if var.spec.pattern and var.name not in bad_patterns:
            error = _pattern_error(var.spec.pattern)
            if error is not None:
                bad_patterns.add(var.name)
                yield _schema_pattern(environment, var, error)


def _check_variable(subject: _Subject, declared: VarSpec | None) -> Iterator[Finding]:
    var = subject.var
    if _is_missing(var):
        yield _missing(subject)
    elif var.known and var.value is not None:
        if not var.value.strip():
            yield _empty(subject)
        elif placeholder_in(var) is None:
            problem = _type_problem(subject, _expected_type(var, declared))
            if problem is not None:
                yield problem
            elif _has_constraints(var.spec):
                yield from _constraint_problems(subject)


def _is_missing(var: ResolvedVar) -> bool:
    if var.origin is Origin.MISSING:
        return True
    return var.spec.required and var.value is None and var.origin not in _KNOWN_ELSEWHERE


def _missing(subject: _Subject) -> Finding:
    var, environment = subject.var, subject.environment
    message = _missing_message(var, environment)
    evidence = (("reason", var.detail),) if var.detail else ()
    return subject.finding("env.missing", Severity.ERROR, message, *evidence)


def _missing_message(var: ResolvedVar, environment: str) -> str:
    """What to do about a missing value, by why it is missing."""
    where = f"environments.{environment}.variables"
    if var.detail.endswith(" is not set") and var.detail.startswith("${"):
        names = ", ".join(
            part.split(":", 1)[1].rstrip("}") for part in var.detail[:-11].split(", ")
        )
        return (
            f"{var.name} in {environment} reads {var.detail[:-11]}: set {names} where Parity runs"
        )
    if "not copied" in var.detail:
        kind = var.detail.partition("it is a ")[2].partition(";")[0] or "resource"
        own = f"${{env:{environment.upper()}_{var.name}}}"
        return (
            f"give {environment} its own {var.name}: production's points at a {kind} and is never "
            f"copied; declare it under {where} (for example {own}"
            + (", or `from_platform: true`)" if var.secret else ")")
        )
    if var.origin is Origin.UNSET:
        return (
            f"{var.name} is required but {environment} removes it (null): set a value under {where}"
        )
    return f"{var.name} is required but never set for {environment}: set it under {where}"


def _empty(subject: _Subject) -> Finding:
    var = subject.var
    severity = Severity.ERROR if var.spec.required else Severity.WARNING
    message = (
        f"{var.name} is empty in {subject.environment}; set a value, or remove it if the "
        "application should fall back to its default (an empty string is still set)"
    )
    return subject.finding("env.empty", severity, message, ("origin", var.origin.value))


def _expected_type(var: ResolvedVar, declared: VarSpec | None) -> VarType:
    if declared is not None and "type" in declared.model_fields_set:
        return declared.type
    return infer_spec(var.name, var.value).type  # from this value: as it parses, or as named


def _type_problem(subject: _Subject, kind: VarType) -> Finding | None:
    value = (subject.var.value or "").strip()
    problem = _problem_with(kind, value)
    if problem is None:
        return None
    rule = "env.type" if kind in ("int", "float", "bool") else "env.format"
    got = "" if subject.var.secret else f" (got '{subject.shown}')"
    message = (
        f"{subject.var.name} in {subject.environment} must be {_EXPECTED[kind]}: {problem}{got}; "
        "correct the value"
    )
    return subject.finding(rule, Severity.ERROR, message, ("expected", kind), ("problem", problem))


def _problem_with(kind: VarType, value: str) -> str | None:
    if kind in ("string", "secret"):
        return None
    if kind == "int":
        return None if _INT.fullmatch(value) else "it is not a whole number"
    if kind == "float":
        return None if _NUMBER.fullmatch(value) else "it is not a number"
    if kind == "bool":
        return None if value.lower() in _BOOLS else "it is not a boolean"
    if kind == "email":
        return None if _is_email(value) else "it is not an email address"
    if kind == "s3_bucket":
        return _bucket_problem(value)
    if kind == "url_list":
        return next(filter(None, map(_list_item_problem, value.split(","))), None)
    return _url_problem(kind, value) if kind in _SCHEMES or kind == "url" else None


def _is_email(value: str) -> bool:
    named = _NAMED_EMAIL.fullmatch(value)
    return bool(_EMAIL.fullmatch(named["address"].strip() if named else value))


def _list_item_problem(item: str) -> str | None:
    problem = _url_problem("url", item.strip())
    return None if problem is None else f"an item is not an absolute URL ({problem})"


def _url_problem(kind: VarType, value: str) -> str | None:
    plain = _PLAIN_URL.fullmatch(value)  # the common, well-formed case, without urllib's cost
    if plain is not None and int(plain["port"] or 0) <= 65535:
        return _scheme_problem(kind, plain["scheme"].lower())
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "its host or port is malformed (a port is a number from 0 to 65535)"
    if not parts.scheme or "://" not in value:
        return "it has no scheme"
    problem = _scheme_problem(kind, parts.scheme.lower())
    if problem is None and kind == "url" and not parts.hostname:
        return "it has no host"
    return problem


def _scheme_problem(kind: VarType, scheme: str) -> str | None:
    wanted = _SCHEMES.get(kind)
    if wanted is not None and not scheme.partition("+")[0].startswith(wanted):
        return f"its scheme is {scheme}, not {wanted[0]}"
    return None


def _bucket_problem(value: str) -> str | None:
    name = value.removeprefix("s3://").partition("/")[0]
    if not 3 <= len(name) <= 63:
        return f"a bucket name has 3 to 63 characters, not {len(name)}"
    if not _BUCKET.fullmatch(name):
        return "a bucket name has only lowercase letters, digits, dots and hyphens"
    if ".." in name or ".-" in name or "-." in name:
        return "a bucket name has no two dots, nor a dot beside a hyphen"
    if _is_ip_address(name):
        return "a bucket name is not an IP address"
    if name.startswith(("xn--", "sthree-")) or name.endswith(("-s3alias", "--ol-s3")):
        return "a bucket name does not use AWS's reserved prefixes and suffixes"
    return None


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _has_constraints(spec: VarSpec) -> bool:
    return not (spec.min is None and spec.max is None and spec.choices is None and not spec.pattern)


def _constraint_problems(subject: _Subject) -> Iterator[Finding]:
    spec, value = subject.var.spec, (subject.var.value or "").strip()
    if spec.min is not None or spec.max is not None:
        yield from _range_problem(subject, value)
    if spec.choices is not None and value not in spec.choices:
        yield _choice_problem(subject, value, spec.choices)
    pattern = _compiled(spec.pattern) if spec.pattern else None
    if pattern is not None and not pattern.search(value):
        yield _pattern_problem(subject, pattern.pattern)


def _range_problem(subject: _Subject, value: str) -> Iterator[Finding]:
    spec, name, environment = subject.var.spec, subject.var.name, subject.environment
    bounds = _bounds(spec.min, spec.max)
    if not _NUMBER.fullmatch(value):
        message = f"{name} in {environment} must be a number {bounds}; correct the value"
        yield subject.finding("env.type", Severity.ERROR, message, ("expected", "a number"))
        return
    number = float(value)
    if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
        got = "" if subject.var.secret else f", not {value}"
        message = f"{name} in {environment} must be {bounds}{got}; set a value within the range"
        yield subject.finding("env.range", Severity.ERROR, message, ("allowed", bounds))


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {_number(low)} and {_number(high)}"
    return f"at least {_number(low)}" if low is not None else f"at most {_number(high)}"


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _choice_problem(subject: _Subject, value: str, choices: tuple[str, ...]) -> Finding:
    listed = ", ".join(choices)
    near = next((choice for choice in choices if choice.lower() == value.lower()), None)
    hint = f" (did you mean {near}? choices are case-sensitive)" if near else ""
    got = "" if subject.var.secret else f", not '{subject.shown}'"
    message = (
        f"{subject.var.name} in {subject.environment} must be one of {listed}{got}{hint}; "
        "set one of them, or add the value to the schema's choices"
    )
    return subject.finding("env.choice", Severity.ERROR, message, ("choices", listed))


def _pattern_problem(subject: _Subject, pattern: str) -> Finding:
    got = "" if subject.var.secret else f" ('{subject.shown}' does not)"
    message = (
        f"{subject.var.name} in {subject.environment} must match the pattern {pattern} declared "
        f"in the schema{got}; correct the value, or the pattern"
    )
    return subject.finding("env.pattern", Severity.ERROR, message, ("pattern", pattern))


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    return None if _pattern_error(pattern) else re.compile(pattern)


@functools.lru_cache(maxsize=1024)
def _pattern_error(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _schema_pattern(environment: str, var: ResolvedVar, error: str) -> Finding:
    message = (
        f"the pattern declared for {var.name} (variables.{var.name}.pattern in parity.yaml) is "
        f"not a valid regular expression: {error}; fix the pattern"
    )
    evidence = (("pattern", var.spec.pattern or ""), ("error", error))
    return Finding("schema.pattern", Severity.ERROR, message, environment, None, var.name, evidence)
