"""Importing .env files: python-dotenv's reading, expansion within the file, no secret written."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.errors import InputError
from parity.importers import IMPORTERS, Imported
from parity.importers.dotenv import import_dotenv, parse_dotenv
from parity.manifest.load import parse_manifest

FILE = "/srv/shop/.env"


def imported(text: str, file: str = FILE, app: str | None = None) -> Imported:
    """Import and check that the document is a valid manifest."""
    result = import_dotenv(text, file, app=app)
    parse_manifest(yaml.safe_dump(result.document, sort_keys=False), "parity.yaml")
    return result


def production(result: Imported) -> dict[str, object]:
    variables: dict[str, object] = result.document["environments"]["production"]["services"]["app"][
        "variables"
    ]
    return variables


def staging(result: Imported) -> dict[str, object]:
    env = result.document["environments"]["staging"]
    variables: dict[str, object] = env.get("services", {}).get("app", {}).get("variables", {})
    return variables


# parse_dotenv


def test_values_and_lines_follow_python_dotenv() -> None:
    parsed = parse_dotenv(
        "# comment\nexport A=1\nB='two words'  # trailing\n\nC=\"x\\ny\"\nD=plain # note\n", FILE
    )
    assert parsed.values == {"A": "1", "B": "two words", "C": "x\ny", "D": "plain"}
    assert parsed.lines == {"A": 2, "B": 3, "C": 5, "D": 6}
    assert parsed.problems == ()


def test_references_expand_within_the_file_in_order() -> None:
    parsed = parse_dotenv("A=1\nB=${A}-x\nA=2\nC=${A}\n", FILE)
    assert parsed.values == {"A": "2", "B": "1-x", "C": "2"}
    assert [p.message for p in parsed.problems] == [
        "A is also set on line 1; the later value is used"
    ]


def test_unset_references_read_as_empty_and_never_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME_DIR", "/home/me")
    parsed = parse_dotenv("A=${HOME_DIR}/x\nB=${MISSING:-fallback}\n", FILE)
    assert parsed.values == {"A": "/x", "B": "fallback"}
    (problem,) = parsed.problems
    assert (problem.location.line, problem.location.field) == (1, "A")
    assert "${HOME_DIR}" in problem.message


def test_an_unreadable_line_is_located_and_says_what_is_valid() -> None:
    parsed = parse_dotenv("A=1\nthis is not a binding\nB=2\n", FILE)
    assert parsed.values == {"A": "1", "B": "2"}
    (problem,) = parsed.problems
    assert problem.location.line == 2
    assert problem.expected is not None and "KEY=value" in problem.expected


def test_a_key_without_equals_is_kept_as_empty_with_a_note() -> None:
    parsed = parse_dotenv("FLAG\nA=1\n", FILE)
    assert parsed.values == {"FLAG": "", "A": "1"}
    (problem,) = parsed.problems
    assert (problem.location.line, problem.location.field) == (1, "FLAG")
    assert problem.expected == "FLAG=value"


# import_dotenv


def test_the_document_has_one_service_production_and_staging() -> None:
    result = imported("NODE_ENV=production\nPORT=8000\n")
    document = result.document
    assert document["app"] == "shop"
    assert document["services"] == {"app": {"type": "web"}}
    assert production(result) == {"NODE_ENV": "production", "PORT": "8000"}
    assert document["environments"]["staging"] == {
        "extends": "production",
        "name_template": "{app}-staging-{service}",
    }
    assert document["variables"]["PORT"] == {"type": "int"}


def test_secrets_are_never_written_into_the_manifest() -> None:
    text = "SECRET_KEY=s3cr3t-value-123\nSTRIPE_API_KEY=sk_live_abcdefghijklmnop\n"
    result = imported(text)
    dumped = yaml.safe_dump(result.document)
    assert "s3cr3t" not in dumped and "sk_live" not in dumped
    assert production(result) == {
        "SECRET_KEY": {"from_platform": True},
        "STRIPE_API_KEY": {"from_platform": True},
    }
    assert result.document["variables"]["SECRET_KEY"]["secret"] is True
    assert staging(result) == {
        "SECRET_KEY": "${env:STAGING_SECRET_KEY}",
        "STRIPE_API_KEY": "${env:STAGING_STRIPE_API_KEY}",
    }


def test_resources_get_their_own_staging_value_and_a_decision() -> None:
    result = imported("DATABASE_URL=postgres://db.internal:5432/shop\n")
    assert production(result) == {"DATABASE_URL": "postgres://db.internal:5432/shop"}
    assert staging(result) == {"DATABASE_URL": "${env:STAGING_DATABASE_URL}"}
    assert (
        "DATABASE_URL is a PostgreSQL database; give staging its own (set STAGING_DATABASE_URL)"
        in result.decisions
    )


def test_a_url_with_a_password_is_not_written() -> None:
    result = imported("DATABASE_URL=postgres://shop:hunter2@db:5432/shop\n")
    assert production(result) == {"DATABASE_URL": {"from_platform": True}}
    assert "hunter2" not in yaml.safe_dump(result.document)


def test_a_value_that_embeds_a_secret_by_expansion_is_not_written() -> None:
    result = imported("API_TOKEN=tok-abcdef\nAUTH_HEADER=Bearer ${API_TOKEN}\n")
    assert production(result)["AUTH_HEADER"] == {"from_platform": True}
    assert result.document["variables"]["AUTH_HEADER"]["secret"] is True
    assert "tok-abcdef" not in yaml.safe_dump(result.document)


def test_a_literal_dollar_brace_stays_literal() -> None:
    result = imported("TEMPLATE=${a:b}\n")
    assert production(result) == {"TEMPLATE": "$${a:b}"}


def test_names_the_manifest_cannot_hold_are_left_out_with_a_note() -> None:
    result = imported("1BAD=x\nGOOD=y\n")
    assert production(result) == {"GOOD": "y"}
    (note,) = result.notes
    assert (note.location.line, note.location.field) == (1, "1BAD")


@pytest.mark.parametrize(
    ("file", "app", "expected"),
    [
        ("/srv/shop/.env", None, "shop"),
        ("/srv/My Shop!/.env", None, "My-Shop"),
        (".env", None, "app"),
        ("/srv/shop/.env", "given", "given"),
        ("/srv/shop/.env", "-?-", "app"),
    ],
)
def test_the_app_is_named_from_the_argument_or_the_directory(
    file: str, app: str | None, expected: str
) -> None:
    assert imported("A=1\n", file, app).document["app"] == expected


def test_an_empty_file_gives_a_manifest_with_a_note() -> None:
    result = imported("# nothing here\n")
    assert production(result) == {}
    assert [n.message for n in result.notes] == ["the file sets no variables"]


def test_text_that_is_not_dotenv_at_all_raises_a_located_error() -> None:
    with pytest.raises(InputError) as caught:
        import_dotenv("services:\n  - name: web\n", FILE)
    assert all(p.location.file == FILE for p in caught.value.problems)
    assert {p.location.line for p in caught.value.problems} == {1, 2}


def test_the_registry_names_the_importer() -> None:
    assert IMPORTERS["dotenv"] is import_dotenv


# properties

_YAML_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_YAML_LIKE = st.recursive(
    _YAML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_DOTENV_LINES = st.lists(
    st.one_of(
        st.builds(
            "{}={}".format,
            st.text(string.ascii_letters + "_.-0123456789", min_size=1, max_size=8),
            st.text(max_size=20).map(lambda text: text.replace("\n", " ")),
        ),
        st.text(max_size=30),
    ),
    max_size=8,
).map("\n".join)


def _check(text: str) -> None:
    try:
        imported(text)
    except InputError as error:
        assert error.problems
        assert all(problem.location.file == FILE for problem in error.problems)


@settings(max_examples=300, deadline=None)
@given(_DOTENV_LINES)
def test_any_dotenv_like_text_imports_or_raises_a_located_input_error(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_imports_or_raises_a_located_input_error(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(_YAML_LIKE)
def test_any_yaml_text_imports_or_raises_a_located_input_error(data: object) -> None:
    _check(yaml.safe_dump(data))
