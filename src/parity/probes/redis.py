"""Redis probes: PING, and say which running server and which database answered.

Only PING, INFO and the SELECT that the URL's database index implies are sent: nothing is
written. The URL is a `Secret`; reasons name the host and port, never the URL or its password.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from redis.asyncio import Redis
from redis.exceptions import (
    AuthenticationError,
    ConnectionError,
    RedisError,
    ResponseError,
)
from redis.exceptions import TimeoutError as RedisTimeoutError

from parity.display import mask_text
from parity.probes.base import Clients, Outcome, RedisTarget, Status
from parity.probes.reasons import connection_failure, limit, redact, took
from parity.secrets import Secret

_AUTH_REPLIES = ("NOAUTH", "WRONGPASS", "NOPERM")
_ERRORS = (RedisError, OSError, ValueError, TimeoutError)


async def probe_redis(target: RedisTarget, clients: Clients) -> Outcome:
    """Connect (selecting the URL's database), PING, and read the server's version."""
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_ping(target, started), target.timeout)
    except _ERRORS as exc:
        return _failure(exc, target.url, target.timeout, started)


async def redis_identity(url: Secret, timeout: float) -> tuple[str, ...] | Outcome:
    """What the server is, not what it is called: `("redis", run_id, db)`.

    `run_id` is the random id a Redis process picks when it starts (`INFO server`): equal run
    ids mean the same running server, however the URLs spell its address. `db` is the database
    index the URL selects (`/5` or `?db=5`; 0 by default).
    """
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_identity(url, timeout, started), timeout)
    except _ERRORS as exc:
        return _failure(exc, url, timeout, started)


@asynccontextmanager
async def _client(url: Secret, timeout: float) -> AsyncIterator[Redis]:
    client = Redis.from_url(url.reveal(), socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        yield client
    finally:
        await client.aclose()


async def _ping(target: RedisTarget, started: float) -> Outcome:
    async with _client(target.url, target.timeout) as client:
        asked = time.perf_counter()
        await client.ping()
        latency = time.perf_counter() - asked
        version = await _version(client)
    server = f"Redis {version}" if version else "Redis"
    reason = f"PONG from {server} in {took(latency)}"
    return Outcome(Status.PASS, reason, _since(started), details={"version": version or ""})


async def _version(client: Redis) -> str | None:
    """The server's version; None where INFO is disabled, as some managed services do."""
    try:
        info: dict[str, Any] = await client.info("server")
    except ResponseError:
        return None
    return str(info.get("redis_version") or "") or None


async def _identity(url: Secret, timeout: float, started: float) -> tuple[str, ...] | Outcome:
    async with _client(url, timeout) as client:
        info: dict[str, Any] = await client.info("server")
        db = client.connection_pool.connection_kwargs.get("db") or 0
    run_id = info.get("run_id")
    if not run_id:
        reason = "the server's INFO has no run_id, so it cannot be identified"
        return Outcome(Status.ERROR, reason, _since(started))
    return ("redis", str(run_id), str(db))


def _failure(exc: BaseException, url: Secret, timeout: float, started: float) -> Outcome:
    """The outcome for an exception raised while probing `url`; its reason never holds secrets."""
    if isinstance(exc, TimeoutError | RedisTimeoutError):
        return Outcome(Status.ERROR, f"timed out after {limit(timeout)}", _since(started), True)
    status, reason, transient = _classify(exc, _redact(str(exc), url), url)
    return Outcome(status, reason, _since(started), transient=transient)


def _classify(exc: BaseException, message: str, url: Secret) -> tuple[Status, str, bool]:
    if isinstance(exc, AuthenticationError) or message.startswith(_AUTH_REPLIES):
        return Status.FAIL, f"authentication failed: {message.rstrip('.')}", False
    if isinstance(exc, ResponseError):
        return Status.FAIL, message, False
    if isinstance(exc, ValueError):
        return Status.ERROR, f"invalid Redis URL: {message}", False
    cause, address = _os_error(exc), _address(url)
    if cause is not None and address is not None:
        reason, transient = connection_failure(cause, *address)
        return Status.ERROR, _redact(reason, url), transient
    return Status.ERROR, message, isinstance(exc, ConnectionError)


def _os_error(exc: BaseException) -> OSError | None:
    """The operating system's error behind `exc`, if there is one."""
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, OSError):
        seen = seen.__cause__ or seen.__context__
    return seen


def _address(url: Secret) -> tuple[str, int] | None:
    """The host and port a TCP URL names; None for a Unix socket (`unix://`)."""
    parts = urlsplit(url.reveal().strip())
    return (parts.hostname, parts.port or 6379) if parts.hostname else None


def _redact(message: str, url: Secret) -> str:
    """The first line of `message` with the URL and its password in any form masked."""
    lines = mask_text(redact(message, _secrets(url.reveal()))).strip().splitlines()
    return lines[0] if lines else "unknown error"


def _secrets(url: str) -> set[str]:
    """The URL, and its password as written and decoded, from the userinfo or `?password=`."""
    found = {url.strip()}
    try:
        parts = urlsplit(url.strip())
        password = parts.password
    except ValueError:
        return found
    found.update(parse_qs(parts.query).get("password", ()))
    if password:
        found.update({password, unquote(password)})
    return {value for value in found if value}


def _since(started: float) -> float:
    return time.perf_counter() - started
