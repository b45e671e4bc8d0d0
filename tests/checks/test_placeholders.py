"""Placeholders: values copied from a template or the docs and never filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dotenv import dotenv_values
from hypothesis import given
from hypothesis import strategies as st

from parity.checks.base import CheckContext
from parity.checks.placeholders import check, looks_like_placeholder, placeholder_reason
from parity.findings import Finding, Severity
from parity.model import VarSpec
from parity.resolved import Origin
from tests.checks.factories import context, one, service, var

REAL_HEX = "9f2c4e1a7b3d5f60819a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70"
REAL_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiIsInJlZiI6InF3ZXJ0In0.k3Jx9Lq2Zt8VwB1nM4pR6sYe"


def run(ctx: CheckContext) -> list[Finding]:
    return list(check(ctx))


def text_of(finding: Finding) -> str:
    return finding.message + " " + " ".join(f"{k}={v}" for k, v in finding.evidence)


@pytest.mark.parametrize(
    "value",
    [
        "<your-key>", "<INSERT_RANDOM_STRING>", "{{ api_key }}", "changeme", "change-me",
        "change_me", "CHANGE-ME-to-a-long-random-string", "replace-me", "REPLACE_WITH_LONG_SECRET",
        "REPLACE_ME_NOW!", "xxx", "XXXXXXXX", "xx-xxxx-x", "your-key-here", "your_api_key",
        "your aws access key", "insert-api-key-here", "bucket_name_here", "todo", "TBD", "FIXME",
        "fixme-postgres-password", "placeholder", "...", "sk-...", "pk_test_...", "sk-staging-...",
        "G-...", "postgresql://...", "***REMOVED***", "---", "/path/to/device.pem",
        "generate_a_new_key", "get_a_key_from_aws", "https://example.com/hooks/1",
        "https://cal.example.com", "ops@example.org", "https://your-project.supabase.co",
        "https://staging-project.supabase.co/storage/v1", "staging-db.supabase.co",
        "https://<your_account_name>.blob.core.windows.net",
        "postgresql://user:pass@staging-db.host:5432/mina_staging",
        "postgresql://username:password@db.internal:5432/app",
        "postgresql://staging_user:staging_pass@staging-db:5432/staging_db",
        "postgresql://app:Zq8v2LmR0pTx@host:5432/app", "redis://shared-redis.host:6379/1",
    ],
)  # fmt: skip
def test_placeholders_anywhere(value: str) -> None:
    assert looks_like_placeholder(value)
    assert looks_like_placeholder(value, secret=True)


@pytest.mark.parametrize(
    "value",
    [
        "staging_pass", "staging_service_role_key", "staging_openai_key", "staging_anon_key",
        "prod-api-token", "password", "secret", "test", "foo", "bar", "example", "dummy",
        "veryverysecret", "testpassword", "secret-key", "secret-value", "myaccesstoken",
        "password123", "DEADBEEF", "LNBITS_ADMIN_KEY", "KEY",
    ],
)  # fmt: skip
def test_placeholders_where_a_secret_belongs(value: str) -> None:
    assert looks_like_placeholder(value, secret=True)
    assert not looks_like_placeholder(value)  # ENVIRONMENT=test, VAULT_MOUNT=secret are real


@pytest.mark.parametrize(
    "value",
    [
        "INFO", "staging", "false", "0", "test", "secret", "text-embedding-3-small",
        "1.0.0-staging", "https://staging.accessa.ai",
        "https://staging.accessa.ai,https://staging-app.accessa.ai", "redis://staging-redis:6379/0",
        "Shop <no-reply@shop.io>", "db.abcdefghijklmnopqrst.supabase.co", "mina-audio-staging",
        "#mina-staging-alerts", "* * * * *", "%(asctime)s %(message)s", "upload_pipeline",
        "Pacific Time (US & Canada)", "/var/lib/app/data", "LOG_LEVEL", "Todo App", "Click here",
        "Your privacy matters", "You deserve better", "Get a quote", "changement",
    ],
)  # fmt: skip
def test_real_values_are_not_placeholders(value: str) -> None:
    assert not looks_like_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        REAL_HEX, REAL_JWT, "QaHbTe77CtuXmsfyhR7+vRjI/+XbV1AaFy691iy+kGDv2Jvy0/eAh8Y1",
        "postgresql://app:Zq8v2LmR0pTx@db.internal:5432/app", "https://abcdefghijklmnopqrst.supabase.co",
        "difyai123456", "sk-proj-4eC39HqLyjWDarjtT1zdp7dcAbC123", "correct horse battery staple",
    ],
)  # fmt: skip
def test_real_secrets_are_not_placeholders(value: str) -> None:
    assert not looks_like_placeholder(value, secret=True)


def test_a_reason_never_quotes_the_value() -> None:
    for value in ("staging_openai_key", "sk-staging-...", "<Zq8v2LmR0pTx>", "user:pass@x.host"):
        reason = placeholder_reason(value, secret=True)
        assert reason is not None and value not in reason


def test_a_placeholder_secret_is_an_error_whose_message_hides_it() -> None:
    [finding] = run(one(var("OPENAI_API_KEY", "staging_openai_key", line=7)))
    assert (finding.rule, finding.severity, finding.variable) == (
        "env.placeholder",
        Severity.ERROR,
        "OPENAI_API_KEY",
    )
    assert "staging_openai_key" not in text_of(finding)
    assert ("value", "(sensitive)") in finding.evidence
    assert finding.location is not None and finding.location.line == 7


def test_a_placeholder_signing_key_says_how_to_generate_one() -> None:
    [finding] = run(one(var("SECRET_KEY", "changeme")))
    assert "secrets.token_hex(32)" in finding.message and "changeme" not in text_of(finding)


def test_a_placeholder_resource_is_an_error_that_masks_the_url_password() -> None:
    value = "postgresql://staging_user:staging_pass@staging-db:5432/staging_db"
    [finding] = run(one(var("DATABASE_URL", value)))
    assert finding.severity is Severity.ERROR
    assert "staging_pass" not in text_of(finding)
    assert "staging_user:****@staging-db" in finding.message
    assert "staging's database" in finding.message


def test_a_placeholder_in_an_ordinary_variable_is_a_warning_showing_the_value() -> None:
    [finding] = run(one(var("SUPPORT_PAGE_TITLE", "TODO")))
    assert finding.severity is Severity.WARNING and "'TODO'" in finding.message
    [required] = run(one(var("SUPPORT_PAGE_TITLE", "TODO", declared=VarSpec(required=True))))
    assert required.severity is Severity.ERROR


def test_a_common_word_is_a_placeholder_only_where_a_secret_belongs() -> None:
    assert run(one(var("ENVIRONMENT", "test"), var("NODE_ENV", "test"))) == []
    assert [f.variable for f in run(one(var("DB_PASSWORD", "test")))] == ["DB_PASSWORD"]
    assert [f.variable for f in run(one(var("AWS_ACCESS_KEY_ID", "access-key")))] == [
        "AWS_ACCESS_KEY_ID"
    ]


def test_unknown_and_empty_values_are_not_judged() -> None:
    ctx = one(
        var("OPENAI_API_KEY", None, origin=Origin.PLATFORM),
        var("SECRET_KEY", "changeme", origin=Origin.GENERATED),
        var("SENDGRID_API_KEY", ""),
    )
    assert run(ctx) == []


def test_one_finding_for_a_placeholder_shared_by_services() -> None:
    shared = var("OPENAI_API_KEY", "sk-...", line=3)
    [finding] = run(context(service("worker", shared), service("api", shared)))
    assert finding.service == "api,worker"


def seed_values(shared: Path, name: str) -> dict[str, str]:
    text = (shared / "seeds" / name).read_text()
    found = re.finditer(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE)
    return {m[1]: m[2].partition("  #")[0].strip() for m in found}


def test_the_seed_template_is_full_of_placeholders(shared: Path) -> None:
    seeds = seed_values(shared, "001_9b0287f97aa73ce4.txt")
    flagged = {f.variable for f in run(one(*(var(n, v) for n, v in seeds.items())))}
    assert {
        "DATABASE_URL", "SUPABASE_DB_PASSWORD", "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY",
        "SERVICE_ROLE_KEY", "SUPABASE_ANON_KEY", "OPENAI_API_KEY", "LLAMAPARSE_API_KEY",
        "ANTHROPIC_API_KEY", "API_BASE_URL",
    } <= flagged  # fmt: skip
    assert not flagged & {
        "ENVIRONMENT", "DEBUG", "LOG_LEVEL", "NODE_ENV", "DATABASE_SCHEMA", "CORS_ORIGINS",
        "RAG_TOKEN_BUDGET", "RAG_EMBEDDING_MODEL", "RAG_SIMILARITY_THRESHOLD", "APP_VERSION",
        "SERVICE_PORT", "WORKERS", "MAX_REQUESTS",
    }  # fmt: skip


def test_the_seed_quick_start_placeholders(shared: Path) -> None:
    seeds = seed_values(shared, "004_e1ebe32183f54649.txt")
    flagged = {f.variable for f in run(one(*(var(n, v) for n, v in seeds.items())))}
    assert {"SECRET_KEY", "SESSION_SECRET", "DATABASE_URL", "OPENAI_API_KEY"} <= flagged
    assert not flagged & {"AWS_S3_BUCKET", "SHARE_BASE_URL", "LOG_LEVEL", "RATE_LIMIT_PER_MINUTE"}


@pytest.mark.parametrize(
    ("file", "flagged", "clean"),
    [
        ("render-examples__dify-render-template__api__.env.example",
         ["S3_SECRET_KEY", "S3_BUCKET_NAME", "AZURE_BLOB_ACCOUNT_URL", "TIDB_VECTOR_HOST"],
         ["DEBUG", "REDIS_PORT", "MILVUS_URI", "CODE_EXECUTION_API_KEY", "ETL_TYPE"]),
        ("outline__outline__.env.sample", ["DATABASE_URL"], ["REDIS_URL", "PORT", "FORCE_HTTPS"]),
        ("18F__culper__.env.staging", [], ["API_BASE_URL", "CORS_ALLOWED", "SAML_IDP_SSO_URL"]),
        ("lnbits__lnbits__.env.example", ["LNBITS_KEY", "ALBY_ACCESS_TOKEN"],
         ["LNBITS_SITE_TITLE", "LNBITS_THEME_OPTIONS", "LNBITS_SITE_DESCRIPTION"]),
    ],
)  # fmt: skip
def test_real_example_files(shared: Path, file: str, flagged: list[str], clean: list[str]) -> None:
    found = dotenv_values(shared / "corpus" / "dotenv" / file)
    ctx = one(*(var(name, found[name]) for name in flagged + clean))
    assert sorted(f.variable or "" for f in run(ctx)) == sorted(flagged)


@given(st.text(max_size=120), st.booleans())
def test_detection_never_raises(value: str, secret: bool) -> None:
    assert isinstance(looks_like_placeholder(value, secret=secret), bool)


@given(st.text(max_size=30), st.text(max_size=80), st.sampled_from(list(Origin)))
def test_the_check_never_raises_and_never_quotes_a_secret(
    name: str, value: str, origin: Origin
) -> None:
    marked = "Zq9x" + value
    spec = VarSpec(secret=True)
    for finding in run(one(var(name, marked, origin=origin, spec=spec))):
        assert marked.strip() not in text_of(finding)
