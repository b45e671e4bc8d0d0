"""API keys and signing secrets: by shape or by name, always by fingerprint."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import Resource, is_live_payment_credential, key_provider

Identify = Callable[..., tuple[Resource, ...]]
BODY = "4eC39HqLyjWDarjtT1zdp7dc"


@pytest.mark.parametrize(
    ("value", "provider"),
    [
        (f"sk-{BODY}", "OpenAI key"),
        (f"sk-proj-{BODY}", "OpenAI project key"),
        (f"sk-ant-api03-{BODY}", "Anthropic key"),
        (f"sk_live_{BODY}", "Stripe live secret key"),
        (f"sk_test_{BODY}", "Stripe test secret key"),
        (f"rk_live_{BODY}", "Stripe live restricted key"),
        (f"rk_test_{BODY}", "Stripe test restricted key"),
        (f"pk_live_{BODY}", "Stripe live publishable key"),
        (f"pk_test_{BODY}", "Stripe test publishable key"),
        (f"whsec_{BODY}", "webhook signing secret"),
        (f"xoxb-1234-5678-{BODY}", "Slack bot token"),
        (f"xoxp-1234-5678-{BODY}", "Slack user token"),
        (f"xapp-1-A1234-{BODY}", "Slack app token"),
        (f"SG.{BODY}.{BODY}", "SendGrid key"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
        ("ASIAIOSFODNN7EXAMPLE", "AWS temporary access key id"),
        (f"ghp_{BODY}", "GitHub personal access token"),
        (f"gho_{BODY}", "GitHub OAuth token"),
        (f"github_pat_11ABC_{BODY}", "GitHub fine-grained token"),
        (f"glpat-{BODY}", "GitLab access token"),
        (f"AIzaSy{BODY}", "Google API key"),
        ("key-0123456789abcdef0123456789abcdef", "Mailgun key"),
        ("re_123abc45_6789DEFghiJKLmno", "Resend key"),
        (f"phc_{BODY}", "PostHog project key"),
        (f"llx-{BODY}", "LlamaParse key"),
        (f"rnd_{BODY}", "Render API key"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "JWT"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----", "private key"),
    ],
)
def test_key_provider_names_known_shapes(value: str, provider: str) -> None:
    assert key_provider(value) == provider
    assert key_provider(f"  {value}\n") == provider


@pytest.mark.parametrize(
    "value",
    ["sk-", "sk_live_", "sk-my-cluster-name-here", "key-value-store-namespace", "re_enable_flags",
     "AKIA", "hello", "", "eyJnotajwt", "ghp_short1"],
)  # fmt: skip
def test_key_provider_ignores_lookalikes(value: str) -> None:
    assert key_provider(value) is None


def test_live_payment_credentials() -> None:
    assert is_live_payment_credential(f"sk_live_{BODY}")
    assert is_live_payment_credential(f"rk_live_{BODY}")
    assert not is_live_payment_credential(f"pk_live_{BODY}")
    assert not is_live_payment_credential(f"sk_test_{BODY}")
    assert not is_live_payment_credential("sk_live_")


def test_a_shaped_key_is_an_api_key_whatever_its_name(
    find: Identify, fingerprint: Callable[[str], str]
) -> None:
    value = f"sk_live_{BODY}"
    assert find(value, "SOMETHING") == (
        Resource("api-key", ("api-key", fingerprint(value)), None,
                 f"Stripe live secret key {fingerprint(value)}"),
    )  # fmt: skip


def test_a_list_of_keys_is_one_resource_each(find: Identify) -> None:
    found = find(f"sk-{BODY}1, sk-{BODY}2", "OPENAI_KEYS")
    assert [r.kind for r in found] == ["api-key", "api-key"]
    assert found[0].identity != found[1].identity


@pytest.mark.parametrize(
    "name",
    ["SECRET_KEY", "API_KEY", "APIKEY", "GITHUB_TOKEN", "CLIENT_SECRET", "DB_PASSWORD",
     "SMTP_PASSWD", "DB_PASS", "GOOGLE_CREDENTIALS", "JWT_PRIVATE", "HASH_SALT", "DATABASE_DSN",
     "API_KEYS"],
)  # fmt: skip
def test_a_secret_name_makes_any_value_a_key(find: Identify, name: str) -> None:
    key = find("django-insecure-abc123", name)[0]
    assert key.kind == "api-key"
    assert key.label.startswith("secret fp:")


def test_a_password_is_also_the_credential_a_url_carries(find: Identify) -> None:
    key, credential = find("hunter2hunter2", "DB_PASSWORD")
    assert (key.kind, credential.kind) == ("api-key", "credential")
    assert credential.label == f"password {credential.identity[1]}"
    in_url = find("postgresql://app:hunter2hunter2@db.example.com/app")[1]
    assert credential.identity == in_url.identity
    assert [r.kind for r in find("hunter2hunter2", "DB_LOGIN", "credential")] == [
        "api-key",
        "credential",
    ]
    assert [r.kind for r in find("hunter2hunter2", "API_TOKEN")] == ["api-key"]


def test_a_declared_secret_is_a_key_whatever_its_name(find: Identify) -> None:
    assert find("correct horse battery", "GREETING", "secret")[0].kind == "api-key"
    assert find("correct horse battery", "GREETING", "api-key")[0].kind == "api-key"
    assert find("correct horse battery", "GREETING") == ()


@pytest.mark.parametrize(
    "name",
    [
        "KEYWORD_SOURCE",
        "TOKENIZER_MODEL",
        "BYPASS_CACHE_FOR",
        "PASSENGER_APP_ENV",
        "KEYCLOAK_REALM",
    ],
)
def test_words_that_merely_contain_a_secret_word_are_not_secret_names(
    find: Identify, name: str
) -> None:
    assert find("some-configured-value", name) == ()


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("short", "API_KEY"),
        ("86400000", "TOKEN_TTL_MS"),
        ("/etc/secrets/gcp.json", "GOOGLE_APPLICATION_CREDENTIALS"),
        ("./certs/key.pem", "TLS_KEY"),
        ("anything-at-all-here", "SSL_KEY_PATH"),
        ("noreply@example.com", "PASSWORD_RESET_SENDER_TOKEN"),
        ("${PUSHER_APP_KEY}", "MIX_PUSHER_APP_KEY"),
        ("$OTHER_SECRET", "APP_SECRET"),
    ],
)
def test_values_a_secret_name_does_not_make_secret(find: Identify, value: str, name: str) -> None:
    assert find(value, name) == ()


def test_int_bool_and_email_types_identify_nothing(find: Identify) -> None:
    assert find("12345678901", "TOKEN_TTL", "int") == ()
    assert find("ops@example.com", "ALERT_EMAIL", "email") == ()
    assert find(f"sk_live_{BODY}", "FLAG", "bool") == ()


def test_labels_never_show_the_key(find: Identify) -> None:
    for value, name in [(f"sk_live_{BODY}", ""), ("hunter2hunter2", "DB_PASSWORD")]:
        for resource in find(value, name):
            assert value not in resource.label
            assert value not in resource.identity
