"""The Redis probe and identity, against the local server and sockets that misbehave."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from parity.probes.base import Clients, Outcome, RedisTarget, Status
from parity.probes.redis import probe_redis, redis_identity
from parity.secrets import Secret
from tests.probes.servers import other_spelling

pytestmark = pytest.mark.services

PASSWORD = "Sup3rSecretPw"


def probe(url: str, *, timeout: float = 5.0) -> Outcome:
    """Run the probe once with a real (unused) HTTP client."""

    async def run() -> Outcome:
        async with httpx.AsyncClient() as http:
            return await probe_redis(RedisTarget(Secret(url), timeout), Clients(http))

    return asyncio.run(run())


def identity(url: str) -> tuple[str, ...] | Outcome:
    """The identity the server gives for `url`."""
    return asyncio.run(redis_identity(Secret(url), 5.0))


def respelled(
    url: str,
    *,
    host: str | None = None,
    port: int | None = None,
    db: int | None = None,
    userinfo: str = "",
) -> str:
    """`url` with its host, port, database index or credentials replaced."""
    parts = urlsplit(url)
    address = f"{host or parts.hostname}:{port or parts.port or 6379}"
    netloc = f"{userinfo}@{address}" if userinfo else address
    path = parts.path if db is None else f"/{db}"
    return urlunsplit(parts._replace(netloc=netloc, path=path))


def test_passes_with_the_server_version(redis_url: str) -> None:
    outcome = probe(redis_url)
    assert outcome.status is Status.PASS
    assert re.fullmatch(r"PONG from Redis \d+\.\d+\.\d+ in \d+ ms", outcome.reason), outcome.reason


def test_another_database_index_still_answers_ping(redis_url: str) -> None:
    assert probe(respelled(redis_url, db=5)).status is Status.PASS


def test_a_database_index_the_server_lacks_fails_definitely(redis_url: str) -> None:
    outcome = probe(respelled(redis_url, db=4096))
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert "out of range" in outcome.reason


def test_a_refused_connection_is_a_transient_error(redis_url: str, refused_port: int) -> None:
    outcome = probe(
        respelled(redis_url, host="127.0.0.1", port=refused_port, userinfo=f":{PASSWORD}")
    )
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"


def test_a_server_that_never_answers_times_out(redis_url: str, silent_port: int) -> None:
    outcome = probe(respelled(redis_url, host="127.0.0.1", port=silent_port), timeout=0.5)
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == "timed out after 0.5 s"


def test_wrong_credentials_fail_definitely_without_the_password(redis_url: str) -> None:
    outcome = probe(respelled(redis_url, userinfo=f"parity-nobody:{PASSWORD}"))
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert outcome.reason.startswith("authentication failed")
    assert PASSWORD not in outcome.reason


def test_a_url_that_is_not_redis_is_a_definite_error() -> None:
    outcome = probe(f"http://user:{PASSWORD}@127.0.0.1:6379/0")
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert outcome.reason.startswith("invalid Redis URL")
    assert PASSWORD not in outcome.reason


def test_identity_names_the_server_not_the_spelling(redis_url: str) -> None:
    first = identity(respelled(redis_url, db=0))
    assert first == identity(other_spelling(respelled(redis_url, db=0)))
    assert isinstance(first, tuple)
    assert first[0] == "redis"
    assert first[2] == "0"


def test_identity_tells_database_indexes_apart(redis_url: str) -> None:
    zero, one = identity(respelled(redis_url, db=0)), identity(respelled(redis_url, db=1))
    assert isinstance(zero, tuple)
    assert isinstance(one, tuple)
    assert (zero[:2], zero[2], one[2]) == (one[:2], "0", "1")


def test_identity_of_an_unreachable_server_is_an_outcome(refused_port: int) -> None:
    outcome = identity(f"redis://127.0.0.1:{refused_port}/0")
    assert isinstance(outcome, Outcome)
    assert outcome.status is Status.ERROR
