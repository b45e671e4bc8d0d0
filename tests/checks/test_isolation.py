"""Isolation is decided by what values identify, whatever they are called or however spelled."""

from __future__ import annotations

import json

import pytest

from parity.checks import isolation
from parity.checks.base import CheckContext
from parity.derive import Inputs, derive
from parity.findings import Finding, Severity
from parity.manifest import parse_manifest
from parity.secrets import Fingerprinter

PG = "postgresql://shop:Zq8v2LmR0pTx@db.shop.internal:5432/shop"


def manifest(
    production: dict[str, str], staging: dict[str, str], *, schema: str = "", extra: str = ""
) -> str:
    return (
        "app: shop\n"
        "services:\n  web: {type: web}\n"
        f"{extra}"
        f"variables: {{{schema}}}\n"
        "environments:\n"
        f"  production: {{name_template: '{{app}}-{{service}}', "
        f"variables: {json.dumps(production)}}}\n"
        f"  staging: {{name_template: '{{app}}-staging-{{service}}', "
        f"variables: {json.dumps(staging)}}}\n"
    )


def findings(text: str) -> list[Finding]:
    loaded = parse_manifest(text, "parity.yaml")
    inputs = Inputs({}, {})
    staging, production = derive(loaded, "staging", inputs), derive(loaded, "production", inputs)
    context = CheckContext(staging, production, loaded.manifest.variables, Fingerprinter(b"k"))
    return list(isolation.check(context))


def rules(text: str) -> list[tuple[str, Severity, str | None]]:
    return [(f.rule, f.severity, f.variable) for f in findings(text)]


@pytest.mark.parametrize(
    "staging_url",
    [
        PG,
        "postgresql+asyncpg://shop:Zq8v2LmR0pTx@DB.Shop.Internal.:5432/shop",
        "postgres://other_user:different@db.shop.internal/shop",
    ],
)
def test_the_same_database_however_spelled_is_shared(staging_url: str) -> None:
    text = manifest({"DATABASE_URL": PG}, {"DATABASE_URL": staging_url})
    assert ("isolation.shared-database", Severity.ERROR, "DATABASE_URL") in rules(text)


def test_a_production_resource_under_another_name_is_still_shared() -> None:
    text = manifest({"DATABASE_URL": PG}, {"REPORTING_DSN": PG.replace("postgresql", "postgres")})
    [finding] = [f for f in findings(text) if f.rule == "isolation.shared-database"]
    assert finding.variable == "REPORTING_DSN"
    assert "production's DATABASE_URL under another name" in finding.message


def test_separating_by_schema_alone_still_shares_the_database() -> None:
    text = manifest({"DATABASE_URL": PG}, {"DATABASE_URL": PG + "?options=-csearch_path%3Dstaging"})
    [finding] = [f for f in findings(text) if f.rule == "isolation.shared-database"]
    assert "schema" in finding.message


def test_another_database_on_the_same_server_is_a_warning() -> None:
    text = manifest({"DATABASE_URL": PG}, {"DATABASE_URL": PG.replace("/shop", "/shop_staging")})
    assert rules(text) == [("isolation.shared-server", Severity.WARNING, "DATABASE_URL")]


def test_another_redis_db_index_is_a_warning_and_another_server_is_fine() -> None:
    same = manifest({"REDIS_URL": "redis://cache:6379/0"}, {"REDIS_URL": "redis://cache:6379/1"})
    assert rules(same) == [("isolation.shared-server", Severity.WARNING, "REDIS_URL")]
    apart = manifest({"REDIS_URL": "redis://cache:6379/0"}, {"REDIS_URL": "redis://cache-2:6379/0"})
    assert rules(apart) == []


def test_a_different_database_is_not_reported() -> None:
    text = manifest(
        {"DATABASE_URL": PG},
        {"DATABASE_URL": "postgresql://s:Qw3rTy9UiOp2@db.staging.internal/shop"},
    )
    assert rules(text) == []


def test_a_shared_key_is_found_by_fingerprint_and_never_printed() -> None:
    key = "sk-proj-" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF"
    text = manifest({"OPENAI_API_KEY": key}, {"LLM_KEY": key})
    [finding] = findings(text)
    assert (finding.rule, finding.variable) == ("isolation.shared-secret", "LLM_KEY")
    assert key not in repr(finding)


def test_a_bucket_reached_through_a_url_is_shared() -> None:
    text = manifest(
        {"AWS_S3_BUCKET": "mina-audio-production"},
        {
            "AWS_S3_BUCKET": "mina-audio-staging",
            "MEDIA_URL": "https://mina-audio-production.s3.amazonaws.com/uploads",
        },
    )
    assert rules(text) == [("isolation.shared-bucket", Severity.ERROR, "MEDIA_URL")]


def test_alert_channel_sentry_project_and_domain() -> None:
    dsn = "https://0123456789abcdef0123456789abcdef@o11.ingest.sentry.io/22"
    production = {
        "SLACK_CHANNEL": "#alerts",
        "SENTRY_DSN": dsn,
        "SHARE_BASE_URL": "https://mina.app",
    }
    found = rules(manifest(production, dict(production)))
    assert ("isolation.shared-channel", Severity.ERROR, "SLACK_CHANNEL") in found
    assert ("isolation.shared-sentry-project", Severity.WARNING, "SENTRY_DSN") in found
    assert ("isolation.shared-domain", Severity.WARNING, "SHARE_BASE_URL") in found


def test_third_party_api_hosts_are_not_shared_resources() -> None:
    text = manifest(
        {"OPENAI_BASE_URL": "https://api.openai.com/v1"},
        {"OPENAI_BASE_URL": "https://api.openai.com/v1"},
    )
    assert rules(text) == []


def test_a_variable_declared_shared_is_allowed() -> None:
    text = manifest({"GEO_DB": PG}, {"GEO_DB": PG}, schema="GEO_DB: {shared: true}")
    assert rules(text) == []


def test_a_live_payment_key_in_staging_is_an_error() -> None:
    text = manifest({}, {"STRIPE_SECRET_KEY": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"})
    [finding] = findings(text)
    assert (finding.rule, finding.severity) == ("isolation.live-credential", Severity.ERROR)
    assert "sk_live_4eC39" not in finding.message + repr(finding.evidence)


def test_staging_labelled_production_is_an_error_but_node_env_is_info() -> None:
    text = manifest(
        {}, {"ENVIRONMENT": "production", "NODE_ENV": "production", "PAYPAL_MODE": "live"}
    )
    assert sorted(rules(text)) == [
        ("isolation.labelled-production", Severity.ERROR, "ENVIRONMENT"),
        ("isolation.live-mode", Severity.ERROR, "PAYPAL_MODE"),
        ("isolation.production-mode", Severity.INFO, "NODE_ENV"),
    ]


def test_a_staging_service_with_productions_name_is_an_error() -> None:
    text = manifest({}, {}).replace("'{app}-staging-{service}'", "'{app}-{service}'")
    assert rules(text) == [("isolation.same-name", Severity.ERROR, None)]


def test_references_to_an_owned_database_are_isolated_but_external_ones_are_shared() -> None:
    extra = "databases:\n  db: {}\n"
    owned = {"DATABASE_URL": {"from_database": "db"}}
    external = {"DATABASE_URL": {"from_database": "prod-db"}}
    assert rules(manifest(owned, owned, extra=extra)) == []  # type: ignore[arg-type]
    assert rules(manifest(external, external, extra=extra)) == [  # type: ignore[arg-type]
        ("isolation.shared-platform-resource", Severity.ERROR, "DATABASE_URL")
    ]


def test_production_itself_is_not_checked_for_isolation() -> None:
    loaded = parse_manifest(manifest({"ENVIRONMENT": "production"}, {}), "parity.yaml")
    production = derive(loaded, "production", Inputs({}, {}))
    context = CheckContext(production, None, {}, Fingerprinter(b"k"))
    assert list(isolation.check(context)) == []
