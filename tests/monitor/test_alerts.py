"""Alerts reach a real webhook receiver on loopback; a failed delivery is a line, not a crash."""

from __future__ import annotations

import asyncio

import httpx

from parity.monitor.alerts import send_alert
from parity.monitor.state import Health, Transition
from parity.secrets import Secret
from tests.monitor.receiver import Receiver, closed_port_url

MAY_1 = 1714564800.0  # 2024-05-01 12:00:00 UTC


def transition(health: Health = Health.DOWN, reason: str = "status 503") -> Transition:
    return Transition(
        check="api.health",
        environment="staging",
        service="api",
        kind="http",
        health=health,
        reason=reason,
        since=MAY_1,
        at=MAY_1 + 200,
        streak=3,
    )


async def deliver(url: str, change: Transition) -> str | None:
    async with httpx.AsyncClient() as http:
        return await send_alert(http, Secret(url), change)


def test_a_down_alert_is_delivered_as_slack_json() -> None:
    async def main() -> tuple[str | None, Receiver]:
        async with Receiver() as hook:
            return await deliver(hook.url, transition()), hook

    error, hook = asyncio.run(main())

    assert error is None
    [body] = hook.bodies
    assert body["text"] == "Down: api.health in staging: status 503 (3 failures in a row)"
    [section] = body["blocks"]
    assert section["type"] == "section"
    assert section["text"] == {"type": "mrkdwn", "text": body["text"]}
    assert [f["text"] for f in section["fields"]] == [
        "*Check*\napi.health",
        "*Environment*\nstaging",
        "*Reason*\nstatus 503",
        "*Failing since*\n2024-05-01 12:00:00 UTC",
    ]


def test_a_recovery_says_how_long_the_check_was_down() -> None:
    async def main() -> Receiver:
        async with Receiver() as hook:
            assert await deliver(hook.url, transition(Health.UP, "status 200")) is None
            return hook

    [body] = asyncio.run(main()).bodies
    assert body["text"] == "Recovered: api.health in staging after 3 min 20 s down"
    assert body["blocks"][0]["fields"][3]["text"] == "*Down since*\n2024-05-01 12:00:00 UTC"


def test_markup_in_a_reason_is_escaped_for_slack() -> None:
    async def main() -> Receiver:
        async with Receiver() as hook:
            await deliver(hook.url, transition(reason="body <b>&</b>"))
            return hook

    [body] = asyncio.run(main()).bodies
    assert "body &lt;b&gt;&amp;&lt;/b&gt;" in body["text"]


def test_a_refused_delivery_is_an_error_line_without_the_url() -> None:
    error = asyncio.run(deliver(closed_port_url(), transition()))

    assert error == "alert not delivered: could not connect"


def test_an_error_code_in_the_answer_is_reported() -> None:
    async def main() -> str | None:
        async with Receiver(status=404, answer="no_service", echo=False) as hook:
            return await deliver(hook.url, transition())

    assert asyncio.run(main()) == "alert not delivered: the webhook answered 404 no_service"


def test_an_answer_that_echoes_the_request_is_left_out() -> None:
    async def main() -> str | None:
        async with Receiver(status=500, answer="cannot route") as hook:
            return await deliver(hook.url, transition())

    assert asyncio.run(main()) == "alert not delivered: the webhook answered 500"


def test_a_malformed_webhook_url_is_an_error_line() -> None:
    for url in ["not a url", "ftp://example.com/hook", "http://[::1"]:
        error = asyncio.run(deliver(url, transition()))
        assert error is not None and error.startswith("alert not delivered: "), url
        assert url not in error
