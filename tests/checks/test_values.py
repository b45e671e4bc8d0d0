"""Values against their schema: missing, empty, type, format, range, choices and pattern."""

from __future__ import annotations

from pathlib import Path

import pytest
from dotenv import dotenv_values
from hypothesis import given
from hypothesis import strategies as st

from parity.checks.base import CheckContext
from parity.checks.values import check
from parity.findings import Finding, Severity
from parity.model import VarSpec, VarType
from parity.resolved import Origin, ResolvedVar
from tests.checks.factories import context, one, service, var


def run(ctx: CheckContext) -> list[Finding]:
    return list(check(ctx))


def rules(ctx: CheckContext) -> list[tuple[str, Severity, str | None]]:
    return [(f.rule, f.severity, f.variable) for f in run(ctx)]


def text_of(finding: Finding) -> str:
    return finding.message + " " + " ".join(f"{k}={v}" for k, v in finding.evidence)


# --- missing and empty ---------------------------------------------------------------------


def missing(name: str, detail: str, origin: Origin = Origin.MISSING) -> ResolvedVar:
    return var(name, None, origin=origin)._replace(detail=detail)


def test_a_value_not_copied_from_production_says_to_declare_staging_its_own() -> None:
    detail = "production value not copied: it is a database; declare this one's own"
    [finding] = run(one(missing("DATABASE_URL", detail)))
    assert (finding.rule, finding.severity, finding.variable) == (
        "env.missing",
        Severity.ERROR,
        "DATABASE_URL",
    )
    assert "give staging its own DATABASE_URL" in finding.message
    assert "environments.staging.variables" in finding.message
    assert "${env:STAGING_DATABASE_URL}" in finding.message
    assert ("reason", detail) in finding.evidence


def test_a_missing_secret_may_also_come_from_the_platform() -> None:
    detail = "production value not copied: it is a api-key; declare this one's own"
    [finding] = run(one(missing("OPENAI_API_KEY", detail)))
    assert "${env:STAGING_OPENAI_API_KEY}" in finding.message and "from_platform" in finding.message


def test_an_unset_environment_variable_is_named() -> None:
    [finding] = run(one(missing("API_BASE_URL", "${env:STAGING_API_BASE_URL} is not set")))
    assert finding.message == (
        "API_BASE_URL in staging reads ${env:STAGING_API_BASE_URL}: "
        "set STAGING_API_BASE_URL where Parity runs"
    )


def test_a_required_variable_without_value_is_missing() -> None:
    required = VarSpec(required=True)
    assert rules(one(var("SUPPORT_EMAIL", None, declared=required))) == [
        ("env.missing", Severity.ERROR, "SUPPORT_EMAIL")
    ]
    [unset] = run(one(var("SUPPORT_EMAIL", None, origin=Origin.UNSET, declared=required)))
    assert "removes it (null)" in unset.message


@pytest.mark.parametrize("origin", [Origin.PLATFORM, Origin.GENERATED, Origin.REFERENCE])
def test_a_required_value_known_elsewhere_is_not_missing(origin: Origin) -> None:
    assert run(one(var("DATABASE_URL", None, origin=origin, declared=VarSpec(required=True)))) == []


def test_an_optional_variable_without_value_is_fine() -> None:
    assert run(one(var("SENTRY_DSN", None))) == []


def test_an_empty_value_is_a_warning_or_an_error_when_required() -> None:
    assert rules(one(var("SENDGRID_API_KEY", ""))) == [
        ("env.empty", Severity.WARNING, "SENDGRID_API_KEY")
    ]
    assert rules(one(var("SUPPORT_EMAIL", "  ", declared=VarSpec(required=True)))) == [
        ("env.empty", Severity.ERROR, "SUPPORT_EMAIL")
    ]


# --- type and format -----------------------------------------------------------------------


def declared(name: str, value: str, spec: VarSpec) -> CheckContext:
    return one(var(name, value, declared=spec), specs={name: spec})


@pytest.mark.parametrize(
    ("kind", "value"),
    [("int", "8000.5"), ("int", "eight"), ("float", "0,5"), ("bool", "maybe")],
)
def test_a_declared_number_or_flag_that_does_not_parse(kind: VarType, value: str) -> None:
    [finding] = run(declared("SETTING", value, VarSpec(type=kind)))
    assert (finding.rule, finding.severity) == ("env.type", Severity.ERROR)
    assert ("expected", kind) in finding.evidence


@pytest.mark.parametrize(
    ("kind", "value"),
    [("int", "-12"), ("float", "1e-3"), ("float", "3"), ("bool", "Off"), ("bool", "1")],
)
def test_a_declared_number_or_flag_that_parses(kind: VarType, value: str) -> None:
    assert run(declared("SETTING", value, VarSpec(type=kind))) == []


def test_a_port_must_be_a_number_whatever_the_schema_says() -> None:
    [finding] = run(one(var("SMTP_PORT", "submission")))
    assert (finding.rule, finding.variable) == ("env.type", "SMTP_PORT")
    assert "whole number" in finding.message and "'submission'" in finding.message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTP_TIMEOUT", "30s"),  # a type inferred from the name alone is not judged
        ("WORKERS", "auto"),
        ("DATABASE_URL", "sqlite:///data/app.db"),
        ("RAG_TOKEN_BUDGET", "4000"),
        ("EMAIL_FROM", "Shop <no-reply@shop.io>"),
        ("CORS_ORIGINS", "https://staging.accessa.ai,https://staging-app.accessa.ai"),
        ("AWS_S3_BUCKET", "s3://mina-audio-staging/uploads"),
    ],
)
def test_inferred_types_are_not_judged_against_the_value_they_came_from(
    name: str, value: str
) -> None:
    assert run(one(var(name, value))) == []


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        ("url", "staging.shop.io", "no scheme"),
        ("url", "https://", "no host"),
        ("url_list", "https://a.shop.io,b.shop.io", "not an absolute URL"),
        ("postgres_url", "mysql://app:Zq8v2LmR@db/app", "scheme is mysql"),
        ("redis_url", "http://cache:6379", "scheme is http"),
        ("amqp_url", "amqp://mq:port/vhost", "port"),
        ("email", "ops.shop.io", "not an email"),
        ("s3_bucket", "My_Bucket", "lowercase"),
        ("s3_bucket", "ab", "3 to 63"),
        ("s3_bucket", "192.168.1.10", "IP address"),
        ("s3_bucket", "shop..uploads", "two dots"),
        ("s3_bucket", "xn--shop", "reserved"),
    ],
)
def test_a_declared_format_that_is_wrong(kind: VarType, value: str, problem: str) -> None:
    [finding] = run(declared("TARGET", value, VarSpec(type=kind)))
    assert (finding.rule, finding.severity) == ("env.format", Severity.ERROR)
    assert problem in finding.message


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("url", "https://staging.shop.io/api"),
        ("url_list", "https://a.shop.io, https://b.shop.io"),
        ("postgres_url", "postgresql+asyncpg://app:Zq8v2LmR@db/app"),
        ("postgres_url", "postgresql:///app?host=/var/run/postgresql"),
        ("mongodb_url", "mongodb+srv://app:Zq8v2LmR@cluster0.mongodb.net/app"),
        ("redis_url", "rediss://default:Zq8v2LmR@cache.internal:6379/0"),
        ("email", "Shop Ops <ops@shop.io>"),
        ("s3_bucket", "s3://mina-audio-staging"),
        ("string", "anything at all"),
        ("secret", "anything at all"),
    ],
)
def test_a_declared_format_that_is_right(kind: VarType, value: str) -> None:
    assert run(declared("TARGET", value, VarSpec(type=kind))) == []


def test_an_inferred_url_is_still_judged_for_its_port_and_host() -> None:
    [port] = run(one(var("DATABASE_URL", "postgresql://app:Zq8v2LmR0pTx@db:54x2/app")))
    assert (port.rule, port.variable) == ("env.format", "DATABASE_URL")
    [host] = run(one(var("API_URL", "https://")))
    assert "no host" in host.message


def test_a_password_in_a_url_is_masked_in_message_and_evidence() -> None:
    value = "mysql://app:Zq8v2LmR0pTx@db.internal:3306/app"
    [finding] = run(declared("DATABASE_URL", value, VarSpec(type="postgres_url")))
    assert "Zq8v2LmR0pTx" not in text_of(finding)
    assert "app:****@db.internal" in finding.message


# --- range, choices, pattern ---------------------------------------------------------------


def test_a_number_outside_its_range() -> None:
    spec = VarSpec(type="int", min=1, max=10)
    [finding] = run(declared("WEB_CONCURRENCY", "11", spec))
    assert (finding.rule, finding.severity) == ("env.range", Severity.ERROR)
    assert "between 1 and 10" in finding.message and "11" in finding.message
    assert run(declared("WEB_CONCURRENCY", "10", spec)) == []
    assert rules(declared("RATIO", "-0.5", VarSpec(min=0))) == [
        ("env.range", Severity.ERROR, "RATIO")
    ]


def test_bounds_make_a_number_expected() -> None:
    [finding] = run(declared("RATIO", "half", VarSpec(max=1)))
    assert finding.rule == "env.type" and "at most 1" in finding.message


def test_a_value_that_is_not_one_of_the_choices() -> None:
    spec = VarSpec(choices=("DEBUG", "INFO", "WARNING"))
    [finding] = run(declared("LOG_LEVEL", "verbose", spec))
    assert (finding.rule, finding.severity) == ("env.choice", Severity.ERROR)
    assert "DEBUG, INFO, WARNING" in finding.message
    [case] = run(declared("LOG_LEVEL", "info", spec))
    assert "did you mean INFO" in case.message
    assert run(declared("LOG_LEVEL", "INFO", spec)) == []


def test_a_value_that_does_not_match_its_pattern() -> None:
    spec = VarSpec(pattern=r"^org-[A-Za-z0-9]+$")
    [finding] = run(declared("OPENAI_ORG", "acme", spec))
    assert (finding.rule, finding.severity) == ("env.pattern", Severity.ERROR)
    assert run(declared("OPENAI_ORG", "org-Acme42", spec)) == []


def test_a_malformed_pattern_is_one_schema_error_not_a_crash() -> None:
    spec = VarSpec(pattern="([unclosed")
    ctx = context(
        service("api", var("REGION", "eu", declared=spec, line=3)),
        service("worker", var("REGION", "us", declared=spec, line=9)),
        specs={"REGION": spec},
    )
    assert [(f.rule, f.service) for f in run(ctx)] == [("schema.pattern", None)]


def test_a_secret_value_is_never_quoted() -> None:
    spec = VarSpec(type="int", secret=True, choices=("1", "2"), pattern="^[12]$")
    [finding] = run(declared("LICENSE_SEAT_TOKEN", "Zq8v2LmR0pTx", spec))
    assert finding.rule == "env.type" and "Zq8v2LmR0pTx" not in text_of(finding)
    spec = VarSpec(choices=("a", "b"), secret=True, pattern="^[ab]$", min=None)
    for finding in run(declared("LICENSE_SEAT_TOKEN", "Zq8v2LmR0pTx", spec)):
        assert "Zq8v2LmR0pTx" not in text_of(finding)


# --- what is skipped, and what is reported once --------------------------------------------


@pytest.mark.parametrize("origin", [Origin.PLATFORM, Origin.GENERATED, Origin.REFERENCE])
def test_values_parity_does_not_know_are_not_judged(origin: Origin) -> None:
    spec = VarSpec(type="int")
    assert run(one(var("WEB_CONCURRENCY", "many", origin=origin, declared=spec),
                   specs={"WEB_CONCURRENCY": spec})) == []  # fmt: skip


def test_a_placeholder_is_left_to_the_placeholder_check() -> None:
    assert run(declared("PORT", "<port>", VarSpec(type="int"))) == []


def test_one_finding_for_a_variable_shared_by_services() -> None:
    shared = var("SMTP_PORT", "submission", line=4)
    ctx = context(service("worker", shared), service("api", shared), service("cron"))
    [finding] = run(ctx)
    assert finding.service == "api,worker"


def test_one_finding_per_service_where_each_declares_its_own() -> None:
    ctx = context(
        service("api", var("SMTP_PORT", "submission", line=4)),
        service("worker", var("SMTP_PORT", "submission", line=12)),
    )
    assert sorted(f.service or "" for f in run(ctx)) == ["api", "worker"]


# --- real values ---------------------------------------------------------------------------


def corpus(shared: Path, name: str) -> dict[str, str]:
    return {k: v for k, v in dotenv_values(shared / "corpus" / "dotenv" / name).items() if v}


@pytest.mark.parametrize(
    ("file", "names"),
    [
        ("render-examples__dify-render-template__api__.env.example",
         ["DEBUG", "REDIS_PORT", "REDIS_SOCKET_TIMEOUT", "CELERY_BROKER_URL",
          "MILVUS_URI", "CODE_MAX_NUMBER", "OTEL_SAMPLING_RATE", "WEB_API_CORS_ALLOW_ORIGINS"]),
        ("outline__outline__.env.sample", ["REDIS_URL", "PORT", "FILE_STORAGE_UPLOAD_MAX_SIZE"]),
        ("18F__culper__.env.staging", ["API_BASE_URL", "CORS_ALLOWED", "SAML_IDP_SSO_URL"]),
        ("hoppscotch__hoppscotch__.env.example", ["WHITELISTED_ORIGINS", "VITE_BACKEND_WS_URL"]),
        ("Dayotter__dayotter__.env.example", ["EMAIL_FROM"]),
    ],
)  # fmt: skip
def test_real_values_are_not_flagged(shared: Path, file: str, names: list[str]) -> None:
    found = corpus(shared, file)
    assert run(one(*(var(name, found[name]) for name in names))) == []


@given(
    name=st.text(min_size=1, max_size=30),
    value=st.one_of(st.none(), st.text(max_size=80)),
    origin=st.sampled_from(list(Origin)),
    kind=st.sampled_from(["string", "int", "float", "bool", "url", "postgres_url", "mysql_url",
                          "mongodb_url", "redis_url", "amqp_url", "s3_bucket", "email",
                          "url_list", "secret"]),
    low=st.one_of(st.none(), st.floats(allow_nan=False)),
    pattern=st.one_of(st.none(), st.sampled_from(["(", "^a+$", "[", "x{2,1}", r"\d", "*"])),
    choices=st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3).map(tuple)),
    secret=st.booleans(),
)  # fmt: skip
def test_the_check_never_raises(
    name: str,
    value: str | None,
    origin: Origin,
    kind: VarType,
    low: float | None,
    pattern: str | None,
    choices: tuple[str, ...] | None,
    secret: bool,
) -> None:
    spec = VarSpec(type=kind, min=low, pattern=pattern, choices=choices, secret=secret)
    if secret and value is not None:
        value = "Zq9x" + value  # marked, so that finding it in a message means it leaked
    findings = run(one(var(name, value, origin=origin, spec=spec), specs={name: spec}))
    if secret and value is not None:
        assert all(value.strip() not in text_of(f) for f in findings)
