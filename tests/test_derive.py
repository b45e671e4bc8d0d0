"""Derivation: staging inherits production, except what points at a resource or is secret."""

from __future__ import annotations

import pytest

from parity.derive import Inputs, derive, environment_kind, production_name
from parity.errors import UsageError
from parity.manifest import parse_manifest
from parity.model import EnvironmentSpec, FromDatabase
from parity.resolved import Origin, ResolvedEnvironment

BASE = """\
app: shop
services:
  web: {type: web, plan: starter, auto_deploy: true, groups: [shared]}
  worker: {type: worker, plan: starter, groups: [shared]}
databases:
  db: {plan: basic-256mb}
variables:
  FEATURE_API: {type: url, shared: true}
  SIGNUP_LIMIT: {type: int, default: "10"}
  SUPPORT_EMAIL: {required: true}
environments:
  production:
    name_template: "{app}-{service}"
    groups:
      shared:
        LOG_LEVEL: INFO
        SUPABASE_DB_HOST: db.znvwzkdblknkkztqyfnu.supabase.co
        DATABASE_URL: postgresql://shop:pw@db.internal:5432/shop
        SECRET_KEY: 2b7e151628aed2a6abf7158809cf4f3c2b7e151628aed2a6abf7158809cf4f3c
        FEATURE_API: https://flags.internal.example/api
        SESSION_KEY: {generate: true}
        STRIPE_KEY: {from_platform: true}
        PRIMARY_DB: {from_database: db}
        LEGACY_DB: {from_database: legacy-db, property: host}
    services:
      web:
        variables: {WEB_CONCURRENCY: "4"}
  staging:
    extends: production
    name_template: "{app}-staging-{service}"
    overrides: {auto_deploy: false}
    variables:
      REDIS_URL: ${env:STAGING_REDIS_URL}
      CACHE_URL: ${env:STAGING_CACHE_URL:-redis://127.0.0.1:6379/3}
      TOKEN: ${file:token.txt}
    services:
      worker: {plan: standard}
"""


def resolve(name: str, text: str = BASE, **environ: str) -> ResolvedEnvironment:
    loaded = parse_manifest(text, "parity.yaml")
    return derive(loaded, name, Inputs(environ, {"token.txt": "t0k3n-from-file\n"}))


def test_names_come_from_each_environments_template() -> None:
    production, staging = resolve("production"), resolve("staging")
    assert production.services["web"].name == "shop-web"
    assert staging.services["web"].name == "shop-staging-web"
    assert staging.databases["db"].name == "shop-staging-db"


def test_plain_values_are_copied_with_their_source() -> None:
    var = resolve("staging").services["web"].variables["LOG_LEVEL"]
    assert (var.origin, var.value, var.detail) == (Origin.COPIED, "INFO", "from production")


def test_a_resource_is_never_copied() -> None:
    var = resolve("staging").services["web"].variables["DATABASE_URL"]
    assert var.origin is Origin.MISSING and var.value is None
    assert "not copied" in var.detail and "database" in var.detail


def test_a_resource_known_only_by_its_values_shape_is_not_copied() -> None:
    var = resolve("staging").services["web"].variables["SUPABASE_DB_HOST"]
    assert var.origin is Origin.MISSING and "supabase-project" in var.detail


def test_a_secret_is_never_copied() -> None:
    var = resolve("staging").services["worker"].variables["SECRET_KEY"]
    assert var.origin is Origin.MISSING and var.value is None


def test_a_value_declared_shared_is_copied() -> None:
    var = resolve("staging").services["web"].variables["FEATURE_API"]
    assert var.origin is Origin.COPIED


def test_generated_and_platform_values_are_each_environments_own() -> None:
    variables = resolve("staging").services["web"].variables
    assert variables["SESSION_KEY"].origin is Origin.GENERATED
    assert variables["STRIPE_KEY"].origin is Origin.PLATFORM


def test_references_follow_the_environments_own_database() -> None:
    variables = resolve("staging").services["web"].variables
    assert variables["PRIMARY_DB"].reference == FromDatabase(from_database="shop-staging-db")
    legacy = variables["LEGACY_DB"]
    assert legacy.reference == FromDatabase(from_database="legacy-db", property="host")
    assert "not defined in this manifest" in legacy.detail


def test_environment_and_file_values() -> None:
    variables = (
        resolve("staging", STAGING_REDIS_URL="redis://cache:6379/0").services["web"].variables
    )
    assert (variables["REDIS_URL"].origin, variables["REDIS_URL"].value) == (
        Origin.ENVIRONMENT,
        "redis://cache:6379/0",
    )
    assert variables["CACHE_URL"].value == "redis://127.0.0.1:6379/3"
    assert (variables["TOKEN"].origin, variables["TOKEN"].value) == (Origin.FILE, "t0k3n-from-file")


def test_an_unset_environment_variable_is_missing_and_says_which() -> None:
    var = resolve("staging").services["web"].variables["REDIS_URL"]
    assert var.origin is Origin.MISSING
    assert var.detail == "${env:STAGING_REDIS_URL} is not set"


def test_overrides_change_fields_and_record_why() -> None:
    staging = resolve("staging")
    web, worker = staging.services["web"], staging.services["worker"]
    assert web.fields["auto_deploy"] is False
    assert web.field_reasons["auto_deploy"] == "environments.staging.overrides"
    assert worker.fields["plan"] == "standard"
    assert worker.field_reasons["plan"] == "environments.staging.services.worker"
    assert "plan" not in web.field_reasons


def test_service_variables_apply_to_that_service_only() -> None:
    staging = resolve("staging")
    assert "WEB_CONCURRENCY" in staging.services["web"].variables
    assert "WEB_CONCURRENCY" not in staging.services["worker"].variables


def test_schema_defaults_and_required_variables() -> None:
    variables = resolve("production").services["web"].variables
    assert (variables["SIGNUP_LIMIT"].origin, variables["SIGNUP_LIMIT"].value) == (
        Origin.DEFAULT,
        "10",
    )
    assert variables["SUPPORT_EMAIL"].origin is Origin.MISSING


def test_a_service_can_be_left_out_and_a_variable_removed() -> None:
    text = BASE.replace("worker: {plan: standard}", "worker: {enabled: false}").replace(
        "TOKEN: ${file:token.txt}", "LOG_LEVEL: null"
    )
    staging = resolve("staging", text)
    assert staging.removed_services == ("worker",)
    assert staging.services["web"].variables["LOG_LEVEL"].origin is Origin.UNSET


def test_production_values_are_declared_and_staging_values_adapted() -> None:
    text = BASE.replace("TOKEN: ${file:token.txt}", "LOG_LEVEL: DEBUG")
    assert resolve("production").services["web"].variables["LOG_LEVEL"].origin is Origin.DECLARED
    assert resolve("staging", text).services["web"].variables["LOG_LEVEL"].origin is Origin.ADAPTED


def test_production_and_kinds_are_found() -> None:
    loaded = parse_manifest(BASE, "parity.yaml")
    assert production_name(loaded.manifest) == "production"
    assert environment_kind("prod-eu", EnvironmentSpec()) == "production"
    assert environment_kind("qa", EnvironmentSpec(extends="prod-eu")) == "test"
    assert environment_kind("mirror", EnvironmentSpec(extends="prod-eu")) == "staging"


@pytest.mark.parametrize("name", ["preprod", "pre-prod", "prod-mirror", "production-2"])
def test_an_extending_environment_is_never_production_by_its_name(name: str) -> None:
    # The isolation check skips production: a name must not be able to switch it off.
    assert environment_kind(name, EnvironmentSpec(extends="production")) != "production"
    assert environment_kind(name, EnvironmentSpec(extends="production", kind="production")) == (
        "production"
    )


def test_a_preprod_copy_of_production_is_still_checked_for_isolation() -> None:
    from parity.checks import isolation
    from parity.checks.base import CheckContext
    from parity.secrets import Fingerprinter

    text = BASE.replace("  staging:\n", "  preprod:\n").replace(
        "REDIS_URL: ${env:STAGING_REDIS_URL}",
        "DATABASE_URL: postgresql://shop:pw@db.internal:5432/shop",
    )
    loaded = parse_manifest(text, "parity.yaml")
    inputs = Inputs({}, {"token.txt": "t"})
    preprod, production = derive(loaded, "preprod", inputs), derive(loaded, "production", inputs)
    context = CheckContext(preprod, production, {}, Fingerprinter(b"k"))
    assert preprod.kind == "staging"
    assert "isolation.shared-database" in {f.rule for f in isolation.check(context)}


def test_an_unknown_environment_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"unknown environment 'stage'.*production, staging"):
        resolve("stage")
