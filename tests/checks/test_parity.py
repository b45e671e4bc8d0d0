"""Parity: differences beyond the declared adaptations are findings; the score counts the rest."""

from __future__ import annotations

import json

import pytest

from parity.checks import parity
from parity.checks.base import CheckContext
from parity.derive import Inputs, derive
from parity.findings import Severity
from parity.manifest import parse_manifest
from parity.secrets import Fingerprinter


def context(
    production: dict[str, object],
    staging: dict[str, object],
    *,
    extends: bool = False,
    services: str = "web: {type: web, plan: starter}",
    staging_services: str = "{}",
    differs: tuple[str, ...] = (),
) -> CheckContext:
    parent = "extends: production, " if extends else ""
    production_vars, staging_vars = json.dumps(production), json.dumps(staging)
    text = (
        f"app: shop\nservices: {{{services}}}\nenvironments:\n"
        f"  production: {{name_template: '{{app}}-{{service}}', variables: {production_vars}}}\n"
        f"  staging: {{{parent}name_template: '{{app}}-staging-{{service}}', "
        f"variables: {staging_vars}, services: {staging_services}, differs: {list(differs)}}}\n"
    )
    loaded = parse_manifest(text, "parity.yaml")
    inputs = Inputs({}, {})
    return CheckContext(
        derive(loaded, "staging", inputs),
        derive(loaded, "production", inputs),
        {},
        Fingerprinter(b"k"),
    )


def rules(ctx: CheckContext) -> list[tuple[str, Severity, str | None]]:
    return sorted((f.rule, f.severity, f.variable) for f in parity.check(ctx))


def test_identical_environments_score_one_and_find_nothing() -> None:
    ctx = context({"LOG_LEVEL": "INFO"}, {"LOG_LEVEL": "INFO"})
    assert rules(ctx) == []
    assert parity.score(ctx) == 1.0


def test_an_undeclared_difference_is_a_warning_and_lowers_the_score() -> None:
    ctx = context({"LOG_LEVEL": "INFO", "WORKERS": "4"}, {"LOG_LEVEL": "DEBUG", "WORKERS": "4"})
    assert rules(ctx) == [("parity.undeclared-difference", Severity.WARNING, "LOG_LEVEL")]
    score = parity.score(ctx)
    assert score is not None and 0 < score < 1


def test_listing_a_variable_under_differs_declares_it() -> None:
    ctx = context({"LOG_LEVEL": "INFO"}, {"LOG_LEVEL": "DEBUG"}, differs=("LOG_LEVEL",))
    assert rules(ctx) == []


def test_resources_secrets_and_labels_are_expected_to_differ() -> None:
    production = {
        "DATABASE_URL": "postgresql://a@db-a/x",
        "API_KEY": "k" * 32,
        "ENVIRONMENT": "production",
    }
    staging = {
        "DATABASE_URL": "postgresql://a@db-b/x",
        "API_KEY": "j" * 32,
        "ENVIRONMENT": "staging",
    }
    assert rules(context(production, staging)) == []


def test_variables_in_one_environment_only() -> None:
    ctx = context({"ONLY_PROD": "1"}, {"ONLY_STAGING": "1"})
    assert rules(ctx) == [
        ("parity.extra-variable", Severity.WARNING, "ONLY_STAGING"),
        ("parity.missing-variable", Severity.WARNING, "ONLY_PROD"),
    ]


def test_an_extending_environments_adaptations_are_declared() -> None:
    ctx = context({"LOG_LEVEL": "INFO"}, {"LOG_LEVEL": "DEBUG", "EXTRA": "1"}, extends=True)
    assert rules(ctx) == []
    assert parity.score(ctx) == 1.0


def test_a_left_out_service_is_info_and_critical_field_changes_are_noted() -> None:
    ctx = context(
        {},
        {},
        extends=True,
        services=(
            "web: {type: web, start_command: serve}, cron: {type: cron, schedule: '0 * * * *'}"
        ),
        staging_services="{web: {start_command: serve --debug}, cron: {enabled: false}}",
    )
    assert sorted((f.rule, f.severity, f.service) for f in parity.check(ctx)) == [
        ("parity.declared-difference", Severity.INFO, "web"),
        ("parity.removed-service", Severity.INFO, "cron"),
    ]


@pytest.mark.parametrize("kind", ["production"])
def test_nothing_to_compare_for_production_itself(kind: str) -> None:
    ctx = context({}, {})
    alone = CheckContext(ctx.production, None, {}, ctx.fingerprint)  # type: ignore[arg-type]
    assert list(parity.check(alone)) == [] and parity.score(alone) is None
