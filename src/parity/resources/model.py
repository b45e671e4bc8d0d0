"""The vocabulary of resource identity: what one configuration value points at."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A keyed fingerprint (HMAC) of a secret, e.g. "fp:1a2b...". Injected so raw secrets never
#: live in a Resource and equal secrets still match across environments.
Fingerprint = Callable[[str], str]

KINDS: tuple[str, ...] = (
    "database", "cache", "broker", "bucket", "credential", "api-key", "sentry-project",
    "supabase-project", "render-resource", "channel", "webhook", "domain", "search",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource a value identifies: equal `kind` and `identity` mean the same resource.

    `server` is what it lives on (for "same server, different database"), `label` is safe to
    print (never a password, token or key), and `scope` notes a partial separation inside the
    resource, such as a PostgreSQL schema.
    """

    kind: str
    identity: tuple[str, ...]
    server: tuple[str, ...] | None
    label: str
    scope: str | None = None


#: Value type names from the manifest schema, mapped to the kind they declare. Kinds map to
#: themselves; `None` means "a type that identifies no resource" (numbers, flags, emails).
_HINT_KINDS: dict[str, str | None] = {
    **{kind: kind for kind in KINDS},
    "postgres_url": "database", "mysql_url": "database", "mongodb_url": "database",
    "redis_url": "cache", "amqp_url": "broker", "s3_bucket": "bucket", "gcs_bucket": "bucket",
    "secret": "api-key", "api_key": "api-key", "token": "api-key", "password": "credential",
    "url": "url", "url_list": "url", "hostname": "domain", "host": "domain", "origin": "domain",
    "sentry_dsn": "sentry-project", "slack_channel": "channel", "webhook_url": "webhook",
    "elasticsearch_url": "search", "opensearch_url": "search", "search_url": "search",
    "int": None, "float": None, "bool": None, "email": None,
}  # fmt: skip

_NAME_WORD = re.compile(r"[A-Z0-9]+")

#: What a variable's name says about its value: trait -> a pattern searched in the upper-cased
#: name. Secret words count where a word ends (API_KEY, APIKEY, DB_PASS), not where one merely
#: starts or contains them (KEYWORD, TOKENIZER, BYPASS, PASSENGER).
_NAME_PATTERNS: dict[str, re.Pattern[str]] = {
    "secret": re.compile(
        r"(?:KEY|TOKEN|SECRET|CREDENTIAL|SALT)S?(?![A-Z])|PASSWORD|PASSWD|PASSPHRASE"
        r"|(?<!BY)(?<!COM)PASS(?![A-Z])|DSN(?![A-Z])|PRIVATE(?![A-Z0-9_])"
    ),
    "password": re.compile(r"PASSWORD|PASSWD|PASSPHRASE|(?<!BY)(?<!COM)PASS(?![A-Z])"),
    "hosts": re.compile(r"HOST|DOMAIN|ORIGIN"),
    "bucket": re.compile(r"BUCKET"),
    "webhook": re.compile(r"WEBHOOK|HOOK_URL"),
    "sentry": re.compile(r"SENTRY"),
    "channel": re.compile(r"CHANNEL|SLACK"),
}

#: Traits said by whole words of the name only, where a fragment would match too much
#: (GS in LOGS, DIR in REDIRECT).
_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "path": ("PATH", "FILE", "DIR", "FILENAME"),
    "bucket-attribute": ("REGION", "ENDPOINT", "PREFIX", "PATH", "FOLDER", "DIR", "ACL",
                         "POLICY", "CLASS", "TTL", "SIZE", "LIMIT", "VERSION", "VERSIONING",
                         "ENABLED", "EXPIRY", "EXPIRES"),
    "gcs": ("GCS", "GCP", "GOOGLE", "GS"),
    "r2": ("R2",),
}  # fmt: skip

#: Marks a hint that says the value identifies nothing.
NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class Context:
    """What is known about a value besides its text: what its variable's name says and the
    kind its schema declares.

    `traits` are keys of the name tables above ("secret", "hosts", ...); `hint` is a kind
    from KINDS, "url", NOTHING, or None when the schema declares nothing useful.
    """

    traits: frozenset[str]
    hint: str | None
    fingerprint: Fingerprint

    def says(self, trait: str) -> bool:
        """Whether the variable's name says `trait` ("secret", "hosts", "bucket", ...)."""
        return trait in self.traits


def normalize_hint(hint: str | None) -> str | None:
    """The kind a schema hint declares: a kind, "url", NOTHING, or None when it says nothing."""
    if hint is None:
        return None
    key = hint.strip().lower()
    if key in _HINT_KINDS:
        return _HINT_KINDS[key] or NOTHING
    return None


def name_traits(name: str) -> frozenset[str]:
    """What the variable name `name` says about its value, as trait names."""
    upper = name.upper()
    words = frozenset(_NAME_WORD.findall(upper))
    said = {trait for trait, pattern in _NAME_PATTERNS.items() if pattern.search(upper)}
    said.update(t for t, names in _NAME_WORDS.items() if not words.isdisjoint(names))
    return frozenset(said)


def build_context(name: str, hint: str | None, fingerprint: Fingerprint) -> Context:
    """The Context of a value of variable `name`, declared of kind `hint`."""
    return Context(name_traits(name), normalize_hint(hint), fingerprint)
