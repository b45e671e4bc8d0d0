"""Loading parity.yaml: valid manifests load; every problem is located and says what is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.errors import InputError, ManifestError
from parity.manifest import parse_manifest, read_manifest

MINIMAL = """\
app: shop
services:
  web: {type: web, plan: starter}
environments:
  production: {}
  staging: {extends: production, name_template: "{app}-staging-{service}"}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "parity.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_minimal_manifest_loads() -> None:
    loaded = parse_manifest(MINIMAL, "parity.yaml")
    assert loaded.manifest.app == "shop"
    assert loaded.manifest.environments["staging"].extends == "production"
    assert loaded.locate("services", "web").line == 3


def test_an_unknown_key_names_file_line_field_and_the_valid_keys() -> None:
    text = MINIMAL.replace("web: {type: web, plan: starter}", "web: {type: web, plna: starter}")
    [problem] = problems(text)
    assert problem.startswith("parity.yaml:3: services.web.plna: unknown key 'plna'")
    assert "plan" in problem and "health_check" in problem


def test_a_wrong_value_names_what_is_allowed() -> None:
    [problem] = problems(MINIMAL.replace("type: web,", "type: website,"))
    assert "parity.yaml:3: services.web.type" in problem
    assert "'web'" in problem and "'worker'" in problem


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = MINIMAL.replace("plan: starter", "plan: starter, port: high") + "bogus: 1\n"
    found = problems(text)
    assert len(found) == 2
    assert any("services.web.port" in p for p in found)
    assert any(p.startswith("parity.yaml:7: bogus") for p in found)


def test_a_variable_value_of_an_unknown_form_is_explained() -> None:
    text = MINIMAL.replace("production: {}", "production: {variables: {A: {from_vault: x}}}")
    [problem] = problems(text)
    assert "environments.production.variables.A" in problem
    assert "generate, from_platform, from_database, from_service" in problem


def test_scalars_become_text() -> None:
    text = MINIMAL.replace("production: {}", "production: {variables: {PORT: 8000, DEBUG: off}}")
    variables = parse_manifest(text, "p.yaml").manifest.environments["production"].variables
    assert variables == {"PORT": "8000", "DEBUG": "false"}


def test_extends_must_name_a_declared_environment() -> None:
    [problem] = problems(MINIMAL.replace("extends: production", "extends: prod"))
    assert (
        "parity.yaml:6: environments.staging.extends: extends unknown environment 'prod'" in problem
    )
    assert "production, staging" in problem


def test_environments_extending_each_other_in_a_cycle_are_refused() -> None:
    text = MINIMAL.replace("production: {}", "production: {extends: staging}")
    assert any("cycle" in p for p in problems(text))


def test_name_template_placeholders_are_checked() -> None:
    [problem] = problems(MINIMAL.replace("{app}-staging-{service}", "{app}-{svc}"))
    assert "unknown placeholder {svc}" in problem and "{service}" in problem


def test_references_to_undeclared_services_and_groups_are_refused() -> None:
    text = MINIMAL.replace(
        "staging: {extends: production,",
        "staging: {services: {api: {plan: pro}}, extends: production,",
    ).replace("type: web,", "type: web, groups: [shared],")
    found = problems(text)
    assert any("service 'api' is not declared" in p for p in found)
    assert any("group 'shared' is not defined" in p for p in found)


def test_malformed_value_references_are_refused() -> None:
    text = MINIMAL.replace(
        "production: {}", 'production: {variables: {A: "${vault:x}", B: "${env:}"}}'
    )
    found = problems(text)
    assert any("unknown reference ${vault:...}" in p for p in found)
    assert any("does not name a variable" in p for p in found)


def test_duplicate_keys_are_refused_with_their_line() -> None:
    found = problems(MINIMAL + "app: other\n")
    assert any(p.startswith("parity.yaml:7: app: key 'app' is written twice") for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app: [unclosed\n", "parity.yaml:2: not valid YAML"),
        ("- a list\n", "parity.yaml:1: a manifest must be a YAML mapping"),
        ("", "parity.yaml:1: a manifest must be a YAML mapping"),
    ],
)
def test_unreadable_text_is_bad_input(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_manifest(text, "parity.yaml")
    assert str(caught.value).startswith(expected)


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_manifest(tmp_path / "parity.yaml")


def test_the_bundled_example_loads(examples: Path) -> None:
    loaded = read_manifest(examples / "insurance-navigator" / "parity.yaml")
    assert set(loaded.manifest.services) == {"api", "worker"}
