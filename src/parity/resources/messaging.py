"""Where alerts go: chat channels and incoming webhooks (whose URL is itself the secret)."""

from __future__ import annotations

import re

from parity.resources.model import Context, Resource
from parity.resources.platforms import render_ids
from parity.resources.urls import Url, split_list

_CHANNEL = re.compile(r"#(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]{0,79})")
_HEX_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
_DISCORD_HOSTS = frozenset(
    {"discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com",
     "ptb.discordapp.com", "canary.discordapp.com"}
)  # fmt: skip
_DISCORD_PATH = re.compile(r"/api(?:/v\d+)?/webhooks/(?P<id>\d+)/(?P<token>[A-Za-z0-9_\-.]+)/?")
_SLACK_PATH = re.compile(r"/(?:services|workflows|triggers)/\S+")


def channels(text: str, context: Context) -> tuple[Resource, ...]:
    """Slack-style channels (`#mina-alerts`, or a list of them); () if any item is not one.

    `#ff0000` is a colour unless the name or hint says channel.
    """
    items = split_list(text)
    names = [found["name"] for item in items if (found := _CHANNEL.fullmatch(item))]
    if not names or len(names) != len(items):
        return ()
    declared = context.hint == "channel" or context.says("channel")
    if not declared and any(_HEX_COLOUR.fullmatch(item) for item in items):
        return ()
    return tuple(
        Resource("channel", ("slack-channel", name.lower()), None, f"channel #{name.lower()}")
        for name in names
    )


def webhook(url: Url, context: Context) -> tuple[Resource, ...]:
    """The incoming webhook an http(s) URL is: Slack, Discord, Teams, Google Chat, a Render
    deploy hook, or any URL the name or hint calls a webhook. () if it is none of these."""
    canonical = _canonical_webhook(url, context)
    if canonical is None:
        return ()
    provider, address = canonical
    fingerprint = context.fingerprint(address)
    label = f"{provider} webhook {fingerprint}".lstrip()
    hook = Resource("webhook", ("webhook", fingerprint), None, label)
    return (hook, *render_ids(url.path)) if provider == "Render deploy" else (hook,)


def _canonical_webhook(url: Url, context: Context) -> tuple[str, str] | None:
    """(provider, the URL in one spelling per webhook), fingerprinted, never shown."""
    host, path = url.host.rstrip("."), url.path
    if host == "hooks.slack.com" and _SLACK_PATH.fullmatch(path):
        return "Slack", f"slack:{path.rstrip('/')}"
    if host in _DISCORD_HOSTS:
        found = _DISCORD_PATH.fullmatch(path)
        return ("Discord", f"discord:{found['id']}/{found['token']}") if found else None
    if host.endswith(".webhook.office.com") or host == "outlook.office.com":
        return "Microsoft Teams", f"teams:{host}{path}?{url.query}"
    if host == "chat.googleapis.com" and path.startswith("/v1/spaces/"):
        return "Google Chat", f"google-chat:{path}?{url.query}"
    if host == "api.render.com" and path.startswith("/deploy/"):
        return "Render deploy", f"render-deploy:{path}?{url.query}"
    if context.hint == "webhook" or context.says("webhook"):
        return "", f"{url.scheme}://{host}{path}?{url.query}"
    return None
