"""The vocabulary: Resource, kinds, hints and what variable names say."""

from __future__ import annotations

import dataclasses

import pytest

from parity.resources import KINDS, Resource
from parity.resources.model import NOTHING, name_traits, normalize_hint


def test_resources_are_frozen_hashable_values() -> None:
    one = Resource("database", ("postgres", "h", "5432", "db"), ("postgres", "h", "5432"), "db")
    same = Resource("database", ("postgres", "h", "5432", "db"), ("postgres", "h", "5432"), "db")
    assert one == same
    assert len({one, same}) == 1
    assert one.scope is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.kind = "cache"  # type: ignore[misc]


def test_kinds() -> None:
    assert len(KINDS) == len(set(KINDS)) == 13
    assert {"database", "api-key", "render-resource", "search"} <= set(KINDS)


@pytest.mark.parametrize(
    ("hint", "kind"),
    [
        (None, None), ("database", "database"), ("postgres_url", "database"),
        ("redis_url", "cache"), ("amqp_url", "broker"), ("s3_bucket", "bucket"),
        ("secret", "api-key"), (" Secret ", "api-key"), ("password", "credential"),
        ("url_list", "url"),
        ("string", None), ("unheard-of", None),
        ("int", NOTHING), ("float", NOTHING), ("bool", NOTHING), ("email", NOTHING),
    ],
)  # fmt: skip
def test_normalize_hint(hint: str | None, kind: str | None) -> None:
    assert normalize_hint(hint) == kind


@pytest.mark.parametrize(
    ("name", "traits"),
    [
        ("DATABASE_URL", set()),
        ("api_key", {"secret"}),
        ("STRIPE_SECRET_KEY", {"secret"}),
        ("DB_PASS", {"secret", "password"}),
        ("SMTP_PASSWORD", {"secret", "password"}),
        ("BYPASS_AUTH", set()),
        ("KEYWORD_INDEX", set()),
        ("SSL_KEY_PATH", {"secret", "path", "bucket-attribute"}),
        ("ALLOWED_HOSTS", {"hosts"}),
        ("S3_BUCKET_REGION", {"bucket", "bucket-attribute"}),
        ("GCS_BUCKET", {"bucket", "gcs"}),
        ("LOGS_BUCKET", {"bucket"}),
        ("SLACK_WEBHOOK_URL", {"webhook", "channel"}),
        ("SENTRY_DSN", {"sentry", "secret"}),
    ],
)
def test_name_traits(name: str, traits: set[str]) -> None:
    assert name_traits(name) == traits
