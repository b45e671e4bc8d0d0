"""The plan shows each staging service beside its production twin, with reasons and origins."""

from __future__ import annotations

from parity.derive import Inputs, derive
from parity.manifest import parse_manifest
from parity.plan import make_plan
from parity.resolved import Origin
from parity.secrets import MASK

TEXT = """\
app: shop
services:
  web: {type: web, plan: starter, auto_deploy: true}
environments:
  production:
    name_template: "{app}-{service}"
    variables:
      LOG_LEVEL: INFO
      API_TOKEN: 9f8e7d6c5b4a39281706f5e4d3c2b1a0
      DATABASE_URL: postgresql://shop:hunter2hunter2@db.prod.internal/shop
  staging:
    extends: production
    name_template: "{app}-staging-{service}"
    overrides: {auto_deploy: false}
    variables:
      API_TOKEN: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
"""


def plan():
    loaded = parse_manifest(TEXT, "parity.yaml")
    inputs = Inputs({}, {})
    return make_plan(derive(loaded, "staging", inputs), derive(loaded, "production", inputs))


def test_each_service_names_its_production_source() -> None:
    [service] = plan().services
    assert (service.name, service.source) == ("shop-staging-web", "shop-web")


def test_field_changes_carry_their_reason() -> None:
    [change] = plan().services[0].fields
    assert (change.field, change.production, change.value) == ("auto_deploy", True, False)
    assert change.reason == "environments.staging.overrides"


def test_variables_carry_origins_and_masked_values() -> None:
    variables = {v.name: v for v in plan().services[0].variables}
    assert variables["LOG_LEVEL"].origin is Origin.COPIED and not variables["LOG_LEVEL"].differs
    token = variables["API_TOKEN"]
    assert (token.origin, token.value, token.production, token.differs) == (
        Origin.ADAPTED,
        MASK,
        MASK,
        True,
    )
    database = variables["DATABASE_URL"]
    assert database.origin is Origin.MISSING
    assert database.production == "postgresql://shop:****@db.prod.internal/shop"


def test_missing_lists_what_staging_must_still_declare() -> None:
    assert [v.name for v in plan().services[0].missing] == ["DATABASE_URL"]
