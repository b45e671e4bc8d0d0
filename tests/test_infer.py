"""Inference: a variable's type, secrecy and resource from its name and value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.infer import (
    effective_spec,
    infer_spec,
    is_secret_name,
    is_signing_secret_name,
    name_implied_type,
)
from parity.model import VarSpec

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("DATABASE_URL", "postgresql://app:pw@db.internal:5432/app", "postgres_url"),
        ("PRIMARY", "postgres://app:pw@db.internal/app", "postgres_url"),
        ("PRIMARY", "postgresql+asyncpg://app:pw@db.internal/app", "postgres_url"),
        ("PRIMARY", "postgis://app:pw@db.internal/app", "postgres_url"),
        ("LEGACY", "mysql+pymysql://app:pw@db.internal/app", "mysql_url"),
        ("LEGACY", "mysql2://app:pw@db.internal/app", "mysql_url"),
        ("LEGACY", "mariadb://app:pw@db.internal/app", "mysql_url"),
        ("DOCS", "mongodb+srv://app:pw@cluster0.mongodb.net/app", "mongodb_url"),
        ("STORE", "rediss://default:pw@cache.internal:6379/0", "redis_url"),
        ("STORE", "valkey://cache.internal:6379", "redis_url"),
        ("QUEUE", "amqps://app:pw@mq.internal:5671/vhost", "amqp_url"),
        ("SOMEWHERE", "https://api.shop.io/v1", "url"),
        ("HOOKS", "https://a.shop.io,https://b.shop.io", "url_list"),
        ("HOOKS", "https://a.shop.io, https://b.shop.io", "url_list"),
        ("CORS_ORIGINS", "https://staging.accessa.ai", "url_list"),
        ("UPLOADS", "s3://mina-audio-staging", "s3_bucket"),
        ("WEB_CONCURRENCY", "4", "int"),
        ("OFFSET", "-3", "int"),
        ("RAG_SIMILARITY_THRESHOLD", "0.3", "float"),
        ("DEBUG", "1", "bool"),
        ("DEBUG", "false", "bool"),
        ("FEATURE_SEARCH_ENABLED", "on", "bool"),
        ("USE_SSL", "no", "bool"),
        ("TRUST_PROXY", "True", "bool"),
        ("REPLICAS", "1", "int"),  # 1 is a number unless the name is a flag
        ("MODE", "on", "string"),  # on/off/yes/no are words unless the name is a flag
        ("ADMIN_EMAIL", "ops@shop.io", "email"),
        ("EMAIL_FROM", "Shop <no-reply@shop.io>", "email"),
        ("DATABASE_URL", "sqlite:///data/app.db", "string"),  # unknown scheme: not judged as a URL
        ("CORS", "http://localhost:3000,*", "string"),
        ("APP_VERSION", "1.0.0-staging", "string"),
        ("RAG_EMBEDDING_MODEL", "text-embedding-3-small", "string"),
    ],
)
def test_the_type_follows_the_value(name: str, value: str, kind: str) -> None:
    assert infer_spec(name, value).type == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("DATABASE_URL", "postgres_url"),
        ("NEXT_PRIVATE_DIRECT_DATABASE_URL", "postgres_url"),
        ("SUPABASE_DB_URL", "postgres_url"),
        ("POSTGRES_URL", "postgres_url"),
        ("MYSQL_URL", "mysql_url"),
        ("MONGODB_URI", "mongodb_url"),
        ("REDIS_URL", "redis_url"),
        ("EVENT_BUS_REDIS_URL", "redis_url"),
        ("CACHE_URL", "redis_url"),
        ("CELERY_BROKER_URL", "amqp_url"),
        ("RABBITMQ_URL", "amqp_url"),
        ("AWS_S3_BUCKET", "s3_bucket"),
        ("UPLOAD_BUCKET_NAME", "s3_bucket"),
        ("API_URL", "url"),
        ("OIDC_TOKEN_URI", "url"),
        ("OTLP_TRACE_ENDPOINT", "url"),
        ("CORS_ORIGINS", "url_list"),
        ("CALLBACK_URLS", "url_list"),
        ("PORT", "int"),
        ("SMTP_PORT", "int"),
        ("HTTP_TIMEOUT", "int"),
        ("RAG_MAX_CHUNKS", "int"),
        ("WORKERS", "int"),
        ("RETRY_COUNT", "int"),
        ("ADMIN_EMAIL", "email"),
        ("LOG_LEVEL", "string"),
        ("AWS_BUCKET_REGION", "string"),
    ],
)
def test_the_name_decides_when_there_is_no_value(name: str, kind: str) -> None:
    assert infer_spec(name, None).type == kind
    assert infer_spec(name, "").type == kind
    assert infer_spec(name, "  ").type == kind


def test_the_value_beats_the_name() -> None:
    assert infer_spec("CELERY_BROKER_URL", "redis://cache.internal:6379/1").type == "redis_url"
    assert infer_spec("HTTP_TIMEOUT", "30s").type == "string"
    assert infer_spec("API_URL", "localhost:3000").type == "string"


def test_a_name_that_implies_its_type_beats_the_value() -> None:
    assert name_implied_type("SMTP_PORT") == "int"
    assert infer_spec("SMTP_PORT", "submission").type == "int"
    assert infer_spec("AWS_S3_BUCKET", "mina-audio-staging").type == "s3_bucket"
    assert name_implied_type("COUCHBASE_BUCKET_NAME") is None  # not S3: bucket rules differ
    assert name_implied_type("HTTP_TIMEOUT") is None


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY", "API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN", "CLIENT_SECRET", "DB_PASSWORD",
        "DB_PASS", "SMTP_PASSWD", "RABBITMQ_DEFAULT_PASS", "DATABASE_CREDENTIALS", "PRIVATE_KEY",
        "PASSWORD_SALT", "SENTRY_DSN", "TWILIO_AUTH", "FLOWER_BASIC_AUTH", "COOKIE_SECRET",
        "JWT_SIGNING", "SLACK_WEBHOOK_URL", "SUPABASE_ANON_KEY", "NEXT_PUBLIC_SUPABASE_ANON_KEY",
        "SUPABASE_SERVICE_ROLE_KEY", "AWS_SECRET_ACCESS_KEY", "SECRET_KEY_BASE", "SMTP_APIKEY",
        "NEXT_PRIVATE_SMTP_PASSWORD", "apiKey", "dbPassword", "ALIYUN_SLS_ACCESS_KEY_SECRET",
    ],
)  # fmt: skip
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)
    assert infer_spec(name, None).secret is True


@pytest.mark.parametrize(
    "name",
    [
        "AWS_ACCESS_KEY_ID", "GOOGLE_SERVICE_ACCOUNT_PRIVATE_KEY_ID", "TENCENT_COS_SECRET_ID",
        "STRIPE_PUBLISHABLE_KEY", "UPLOADCARE_PUBLIC_KEY", "RECAPTCHA_SITE_KEY", "JIRA_PROJECT_KEY",
        "NEXT_PUBLIC_POSTHOG_KEY", "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "REDIS_KEY_PREFIX",
        "JWT_KEYS_DIR", "JWT_KEY_FILE", "SSL_KEY_PATH", "RAG_TOKEN_BUDGET", "MAX_TOKENS",
        "OPENAI_MAX_TOKENS", "ACCESS_TOKEN_EXPIRE_MINUTES", "MIN_PASSWORD_LENGTH", "AUTHOR_NAME",
        "AUTH_PROVIDER", "GITLAB_AUTH_URL", "OIDC_TOKEN_URI", "ENABLE_PASSWORD_LOGIN",
        "PASSWORD_RESET_ENABLED", "NEXT_PRIVATE_SMTP_APIKEY_USER", "KEYWORD_INDEX", "PWD",
        "PROXY_BYPASS", "HOLOGRES_TOKENIZER", "ALLOW_PRIVATE_NETWORK_ACCESS", "LOG_LEVEL",
    ],
)  # fmt: skip
def test_names_that_describe_a_secret_or_a_public_key_are_not_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_a_key_shaped_value_is_secret_whatever_its_name() -> None:
    stripe = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    assert infer_spec("NOTES", stripe).secret is True
    assert infer_spec("NOTES", stripe).resource == "api-key"
    assert infer_spec("SOMETHING", JWT).secret is True
    assert infer_spec("SOMETHING", "pk_live_" + "4eC39HqLyjWDarjtT1zdp7dc").secret is False


def test_an_access_key_id_is_an_identifier_of_a_key() -> None:
    spec = infer_spec("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    assert (spec.secret, spec.resource) == (False, "api-key")


def test_connection_urls_and_file_paths_are_not_secret() -> None:
    assert infer_spec("DATABASE_DSN", "postgresql://app:pw@db/app").secret is False
    assert infer_spec("REDIS_URL", None).secret is False
    assert infer_spec("GOOGLE_APPLICATION_CREDENTIALS", "/etc/secrets/gcp.json").secret is False
    assert infer_spec("GOOGLE_APPLICATION_CREDENTIALS", "{...json...}").secret is True


@pytest.mark.parametrize(
    ("name", "value", "resource"),
    [
        ("DATABASE_URL", "postgresql://app:pw@db/app", "database"),
        ("LEGACY_DB", "mysql://app:pw@db/app", "database"),
        ("DOCS", "mongodb://db/app", "database"),
        ("REDIS_URL", None, "cache"),
        ("CELERY_BROKER_URL", "amqp://mq", "broker"),
        ("UPLOADS", "s3://bucket-a", "bucket"),
        ("GOOGLE_STORAGE_BUCKET_NAME", "shop-uploads", "bucket"),
        ("SENTRY_DSN", "https://abc@o1.ingest.sentry.io/2", "sentry-project"),
        ("OPENAI_API_KEY", None, "api-key"),
        ("GITHUB_TOKEN", None, "api-key"),
        ("DB_PASSWORD", None, "credential"),
        ("SECRET_KEY", None, "credential"),
        ("SLACK_ALERTS_CHANNEL", "alerts", "channel"),
        ("ALERTS", "#mina-staging-alerts", "channel"),
        ("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/x", "webhook"),
        ("SUPABASE_URL", "https://abcdefghijklmnopqrst.supabase.co", "supabase-project"),
        ("NEXT_PUBLIC_SUPABASE_URL", None, "supabase-project"),
        ("COOKIE_DOMAIN", ".shop.io", "domain"),
        ("ALLOWED_HOSTS", "shop.io", "domain"),
        ("CORS_ORIGINS", "https://shop.io", "domain"),
        ("API_BASE_URL", "https://api.shop.io", "domain"),
        ("NEXT_PUBLIC_APP_URL", "https://shop.io", "domain"),
        ("SITE_URL", "https://shop.io", "domain"),
        ("AWS_ACCESS_KEY_ID", None, "api-key"),
    ],
)
def test_the_resource_a_variable_names(name: str, value: str | None, resource: str) -> None:
    assert infer_spec(name, value).resource == resource


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("THEME_COLOR", "#ff00aa"),
        ("LOG_LEVEL", "INFO"),
        ("PROXY_APP_URL", "https://proxy.hoppscotch.io"),
        ("NEXT_PRIVATE_ALLOWED_SIGNUP_DOMAINS", "shop.io"),
        ("AWS_BUCKET_REGION", "us-east-1"),
    ],
)
def test_values_that_name_no_resource(name: str, value: str) -> None:
    assert infer_spec(name, value).resource is None


@pytest.mark.parametrize(
    ("name", "signing"),
    [
        ("SECRET_KEY", True), ("DJANGO_SECRET_KEY", True), ("JWT_SECRET_KEY", True),
        ("SECRET_KEY_BASE", True), ("SESSION_SECRET", True), ("JWT_SECRET", True),
        ("NEXTAUTH_SECRET", True), ("BETTER_AUTH_SECRET", True), ("APP_KEY", True),
        ("DATA_ENCRYPTION_KEY", True), ("JWT_SIGNING_KEY", True), ("PASSWORD_SALT", True),
        ("REDASH_COOKIE_SECRET", True), ("GITHUB_WEBHOOK_SECRET", True),
        ("S3_SECRET_KEY", False), ("STRIPE_SECRET_KEY", False), ("PUSHER_APP_KEY", False),
        ("PUSHER_APP_SECRET", False), ("OPENAI_API_KEY", False), ("DB_PASSWORD", False),
        ("NEXT_PRIVATE_SIGNING_CSC_OAUTH_CLIENT_SECRET", False), ("ENCRYPTION_KEY_PATH", False),
    ],
)  # fmt: skip
def test_signing_secret_names(name: str, signing: bool) -> None:
    assert is_signing_secret_name(name) is signing


def test_explicitly_declared_fields_win_and_the_rest_is_inferred() -> None:
    declared = VarSpec(required=True, secret=False)
    spec = effective_spec("DATABASE_URL", declared, "postgresql://app:pw@db/app")
    assert (spec.type, spec.required, spec.secret, spec.resource) == (
        "postgres_url",
        True,
        False,
        "database",
    )


def test_secret_none_in_a_declaration_means_infer() -> None:
    assert effective_spec("OPENAI_API_KEY", VarSpec(secret=None), None).secret is True
    assert effective_spec("OPENAI_API_KEY", VarSpec(secret=False), None).secret is False


def test_a_declared_type_steers_the_inferred_resource() -> None:
    spec = effective_spec("SESSION_STORE", VarSpec(type="redis_url"), None)
    assert (spec.type, spec.resource) == ("redis_url", "cache")
    assert effective_spec("SIGNER", VarSpec(type="secret"), "x").secret is True


def test_an_explicit_default_is_not_confused_with_an_unset_field() -> None:
    # VarSpec(type="string") == VarSpec(): equal, but only one of them declares the type.
    value = "postgresql://app:pw@db/app"
    assert effective_spec("DATABASE_URL", VarSpec(type="string"), value).type == "string"
    assert effective_spec("DATABASE_URL", VarSpec(), value).type == "postgres_url"


def test_explicit_resource_none_says_the_variable_names_no_resource() -> None:
    assert effective_spec("DATABASE_URL", VarSpec(resource=None), None).resource is None


def test_inference_is_cached() -> None:
    first = infer_spec("CACHED_API_KEY", "k")
    assert infer_spec("CACHED_API_KEY", "k") is first
    assert infer_spec.cache_info().hits > 0


@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=200)))
def test_inference_never_raises(name: str, value: str | None) -> None:
    spec = infer_spec(name, value)
    assert isinstance(spec, VarSpec)
    assert effective_spec(name, VarSpec(required=True), value).required is True
    assert isinstance(is_secret_name(name), bool)


def seed_lines(shared: Path) -> dict[str, str]:
    """NAME=value lines written in the seed documents (last one wins)."""
    found: dict[str, str] = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        for match in re.finditer(r"^([A-Z][A-Z0-9_]*)=(\S*)", path.read_text(), re.MULTILINE):
            found[match[1]] = match[2]
    return found


def test_what_the_seed_documents_write(shared: Path) -> None:
    seeds = seed_lines(shared)
    assert infer_spec("RAG_TOKEN_BUDGET", seeds["RAG_TOKEN_BUDGET"]).secret is False
    assert infer_spec("RAG_TOKEN_BUDGET", seeds["RAG_TOKEN_BUDGET"]).type == "int"
    assert infer_spec("OPENAI_API_KEY", seeds["OPENAI_API_KEY"]).resource == "api-key"
    assert infer_spec("CORS_ORIGINS", seeds["CORS_ORIGINS"]).type == "url_list"
    assert infer_spec("AWS_S3_BUCKET", seeds["AWS_S3_BUCKET"]).resource == "bucket"
    assert infer_spec("DEBUG", seeds["DEBUG"]).type == "bool"


def test_the_real_corpus_client_ids_and_secrets(shared: Path) -> None:
    names = {
        match[1]
        for path in (shared / "corpus" / "dotenv").iterdir()
        for match in re.finditer(r"^([A-Z][A-Z0-9_]*)=", path.read_text(), re.MULTILINE)
    }
    assert {n for n in names if n.endswith("_CLIENT_ID") and is_secret_name(n)} == set()
    assert {n for n in names if n.endswith("_CLIENT_SECRET") and not is_secret_name(n)} == set()
    assert {n for n in names if n.endswith("_ENABLED") and is_secret_name(n)} == set()


@pytest.mark.parametrize(
    ("name", "value", "resource"),
    [
        ("SUPABASE_DB_HOST", "db.znvwzkdblknkkztqyfnu.supabase.co", "supabase-project"),
        ("PGHOST", "dpg-cn1qj2fsc6pc73d0aau0-a", "render-resource"),
        ("ALERTS", "#ops-alerts", "channel"),
        ("NOTIFY", "https://hooks.slack.com/services/T1/B2/abcdef", "webhook"),
        ("PARTNER_API", "https://api.partner.com/v1", None),
        ("MODEL", "text-embedding-3-small", None),
    ],
)
def test_a_value_whose_name_says_nothing_is_judged_by_its_shape(
    name: str, value: str, resource: str | None
) -> None:
    assert infer_spec(name, value).resource == resource
