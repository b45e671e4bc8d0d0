"""Host names: one spelling per host, and the third-party hosts two environments may share."""

from __future__ import annotations

import ipaddress
import re

#: The one token every loopback spelling (localhost, 127.x.x.x, ::1, [::1]) becomes.
LOOPBACK = "loopback"

_LOOPBACK_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "::1"}
)
_IPV4_LOOPBACK = re.compile(r"127\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_HOST_NAME = re.compile(
    r"[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?)*"
)
_IPV6 = re.compile(r"[0-9a-f:.]+(?:%[a-z0-9._~\-]+)?")

#: Third-party API and provider hosts that two environments legitimately share: a URL to one
#: of them names no resource of the app's own. "*.x" matches every subdomain of x.
PUBLIC_PROVIDER_HOSTS: tuple[str, ...] = (
    # AI APIs
    "api.openai.com", "api.anthropic.com", "api.mistral.ai", "api.cohere.ai", "api.cohere.com",
    "api.groq.com", "api.together.xyz", "openrouter.ai", "api.deepseek.com", "api.x.ai",
    "api.perplexity.ai", "api.llamaindex.ai", "api.cloud.llamaindex.ai",
    "api.cloud.eu.llamaindex.ai", "api-inference.huggingface.co",
    # Payments, email and messaging
    "api.stripe.com", "js.stripe.com", "checkout.stripe.com", "files.stripe.com",
    "api.sendgrid.com", "smtp.sendgrid.net", "api.mailgun.net", "api.eu.mailgun.net",
    "smtp.mailgun.org", "smtp.eu.mailgun.org", "api.postmarkapp.com", "smtp.postmarkapp.com",
    "smtp-broadcasts.postmarkapp.com", "api.resend.com", "smtp.resend.com", "smtp.gmail.com",
    "smtp.office365.com", "api.twilio.com", "hooks.slack.com", "slack.com", "discord.com",
    "discordapp.com",
    # Observability and analytics
    "sentry.io", "*.sentry.io", "us.i.posthog.com", "eu.i.posthog.com", "app.posthog.com",
    "us.posthog.com", "eu.posthog.com",
    # Clouds and platforms (a Supabase project's own *.supabase.co host is not shared)
    "*.amazonaws.com", "*.googleapis.com", "*.cloudflare.com", "*.render.com",
    "*.supabase.com", "api.vercel.com",
    # Code hosting and package registries
    "github.com", "api.github.com", "*.githubusercontent.com", "gitlab.com",
    "registry.npmjs.org", "registry.yarnpkg.com", "pypi.org", "files.pythonhosted.org",
    "registry-1.docker.io", "index.docker.io", "auth.docker.io", "ghcr.io", "quay.io",
    "gcr.io", "*.pkg.dev", "proxy.golang.org", "crates.io", "static.crates.io",
    "rubygems.org", "repo.maven.apache.org", "repo1.maven.org",
)  # fmt: skip

_PUBLIC_EXACT = frozenset(h for h in PUBLIC_PROVIDER_HOSTS if not h.startswith("*."))
_PUBLIC_SUFFIXES = tuple(h[1:] for h in PUBLIC_PROVIDER_HOSTS if h.startswith("*."))


def normalize_host(host: str) -> str:
    """One spelling per host: lower case, no trailing dot or IPv6 brackets, loopback as LOOPBACK."""
    name = host.lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name in _LOOPBACK_NAMES or (name.startswith("127.") and _IPV4_LOOPBACK.fullmatch(name)):
        return LOOPBACK
    if ":" in name and _is_ipv6_loopback(name):
        return LOOPBACK
    return name


def _is_ipv6_loopback(name: str) -> bool:
    try:
        address = ipaddress.IPv6Address(name.partition("%")[0])
    except ValueError:
        return False
    mapped = address.ipv4_mapped
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def is_valid_host(host: str) -> bool:
    """Whether `host` (already lower-cased, as written in a URL) can be a host name or address."""
    if host.startswith("[") and host.endswith("]"):
        return _IPV6.fullmatch(host[1:-1]) is not None
    return _HOST_NAME.fullmatch(host) is not None


def is_public_provider_host(host: str) -> bool:
    """Whether `host` is a third-party provider host two environments legitimately share.

    Loopback is not public: it is reported as a domain of its own.
    """
    name = host.lower().rstrip(".")
    return name in _PUBLIC_EXACT or name.endswith(_PUBLIC_SUFFIXES)
