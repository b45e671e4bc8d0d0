"""Prometheus metrics of monitored checks, served over HTTP from the monitor's own event loop.

The registry is private to a `Metrics` (never prometheus_client's global one), so two monitors
or two tests never share series. The server is a minimal HTTP/1.1 responder on
`asyncio.start_server`: one request per connection, `GET /metrics` or 404, no thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Gauge,
    Histogram,
    generate_latest,
)

from parity.verify.model import CheckResult

LABELS = ("check", "environment", "service", "kind")
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
REQUEST_TIMEOUT = 5.0  # seconds a client has to send its request before it is dropped
MAX_HEADER_LINES = 100
_UP = "1 if the check passed on its last run, else 0."
_DURATION = "How long the last attempt of the check took."
_LAST_SUCCESS = "When the check last passed, in seconds since the epoch."


class Metrics:
    """The three metric families of monitored checks, in their own registry."""

    def __init__(self) -> None:
        registry = self.registry = CollectorRegistry()
        self.up = Gauge("parity_check_up", _UP, LABELS, registry=registry)
        self.duration = Histogram(
            "parity_check_duration_seconds", _DURATION, LABELS, buckets=BUCKETS, registry=registry
        )
        self.last_success = Gauge(
            "parity_check_last_success_timestamp_seconds", _LAST_SUCCESS, LABELS, registry=registry
        )

    def record(self, result: CheckResult, now: float) -> None:
        """Record one result observed at `now` (seconds since the epoch)."""
        labels = (result.name, result.environment, result.service or "", result.kind)
        passed = result.outcome.passed
        self.up.labels(*labels).set(1 if passed else 0)
        self.duration.labels(*labels).observe(result.outcome.duration)
        if passed:
            self.last_success.labels(*labels).set(now)

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)


@dataclass(slots=True)
class MetricsServer:
    """A running metrics endpoint; `close()` (or leaving `async with`) stops it completely."""

    server: asyncio.Server
    port: int  # the port actually bound, useful when asked for port 0
    connections: dict[asyncio.Task[None], asyncio.StreamWriter] = field(default_factory=dict)

    async def close(self) -> None:
        """Stop listening, hang up on connections still open, and wait until all is closed."""
        self.server.close()
        # Hanging up lets each handler end on its own; cancelling it instead makes asyncio 3.11
        # log a spurious "Exception in callback" for every cancelled connection.
        for writer in self.connections.values():
            writer.close()
        await asyncio.gather(*self.connections, return_exceptions=True)
        await self.server.wait_closed()

    async def __aenter__(self) -> MetricsServer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


async def serve_metrics(metrics: Metrics, host: str, port: int) -> MetricsServer:
    """Listen on host:port (0 picks a free port) and answer `GET /metrics`. Raises OSError
    when the address cannot be bound (in use, not permitted); nothing is listening then."""
    connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None  # a connection handler always runs as a task
        connections[task] = writer
        try:
            await _answer(metrics, reader, writer)
        finally:
            del connections[task]
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    server = await asyncio.start_server(handle, host, port)
    bound = int(server.sockets[0].getsockname()[1])
    return MetricsServer(server, bound, connections)


async def _answer(
    metrics: Metrics, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT):
            method, path = await _read_request(reader)
    except (TimeoutError, ValueError, ConnectionError):
        return  # a client that cannot send a request gets no answer
    if path.split("?", 1)[0] != "/metrics":
        status, body, content_type = "404 Not Found", b"not found\n", "text/plain"
    elif method != "GET":
        status, body, content_type = "405 Method Not Allowed", b"use GET\n", "text/plain"
    else:
        status, body, content_type = "200 OK", metrics.exposition(), CONTENT_TYPE_LATEST
    writer.write(_response(status, body, content_type))
    with contextlib.suppress(ConnectionError):
        await writer.drain()


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str]:
    """The method and path of the request line; headers are read and ignored."""
    parts = (await reader.readline()).decode("latin-1").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError("not an HTTP request line")
    for _ in range(MAX_HEADER_LINES):
        if (await reader.readline()).strip() == b"":
            return parts[0], parts[1]
    raise ValueError("too many header lines")


def _response(status: str, body: bytes, content_type: str) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body
