"""Object storage buckets: S3, Google Cloud Storage and Cloudflare R2, in every URL style."""

from __future__ import annotations

import re

from parity.resources.model import Context, Resource
from parity.resources.urls import Url

BUCKET_SCHEMES: dict[str, str] = {"s3": "s3", "s3a": "s3", "s3n": "s3", "gs": "gcs"}

_BUCKET = re.compile(r"[a-z0-9][a-z0-9._\-]{1,254}")
_S3_PATH_STYLE = re.compile(r"s3(?:[.\-][a-z0-9\-]+)*\.amazonaws\.com(?:\.cn)?")
_S3_VIRTUAL = re.compile(r"(?P<bucket>.+?)\.s3(?:[.\-][a-z0-9\-]+)*\.amazonaws\.com(?:\.cn)?")
_GCS_PATH_STYLE = frozenset({"storage.googleapis.com", "storage.cloud.google.com"})
_GCS_VIRTUAL_SUFFIX = ".storage.googleapis.com"
_R2_SUFFIX = ".r2.cloudflarestorage.com"
_R2_JURISDICTIONS = frozenset({"eu", "fedramp"})
_R2_PUBLIC_SUFFIX = ".r2.dev"
_ARN = re.compile(r"arn:aws(?:-[a-z\-]+)?:s3:::(?P<bucket>[^/\s]+)(?:/\S*)?")


def bucket(provider: str, name: str) -> Resource | None:
    """The bucket `name` at `provider` ("s3", "gcs", "r2"), or None if it is no bucket name."""
    lowered = name.lower()
    if _BUCKET.fullmatch(lowered) is None:
        return None
    return Resource("bucket", ("bucket", provider, lowered), None, f"{provider} bucket {lowered}")


def scheme_bucket(url: Url) -> Resource | None:
    """The bucket of an `s3://bucket/prefix` or `gs://bucket` URL."""
    return bucket(BUCKET_SCHEMES[url.scheme], url.host)


def web_bucket(url: Url) -> Resource | None:
    """The bucket an https URL addresses, virtual-hosted or path style; None for other hosts."""
    host = url.host
    if host.endswith(".amazonaws.com") or host.endswith(".amazonaws.com.cn"):
        if _S3_PATH_STYLE.fullmatch(host):
            return bucket("s3", _first_segment(url.path))
        virtual = _S3_VIRTUAL.fullmatch(host)
        return bucket("s3", virtual["bucket"]) if virtual else None
    if host in _GCS_PATH_STYLE:
        return bucket("gcs", _first_segment(url.path))
    if host.endswith(_GCS_VIRTUAL_SUFFIX):
        return bucket("gcs", host.removesuffix(_GCS_VIRTUAL_SUFFIX))
    if host.endswith(_R2_SUFFIX):
        return _r2_bucket(host.removesuffix(_R2_SUFFIX), url.path)
    if host.endswith(_R2_PUBLIC_SUFFIX):
        return bucket("r2.dev", host.removesuffix(_R2_PUBLIC_SUFFIX))
    return None


def _r2_bucket(prefix: str, path: str) -> Resource | None:
    # <account>.r2... is path style; <bucket>.<account>.r2... is virtual-hosted. Bucket names are
    # unique per account only, but a bare R2 bucket name carries no account, so neither does the
    # identity: a false "shared" is safer than a missed one.
    labels = [label for label in prefix.split(".") if label not in _R2_JURISDICTIONS]
    name = labels[0] if len(labels) > 1 else _first_segment(path)
    return bucket("r2", name)


def arn_bucket(text: str) -> Resource | None:
    """The bucket of an S3 ARN, `arn:aws:s3:::bucket/key`."""
    found = _ARN.fullmatch(text)
    return bucket("s3", found["bucket"]) if found else None


def is_bucket_name(context: Context) -> bool:
    """Whether the variable's name says it holds a bucket name (S3_BUCKET, not BUCKET_REGION)."""
    return context.says("bucket") and not context.says("bucket-attribute")


def bare_bucket(text: str, context: Context) -> Resource | None:
    """A bare bucket name (`assets-prod`, `assets-prod/uploads`) declared as one by hint or name."""
    if context.says("gcs"):
        return bucket("gcs", text.split("/", 1)[0])
    return bucket("r2" if context.says("r2") else "s3", text.split("/", 1)[0])


def _first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]
