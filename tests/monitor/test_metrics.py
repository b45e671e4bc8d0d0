"""Prometheus metrics, scraped over real HTTP from the asyncio server on loopback."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from parity.monitor.metrics import Metrics, serve_metrics
from parity.probes.base import Outcome, Status
from parity.verify.model import CheckResult

LABELS = {"check": "api.health", "environment": "staging", "service": "api", "kind": "http"}


def result(status: Status, duration: float = 0.2, name: str = "api.health") -> CheckResult:
    return CheckResult(name, "http", "staging", "api", Outcome(status, "reason", duration), 1)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, keyed by name and sorted labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def key(name: str, **extra: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted({**LABELS, **extra}.items()))


async def scrape(metrics: Metrics, path: str = "/metrics", method: str = "GET") -> httpx.Response:
    server = await serve_metrics(metrics, "127.0.0.1", 0)
    async with server, httpx.AsyncClient() as http:
        return await http.request(method, f"http://127.0.0.1:{server.port}{path}")


def test_metrics_are_served_over_http() -> None:
    metrics = Metrics()
    metrics.record(result(Status.PASS, 0.2), now=1000.0)
    metrics.record(result(Status.FAIL, 3.0), now=1060.0)

    response = asyncio.run(scrape(metrics))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    values = samples(response.text)
    assert values[key("parity_check_up")] == 0.0
    assert values[key("parity_check_last_success_timestamp_seconds")] == 1000.0
    assert values[key("parity_check_duration_seconds_count")] == 2.0
    assert values[key("parity_check_duration_seconds_sum")] == pytest.approx(3.2)
    assert values[key("parity_check_duration_seconds_bucket", le="0.25")] == 1.0
    assert values[key("parity_check_duration_seconds_bucket", le="5.0")] == 2.0


def test_a_passing_check_is_up_and_a_check_without_service_has_an_empty_label() -> None:
    metrics = Metrics()
    metrics.record(result(Status.PASS), now=5.0)
    metrics.record(
        CheckResult("signup", "scenario", "staging", None, Outcome(Status.ERROR, "x", 1.0), 1),
        now=5.0,
    )

    values = samples(metrics.exposition().decode())

    assert values[key("parity_check_up")] == 1.0
    assert values[key("parity_check_up", check="signup", service="", kind="scenario")] == 0.0


def test_the_registry_is_not_the_global_one() -> None:
    Metrics().record(result(Status.PASS), now=1.0)
    Metrics().record(result(Status.PASS), now=1.0)  # no "duplicated timeseries" error

    assert REGISTRY.get_sample_value("parity_check_up", LABELS) is None


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 404),
        ("GET", "/other", 404),
        ("POST", "/metrics", 405),
        ("GET", "/metrics?x=1", 200),
    ],
)
def test_other_requests_are_refused(method: str, path: str, status: int) -> None:
    response = asyncio.run(scrape(Metrics(), path, method))
    assert response.status_code == status


def test_closing_the_server_stops_listening_and_drops_idle_connections() -> None:
    async def main() -> int:
        server = await serve_metrics(Metrics(), "127.0.0.1", 0)
        _, idle = await asyncio.open_connection("127.0.0.1", server.port)  # sends nothing
        await asyncio.sleep(0.01)
        async with asyncio.timeout(1.0):
            await server.close()
        idle.close()
        await idle.wait_closed()
        with pytest.raises(OSError):
            await asyncio.open_connection("127.0.0.1", server.port)
        return len(asyncio.all_tasks())

    assert asyncio.run(main()) == 1


def test_a_garbled_request_gets_no_answer_and_no_crash() -> None:
    async def main() -> bytes:
        async with await serve_metrics(Metrics(), "127.0.0.1", 0) as server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"hello\r\n\r\n")
            answer = await reader.read()
            writer.close()
            await writer.wait_closed()
            return answer

    assert asyncio.run(main()) == b""
