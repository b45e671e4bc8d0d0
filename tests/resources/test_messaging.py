"""Channels and incoming webhooks; email recipients are no resource."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import Resource

Identify = Callable[..., tuple[Resource, ...]]
SLACK = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/AbCdEfGhIjKlMnOpQrStUvWx"


def test_slack_channel_names(find: Identify) -> None:
    assert find("#Mina-Alerts", "ALERTS") == (
        Resource("channel", ("slack-channel", "mina-alerts"), None, "channel #mina-alerts"),
    )
    assert [r.identity[1] for r in find("#ops, #deploys", "NOTIFY")] == ["ops", "deploys"]


def test_colours_are_not_channels_unless_declared(find: Identify) -> None:
    assert find("#ff0000", "THEME_COLOR") == ()
    assert find("#abc", "SLACK_CHANNEL")[0].identity == ("slack-channel", "abc")
    assert find("#beef", "ROOM", "channel")[0].kind == "channel"


def test_text_that_starts_with_a_hash_is_not_always_a_channel(find: Identify) -> None:
    assert find("#!/bin/sh", "SCRIPT") == ()
    assert find("#ops and more words", "NOTE") == ()


def test_slack_webhook_is_fingerprinted_never_shown(
    find: Identify, fingerprint: Callable[[str], str]
) -> None:
    (hook,) = find(SLACK)
    assert hook.kind == "webhook"
    assert hook.identity[0] == "webhook"
    assert hook.label == f"Slack webhook {hook.identity[1]}"
    assert "AbCdEf" not in hook.label
    assert find(SLACK + "/")[0].identity == hook.identity
    assert find(SLACK.replace("Wx", "Wy"))[0].identity != hook.identity


@pytest.mark.parametrize(
    "url",
    [
        "https://discord.com/api/webhooks/123456789012345678/tok-EN_abc",
        "https://discordapp.com/api/webhooks/123456789012345678/tok-EN_abc",
        "https://canary.discord.com/api/v10/webhooks/123456789012345678/tok-EN_abc/",
    ],
)
def test_discord_webhooks_on_every_host_are_one_webhook(find: Identify, url: str) -> None:
    canonical = find("https://discord.com/api/webhooks/123456789012345678/tok-EN_abc")[0]
    (hook,) = find(url)
    assert hook.identity == canonical.identity
    assert hook.label.startswith("Discord webhook fp:")


def test_teams_and_google_chat_webhooks(find: Identify) -> None:
    teams = "https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456"
    chat = "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t"
    assert find(teams)[0].label.startswith("Microsoft Teams webhook fp:")
    assert find(chat)[0].label.startswith("Google Chat webhook fp:")


def test_render_deploy_hook_is_a_webhook_and_names_the_service(find: Identify) -> None:
    service = "srv-cq1234abcdefgh567890"
    found = find(f"https://api.render.com/deploy/{service}?key=AbCdEf123")
    assert [r.kind for r in found] == ["webhook", "render-resource"]
    assert found[1].identity == ("render", service)
    assert all("AbCdEf123" not in r.label for r in found)


def test_any_url_called_a_webhook_is_one(find: Identify) -> None:
    url = "https://hooks.zapier.com/hooks/catch/123/abcdef/"
    assert find(url, "ALERT_WEBHOOK_URL")[0].kind == "webhook"
    assert find(url, "ALERTS", "webhook")[0].kind == "webhook"
    assert find(url, "ALERTS")[0].kind == "domain"


@pytest.mark.parametrize(
    "value", ["ops@example.com", "ops@example.com, dev@example.com", "a@b.co;c@d.co"]
)
def test_email_recipients_are_no_resource(find: Identify, value: str) -> None:
    assert find(value, "ALERT_EMAILS") == ()
    assert find(value, "ADMIN_EMAIL_DOMAIN_LIST") == ()
