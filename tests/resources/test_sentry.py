"""Sentry DSNs: the project, never the key."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import Resource

Identify = Callable[..., tuple[Resource, ...]]
KEY = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("dsn", "identity"),
    [
        (f"https://{KEY}@o123456.ingest.sentry.io/4505", ("o123456.ingest.sentry.io", "4505")),
        (f"https://{KEY}@o123456.ingest.us.sentry.io/45", ("o123456.ingest.us.sentry.io", "45")),
        (f"https://{KEY}:deadbeefsecret@sentry.io/123", ("sentry.io", "123")),
    ],
)
def test_saas_dsns_whatever_the_name(find: Identify, dsn: str, identity: tuple[str, ...]) -> None:
    (project,) = find(dsn, "ERROR_REPORTING")
    assert project.kind == "sentry-project"
    assert project.identity == ("sentry", *identity)
    assert KEY not in project.label
    assert "deadbeefsecret" not in project.label


def test_the_key_is_not_part_of_the_identity(find: Identify) -> None:
    one = find(f"https://{KEY}@o1.ingest.sentry.io/42")[0]
    other = find("https://ffffffffffffffffffffffffffffffff@o1.ingest.sentry.io/42")[0]
    assert one.identity == other.identity


def test_self_hosted_dsns_need_the_name_or_the_hint(find: Identify) -> None:
    dsn = f"https://{KEY}@sentry.example.com/5"
    assert find(dsn, "SENTRY_DSN")[0].identity == ("sentry", "sentry.example.com", "5")
    assert find(dsn, "ERRORS", "sentry-project")[0].kind == "sentry-project"
    assert [r.kind for r in find(dsn, "ERRORS")] == ["domain"]


def test_self_hosted_port_and_path_prefix(find: Identify) -> None:
    project = find(f"https://{KEY}@sentry.example.com:9000/sentry/7", "SENTRY_DSN")[0]
    assert project.identity == ("sentry", "sentry.example.com:9000", "7")


def test_a_sentry_url_without_a_project_is_no_dsn(find: Identify) -> None:
    assert find("https://sentry.io/organizations/acme/", "SENTRY_URL") == ()
