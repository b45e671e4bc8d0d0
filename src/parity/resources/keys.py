"""API keys and signing secrets, recognised by shape or by name and identified by fingerprint."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from parity.resources.model import Context, Resource
from parity.resources.platforms import supabase_project
from parity.resources.urls import split_list

#: Known key prefixes: (prefix, what the key is, the least number of characters after it).
_PREFIXES: tuple[tuple[str, str, int], ...] = (
    ("sk-ant-", "Anthropic key", 16), ("sk-proj-", "OpenAI project key", 16),
    ("sk-svcacct-", "OpenAI service account key", 16), ("sk-or-", "OpenRouter key", 16),
    ("sk-", "OpenAI key", 16),
    ("sk_live_", "Stripe live secret key", 8), ("sk_test_", "Stripe test secret key", 8),
    ("rk_live_", "Stripe live restricted key", 8), ("rk_test_", "Stripe test restricted key", 8),
    ("pk_live_", "Stripe live publishable key", 8),
    ("pk_test_", "Stripe test publishable key", 8),
    ("whsec_", "webhook signing secret", 8),
    ("xoxb-", "Slack bot token", 8), ("xoxp-", "Slack user token", 8),
    ("xapp-", "Slack app token", 8), ("SG.", "SendGrid key", 16),
    ("github_pat_", "GitHub fine-grained token", 16), ("ghp_", "GitHub personal access token", 16),
    ("gho_", "GitHub OAuth token", 16), ("ghs_", "GitHub app token", 16),
    ("ghu_", "GitHub user token", 16), ("glpat-", "GitLab access token", 16),
    ("AIza", "Google API key", 20), ("key-", "Mailgun key", 20), ("re_", "Resend key", 16),
    ("phc_", "PostHog project key", 16), ("phx_", "PostHog personal key", 16),
    ("llx-", "LlamaParse key", 16), ("sb_secret_", "Supabase secret key", 8),
    ("sb_publishable_", "Supabase publishable key", 8), ("rnd_", "Render API key", 16),
    ("hf_", "Hugging Face token", 20), ("gsk_", "Groq key", 20), ("xai-", "xAI key", 20),
    ("npm_", "npm token", 20), ("pypi-", "PyPI token", 20), ("dop_v1_", "DigitalOcean token", 20),
)  # fmt: skip
_BY_PREFIX = {prefix: (what, least) for prefix, what, least in _PREFIXES}
_SHAPE = re.compile(
    "(?P<prefix>"
    + "|".join(re.escape(p) for p in sorted(_BY_PREFIX, key=len, reverse=True))
    + r")(?P<rest>[A-Za-z0-9_\-.=/+]*)"
)
#: Prefixes common enough in ordinary words that the key body must have the provider's shape.
_STRICT_BODIES = {
    "key-": re.compile(r"[0-9a-f]{32}"),
    "re_": re.compile(r"[A-Za-z0-9]{6,}_[A-Za-z0-9_]{12,}"),
}
_RANDOM_CHARACTER = re.compile(r"[A-Z0-9]")
_AWS_KEY_ID = re.compile(r"(?P<prefix>AKIA|ASIA)[A-Z0-9]{16}")
_AWS_KEY_IDS = {"AKIA": "AWS access key id", "ASIA": "AWS temporary access key id"}
_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*")
_SUPABASE_REF = re.compile(r"[a-z0-9]{10,40}")
_PEM_BEGIN = "-----BEGIN"
_LIVE_PAYMENT_PREFIXES = ("sk_live_", "rk_live_")
#: Values that a secret-sounding name does not make secret: numbers (TOKEN_TTL_MS), file
#: paths (GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp.json) whose contents may differ, email
#: addresses (SMTP_PASSWORD_RESET_FROM), and unresolved references (`${PUSHER_APP_KEY}`).
_NOT_A_SECRET = re.compile(
    r"[+-]?\d+(?:\.\d+)?"
    r"|(?:~|\.{1,2})?/[^\s:]*\.[A-Za-z0-9]{1,8}"
    r"|[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}(?:[\s,;]+[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,})*"
    r"|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*"
)
_REFERENCE = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")
_MIN_SECRET_LENGTH = 8


def key_provider(value: str) -> str | None:
    """What a key-shaped value is ("Stripe live secret key", "OpenAI key"), or None."""
    text = value.strip()
    shaped = _SHAPE.fullmatch(text)
    if shaped is not None:
        return _shaped_provider(shaped["prefix"], shaped["rest"])
    aws = _AWS_KEY_ID.fullmatch(text)
    if aws is not None:
        return _AWS_KEY_IDS[aws["prefix"]]
    if text.startswith("eyJ") and _JWT.fullmatch(text):
        return _jwt_description(_jwt_claims(text))
    if text.startswith(_PEM_BEGIN) and "PRIVATE KEY" in text[:64]:
        return "private key"
    return None


def _shaped_provider(prefix: str, rest: str) -> str | None:
    # Random key bodies contain a digit or a capital; "sk-my-cluster-name" does not.
    what, least = _BY_PREFIX[prefix]
    strict = _STRICT_BODIES.get(prefix)
    if len(rest) < least or _RANDOM_CHARACTER.search(rest) is None:
        return None
    return what if strict is None or strict.fullmatch(rest) else None


def is_live_payment_credential(value: str) -> bool:
    """Whether `value` moves real money: a Stripe/Clerk-style `sk_live_` or `rk_live_` key.

    A live publishable key (`pk_live_`) is public by design and returns False.
    """
    text = value.strip()
    return text.startswith(_LIVE_PAYMENT_PREFIXES) and key_provider(text) is not None


def shaped_keys(text: str, context: Context) -> tuple[Resource, ...]:
    """The key `text` is by its shape, or one per item of a list of keys; () if not key-shaped."""
    if key_provider(text) is not None:
        return _key(text, context)
    items = split_list(text)
    if len(items) < 2 or any(key_provider(item) is None for item in items):
        return ()
    return tuple(resource for item in items for resource in _key(item, context))


def is_secret_name(context: Context) -> bool:
    """Whether the variable's name says it holds a secret (API_KEY, DB_PASSWORD, SALT, ...)."""
    return context.says("secret") and not context.says("path")


def declared_secret(text: str, context: Context) -> tuple[Resource, ...]:
    """The key a value declared secret (by hint) is, whatever its shape."""
    return shaped_keys(text, context) or (() if is_reference(text) else _secret(text, context))


def is_reference(text: str) -> bool:
    """Whether `text` is only an unresolved reference to another variable (`${DB_PASSWORD}`)."""
    return text.startswith("$") and _REFERENCE.fullmatch(text) is not None


def named_secret(text: str, context: Context) -> tuple[Resource, ...]:
    """The key a value is because its variable's name says secret; numbers and file paths
    are not secrets whatever their name."""
    if not is_secret_name(context) or _NOT_A_SECRET.fullmatch(text):
        return ()
    return _secret(text, context)


def _secret(text: str, context: Context) -> tuple[Resource, ...]:
    if len(text) < _MIN_SECRET_LENGTH:
        return ()
    key = _key(text, context)
    if not (context.says("password") or context.hint == "credential"):
        return key
    # A password is also the credential a connection URL elsewhere may carry.
    fingerprint = key[0].identity[1]
    return (
        *key,
        Resource("credential", ("credential", fingerprint), None, f"password {fingerprint}"),
    )


def _key(text: str, context: Context) -> tuple[Resource, ...]:
    what = key_provider(text) or "secret"
    fingerprint = context.fingerprint(text)
    key = Resource("api-key", ("api-key", fingerprint), None, f"{what} {fingerprint}")
    ref = _supabase_ref(text) if what.startswith("Supabase") else None
    return (key, supabase_project(ref)) if ref else (key,)


def _jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, or {} when it does not decode to a JSON object."""
    payload = token.split(".")[1]
    try:
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (ValueError, RecursionError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _jwt_description(claims: dict[str, Any]) -> str:
    if claims.get("iss") != "supabase":
        return "JWT"
    role = claims.get("role")
    return {"anon": "Supabase anon key", "service_role": "Supabase service-role key"}.get(
        str(role), "Supabase JWT"
    )


def _supabase_ref(token: str) -> str | None:
    if not token.startswith("eyJ"):
        return None
    ref = _jwt_claims(token).get("ref")
    return ref if isinstance(ref, str) and _SUPABASE_REF.fullmatch(ref) else None
