"""The app's own domains, from URLs, URL lists and host lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import LOOPBACK, Resource

Identify = Callable[..., tuple[Resource, ...]]


def domains(found: tuple[Resource, ...]) -> list[str]:
    assert all(r.kind == "domain" for r in found)
    return [r.identity[1] for r in found]


def test_an_app_url_is_its_domain_with_host_normalised(find: Identify) -> None:
    assert find("https://App.Example.com.:8443/path?q=1") == (
        Resource("domain", ("domain", "app.example.com"), None, "domain app.example.com"),
    )
    assert domains(find("wss://ws.example.com/socket")) == ["ws.example.com"]


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1", "https://api.anthropic.com", "https://api.stripe.com",
        "https://sqs.us-east-1.amazonaws.com", "https://fonts.googleapis.com/css",
        "https://api.sendgrid.com/v3", "https://api.mistral.ai", "https://api.cloud.llamaindex.ai",
        "https://github.com/acme/app", "https://api.cloudflare.com/client/v4",
        "https://registry.npmjs.org", "https://o1.ingest.sentry.io",
    ],
)  # fmt: skip
def test_public_provider_urls_are_no_domain(find: Identify, url: str) -> None:
    assert find(url) == ()


def test_loopback_urls_are_one_domain(find: Identify) -> None:
    assert domains(find("http://localhost:3000")) == [LOOPBACK]
    assert domains(find("http://127.0.0.1:8000/api")) == [LOOPBACK]


def test_a_password_in_an_app_url_is_a_credential(find: Identify) -> None:
    found = find("https://admin:hunter2@app.example.com/")
    assert [r.kind for r in found] == ["domain", "credential"]
    assert all("hunter2" not in r.label for r in found)


@pytest.mark.parametrize(
    "value",
    [
        "https://a.example.com,https://b.example.com",
        "https://a.example.com; https://b.example.com",
        "https://a.example.com https://b.example.com:8443",
        '["https://a.example.com", "https://b.example.com/"]',
    ],
)
def test_lists_of_urls_and_origins(find: Identify, value: str) -> None:
    assert domains(find(value, "CORS_ORIGINS")) == ["a.example.com", "b.example.com"]
    assert domains(find(value, "ANYTHING")) == ["a.example.com", "b.example.com"]


def test_a_list_mixing_kinds_yields_each(find: Identify) -> None:
    found = find("https://app.example.com,redis://cache.example.com:6380")
    assert [r.kind for r in found] == ["domain", "cache"]


def test_duplicates_in_a_list_are_one_resource(find: Identify) -> None:
    assert domains(find("https://a.example.com/x,https://a.example.com/y")) == ["a.example.com"]


def test_host_lists_by_name(find: Identify) -> None:
    value = ".example.com, app.example.com:8000,*.render.com,*,api.openai.com,127.0.0.1"
    assert domains(find(value, "ALLOWED_HOSTS")) == ["example.com", "app.example.com", LOOPBACK]
    assert domains(find("example.com", "MAIL_DOMAIN")) == ["example.com"]
    assert domains(find("[::1]", "TRUSTED_ORIGIN_HOSTS")) == [LOOPBACK]
    assert find(value, "SOMETHING") == ()


def test_host_lists_skip_all_interfaces(find: Identify) -> None:
    assert find("0.0.0.0", "HOST") == ()
    assert find("::", "BIND_HOST") == ()


@pytest.mark.parametrize(
    ("value", "name"),
    [("true", "SELF_HOSTED"), ("redis", "REDIS_HOST"), ("plane", "RABBITMQ_VHOST"),
     ("5432", "DB_HOST_PORT"), ("not a host!", "DOMAIN"), ("a.example.com,not_a:host", "HOSTS")],
)  # fmt: skip
def test_values_of_host_named_variables_that_are_no_host_list(
    find: Identify, value: str, name: str
) -> None:
    assert find(value, name) == ()


def test_a_declared_host_list_may_hold_single_labels(find: Identify) -> None:
    assert domains(find("web,worker", "NAMES", "domain")) == ["web", "worker"]


def test_platform_hosts_in_host_lists(find: Identify) -> None:
    found = find("abcdefghijklmnopqrst.supabase.co,app.example.com", "ALLOWED_HOSTS")
    assert [r.kind for r in found] == ["supabase-project", "domain"]
