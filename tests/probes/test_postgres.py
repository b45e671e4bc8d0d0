"""The PostgreSQL probe and identity, against the local server and sockets that misbehave."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import httpx
import psycopg
import pytest

from parity.probes.base import Clients, Outcome, PostgresTarget, Status
from parity.probes.postgres import postgres_identity, probe_postgres, read_only_session
from parity.secrets import Secret
from tests.probes.servers import other_spelling

pytestmark = pytest.mark.services

PASSWORD = "Sup3rSecretPw"  # trust auth ignores it; it must never be shown


def probe(dsn: str, *, schema: str | None = None, timeout: float = 5.0) -> Outcome:
    """Run the probe once with a real (unused) HTTP client."""

    async def run() -> Outcome:
        async with httpx.AsyncClient() as http:
            return await probe_postgres(PostgresTarget(Secret(dsn), schema, timeout), Clients(http))

    return asyncio.run(run())


def respelled(
    url: str,
    *,
    host: str | None = None,
    port: int | None = None,
    path: str | None = None,
    password: str | None = None,
) -> str:
    """`url` with its host, port, database path or password replaced."""
    parts = urlsplit(url)
    user = parts.username or ""
    secret = f":{password}" if password else ""
    address = f"{host or parts.hostname}:{port or parts.port or 5432}"
    netloc = f"{user}{secret}@{address}" if user else address
    return urlunsplit(parts._replace(netloc=netloc, path=path or parts.path))


def test_passes_with_the_server_version(postgres_url: str) -> None:
    outcome = probe(postgres_url)
    assert outcome.status is Status.PASS
    assert re.fullmatch(r"PostgreSQL \d+\.\d+, SELECT 1 in \d+ ms", outcome.reason), outcome.reason
    assert outcome.reason.startswith(f"PostgreSQL {outcome.details['version']},")


def test_a_schema_that_exists_passes(postgres_url: str) -> None:
    assert probe(postgres_url, schema="information_schema").status is Status.PASS


def test_a_missing_schema_fails_definitely(postgres_url: str) -> None:
    outcome = probe(respelled(postgres_url, path="/postgres"), schema="upload_pipeline")
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert outcome.reason == "schema upload_pipeline does not exist in database postgres"


def test_an_unknown_database_fails_definitely(postgres_url: str) -> None:
    name = f"parity_missing_{uuid4().hex[:8]}"
    outcome = probe(respelled(postgres_url, path=f"/{name}"))
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert outcome.reason == f"database {name} does not exist"


def test_a_refused_connection_is_a_transient_error(postgres_url: str, refused_port: int) -> None:
    outcome = probe(respelled(postgres_url, host="127.0.0.1", port=refused_port))
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"


def test_a_server_that_never_answers_times_out(postgres_url: str, silent_port: int) -> None:
    outcome = probe(respelled(postgres_url, host="127.0.0.1", port=silent_port), timeout=0.5)
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == "timed out after 0.5 s"
    assert outcome.duration < 2


@pytest.mark.parametrize(
    "dsn",
    [
        f"nonsense {PASSWORD}",
        f"postgresql://postgres:{PASSWORD}@127.0.0.1:5432/postgres?not_an_option=1",
        f"postgresql://postgres:{PASSWORD}@127.0.0.1:99999/postgres",
    ],
)
def test_a_bad_dsn_is_a_definite_error_that_hides_the_password(dsn: str) -> None:
    outcome = probe(dsn)
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert PASSWORD not in outcome.reason
    assert "invalid" in outcome.reason


def test_no_reason_repeats_the_password(postgres_url: str, refused_port: int) -> None:
    dsns = [
        respelled(postgres_url, password=PASSWORD),
        respelled(postgres_url, password=PASSWORD, path="/parity_missing"),
        respelled(postgres_url, password=PASSWORD, host="127.0.0.1", port=refused_port),
    ]
    for outcome in [probe(dsn) for dsn in dsns]:
        assert PASSWORD not in f"{outcome.reason} {outcome.details}"


def test_a_sqlalchemy_url_is_probed_as_plain_postgresql(postgres_url: str) -> None:
    driver_url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
    assert probe(driver_url).status is Status.PASS


def test_the_session_is_read_only(postgres_url: str) -> None:
    async def run() -> str:
        async with read_only_session(Secret(postgres_url), 5.0) as connection:
            cursor = await connection.execute("SHOW transaction_read_only")
            row = await cursor.fetchone()
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                await connection.execute("CREATE TABLE parity_must_not_exist (id int)")
            return str(row[0]) if row else ""

    assert asyncio.run(run()) == "on"


def test_identity_names_the_server_not_the_spelling(postgres_url: str) -> None:
    first = asyncio.run(postgres_identity(Secret(postgres_url), 5.0))
    second = asyncio.run(postgres_identity(Secret(other_spelling(postgres_url)), 5.0))
    assert first == second
    assert isinstance(first, tuple)
    assert first[0] == "postgres"
    assert first[1].isdigit()  # the system identifier: PUBLIC may run pg_control_system()
    assert first[-1] == urlsplit(postgres_url).path.lstrip("/")


def test_identity_of_an_unreachable_server_is_an_outcome(refused_port: int) -> None:
    dsn = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{refused_port}/postgres"
    outcome = asyncio.run(postgres_identity(Secret(dsn), 5.0))
    assert isinstance(outcome, Outcome)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"
