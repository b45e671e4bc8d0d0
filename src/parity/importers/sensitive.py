"""Which imported variables carry a secret or a resource, and what staging is given instead.

Both importers follow one rule: a secret value is never written into the manifest, and staging
never inherits production's secrets or resources. Staging reads `${env:STAGING_<NAME>}` instead,
so the user supplies staging's own value when Parity runs.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from parity.infer import infer_spec
from parity.model import VarSpec

_NOT_ENV_NAME = re.compile(r"[^A-Za-z0-9_]")

_TYPE_PHRASES = {
    "postgres_url": "a PostgreSQL database",
    "mysql_url": "a MySQL database",
    "mongodb_url": "a MongoDB database",
    "redis_url": "a Redis instance",
    "amqp_url": "a message broker",
    "s3_bucket": "an S3 bucket",
}
_RESOURCE_PHRASES = {
    "database": "a database",
    "cache": "a cache",
    "broker": "a message broker",
    "bucket": "a storage bucket",
    "credential": "a credential",
    "api-key": "an API key",
    "sentry-project": "a Sentry project",
    "supabase-project": "a Supabase project",
    "render-resource": "a Render resource",
    "channel": "a notification channel",
    "webhook": "a webhook",
    "domain": "a domain",
    "search": "a search index",
}


def classify(name: str, value: str) -> VarSpec:
    """The schema Parity infers for a variable from its name and (text) value."""
    return infer_spec(name, value)


def is_sensitive(spec: VarSpec) -> bool:
    """True when staging must not share the value: a secret, or a resource such as a database."""
    return spec.secret is True or spec.resource is not None


def carries_secret(spec: VarSpec, value: str) -> bool:
    """True when the value must not be written into the manifest.

    A secret, or a connection URL with a password in it: inference counts such a URL as a
    resource rather than a secret (it is masked where shown), but its text still holds one.
    """
    return spec.secret is True or _has_password(value)


def _has_password(value: str) -> bool:
    if "://" not in value:
        return False
    try:
        return bool(urlsplit(value.strip()).password)
    except ValueError:
        return False


def schema_entry(spec: VarSpec) -> dict[str, Any]:
    """The informative fields of a variable's schema, as plain data for `variables:`.

    Defaults are left out, and so is `secret: false`: leaving it unset means "infer it".
    """
    entry = spec.model_dump(mode="json", exclude_defaults=True)
    if entry.get("secret") is False:
        del entry["secret"]
    return entry


def staging_env_name(name: str) -> str:
    """The process-environment variable that gives staging its own value of `name`."""
    return "STAGING_" + _NOT_ENV_NAME.sub("_", name).upper()


def staging_placeholder(name: str) -> str:
    """The manifest value that makes staging read its own value at run time."""
    return "${env:" + staging_env_name(name) + "}"


def describe(spec: VarSpec) -> str:
    """A short phrase for what a sensitive variable holds, e.g. 'a PostgreSQL database'."""
    if spec.type in _TYPE_PHRASES:
        return _TYPE_PHRASES[spec.type]
    if spec.resource is not None:
        return _RESOURCE_PHRASES.get(spec.resource, "a resource")
    return "a secret"


def own_value_decision(name: str, spec: VarSpec) -> str:
    """The sentence asking the user to give staging its own value of `name`."""
    return f"{name} is {describe(spec)}; give staging its own (set {staging_env_name(name)})"


def literal(text: str) -> str:
    """Text as a manifest value: `${` is written `$${` so it is never read as a reference."""
    return text.replace("${", "$${")
