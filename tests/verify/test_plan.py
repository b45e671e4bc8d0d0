"""Planning verify: declared checks resolved, implied ones added, the unplannable skipped."""

from __future__ import annotations

import pytest

from parity.derive import Inputs, derive
from parity.errors import ManifestError
from parity.manifest import parse_manifest
from parity.probes.base import CommandTarget, HttpTarget, PostgresTarget, RedisTarget, TcpTarget
from parity.verify.plan import VerifyPlan, plan_verify

TEXT = """\
app: shop
services:
  web: {type: web, health_check: {path: /healthz, timeout: 3}}
  worker: {type: worker}
verify: {timeout: 7s, retries: 1, startup: {initial_delay: 1s, period: 2s, failure_threshold: 4}}
environments:
  production:
    variables:
      DATABASE_URL: postgresql://shop@db.prod.internal/shop
      REDIS_URL: {from_platform: true}
      AMQP_URL: amqp://guest@mq.prod.internal
    services:
      web: {url: https://shop.example.net}
  staging:
    extends: production
    name_template: "{app}-staging-{service}"
    variables:
      DATABASE_URL: ${env:STAGING_DB:-postgresql://shop@127.0.0.1/shop_staging}
      REDIS_URL: redis://127.0.0.1:6379/2
      AMQP_URL: amqp://guest@127.0.0.1
      API_TOKEN: ${env:STAGING_TOKEN}
    services:
      web: {url: "http://127.0.0.1:${env:PORT:-8000}/"}
checks:
  - {name: deep, kind: http, service: web, path: /health, conditions: ["[BODY].ok == true"],
     headers: {X-Token: "${env:STAGING_TOKEN}"}, environments: [staging]}
  - {name: schema, kind: postgres, schema: app, timeout: 2s}
  - {name: smoke-cli, kind: command, service: worker, command: "python -m shop.check --fast"}
  - {name: mq, kind: tcp, variable: AMQP_URL}
scenarios:
  - name: order
    service: web
    steps:
      - {name: create, method: post, path: /orders, capture: {id: "[BODY].id"}}
      - {name: done, path: "/orders/{id}", until: ["[BODY].state == done"], within: 5s}
"""


def plan(environment: str, **environ: str) -> VerifyPlan:
    loaded = parse_manifest(TEXT, "parity.yaml")
    inputs = Inputs(environ, {})
    resolved = derive(loaded, environment, inputs)
    return plan_verify(loaded.manifest, resolved, inputs, base_dir="/app")


def test_declared_and_implied_checks_are_planned() -> None:
    result = plan("staging", STAGING_TOKEN="t0k")
    names = [(c.name, c.kind, c.origin) for c in result.checks]
    assert names == [
        ("deep", "http", "declared"),
        ("schema", "postgres", "declared"),
        ("smoke-cli", "command", "declared"),
        ("mq", "tcp", "declared"),
        ("web.health", "http", "health check path /healthz"),
        ("DATABASE_URL", "postgres", "DATABASE_URL is a postgres url"),
        ("REDIS_URL", "redis", "REDIS_URL is a redis url"),
        ("AMQP_URL", "tcp", "AMQP_URL is a amqp url"),
    ]
    assert result.skipped == ()


def test_targets_are_resolved_from_the_environment() -> None:
    checks = {c.name: c for c in plan("staging", STAGING_TOKEN="t0k", PORT="9000").checks}
    deep = checks["deep"].target
    assert isinstance(deep, HttpTarget)
    assert (deep.url, deep.headers, deep.timeout) == (
        "http://127.0.0.1:9000/health",
        {"X-Token": "t0k"},
        7.0,
    )
    health = checks["web.health"].target
    assert isinstance(health, HttpTarget)
    assert (health.url, health.conditions, health.timeout) == (
        "http://127.0.0.1:9000/healthz",
        ("[STATUS] < 400",),
        3.0,
    )
    schema = checks["schema"].target
    assert isinstance(schema, PostgresTarget) and schema.schema == "app" and schema.timeout == 2.0
    assert schema.dsn.reveal() == "postgresql://shop@127.0.0.1/shop_staging"
    assert isinstance(checks["REDIS_URL"].target, RedisTarget)
    mq = checks["mq"].target
    assert isinstance(mq, TcpTarget) and (mq.host, mq.port) == ("127.0.0.1", 5672)


def test_a_command_runs_with_its_services_variables_as_secrets() -> None:
    command = {c.name: c for c in plan("staging", STAGING_TOKEN="t0k").checks}["smoke-cli"]
    target = command.target
    assert isinstance(target, CommandTarget)
    assert target.argv == ("python", "-m", "shop.check", "--fast") and target.cwd == "/app"
    assert target.env["API_TOKEN"].reveal() == "t0k"
    assert "t0k" not in repr(target)


def test_timing_comes_from_the_settings() -> None:
    check = plan("staging", STAGING_TOKEN="t").checks[0]
    assert check.timing.retries == 1
    assert check.timing.startup is not None and check.timing.startup.failure_threshold == 4


def test_what_cannot_be_planned_is_skipped_with_a_reason() -> None:
    result = plan("production")
    skipped = {s.name: s.reason for s in result.skipped}
    assert skipped["REDIS_URL"] == "REDIS_URL has no value here (platform: entered on the platform)"
    assert "deep" not in {c.name for c in result.checks} | set(skipped)  # staging only
    unset = plan("staging")
    assert {s.name: s.reason for s in unset.skipped}["deep"] == "${env:STAGING_TOKEN} is not set"


def test_scenarios_resolve_their_steps() -> None:
    [scenario] = plan("staging", STAGING_TOKEN="t").scenarios
    create, done = scenario.steps
    assert (create.request.method, create.request.url) == ("POST", "http://127.0.0.1:8000/orders")
    assert create.capture == {"id": "[BODY].id"}
    assert done.request.url == "http://127.0.0.1:8000/orders/{id}" and done.within == 5.0


def test_a_service_without_url_skips_its_http_checks() -> None:
    text = TEXT.replace("web: {url: https://shop.example.net}", "web: {plan: pro}")
    loaded = parse_manifest(text, "parity.yaml")
    inputs = Inputs({}, {})
    result = plan_verify(loaded.manifest, derive(loaded, "production", inputs), inputs)
    assert {s.name: s.reason for s in result.skipped}["web.health"] == (
        "web has no url in production: set environments.production.services.web.url"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: tcp, variable: AMQP_URL", "kind: smtp"), "does not match any of the expected"),
        (("kind: tcp, variable: AMQP_URL", "kind: tcp"), "a tcp check needs host and port"),
        (("service: worker, command", "service: wrkr, command"), "unknown service 'wrkr'"),
        (("name: mq", "name: deep"), "'deep' is used twice"),
        (("timeout: 2s", "timeout: soon"), "is not a duration such as 30s"),
        (("environments: [staging]", "environments: [stage]"), "unknown environment 'stage'"),
    ],
)
def test_bad_verify_declarations_are_located_errors(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(TEXT.replace(*change), "parity.yaml")
    assert any(message in str(p) and p.location.line for p in caught.value.problems), caught.value
