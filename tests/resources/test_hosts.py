"""Host normalisation and the table of public provider hosts."""

from __future__ import annotations

import pytest

from parity.resources import LOOPBACK, PUBLIC_PROVIDER_HOSTS, is_public_provider_host
from parity.resources.hosts import is_valid_host, normalize_host


@pytest.mark.parametrize(
    ("host", "normal"),
    [
        ("DB.Example.COM", "db.example.com"),
        ("db.example.com.", "db.example.com"),
        ("[2001:DB8::1]", "2001:db8::1"),
        ("localhost", LOOPBACK),
        ("LocalHost.", LOOPBACK),
        ("127.0.0.1", LOOPBACK),
        ("127.42.1.9", LOOPBACK),
        ("::1", LOOPBACK),
        ("[::1]", LOOPBACK),
        ("[0:0:0:0:0:0:0:1]", LOOPBACK),
        ("::ffff:127.0.0.1", LOOPBACK),
        ("127.example.com", "127.example.com"),
        ("[::1%eth0]", LOOPBACK),
        ("[not:an:address]", "not:an:address"),
    ],
)
def test_normalize_host(host: str, normal: str) -> None:
    assert normalize_host(host) == normal


@pytest.mark.parametrize(
    "host",
    [
        "api.openai.com", "API.OpenAI.com.", "api.anthropic.com", "api.stripe.com",
        "s3.amazonaws.com", "bucket.s3.eu-west-1.amazonaws.com", "www.googleapis.com",
        "fonts.googleapis.com", "api.sendgrid.com", "smtp.sendgrid.net", "smtp.mailgun.org",
        "smtp.postmarkapp.com", "email-smtp.us-east-1.amazonaws.com", "api.mistral.ai",
        "api.llamaindex.ai", "api.cloud.llamaindex.ai", "hooks.slack.com", "sentry.io",
        "o1.ingest.sentry.io", "github.com", "api.github.com", "api.cloudflare.com",
        "registry.npmjs.org", "pypi.org", "ghcr.io",
    ],
)  # fmt: skip
def test_public_provider_hosts(host: str) -> None:
    assert is_public_provider_host(host)


@pytest.mark.parametrize(
    "host",
    ["localhost", "app.example.com", "myapp.onrender.com", "abcdefghijklmnopqrst.supabase.co",
     "amazonaws.com.evil.example", "notsentry.io", "api.openai.com.example.com"],
)  # fmt: skip
def test_hosts_that_are_not_public_providers(host: str) -> None:
    assert not is_public_provider_host(host)


def test_the_table_is_lower_case_and_wildcards_are_leading() -> None:
    for entry in PUBLIC_PROVIDER_HOSTS:
        assert entry == entry.lower()
        assert "*" not in entry[1:]


@pytest.mark.parametrize("host", ["db", "db.example.com", "[::1]", "10.0.0.1", "my_host"])
def test_valid_hosts(host: str) -> None:
    assert is_valid_host(host)


@pytest.mark.parametrize("host", ["", "-db", "db..example", "a b", "[zz]", "db:5432"])
def test_invalid_hosts(host: str) -> None:
    assert not is_valid_host(host)
