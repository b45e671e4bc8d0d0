"""Infer a variable's schema from its name and value: its type, whether it is secret, what it names.

Types follow the value's shape first, so a value never fails the type inferred from it; the name
decides when the value is empty or absent, and overrides the value only where the name alone is
unambiguous (`name_implied_type`: `PORT`, `*_PORT`, S3 bucket names). Declarations win over all
of it (`effective_spec`). The table of secret-name words lives here, not under `parity.checks`:
derivation imports this module, and importing `parity.checks` runs its registry, which imports
the checks, which import this module: a cycle.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from parity.model import ResourceKind, VarSpec, VarType
from parity.resources import identify, key_provider
from parity.secrets import Fingerprinter

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+(?:\.\d*)?[eE][+-]?\d+)")
_EMAIL = re.compile(r"[^@\s<>,;:]+@[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_NUMBER_STARTS = frozenset("+-.0123456789")
_FILE_PATH = re.compile(r"(?:~|\.{1,2})?/[^\s:]*")
_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}")
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")

_SCHEME_TYPES: dict[str, VarType] = {
    "postgres": "postgres_url", "postgresql": "postgres_url", "postgis": "postgres_url",
    "mariadb": "mysql_url", "mongodb": "mongodb_url",
    "redis": "redis_url", "rediss": "redis_url", "valkey": "redis_url", "valkeys": "redis_url",
    "amqp": "amqp_url", "amqps": "amqp_url",
    "http": "url", "https": "url", "s3": "s3_bucket",
}  # fmt: skip
_TYPE_RESOURCES: dict[VarType, ResourceKind] = {
    "postgres_url": "database", "mysql_url": "database", "mongodb_url": "database",
    "redis_url": "cache", "amqp_url": "broker", "s3_bucket": "bucket",
}  # fmt: skip
#: Connection URLs carry a password, masked wherever they are shown; the URL itself is not secret.
_CONNECTION_TYPES = frozenset(_TYPE_RESOURCES) - {"s3_bucket"}

_FLAG_WORDS = frozenset({"DEBUG", "FLAG", "FEATURE", "ENABLE", "ENABLED", "DISABLE", "DISABLED",
                         "USE", "IS", "ALLOW"})  # fmt: skip
_FLAG_VALUES = frozenset({"yes", "no", "on", "off", "0", "1"})
_SECRET_WORDS = frozenset({
    "KEY", "KEYS", "TOKEN", "SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PWD",
    "PASSPHRASE", "CREDENTIAL", "CREDENTIALS", "CREDS", "SALT", "DSN", "APIKEY",
})  # fmt: skip
#: Words that mark a secret only as the name's last word: TWILIO_AUTH, but not AUTH_PROVIDER.
_SECRET_LAST_WORDS = frozenset({"AUTH", "SIGNING", "PRIVATE"})
_GLUED_SECRET_ENDINGS = (
    "APIKEY", "SECRETKEY", "ACCESSKEY", "PRIVATEKEY", "AUTHKEY", "MASTERKEY", "AUTHTOKEN",
    "ACCESSTOKEN", "APITOKEN", "SECRET", "PASSWORD", "PASSWD",
)  # fmt: skip
#: After a secret word, these say the variable describes the secret instead of holding it.
_DESCRIBES_SECRET = frozenset({
    "ID", "IDS", "SID", "URL", "URI", "URLS", "ENDPOINT", "HOST", "HOSTNAME", "PORT", "USER",
    "USERNAME", "NAME", "PATH", "FILE", "FILENAME", "DIR", "FOLDER", "PREFIX", "TYPE", "MODE",
    "HEADER", "FIELD", "PARAM", "LENGTH", "LEN", "LIMIT", "BUDGET", "COUNT", "SIZE", "TIMEOUT",
    "INTERVAL", "TTL", "EXPIRY", "EXPIRE", "EXPIRES", "EXPIRATION", "LIFETIME", "AGE", "MINUTES",
    "SECONDS", "HOURS", "DAYS", "MS", "WITHIN", "METHOD", "METHODS", "PROVIDER", "VERSION",
    "REQUIRED", "REGION", "ALGORITHM", "ALG", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "FORMAT",
    "LOCATION", "POLICY", "STRENGTH", "ROTATION", "ENCODING", "DOMAIN",
})  # fmt: skip
_PUBLIC_KEY_WORDS = frozenset({"PUBLIC", "PUBLISHABLE", "PUB", "SITE", "PROJECT", "PARTITION",
                               "SORT", "ROUTING", "IDEMPOTENCY"})  # fmt: skip
_PUBLIC_PREFIXES = (("NEXT", "PUBLIC"), ("EXPO", "PUBLIC"), ("NUXT", "PUBLIC"), ("PUBLIC",))
_PREFIXES = (*_PUBLIC_PREFIXES, ("NEXT", "PRIVATE"), ("REACT", "APP"), ("VITE",))
_PREFIX_STARTS = frozenset(prefix[0] for prefix in _PREFIXES)
_PUBLISHABLE_KEYS = ("pk_live_", "pk_test_", "sb_publishable_", "phc_")
_PASSWORD_WORDS = frozenset({"PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PWD", "PASSPHRASE",
                             "CREDENTIAL", "CREDENTIALS", "CREDS"})  # fmt: skip
_SIGNING_ENDINGS = (
    "_SECRET_KEY_BASE_", "_SESSION_SECRET_", "_SESSION_KEY_", "_JWT_SECRET_", "_JWT_KEY_",
    "_COOKIE_SECRET_", "_NEXTAUTH_SECRET_", "_AUTH_SECRET_", "_SALT_", "_HMAC_KEY_",
    "_HMAC_SECRET_", "_CSRF_SECRET_", "_WEBHOOK_SECRET_",
)  # fmt: skip
#: Owners of a `<OWNER>_SECRET_KEY` the application generates; a provider's secret key
#: (S3_SECRET_KEY, STRIPE_SECRET_KEY) is issued, so its strength is not the user's to judge.
_APP_KEY_OWNERS = frozenset({"APP", "DJANGO", "FLASK", "JWT", "AUTH", "SESSION", "COOKIE",
                             "SERVER", "API", "RAILS", "WEB", "SITE", "CSRF", "ADMIN", "BACKEND",
                             "SECURITY", "SIGNING", "ENCRYPTION"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Name:
    """A variable name split into upper-case words."""

    words: tuple[str, ...]  # every word: NEXT_PUBLIC_API_URL -> NEXT, PUBLIC, API, URL
    core: tuple[str, ...]  # without a framework prefix (NEXT_PUBLIC_, VITE_, ...)
    public: bool  # the prefix says the value is shipped to browsers
    padded: str  # "_NEXT_PUBLIC_API_URL_": whole-word substring tests

    @property
    def last(self) -> str:
        return self.words[-1] if self.words else ""

    @property
    def is_flag(self) -> bool:
        return not _FLAG_WORDS.isdisjoint(self.words)


@functools.lru_cache(maxsize=65536)
def _name(name: str) -> _Name:
    upper = name if name.isupper() else _CAMEL.sub("_", name).upper()
    if upper.isascii() and upper.replace("_", "").isalnum():
        words = tuple(word for word in upper.split("_") if word)  # the usual NAME_LIKE_THIS
    else:
        words = tuple(word for word in _NON_WORD.split(upper) if word)
    padded = "_" + "_".join(words) + "_"
    if words and words[0] in _PREFIX_STARTS:
        for prefix in _PREFIXES:
            if words[: len(prefix)] == prefix and len(words) > len(prefix):
                return _Name(words, words[len(prefix) :], prefix in _PUBLIC_PREFIXES, padded)
    return _Name(words, words, False, padded)


def _is_secret_word(word: str, *, last: bool) -> bool:
    if word in _SECRET_WORDS or (last and word in _SECRET_LAST_WORDS):
        return True
    return len(word) > 6 and word.endswith(_GLUED_SECRET_ENDINGS)


def _secret_by_name(name: _Name) -> bool:
    core = name.core
    if not core or name.is_flag or core in (("PWD",), ("OLDPWD",)):
        return False
    if "_ANON_KEY_" in name.padded:
        return True  # the Supabase anon key is public-ish, but it is still a per-project key
    if name.public:
        return False
    if "WEBHOOK" in core and core[-1] in ("URL", "URI"):
        return True  # a Slack or Discord webhook URL is itself the credential
    found = [i for i, word in enumerate(core) if _is_secret_word(word, last=i == len(core) - 1)]
    if not found or not _DESCRIBES_SECRET.isdisjoint(core[found[-1] + 1 :]):
        return False
    at = found[-1]
    return not (core[at] in ("KEY", "KEYS") and at > 0 and core[at - 1] in _PUBLIC_KEY_WORDS)


def is_secret_name(name: str) -> bool:
    """Whether the name says the variable holds a secret (API_KEY, DB_PASS, SESSION_SECRET, ...).

    Not for names that describe a secret (AWS_ACCESS_KEY_ID, TOKEN_BUDGET, JWT_KEY_FILE), public
    keys (STRIPE_PUBLISHABLE_KEY, NEXT_PUBLIC_*) or flags (ENABLE_PASSWORD_LOGIN).
    """
    return _said(name).secret


@functools.lru_cache(maxsize=65536)
def is_signing_secret_name(name: str) -> bool:
    """Whether the name marks a key the application generates to sign or encrypt (SECRET_KEY,
    SESSION_SECRET, *_ENCRYPTION_KEY, *_SALT, ...): one that must be long and random."""
    parsed = _name(name)
    return _secret_by_name(parsed) and _is_signing(parsed)


def _is_signing(parsed: _Name) -> bool:
    if not parsed.core:
        return False
    core, last = parsed.core, parsed.core[-1]
    if core in (("APP", "KEY"), ("APP", "SECRET"), ("SECRET",)):
        return True
    if core[-2:] == ("SECRET", "KEY"):
        return len(core) == 2 or core[-3] in _APP_KEY_OWNERS
    if last in ("KEY", "SECRET", "SALT", "PASSPHRASE") and len(core) > 1 and core[-2] == "SIGNING":
        return True
    if last in ("KEY", "SECRET") and "ENCRYPTION" in core:
        return True
    return ("_" + "_".join(core) + "_").endswith(_SIGNING_ENDINGS)


def _is_key_shaped(text: str) -> bool:
    # Publishable keys (pk_live_..., sb_publishable_...) are keys, but not secrets.
    return key_provider(text) is not None and not text.startswith(_PUBLISHABLE_KEYS)


def _is_bucket_name(name: _Name) -> bool:
    return name.last == "BUCKET" or name.words[-2:] == ("BUCKET", "NAME")


def name_implied_type(name: str) -> VarType | None:
    """The type the name alone implies so strongly that any value can be judged by it."""
    return _said(name).implied


def _implied_type(name: _Name) -> VarType | None:
    if name.last == "PORT":
        return "int"
    return "s3_bucket" if "S3" in name.words and _is_bucket_name(name) else None


def _type_from_name(name: _Name) -> VarType:
    padded, last, words = name.padded, name.last, name.words
    url_named = last in ("URL", "URI")
    if "_DATABASE_URL_" in padded or "_DATABASE_URI_" in padded or padded.endswith("_DB_URL_"):
        return "postgres_url"
    if url_named and ("POSTGRES" in words or "POSTGRESQL" in words):
        return "postgres_url"
    if url_named and ("MYSQL" in words or "MARIADB" in words):
        return "mysql_url"
    if url_named and ("MONGO" in words or "MONGODB" in words):
        return "mongodb_url"
    if url_named and ("REDIS" in words or padded.endswith("_CACHE_URL_")):
        return "redis_url"
    if url_named and ("BROKER" in words or "AMQP" in words or "RABBITMQ" in words):
        return "amqp_url"
    return _plain_type_from_name(name)


def _plain_type_from_name(name: _Name) -> VarType:
    last = name.last
    if _is_bucket_name(name):
        return "s3_bucket"
    if last in ("ORIGINS", "URLS"):
        return "url_list"
    if last in ("URL", "URI", "ENDPOINT"):
        return "url"
    if last in ("PORT", "TIMEOUT", "WORKERS", "COUNT") or "MAX" in name.words[:-1]:
        return "int"
    return "email" if last == "EMAIL" else "string"


class _Said(NamedTuple):
    """What a name alone says about its variable: worked out once per name, used for every value."""

    secret: bool
    implied: VarType | None  # a type so certain that any value is judged by it
    when_empty: VarType  # the type when there is no value to go by
    flag: bool  # DEBUG, ENABLE_*, *_ENABLED, USE_*: 1/0, on/off, yes/no are booleans
    listed: bool  # *_ORIGINS, *_URLS: one URL is a list of one
    email: bool
    identifier: bool  # *_ID: even a key-shaped value only names a key
    sentry: bool
    supabase: bool
    webhook: bool
    slack_channel: bool
    domain: bool
    bucket: bool
    credential: bool  # a password or a signing key rather than an API key
    key_id: bool


@functools.lru_cache(maxsize=65536)
def _said(name: str) -> _Said:
    parsed = _name(name)
    words = parsed.words
    return _Said(
        secret=_secret_by_name(parsed),
        implied=_implied_type(parsed),
        when_empty=_type_from_name(parsed),
        flag=parsed.is_flag,
        listed=parsed.last in ("ORIGINS", "URLS"),
        email="EMAIL" in words,
        identifier=parsed.last in ("ID", "SID"),
        sentry="SENTRY" in words and "DSN" in words,
        supabase=parsed.padded.endswith("_SUPABASE_URL_"),
        webhook="WEBHOOK" in words,
        slack_channel="SLACK" in words and "CHANNEL" in words,
        domain=_is_domain_name(parsed),
        bucket=_is_bucket_name(parsed),
        credential=not _PASSWORD_WORDS.isdisjoint(parsed.core) or _is_signing(parsed),
        key_id=words[-2:] == ("KEY", "ID"),
    )


def _type_from_value(value: str, said: _Said) -> VarType | None:
    scheme = _SCHEME.match(value) if "://" in value else None
    if scheme is not None:
        return _url_type(value, scheme.group(1), said)
    if value[0] in _NUMBER_STARTS:
        if _INT.fullmatch(value):
            return "bool" if said.flag and value in _FLAG_VALUES else "int"
        if _FLOAT.fullmatch(value):
            return "float"
    lowered = value.lower()
    if lowered in ("true", "false") or (said.flag and lowered in _FLAG_VALUES):
        return "bool"
    if "@" in value and (_EMAIL.fullmatch(value) or _is_named_email(value, said)):
        return "email"
    return None


def _is_named_email(value: str, said: _Said) -> bool:
    return said.email and value.count("@") == 1 and "," not in value


def _url_type(value: str, scheme: str, said: _Said) -> VarType | None:
    kind = _SCHEME_TYPES.get(scheme.lower().partition("+")[0])
    if kind is None and scheme.lower().startswith("mysql"):
        return "mysql_url"
    if "," in value:
        parts = [part.strip() for part in value.split(",")]
        return "url_list" if all(_is_http_url(part) for part in parts) else None
    return "url_list" if kind == "url" and said.listed else kind


def _is_http_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and len(text) > 8


def _infer_type(said: _Said, text: str) -> VarType:
    if said.implied is not None:
        return said.implied
    if not text:
        return said.when_empty
    return _type_from_value(text, said) or "string"


def _infer_secret(said: _Said, kind: VarType, text: str) -> bool:
    if kind == "secret":
        return True
    if kind in _CONNECTION_TYPES or (text[:1] in ("/", "~", ".") and _FILE_PATH.fullmatch(text)):
        return False
    if len(text) >= 12 and not said.identifier and _is_key_shaped(text):
        return True
    return said.secret


def _infer_resource(said: _Said, kind: VarType, secret: bool, text: str) -> ResourceKind | None:
    if said.sentry:
        return "sentry-project"
    if kind in _TYPE_RESOURCES:
        return _TYPE_RESOURCES[kind]
    if kind == "url" and (said.supabase or ".supabase.co" in text):
        return "supabase-project"
    if said.webhook and kind == "url":
        return "webhook"
    if said.slack_channel or _is_channel_value(text):
        return "channel"
    if said.domain:
        return "domain"
    if said.bucket:
        return "bucket"
    if secret:
        return "credential" if said.credential else "api-key"
    return "api-key" if said.key_id else None


def _is_channel_value(value: str) -> bool:
    return value[:1] == "#" and bool(_CHANNEL.fullmatch(value)) and not _HEX_COLOR.fullmatch(value)


def _is_domain_name(name: _Name) -> bool:
    padded = name.padded
    if name.last == "DOMAIN" or "ORIGINS" in name.words or "_ALLOWED_HOSTS_" in padded:
        return True
    exact = name.core in (("APP", "URL"), ("SITE", "URL"))
    return exact or padded.endswith(("_BASE_URL_", "_PUBLIC_URL_"))


@functools.lru_cache(maxsize=1024)
def _spec(kind: VarType, secret: bool, resource: ResourceKind | None) -> VarSpec:
    # Few distinct (type, secret, resource) triples exist: share one frozen spec per triple.
    return VarSpec(type=kind, secret=secret, resource=resource)


@functools.lru_cache(maxsize=65536)
def _infer(name: str, value: str | None, kind: VarType | None) -> VarSpec:
    said, text = _said(name), (value or "").strip()
    kind = kind or _infer_type(said, text)
    secret = _infer_secret(said, kind, text)
    resource = _infer_resource(said, kind, secret, text)
    if resource is None and kind in _SHAPE_TYPES and _may_name_a_host(text):
        resource = _resource_by_shape(name, text)
    return _spec(kind, secret, resource)


#: Types whose values may name a resource that neither the name nor the type revealed.
_SHAPE_TYPES = frozenset({"string", "url", "url_list"})
#: Kinds read from a value's shape, strongest first. Bare domains are left out on purpose: a
#: partner's API URL is commonly shared by design, and the isolation check still warns on it.
_SHAPE_KINDS: tuple[ResourceKind, ...] = (
    "database",
    "cache",
    "broker",
    "bucket",
    "search",
    "supabase-project",
    "render-resource",
    "sentry-project",
    "webhook",
    "channel",
)
#: Identities are discarded here (only kinds are read), so any fixed key will do.
_SHAPE_FINGERPRINT = Fingerprinter(b"parity.infer")


def _may_name_a_host(text: str) -> bool:
    return "." in text or "://" in text or text.startswith(("dpg-", "red-", "#"))


def _resource_by_shape(name: str, text: str) -> ResourceKind | None:
    """The resource a value's shape names (SUPABASE_DB_HOST=db.<ref>.supabase.co), if any."""
    kinds = {r.kind for r in identify(text, name=name, fingerprint=_SHAPE_FINGERPRINT)}
    return next((kind for kind in _SHAPE_KINDS if kind in kinds), None)


@functools.lru_cache(maxsize=65536)
def infer_spec(name: str, value: str | None) -> VarSpec:
    """The schema a variable's name and value suggest: type, `secret` and `resource`.

    Only `type`, `secret` and `resource` are inferred; constraints are left at their defaults.
    """
    return _infer(name, value, None)


def effective_spec(name: str, declared: VarSpec | None, value: str | None) -> VarSpec:
    """The declared spec, with every field it does not set explicitly filled in by inference.

    `secret: null` in a declaration means "infer it". A declared `type` also steers the inferred
    `secret` and `resource` (a variable declared `redis_url` names a cache).
    """
    if declared is None:
        return infer_spec(name, value)
    return _effective(name, declared, frozenset(declared.model_fields_set), value)


@functools.lru_cache(maxsize=65536)
def _effective(
    name: str, declared: VarSpec, explicit: frozenset[str], value: str | None
) -> VarSpec:
    # `explicit` is part of the key: specs that differ only in what was set compare equal.
    inferred = _infer(name, value, declared.type if "type" in explicit else None)
    fields = inferred.model_dump()
    fields.update((field, getattr(declared, field)) for field in explicit)
    if fields["secret"] is None:
        fields["secret"] = inferred.secret
    return VarSpec(**fields)
