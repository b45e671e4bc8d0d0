"""Object storage buckets in every URL style, and bare names only where declared."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import Resource

Identify = Callable[..., tuple[Resource, ...]]


@pytest.mark.parametrize(
    "url",
    [
        "s3://media-prod/uploads/2024",
        "s3a://media-prod",
        "https://media-prod.s3.amazonaws.com/photo.jpg",
        "https://media-prod.s3.eu-west-1.amazonaws.com",
        "https://media-prod.s3-eu-west-1.amazonaws.com/x",
        "https://media-prod.s3.dualstack.us-east-1.amazonaws.com/x",
        "https://s3.eu-west-1.amazonaws.com/media-prod/photo.jpg",
        "https://s3.amazonaws.com/media-prod",
        "https://s3-us-west-2.amazonaws.com/Media-Prod/",
        "arn:aws:s3:::media-prod/uploads/*",
    ],
)
def test_every_s3_spelling_is_one_bucket(find: Identify, url: str) -> None:
    assert find(url) == (
        Resource("bucket", ("bucket", "s3", "media-prod"), None, "s3 bucket media-prod"),
    )


def test_dotted_bucket_names_in_virtual_hosted_style(find: Identify) -> None:
    assert find("https://assets.example.com.s3.amazonaws.com/x")[0].identity == (
        "bucket", "s3", "assets.example.com"
    )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["gs://media-prod/x", "https://storage.googleapis.com/media-prod/x",
     "https://media-prod.storage.googleapis.com/x"],
)  # fmt: skip
def test_google_cloud_storage(find: Identify, url: str) -> None:
    assert find(url)[0].identity == ("bucket", "gcs", "media-prod")


@pytest.mark.parametrize(
    "url",
    [
        "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/media-prod",
        "https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com/media-prod/x",
        "https://media-prod.0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/x",
    ],
)
def test_cloudflare_r2(find: Identify, url: str) -> None:
    assert [r.identity for r in find(url)] == [("bucket", "r2", "media-prod")]


def test_s3_hosts_that_are_not_buckets_yield_nothing(find: Identify) -> None:
    assert find("https://s3.amazonaws.com/") == ()
    assert find("https://sqs.us-east-1.amazonaws.com/123/queue") == ()


@pytest.mark.parametrize(
    ("value", "name", "hint", "provider"),
    [
        ("media-prod", "S3_BUCKET", None, "s3"),
        ("media-prod", "AWS_STORAGE_BUCKET_NAME", None, "s3"),
        ("Media-Prod/uploads", "UPLOAD_BUCKET", None, "s3"),
        ("media-prod", "GCS_BUCKET", None, "gcs"),
        ("media-prod", "R2_BUCKET_NAME", None, "r2"),
        ("media-prod", "STORAGE", "s3_bucket", "s3"),
        ("media-prod", "STORAGE", "bucket", "s3"),
    ],
)
def test_bare_bucket_names_where_declared(
    find: Identify, value: str, name: str, hint: str | None, provider: str
) -> None:
    assert [r.identity for r in find(value, name, hint)] == [("bucket", provider, "media-prod")]


def test_bare_bucket_names_need_a_declaration(find: Identify) -> None:
    assert find("media-prod", "STORAGE") == ()
    assert find("media-prod") == ()


@pytest.mark.parametrize("name", ["S3_BUCKET_REGION", "BUCKET_PREFIX", "LOGS_BUCKET_ENDPOINT"])
def test_attributes_of_a_bucket_are_not_bucket_names(find: Identify, name: str) -> None:
    assert find("us-east-1", name) == ()


def test_a_bare_name_and_a_url_of_one_bucket_match(find: Identify) -> None:
    bare = find("media-prod", "S3_BUCKET")[0]
    url = find("https://media-prod.s3.amazonaws.com")[0]
    assert bare.identity == url.identity
