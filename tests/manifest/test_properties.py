"""The manifest reader never crashes: any text or structure gives a manifest or a located error."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.errors import InputError
from parity.manifest import parse_manifest
from parity.yamltext import load_yaml

KEYS = st.sampled_from(
    [
        "app",
        "services",
        "environments",
        "variables",
        "databases",
        "production",
        "staging",
        "extends",
        "type",
        "web",
        "name_template",
        "overrides",
        "groups",
        "generate",
        "from_platform",
        "from_database",
        "plan",
        "health_check",
        "path",
        "port",
        "enabled",
        "differs",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["web", "production", "${env:X}", "${file:}", "{app}-{svc}", "$${", "1.5"]),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)


def outcome(text: str) -> Any:
    try:
        return parse_manifest(text, "parity.yaml")
    except InputError as exc:
        assert exc.problems and all(p.location.file == "parity.yaml" for p in exc.problems)
        return exc


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    outcome(text)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, STRUCTURES, max_size=6))
def test_arbitrary_structures_never_crash(document: dict[str, Any]) -> None:
    outcome(yaml.safe_dump(document))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab:-[]{}#&*!|>'\"%@`\n 0123456789.", max_size=80))
def test_yaml_syntax_errors_carry_a_line(text: str) -> None:
    try:
        load_yaml(text, "f.yaml")
    except InputError as exc:
        [problem] = exc.problems
        assert problem.location.line is not None or "not valid YAML" in problem.message
