"""The contract every live check follows: a resolved check in, an outcome out, never an exception.

A probe is I/O at the edge: it talks to a real server or process. Everything it needs arrives
resolved (URLs, secrets, timeouts) in a `Target`; it answers with an `Outcome` whose `reason` is
one line a person can act on ("connection refused on 127.0.0.1:5433", "status 503 after 2.1 s").
A problem with what was probed is an outcome, not an exception; only a bug in Parity raises.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import httpx

from parity.secrets import Secret


class Status(StrEnum):
    """What a check found: it passed, the target answered wrongly, or it could not be asked."""

    PASS = "pass"
    FAIL = "fail"  # a definite answer that is wrong: status 503, condition false, auth refused
    ERROR = "error"  # no answer: refused, timed out, DNS failure, process could not start


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of probing once. `details` and `reason` are safe to print: no secret in them.

    `transient` marks an outcome that trying again may change (refused, timed out, reset, 502/503/
    504); a definite answer (401, a false condition, exit code 1) is never retried.
    """

    status: Status
    reason: str
    duration: float
    transient: bool = False
    details: Mapping[str, str] = field(default_factory=dict)
    identity: tuple[str, ...] | None = None  # what the server is (live isolation probe)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS


@dataclass(frozen=True, slots=True)
class HttpTarget:
    """An HTTP(S) request and the conditions its response must meet."""

    url: str
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    json: object = None
    conditions: tuple[str, ...] = ("[STATUS] == 200",)
    timeout: float = 10.0
    secret_headers: Mapping[str, Secret] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TcpTarget:
    """A TCP connect to host:port."""

    host: str
    port: int
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class PostgresTarget:
    """Connect, `SELECT 1`, read the server version; optionally require a schema to exist."""

    dsn: Secret
    schema: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class RedisTarget:
    """Connect and PING."""

    url: Secret
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class CommandTarget:
    """Run a command (argv, no shell) with a timeout; pass on exit code 0."""

    argv: tuple[str, ...]
    timeout: float = 30.0
    cwd: str | None = None
    env: Mapping[str, Secret] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ApiKeyTarget:
    """Ask a provider's endpoint (e.g. GET /v1/models) with the key; 2xx passes, 401/403 fails."""

    url: str
    key: Secret
    header: str = "Authorization"
    scheme: str = "Bearer"
    timeout: float = 10.0


Target = HttpTarget | TcpTarget | PostgresTarget | RedisTarget | CommandTarget | ApiKeyTarget


@dataclass(frozen=True, slots=True)
class Clients:
    """Shared connections a probe may use; injected so tests and the runner control them.

    `lanes`, when given, holds one single-connection client per concurrency slot, and `lease()`
    hands each in-flight request its own: httpcore's shared pool slows down badly once dozens of
    kept-alive connections are in play (500 checks at concurrency 50 took 6.8 s through one
    pool and 1.2 s through lanes). Without lanes, `lease()` is simply `http`.
    """

    http: httpx.AsyncClient
    lanes: asyncio.Queue[httpx.AsyncClient] | None = None

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[httpx.AsyncClient]:
        """An HTTP client for one request (or one scenario), returned when the block ends."""
        if self.lanes is None:
            yield self.http
            return
        client = await self.lanes.get()
        try:
            yield client
        finally:
            self.lanes.put_nowait(client)


@contextlib.asynccontextmanager
async def open_clients(concurrency: int, *, timeout: float = 30.0) -> AsyncIterator[Clients]:
    """Clients for a run of at most `concurrency` probes at once: a shared client, and one
    single-connection lane per slot. Everything is closed when the block ends."""
    single = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tls = httpx.create_ssl_context()  # one CA bundle load, not one per lane (about 40 ms each)
    async with contextlib.AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(timeout=timeout, verify=tls))
        lanes: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        for _ in range(concurrency):
            lane = httpx.AsyncClient(limits=single, timeout=timeout, verify=tls)
            lanes.put_nowait(await stack.enter_async_context(lane))
        yield Clients(http=http, lanes=lanes)


class Probe(Protocol):
    """Probes one target once. Never raises for a problem with the target: returns an Outcome."""

    async def __call__(self, target: Target, clients: Clients) -> Outcome:
        """Probe `target` once and say what happened."""
        ...
