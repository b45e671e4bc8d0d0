"""identify(): every resource one configuration value identifies.

Values are routed by cheap tests (`://`, a leading `[` or `#`, a key prefix) before any
parsing, and results are cached: the same value is typically asked about once per check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from parity.resources.datastores import (
    Family,
    credentials,
    datastore_resources,
    family_of,
    search_resources,
)
from parity.resources.domains import host_list, host_resources, is_host_list_name
from parity.resources.keys import declared_secret, is_secret_name, named_secret, shaped_keys
from parity.resources.messaging import channels, webhook
from parity.resources.model import NOTHING, Context, Fingerprint, Resource, build_context
from parity.resources.platforms import render_ids
from parity.resources.sentry import sentry_project
from parity.resources.storage import (
    BUCKET_SCHEMES,
    arn_bucket,
    bare_bucket,
    is_bucket_name,
    scheme_bucket,
    web_bucket,
)
from parity.resources.urls import Url, json_strings, parse_url, split_url_list

_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss"})
_SERVER_KINDS = frozenset({"database", "cache", "broker"})
#: Files on the machine that runs the service: each environment's is its own.
_LOCAL_FILE_SCHEMES = frozenset({"sqlite", "sqlite3", "file", "duckdb"})
_CACHE_SIZE = 1 << 17

_context = lru_cache(maxsize=4096)(build_context)


def identify(
    value: str, *, name: str = "", hint: str | None = None, fingerprint: Fingerprint
) -> tuple[Resource, ...]:
    """Every resource `value` (the value of variable `name`) identifies; () if none.

    `hint` is the kind the schema declares (a kind, or a type such as "postgres_url" or
    "secret"); `fingerprint` is the keyed HMAC used for every secret-bearing identity. Never
    raises. Results are cached per (value, name, hint, fingerprint) when `fingerprint` is
    hashable.
    """
    try:
        hash(fingerprint)
    except TypeError:
        return _identify(value, build_context(name, hint, fingerprint))
    return _identify_cached(value, name, hint, fingerprint)


@lru_cache(maxsize=_CACHE_SIZE)
def _identify_cached(
    value: str, name: str, hint: str | None, fingerprint: Fingerprint
) -> tuple[Resource, ...]:
    return _identify(value, _context(name, hint, fingerprint))


def _identify(value: str, context: Context) -> tuple[Resource, ...]:
    text = _unquoted(value.strip())
    if not text or context.hint == NOTHING:
        return ()
    return _unique(_resources(text, context, nested=False))


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def _unique(found: tuple[Resource, ...]) -> tuple[Resource, ...]:
    if len(found) < 2:
        return found
    seen: dict[tuple[str, tuple[str, ...]], Resource] = {}
    for resource in found:
        seen.setdefault((resource.kind, resource.identity), resource)
    return tuple(seen.values())


def _resources(text: str, context: Context, *, nested: bool) -> tuple[Resource, ...]:
    if text[0] == "[" and not nested:
        strings = json_strings(text)
        if strings is not None:
            return _each(strings, context)
    if "://" in text:
        items = split_url_list(text)
        return _each(items, context) if items else _url_resources(text, context)
    return _bare_resources(text, context)


def _each(items: Iterable[str], context: Context) -> tuple[Resource, ...]:
    return tuple(
        resource
        for item in items
        if (stripped := item.strip())
        for resource in _resources(stripped, context, nested=True)
    )


def _url_resources(text: str, context: Context) -> tuple[Resource, ...]:
    url = parse_url(text[5:] if text[:5].lower() == "jdbc:" else text)
    if url is None or url.scheme in _LOCAL_FILE_SCHEMES:
        return ()
    family = family_of(url.scheme) or _declared_family(url.scheme, context)
    if family is not None:
        return datastore_resources(url, family, context)
    if url.scheme in BUCKET_SCHEMES:
        return _optional(scheme_bucket(url))
    if url.scheme in _WEB_SCHEMES:
        return _web_resources(url, context)
    return _password_of(url, context)


def _declared_family(scheme: str, context: Context) -> Family | None:
    # A scheme we do not know (cockroachdb://, memcached://) reaches a server of the declared kind.
    kind = context.hint
    if kind is None or kind not in _SERVER_KINDS or scheme in _WEB_SCHEMES:
        return None
    return Family(scheme, kind, "", "database")


def _web_resources(url: Url, context: Context) -> tuple[Resource, ...]:
    if context.hint == "search":
        return search_resources(url, context)
    hook = webhook(url, context)
    if hook:
        return hook
    project = sentry_project(url, context)
    if project is not None:
        return (project,)
    bucket = web_bucket(url)
    own = (bucket,) if bucket is not None else host_resources(url.host, url.user)
    return (*own, *_password_of(url, context), *render_ids(url.path))


def _password_of(url: Url, context: Context) -> tuple[Resource, ...]:
    return credentials(url.password, url.user, url.host, context)


def _bare_resources(text: str, context: Context) -> tuple[Resource, ...]:
    # A key-shaped value is a key whatever it is declared: a key must never become a label.
    shaped = shaped_keys(text, context)
    if shaped:
        return shaped
    declared = _DECLARED.get(context.hint or "")
    if declared is not None:
        return declared(text, context)
    if context.hint not in (None, "url"):
        return render_ids(text)
    return _guessed(text, context)


def _guessed(text: str, context: Context) -> tuple[Resource, ...]:
    """A bare value's resources from its shape and its variable's name."""
    if text[0] == "#":
        found = channels(text, context)
        if found:
            return found
    if text.startswith("arn:"):
        return _optional(arn_bucket(text))
    if is_bucket_name(context):
        return _optional(bare_bucket(text, context))
    if is_host_list_name(context) and ("." in text or not is_secret_name(context)):
        hosts = host_list(text, declared=False)
        if hosts:
            return hosts
    return named_secret(text, context) or render_ids(text)


def _declared_bucket(text: str, context: Context) -> tuple[Resource, ...]:
    return _optional(arn_bucket(text) or bare_bucket(text, context))


def _optional(resource: Resource | None) -> tuple[Resource, ...]:
    return () if resource is None else (resource,)


_DECLARED: dict[str, Callable[[str, Context], tuple[Resource, ...]]] = {
    "bucket": _declared_bucket,
    "channel": channels,
    "domain": lambda text, _context: host_list(text, declared=True),
    "api-key": declared_secret,
    "credential": declared_secret,
}
