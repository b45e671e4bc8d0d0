"""Tells a Slack-compatible incoming webhook that a check went down or recovered.

The webhook URL is a secret (anyone holding it can post to the channel): it is revealed only to
make the request, and no message this module returns or builds contains it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx

from parity.monitor.state import Transition
from parity.secrets import Secret

TIMEOUT = 10.0  # seconds; a webhook that cannot answer in this time will not answer
# Slack answers an error code (`no_service`, `invalid_payload`); any other body is left out, since
# a receiver may echo the request and with it the URL's secret path.
_ERROR_CODE = re.compile(r"[a-z_]{1,40}")
_ERRORS = {
    httpx.TimeoutException: "timed out",
    httpx.ConnectError: "could not connect",
    httpx.UnsupportedProtocol: "the URL is not http(s)",
}


async def send_alert(
    client: httpx.AsyncClient, webhook: Secret, transition: Transition
) -> str | None:
    """POST the alert; None once delivered, else one line saying why not. Never raises."""
    try:
        response = await client.post(webhook.reveal(), json=payload(transition), timeout=TIMEOUT)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"alert not delivered: {_describe(exc)}"
    if response.is_success:
        return None
    code = response.text.strip()
    said = f" {code}" if _ERROR_CODE.fullmatch(code) else ""
    return f"alert not delivered: the webhook answered {response.status_code}{said}"


def payload(transition: Transition) -> dict[str, Any]:
    """The JSON body: `text` for notifications, and one `blocks` section for the channel."""
    text = _escape(headline(transition))
    fields = {
        "Check": transition.check,
        "Environment": transition.environment,
        "Reason": transition.reason or "-",
        "Down since" if transition.recovered else "Failing since": _when(transition.since),
    }
    section = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": text},
        "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{_escape(v)}"} for k, v in fields.items()],
    }
    return {"text": text, "blocks": [section]}


def headline(transition: Transition) -> str:
    """`Down: api.health in staging: status 503 (3 failures in a row)`, or
    `Recovered: api.health in staging after 3 min 20 s down`."""
    where = f"{transition.check} in {transition.environment}"
    if transition.recovered:
        return f"Recovered: {where} after {_duration(transition.at - transition.since)} down"
    return f"Down: {where}: {transition.reason} ({transition.streak} failures in a row)"


def _escape(text: str) -> str:
    """Slack's mrkdwn reads `<...>` as links and mentions; a reason may contain HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _duration(seconds: float) -> str:
    """`45 s`, `3 min 20 s`, `2 h 5 min`: enough precision for an outage."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _describe(exc: Exception) -> str:
    """What went wrong, by kind only: httpx's messages may quote the URL, which is the secret."""
    for kind, description in _ERRORS.items():
        if isinstance(exc, kind):
            return description
    return type(exc).__name__
