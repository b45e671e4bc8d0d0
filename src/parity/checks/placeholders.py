"""Values never filled in: template markers, example hosts and passwords, text copied from docs.

`looks_like_placeholder` is shared with the other value checks so that a placeholder is reported
once, here, and not again as a weak secret or a malformed value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from parity.checks.base import CheckContext
from parity.display import display_value
from parity.errors import Location
from parity.findings import Finding, Severity
from parity.infer import is_secret_name, is_signing_secret_name
from parity.resolved import ResolvedEnvironment, ResolvedVar

_TEMPLATE = re.compile(r"<[^<>@\n]*[A-Za-z][^<>@\n]*>|\{\{.*?\}\}")
_CROSSED_OUT = re.compile(r"x{4,}|(?:^|[^a-z0-9])x{3}(?:[^a-z0-9]|$)")
_NO_CHARACTERS = re.compile(r"[-_.=~#]{3,}")
_VARIABLE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_PHRASE = re.compile(
    r"(?:change[-_ ]?(?:me|this|it)(?![a-z])|replace[-_ ]?(?:me|this|with)(?![a-z])"
    r"|fix[-_ ]?me(?![a-z])|to-?do[:!]"
    r"|you(?:r)?[-_]|insert[-_]|(?:get|generate|enter|put|paste|add|set)[-_](?:a|an|the|your"
    r"|new|random|real)[-_]|(?:enter |paste |insert |put )?your (?:[a-z]+ ){0,2}"
    r"(?:key|secret|token|password|pass|id|domain|host|url|name|email|bucket|region|endpoint)\b)"
)
_PHRASE_STARTS = frozenset("crftyigepasu")
_WORD_SEPARATORS = re.compile(r"[-_ .]+")
_HERE = re.compile(r"(?:[-_]here|\b(?:key|secret|token|password|value|name|url|id) here)$")
_ENVIRONMENT_EXAMPLE = re.compile(
    r"(?:staging|stage|stg|production|prod|dev|development|test|testing|local|qa|preview|demo"
    r"|sandbox|example|sample|dummy|fake|my)[-_][a-z0-9_-]*?"
    r"(?:key|pass|password|passwd|pwd|secret|token|apikey)"
)
_WORDS = frozenset({
    "changeme", "changethis", "replaceme", "todo", "tbd", "tbc", "fixme", "placeholder",
    "your-key-here", "your_key_here", "xxx", "none-yet", "fill-me-in", "fillme",
})  # fmt: skip
#: Words that, alone or strung together, are a placeholder only where a secret belongs:
#: `ENVIRONMENT=test` is real, `DB_PASSWORD=test` is not.
_SECRET_WORDS = frozenset({
    "secret", "secrets", "password", "passwd", "pass", "pw", "pwd", "key", "keys", "token",
    "value", "my", "your", "super", "very", "test", "testing", "dev", "demo", "example", "sample",
    "dummy", "fake", "foo", "bar", "baz", "qux", "change", "me", "this", "default", "access",
    "api", "private", "public", "here", "string", "random", "long", "some", "the", "generate",
    "new", "insert", "admin", "user", "staging", "production", "prod", "local", "app", "session",
    "jwt", "cookie", "encryption", "signing", "salt", "auth", "please", "hello", "world",
    "letmein", "qwerty", "abc", "xyz", "not", "real", "insecure", "unsafe", "temp", "tmp", "for",
    "cafebabe", "deadbeef", "ak", "sk",
})  # fmt: skip
_EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example\.(?:com|org|net)|[^.]+\.(?:example|invalid))$")
_PLACEHOLDER_HOSTS = frozenset({"host", "hostname", "yourhost", "your-host", "domain", "server",
                                "yourdomain.com", "your-domain.com", "mydomain.com"})  # fmt: skip
#: Every URL a rule below flags contains one of these (a password, or a placeholder host).
_URL_MARKERS = ("@", "example", "invalid", "your", "mydomain", "supabase.co", "host", "domain",
                "server")  # fmt: skip
_SUPABASE_REF = re.compile(r"[a-z0-9]{15,40}")
_BARE_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
#: How to make a real value; quoted by the placeholder and weak-secret findings.
GENERATE_HINT = "python -c 'import secrets; print(secrets.token_hex(32))'"
_RESOURCE_NOUNS = {
    "broker": "message broker", "supabase-project": "Supabase project",
    "sentry-project": "Sentry project", "render-resource": "Render resource",
}  # fmt: skip


@functools.lru_cache(maxsize=65536)
def placeholder_reason(value: str, *, secret: bool = False) -> str | None:
    """Why `value` looks like a placeholder nobody filled in, or None; never quotes the value.

    With `secret`, common words that are only placeholders where a secret belongs count too
    (`password`, `test`, `secret-key`, `veryverysecret`).
    """
    text = value.strip().strip("\"'").strip()
    if not text:
        return None
    lowered = text.lower()
    return (
        _marker_reason(text, lowered)
        or _phrase_reason(lowered)
        or _location_reason(lowered)
        or (_secret_reason(text, lowered) if secret else None)
    )


def looks_like_placeholder(value: str, *, secret: bool = False) -> bool:
    """Whether `value` is a template, an example or a marker instead of a real value."""
    return placeholder_reason(value, secret=secret) is not None


def _marker_reason(text: str, lowered: str) -> str | None:
    # Substring tests first: the regular expressions run only where they could match.
    if ("<" in text or "{{" in text) and _is_template(text):
        return "a template marker in angle or double curly brackets"
    if "***" in text:
        return "a redacted value (a run of asterisks)"
    if lowered.endswith(("...", "\u2026")) or (
        ("..." in text or "\u2026" in text) and " " not in text
    ):
        return "an elided value (three dots) copied from documentation"
    crossed = "xxx" in lowered and _CROSSED_OUT.search(lowered)
    if crossed or (text[0] in "-_.=~#" and _NO_CHARACTERS.fullmatch(text)):
        return "a crossed-out value (a run of x's or dashes)"
    return "an example path from documentation" if "/path/to/" in lowered else None


def _is_template(text: str) -> bool:
    return bool(_TEMPLATE.search(text)) or (text[0] == "<" and any(c.isalpha() for c in text))


def _phrase_reason(lowered: str) -> str | None:
    here = lowered.endswith("here") and _HERE.search(lowered)
    if lowered in _WORDS or here or (lowered[0] in _PHRASE_STARTS and _PHRASE.match(lowered)):
        return "stock placeholder text left from a template"
    return None


def _secret_reason(text: str, lowered: str) -> str | None:
    if ("_" in lowered or "-" in lowered) and _ENVIRONMENT_EXAMPLE.fullmatch(lowered):
        return "an example from a template: an environment name and the kind of value"
    if text.isupper() and _VARIABLE_NAME.fullmatch(text) and is_secret_name(text):
        return "the name of a variable instead of its value"
    return _secret_word_reason(lowered)


def _location_reason(lowered: str) -> str | None:
    if "://" in lowered:
        return _url_reason(lowered)
    if "@" in lowered and " " not in lowered:
        return _host_reason(lowered.rpartition("@")[2])
    if "." in lowered and _BARE_HOST.fullmatch(lowered):
        return _host_reason(lowered)
    return None


def _url_reason(lowered: str) -> str | None:
    if not any(marker in lowered for marker in _URL_MARKERS):
        return None  # nothing any rule below could find: skip parsing
    try:
        parts = urlsplit(lowered)
        host, password = parts.hostname, parts.password
    except ValueError:
        return None
    if password and _is_placeholder_password(password):
        return "the password in the URL is a placeholder"
    return _host_reason(host) if host else None


def _is_placeholder_password(password: str) -> bool:
    return bool(_phrase_reason(password) or _secret_reason(password, password))


def _host_reason(host: str) -> str | None:
    host = host.rstrip(".")
    labels = host.split(".")
    reserved = ("example" in host or "invalid" in host) and _EXAMPLE_HOST.search(host)
    if host in _PLACEHOLDER_HOSTS or reserved:
        return "an example host reserved for documentation"
    if any(label.startswith(("your-", "your_", "yourdomain", "yourcompany")) for label in labels):
        return "an example host named your-something"
    if host.endswith(".supabase.co") and not _SUPABASE_REF.fullmatch(labels[-3]):
        return "not a real Supabase project reference"
    if labels[-1] == "host" and len(labels) > 1:
        return "an example host under the made-up .host domain"
    return None


def _secret_word_reason(lowered: str) -> str | None:
    if len(lowered) > 64:
        return None
    words = [part for part in _WORD_SEPARATORS.split(lowered.rstrip("0123456789!")) if part]
    if words and all(_segments(word) for word in words):
        return "made only of stock placeholder words"
    return None


def _segments(word: str) -> bool:
    """Whether `word` is a run of placeholder words glued together (veryverysecret)."""
    if not word.isalpha() or not word.isascii():
        return False  # every placeholder word is letters only
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(
            reachable[start] and word[start:end] in _SECRET_WORDS
            for start in range(max(0, end - 12), end)
        )
    return reachable[-1]


Distinct = tuple[tuple[str, ResolvedVar], ...]
#: The last environment grouped, and its grouping: the three value checks run one after another
#: on the same (immutable) environment, and grouping is most of their cost on a large fleet.
_last_grouped: tuple[ResolvedEnvironment | None, Distinct] = (None, ())


def distinct_variables(environment: ResolvedEnvironment) -> Distinct:
    """Each distinct variable once, with the sorted, comma-joined keys of the services holding it.

    A variable defined once (at environment or group level) and inherited by several services is
    identical in each, so the value checks report it once instead of once per service.
    """
    global _last_grouped
    held, grouped = _last_grouped
    if held is not environment:
        grouped = tuple(_grouped(environment))
        _last_grouped = (environment, grouped)
    return grouped


def _grouped(environment: ResolvedEnvironment) -> Iterator[tuple[str, ResolvedVar]]:
    # By where the value is written; whole-variable equality decides within a group.
    groups: dict[tuple[str, str | None, Location | None], list[tuple[ResolvedVar, list[str]]]] = {}
    for key, service in environment.services.items():
        for var in service.variables.values():
            where = (var.name, var.value, var.location)
            group = groups.get(where)
            if group is None:
                groups[where] = [(var, [key])]
            else:
                _hold(group, var, key)
    for group in groups.values():
        for var, keys in group:
            yield (keys[0] if len(keys) == 1 else ",".join(sorted(keys))), var


def _hold(group: list[tuple[ResolvedVar, list[str]]], var: ResolvedVar, key: str) -> None:
    for held, keys in group:
        if held == var:
            keys.append(key)
            return
    group.append((var, [key]))


def placeholder_in(var: ResolvedVar) -> str | None:
    """Why this check reports `var` as a placeholder, or None; other checks skip what it reports."""
    if not var.known or var.value is None:
        return None
    sensitive = var.secret or var.spec.resource in ("api-key", "credential")
    return placeholder_reason(var.value, secret=sensitive)


def check(context: CheckContext) -> Iterator[Finding]:
    """`env.placeholder`: values that were never filled in."""
    environment = context.environment.name
    for services, var in distinct_variables(context.environment):
        reason = placeholder_in(var)
        if reason is not None:
            yield _finding(environment, services, var, reason)


def _finding(environment: str, services: str, var: ResolvedVar, reason: str) -> Finding:
    important = var.secret or var.spec.required or var.spec.resource is not None
    evidence = (("reason", reason), ("value", display_value(var) or ""))
    return Finding(
        rule="env.placeholder",
        severity=Severity.ERROR if important else Severity.WARNING,
        message=_message(environment, var, reason),
        environment=environment,
        service=services,
        variable=var.name,
        evidence=evidence,
        location=var.location,
    )


def _message(environment: str, var: ResolvedVar, reason: str) -> str:
    name, where = var.name, f"${{env:{var.name}}} or `from_platform: true`"
    if is_signing_secret_name(name):
        return (
            f"{name} still holds a template placeholder in {environment}; generate a real value "
            f"({GENERATE_HINT}) and set it with {where}, or use `generate: true`"
        )
    if var.secret or var.spec.resource in ("api-key", "credential"):
        return (
            f"{name} still holds a template placeholder in {environment}; create a key or "
            f"password for {environment} with its provider and set it with {where}"
        )
    shown = display_value(var)
    if var.spec.resource is not None:
        noun = _RESOURCE_NOUNS.get(var.spec.resource, var.spec.resource)
        return f"{name} in {environment} is '{shown}', {reason}; point it at {environment}'s {noun}"
    return f"{name} in {environment} is '{shown}', {reason}; set the real {environment} value"
