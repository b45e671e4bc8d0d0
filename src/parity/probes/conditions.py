"""Gatus-style conditions on a response, such as `[STATUS] == 200` or `[BODY].status == ok`.

Pure: a condition is parsed once (`parse_condition`, which raises `ConditionError` for text that
cannot be read) and evaluated against the facts of one response (`evaluate`, which never raises
and explains a failure in one line: "[STATUS] was 503, wanted == 200").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fnmatch import fnmatchcase
from functools import cached_property

from parity.errors import InputError, Location, Problem
from parity.probes.reasons import redact

OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
PLACEHOLDERS = ("STATUS", "RESPONSE_TIME", "BODY", "HEADER", "CONNECTED")

_OPERATOR = re.compile(r"==|!=|<=|>=|<|>")  # the first operator splits; two-letter ones win
_FUNCTION = re.compile(r"^(len|has)\((.*)\)$", re.DOTALL)
_PLACEHOLDER = re.compile(r"^\[([A-Za-z_]*)\](.*)$", re.DOTALL)
_PATH_PART = re.compile(r"\.([^.\[\]\s()]+)|\[(\d+)\]")
_MATCHER = re.compile(r"^(pat|any)\((.*)\)$", re.DOTALL)
_LIST_ITEM = re.compile(r"""\s*("[^"]*"|'[^']*'|[^,]*?)\s*(?:,|$)""")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_SHOWN_LENGTH = 60

_VALID_SUBJECT = (
    "[STATUS], [RESPONSE_TIME], [BODY], [BODY].path, [HEADER].name or [CONNECTED], "
    "optionally inside len() or has()"
)
_VALID_VALUE = "a number, a word, a quoted string, pat(glob) or any(a, b)"


class ConditionError(InputError):
    """A condition or capture expression that cannot be read; says what would be valid."""

    def __init__(self, message: str, expected: str) -> None:
        self.message = message
        self.expected = expected
        super().__init__(Problem(Location("condition"), message, expected))


@dataclass(frozen=True, slots=True)
class Expression:
    """What a condition looks at: a placeholder, a path into it, and an optional len() or has().

    For `[HEADER].name` the path is the lower-cased header name.
    """

    text: str
    placeholder: str
    path: tuple[str | int, ...] = ()
    function: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition: expression, operator, and the expected value(s)."""

    text: str
    expression: Expression
    operator: str
    matcher: str  # "value", "pat" or "any"
    values: tuple[str, ...]
    wanted: str  # as written after the expression, e.g. "== 200"


@dataclass(frozen=True)
class ResponseFacts:
    """What conditions can see of one response. `headers` has lower-cased names."""

    status: int
    elapsed_ms: float
    headers: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    connected: bool = True

    @cached_property
    def body(self) -> object:
        """The body parsed as JSON once, or `NOT_JSON`."""
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):
            return NOT_JSON


class _NotJson:
    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON = _NotJson()
_MISSING = object()


@dataclass(frozen=True, slots=True)
class _Found:
    text: str  # compared, captured, and shown in an explanation
    quoted: bool  # shown in quotes: a string, not a number, boolean or JSON
    length: int  # what len() sees: characters, or items of a JSON array or object


@dataclass(frozen=True, slots=True)
class _Absent:
    state: str  # "is missing" or "is not JSON"
    subject: str | None = None  # who is absent, if not the expression itself


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a condition held, and what was found, to explain it in one line."""

    passed: bool
    subject: str  # "[STATUS]", "len([BODY].items)"
    wanted: str | None  # "== 200"; None when nothing could be compared
    found: str | None = None  # the value found, raw
    quoted: bool = False
    absent: str | None = None  # "is missing", "is not JSON"

    def explain(self, after: str | None = None, secrets: Iterable[str] = ()) -> str:
        """ "[STATUS] was 503, wanted == 200"; with `after`, "... was 503 after 30 s, ...".

        Every value in `secrets` is masked in what was found before it is shortened.
        """
        text = f"{self.subject} {self.absent or 'was ' + self._shown(secrets)}"
        if after:
            text += f" after {after}"
        return f"{text}, wanted {self.wanted}" if self.wanted else text

    def _shown(self, secrets: Iterable[str]) -> str:
        text = redact(self.found or "", secrets)
        if len(text) > _SHOWN_LENGTH:
            text = text[:_SHOWN_LENGTH] + "…"
        return repr(text) if self.quoted else text


def parse_condition(text: str) -> Condition:
    """Read one condition; raise ConditionError naming what would be valid."""
    if len(text.splitlines()) > 1:
        raise ConditionError(f"{text!r} spans several lines", "one condition per line")
    split = _OPERATOR.search(text)
    if split is None:
        raise ConditionError(
            f"{text!r} has no comparison operator",
            "an expression, an operator (==, !=, <, <=, >, >=) and a value, e.g. [STATUS] == 200",
        )
    operator, right = split.group(), text[split.end() :].strip()
    expression = parse_expression(text[: split.start()])
    matcher, values = _parse_values(text, right, operator)
    _check_values(text, expression, operator, values)
    return Condition(text, expression, operator, matcher, values, f"{operator} {right}")


def parse_conditions(texts: Iterable[str]) -> tuple[Condition, ...]:
    """Read several conditions; the first that cannot be read raises ConditionError."""
    return tuple(parse_condition(text) for text in texts)


def parse_expression(text: str) -> Expression:
    """Read the expression of a condition or a capture, such as `[BODY].data[0].id`."""
    text = text.strip()
    function_match = _FUNCTION.match(text)
    inner = function_match.group(2).strip() if function_match else text
    match = _PLACEHOLDER.match(inner)
    if match is None or match.group(1) not in PLACEHOLDERS:
        raise ConditionError(f"{text!r} is not an expression Parity knows", _VALID_SUBJECT)
    placeholder = match.group(1)
    path = _parse_path(text, match.group(2))
    function = function_match.group(1) if function_match else None
    _check_expression(text, placeholder, path, function)
    if placeholder == "HEADER":
        path = (".".join(str(part) for part in path).lower(),)
    return Expression(text, placeholder, path, function)


def _parse_path(text: str, rest: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    position = 0
    while position < len(rest):
        match = _PATH_PART.match(rest, position)
        if match is None:
            raise ConditionError(
                f"cannot read the path {rest[position:]!r} in {text!r}",
                "a path of .keys and [indexes], e.g. [BODY].data[0].id",
            )
        key, index = match.groups()
        parts.append(key if key is not None else int(index))
        position = match.end()
    return tuple(parts)


def _check_expression(
    text: str, placeholder: str, path: tuple[str | int, ...], function: str | None
) -> None:
    if placeholder == "HEADER" and (not path or any(isinstance(p, int) for p in path)):
        raise ConditionError(f"{text!r} names no header", "[HEADER].name, e.g. [HEADER].location")
    if placeholder not in ("BODY", "HEADER") and path:
        raise ConditionError(f"[{placeholder}] has no fields in {text!r}", _VALID_SUBJECT)
    if function and placeholder not in ("BODY", "HEADER"):
        raise ConditionError(
            f"{function}() does not apply to [{placeholder}] in {text!r}",
            f"{function}([BODY]), {function}([BODY].path) or {function}([HEADER].name)",
        )


def _parse_values(text: str, right: str, operator: str) -> tuple[str, tuple[str, ...]]:
    if not right:
        raise ConditionError(f"{text!r} has no value after {operator}", _VALID_VALUE)
    if right[0] in "=<>!":  # `[STATUS] === 200`, `[STATUS] => 1`: a mistyped operator
        raise ConditionError(
            f"{text!r} has {operator}{right[0]}, not an operator", "==, !=, <, <=, > or >="
        )
    match = _MATCHER.match(right)
    if match is None:
        return "value", (_unquote(text, right),)
    if operator not in ("==", "!="):
        raise ConditionError(f"{match.group(1)}() cannot follow {operator} in {text!r}", "== or !=")
    if match.group(1) == "pat":
        return "pat", (_unquote(text, match.group(2).strip()),)
    items = [m.group(1) for m in _LIST_ITEM.finditer(match.group(2)) if m.group(1)]
    if not items:
        raise ConditionError(f"any() lists no values in {text!r}", "any(a, b), e.g. any(200, 204)")
    return "any", tuple(_unquote(text, item) for item in items)


def _unquote(text: str, value: str) -> str:
    if value[:1] not in ("'", '"'):
        return value
    if len(value) < 2 or value[-1] != value[0]:
        raise ConditionError(
            f"unclosed quote in {text!r}", "a string closed with the same quote it opens with"
        )
    return value[1:-1]


def _check_values(
    text: str, expression: Expression, operator: str, values: tuple[str, ...]
) -> None:
    numeric = operator in ("<", "<=", ">", ">=") or expression.function == "len"
    if numeric and not all(_NUMBER.match(value) for value in values):
        raise ConditionError(
            f"{text!r} compares with something that is not a number",
            "a number, e.g. [RESPONSE_TIME] < 300 or len([BODY].items) > 0",
        )
    boolean = expression.placeholder == "CONNECTED" or expression.function == "has"
    if boolean and (operator not in ("==", "!=") or not set(values) <= {"true", "false"}):
        raise ConditionError(f"{text!r} must compare with true or false", "== true or == false")


def evaluate(condition: Condition, facts: ResponseFacts) -> tuple[bool, str]:
    """Whether `condition` holds for `facts`, and a one-line explanation. Never raises."""
    verdict = check(condition, facts)
    return verdict.passed, verdict.explain()


def check(condition: Condition, facts: ResponseFacts) -> Verdict:
    """Evaluate `condition` on `facts` into a Verdict whose explanation can name a wait."""
    expression = condition.expression
    found = _resolve(expression, facts)
    if isinstance(found, _Absent):
        wanted = None if found.state == "is not JSON" else condition.wanted
        return Verdict(False, found.subject or expression.text, wanted, absent=found.state)
    passed = _compare(found.text, condition)
    return Verdict(passed, expression.text, condition.wanted, found.text, found.quoted)


def extract(expression: str | Expression, facts: ResponseFacts) -> str | None:
    """The value `expression` finds in `facts` as text (JSON for objects), or None if absent."""
    parsed = parse_expression(expression) if isinstance(expression, str) else expression
    found = _resolve(parsed, facts)
    return found.text if isinstance(found, _Found) else None


def _compare(actual: str, condition: Condition) -> bool:
    operator = condition.operator
    if condition.matcher == "pat":
        result = fnmatchcase(actual, condition.values[0])
    elif condition.matcher == "any":
        result = any(_equal(actual, value) for value in condition.values)
    elif operator in ("==", "!="):
        result = _equal(actual, condition.values[0])
    else:
        return _order(actual, operator, condition.values[0])
    return result if operator == "==" else not result


def _equal(actual: str, expected: str) -> bool:
    left, right = _number(actual), _number(expected)
    if left is not None and right is not None:
        return left == right
    return actual == expected


def _order(actual: str, operator: str, expected: str) -> bool:
    left, right = _number(actual), _number(expected)
    if left is None or right is None:
        return False
    if operator == "<":
        return left < right
    if operator == "<=":
        return left <= right
    if operator == ">":
        return left > right
    return left >= right


def _number(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _resolve(expression: Expression, facts: ResponseFacts) -> _Found | _Absent:
    found = _resolve_placeholder(expression, facts)
    if expression.function == "has":
        return _plain("true" if isinstance(found, _Found) else "false")
    if expression.function == "len" and isinstance(found, _Found):
        return _plain(str(found.length))
    return found


def _resolve_placeholder(expression: Expression, facts: ResponseFacts) -> _Found | _Absent:
    placeholder = expression.placeholder
    if placeholder == "STATUS":
        return _plain(str(facts.status))
    if placeholder == "RESPONSE_TIME":
        return _plain(f"{facts.elapsed_ms:.0f}")
    if placeholder == "CONNECTED":
        return _plain("true" if facts.connected else "false")
    if placeholder == "HEADER":
        value = facts.headers.get(str(expression.path[0]))
        return _Absent("is missing") if value is None else _string(value)
    if not expression.path:
        whole = expression.function == "len" and isinstance(facts.body, list | dict)
        return _json(facts.body) if whole else _string(facts.text)
    return _resolve_path(expression.path, facts.body)


def _resolve_path(path: tuple[str | int, ...], value: object) -> _Found | _Absent:
    if value is NOT_JSON:
        return _Absent("is not JSON", "[BODY]")
    for part in path:
        value = _child(value, part)
        if value is _MISSING:
            return _Absent("is missing")
    return _json(value)


def _child(value: object, part: str | int) -> object:
    if isinstance(part, int) and isinstance(value, list) and part < len(value):
        return value[part]
    if isinstance(part, str) and isinstance(value, dict):
        return value.get(part, _MISSING)
    return _MISSING


def _plain(text: str) -> _Found:
    return _Found(text, False, len(text))


def _string(text: str) -> _Found:
    return _Found(text, True, len(text))


def _json(value: object) -> _Found:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return _plain("true" if value else "false")
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        text = repr(value)
    return _Found(text, False, len(value) if isinstance(value, list | dict) else len(text))
