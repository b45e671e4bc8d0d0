"""`${env:NAME}`, `${env:NAME:-fallback}` and `${file:PATH}` are filled from what the edge read."""

from __future__ import annotations

from parity.manifest.interpolate import Ref, fill, references, template_problems


def test_env_and_file_references_are_filled() -> None:
    filled = fill("postgres://u:${file:pw}@${env:HOST}/db", {"HOST": "db.internal"}, {"pw": "s3\n"})
    assert filled.value == "postgres://u:s3@db.internal/db"
    assert filled.refs == (Ref("file", "pw"), Ref("env", "HOST"))


def test_an_unset_reference_leaves_no_value_and_says_which() -> None:
    filled = fill("${env:A}-${env:B}", {"A": "x"}, {})
    assert filled.value is None
    assert filled.unresolved == (Ref("env", "B"),)


def test_the_fallback_applies_when_unset_or_empty() -> None:
    assert fill("${env:A:-local}", {}, {}).value == "local"
    assert fill("${env:A:-local}", {"A": ""}, {}).value == "local"
    assert fill("${env:A:-local}", {"A": "set"}, {}).value == "set"


def test_a_doubled_dollar_is_a_literal() -> None:
    assert fill("$${env:A}", {}, {}).value == "${env:A}"
    assert references("$${env:A}") == ()


def test_problems_say_what_is_valid() -> None:
    assert template_problems("${env:GOOD} ${file:x}") == []
    messages = [m for m, _ in template_problems("${secret:x} ${env:1BAD} ${file:} ${env:OPEN")]
    assert messages == [
        "unknown reference ${secret:...}",
        "${env:1BAD} does not name a variable",
        "${file:} names no file",
        "unclosed ${",
    ]
