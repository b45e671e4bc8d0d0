"""Gatus-style conditions: parsing, evaluation with one-line explanations, and extraction."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.errors import InputError
from parity.probes.conditions import (
    ConditionError,
    ResponseFacts,
    check,
    evaluate,
    extract,
    parse_condition,
)

BODY = {
    "status": "degraded",
    "count": 3,
    "ratio": 0.5,
    "ready": False,
    "errors": None,
    "name": "okay-service",
    "data": [{"id": 0, "tags": ["a", "b"]}, {"id": 17}],
    "items": [],
}


def facts(
    status: int = 200,
    elapsed_ms: float = 42.0,
    headers: dict[str, str] | None = None,
    text: str | None = None,
) -> ResponseFacts:
    """Facts of a response with BODY as JSON unless `text` is given."""
    return ResponseFacts(
        status=status,
        elapsed_ms=elapsed_ms,
        headers={"content-type": "application/json", "location": "/jobs/9"}
        if headers is None
        else headers,
        text=json.dumps(BODY) if text is None else text,
    )


HOLDS = [
    "[STATUS] == 200",
    "[STATUS] != 404",
    "[STATUS] < 300",
    "[STATUS] <= 200",
    "[STATUS] >= 200",
    "[STATUS] > 199",
    "[STATUS]==200",
    "[STATUS] == any(200, 204)",
    "[STATUS] != any(500, 503)",
    "[STATUS] == 200.0",
    "[RESPONSE_TIME] < 300",
    "[BODY].status == degraded",
    "[BODY].status == 'degraded'",
    '[BODY].status == "degraded"',
    "[BODY].status != ok",
    "[BODY].count == 3",
    "[BODY].count > 2",
    "[BODY].ratio < 1",
    "[BODY].ready == false",
    "[BODY].errors == null",
    "[BODY].data[0].id == 0",
    "[BODY].data[1].id != 0",
    "[BODY].data[0].tags[1] == b",
    "[BODY].name == pat(ok*)",
    "[BODY].name != pat(*down*)",
    "[BODY].status == any(ok, degraded)",
    "[HEADER].content-type == application/json",
    "[HEADER].Content-Type == application/json",
    "[HEADER].LOCATION == pat(/jobs/*)",
    "[CONNECTED] == true",
    "len([BODY].items) == 0",
    "len([BODY].data) > 1",
    "len([BODY].status) == 8",
    "len([HEADER].location) == 7",
    "has([BODY].errors) == true",
    "has([BODY].missing) == false",
    "has([HEADER].location) == true",
    "has([HEADER].x-nope) == false",
]


@pytest.mark.parametrize("text", HOLDS)
def test_condition_holds(text: str) -> None:
    passed, explanation = evaluate(parse_condition(text), facts())
    assert passed, explanation


FAILS = [
    ("[STATUS] == 200", facts(status=503), "[STATUS] was 503, wanted == 200"),
    ("[STATUS] < 400", facts(status=503), "[STATUS] was 503, wanted < 400"),
    ("[STATUS] == any(200, 204)", facts(status=500), "[STATUS] was 500, wanted == any(200, 204)"),
    ("[RESPONSE_TIME] < 300", facts(elapsed_ms=512.4), "[RESPONSE_TIME] was 512, wanted < 300"),
    ("[BODY].status == ok", facts(), "[BODY].status was 'degraded', wanted == ok"),
    ("[BODY].data[0].id != 0", facts(), "[BODY].data[0].id was 0, wanted != 0"),
    ("[BODY].data[5].id == 1", facts(), "[BODY].data[5].id is missing, wanted == 1"),
    ("[BODY].status.deep == 1", facts(), "[BODY].status.deep is missing, wanted == 1"),
    (
        "[BODY].data == 1",
        facts(),
        '[BODY].data was [{"id":0,"tags":["a","b"]},{"id":17}], wanted == 1',
    ),
    ("[BODY].ready == true", facts(), "[BODY].ready was false, wanted == true"),
    ("[BODY].count > 5", facts(), "[BODY].count was 3, wanted > 5"),
    ("[BODY].status < 5", facts(), "[BODY].status was 'degraded', wanted < 5"),
    ("[BODY] == pong", facts(text="ping"), "[BODY] was 'ping', wanted == pong"),
    ("[BODY].status == ok", facts(text="<html>"), "[BODY] is not JSON"),
    ("[BODY].status == ok", facts(text=""), "[BODY] is not JSON"),
    ("[BODY].name == pat(bad*)", facts(), "[BODY].name was 'okay-service', wanted == pat(bad*)"),
    (
        "[HEADER].content-type == text/html",
        facts(),
        "[HEADER].content-type was 'application/json', wanted == text/html",
    ),
    ("[HEADER].x-trace == 1", facts(), "[HEADER].x-trace is missing, wanted == 1"),
    ("len([BODY].items) > 0", facts(), "len([BODY].items) was 0, wanted > 0"),
    ("len([BODY].nope) > 0", facts(), "len([BODY].nope) is missing, wanted > 0"),
    ("has([BODY].errors) == false", facts(), "has([BODY].errors) was true, wanted == false"),
    ("[CONNECTED] == false", facts(), "[CONNECTED] was true, wanted == false"),
    (
        "[BODY] == short",
        facts(text="x" * 100),
        "[BODY] was '" + "x" * 60 + "…', wanted == short",
    ),
]


@pytest.mark.parametrize(("text", "response", "explanation"), FAILS)
def test_condition_fails_with_one_line_explanation(
    text: str, response: ResponseFacts, explanation: str
) -> None:
    assert evaluate(parse_condition(text), response) == (False, explanation)


def test_whole_body_compares_as_text() -> None:
    assert evaluate(parse_condition("[BODY] == pong"), facts(text="pong"))[0]
    assert evaluate(parse_condition("len([BODY]) == 4"), facts(text="pong"))[0]
    assert evaluate(parse_condition("len([BODY]) == 3"), facts(text="[1, 2, 3]"))[0]


def test_numbers_compare_as_numbers_and_words_as_text() -> None:
    assert evaluate(parse_condition("[BODY].v == 1"), facts(text='{"v": 1.0}'))[0]
    assert evaluate(parse_condition("[BODY].v == 10"), facts(text='{"v": "10"}'))[0]
    assert not evaluate(parse_condition("[BODY].v == OK"), facts(text='{"v": "ok"}'))[0]


def test_explanation_names_a_wait_and_masks_secrets() -> None:
    verdict = check(parse_condition("[BODY].token == x"), facts(text='{"token": "abc-s3cret"}'))
    assert verdict.explain(after="30 s", secrets=["s3cret"]) == (
        "[BODY].token was 'abc-(sensitive)' after 30 s, wanted == x"
    )


def test_a_secret_is_masked_before_a_long_value_is_shortened() -> None:
    secret = "k" * 30
    verdict = check(parse_condition("[BODY] == x"), facts(text="a" * 45 + secret))
    assert "k" not in verdict.explain(secrets=[secret])


MALFORMED = [
    ("[STATUS] = 200", "no comparison operator", "=="),
    ("[STATUS] 200", "no comparison operator", "[STATUS] == 200"),
    ("", "no comparison operator", "=="),
    ("[FOO] == 1", "is not an expression", "[RESPONSE_TIME]"),
    ("[status] == 200", "is not an expression", "[STATUS]"),
    ("STATUS == 200", "is not an expression", "[STATUS]"),
    ("[STATUS] == ", "no value after ==", "pat(glob)"),
    ("[STATUS] < fast", "not a number", "a number"),
    ("[RESPONSE_TIME] > any(1, 2)", "any() cannot follow >", "== or !="),
    ("[BODY].items[x] == 1", "cannot read the path", "[BODY].data[0].id"),
    ("[BODY]. == 1", "cannot read the path", ".keys and [indexes]"),
    ("[HEADER] == text/html", "names no header", "[HEADER].location"),
    ("[HEADER][0] == x", "names no header", "[HEADER].name"),
    ("[STATUS].code == 200", "has no fields", "[BODY].path"),
    ("len([STATUS]) == 3", "len() does not apply", "len([BODY])"),
    ("len([BODY].items) == many", "not a number", "a number"),
    ("has([BODY].x) == yes", "true or false", "== true"),
    ("[CONNECTED] > 1", "true or false", "== true"),
    ("[BODY] == 'unclosed", "unclosed quote", "closed with the same quote"),
    ("[STATUS] == any()", "any() lists no values", "any(200, 204)"),
    ("[STATUS] == 200\n[BODY] == x", "spans several lines", "one condition per line"),
]


@pytest.mark.parametrize(("text", "message", "expected"), MALFORMED)
def test_malformed_condition_says_what_is_valid(text: str, message: str, expected: str) -> None:
    with pytest.raises(ConditionError) as raised:
        parse_condition(text)
    assert message in raised.value.message
    assert expected in raised.value.expected
    assert isinstance(raised.value, InputError)
    assert raised.value.exit_code == 2
    assert raised.value.problems[0].expected == raised.value.expected


def test_quoted_values_and_lists() -> None:
    condition = parse_condition("[BODY].name == any('a, b', \"c\", d)")
    assert condition.values == ("a, b", "c", "d")
    assert condition.matcher == "any"
    assert parse_condition("[BODY] == 'two words'").values == ("two words",)
    assert parse_condition("[BODY] == two words").values == ("two words",)
    assert parse_condition("[BODY] == ''").values == ("",)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("[BODY].count", "3"),
        ("[BODY].status", "degraded"),
        ("[BODY].data[1].id", "17"),
        ("[BODY].data[0].tags", '["a","b"]'),
        ("[BODY].ready", "false"),
        ("[BODY].errors", "null"),
        ("[HEADER].Location", "/jobs/9"),
        ("[STATUS]", "200"),
        ("len([BODY].data)", "2"),
        ("[BODY].nope", None),
        ("[BODY].data[9]", None),
        ("[HEADER].x-nope", None),
    ],
)
def test_extract(expression: str, value: str | None) -> None:
    assert extract(expression, facts()) == value


def test_extract_from_a_body_that_is_not_json() -> None:
    assert extract("[BODY].id", facts(text="nope")) is None
    assert extract("[BODY]", facts(text="nope")) == "nope"


def test_extract_rejects_a_malformed_expression() -> None:
    with pytest.raises(ConditionError):
        extract("[BODY.id", facts())


FRAGMENTS = st.sampled_from(
    [
        "[STATUS]", "[BODY]", "[HEADER]", "[CONNECTED]", "[RESPONSE_TIME]", "len(", "has(", ")",
        ".", "[0]", "[", "]", "a", " ", "==", "!=", "<", "<=", ">", ">=", "=", "pat(", "any(",
        ",", "'", '"', "1", "-2.5e3", "true", "*", "\n", "é", "(", "\\",
    ]
)  # fmt: skip


@settings(max_examples=200)
@given(st.one_of(st.text(), st.lists(FRAGMENTS, max_size=12).map("".join)))
def test_parse_condition_returns_or_raises_condition_error(text: str) -> None:
    try:
        condition = parse_condition(text)
    except ConditionError as error:
        assert error.message and error.expected
    else:
        assert condition.operator in ("==", "!=", "<", "<=", ">", ">=")


CONDITIONS = st.builds(
    "{} {} {}".format,
    st.sampled_from(
        [
            "[STATUS]", "[RESPONSE_TIME]", "[BODY]", "[BODY].a", "[BODY].a[0]", "[BODY][1].b",
            "[HEADER].x", "len([BODY])", "len([BODY].a)", "len([HEADER].x)",
        ]
    ),
    st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
    st.sampled_from(["1", "-0.5", "1e400", "x", "'q'", "pat(*)", "any(1, x)", "true", "null"]),
).filter(lambda text: _readable(text))  # fmt: skip

JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


def _readable(text: str) -> bool:
    try:
        parse_condition(text)
    except ConditionError:
        return False
    return True


ANY_FACTS = st.builds(
    ResponseFacts,
    status=st.integers(),
    elapsed_ms=st.floats(),
    headers=st.dictionaries(st.sampled_from(["x", "content-type"]), st.text()),
    text=st.one_of(st.text(), JSON.map(json.dumps), st.just("[" * 5000)),
    connected=st.booleans(),
)


@settings(max_examples=200)
@given(CONDITIONS | st.sampled_from(HOLDS), ANY_FACTS)
def test_evaluate_never_raises(text: str, response: ResponseFacts) -> None:
    passed, explanation = evaluate(parse_condition(text), response)
    assert isinstance(passed, bool)
    assert "\n" not in explanation


@pytest.mark.parametrize("text", ["[STATUS] === 200", "[STATUS] => 200", "[STATUS] <> 200"])
def test_a_mistyped_operator_is_refused_not_read_as_a_value(text: str) -> None:
    with pytest.raises(ConditionError):
        parse_condition(text)


def test_a_tripled_equals_says_it_is_not_an_operator() -> None:
    with pytest.raises(ConditionError, match="has ===, not an operator"):
        parse_condition("[STATUS] === 200")
