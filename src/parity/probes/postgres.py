"""PostgreSQL probes: connect read-only, `SELECT 1`, and say which running server answered.

Nothing is ever written: every transaction of a probe's connection is `BEGIN READ ONLY`, and
the connection is closed without committing. The DSN is a `Secret`; reasons name the host and
port a failure concerns, never the DSN or its password.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from typing import Any, TypeAlias

import psycopg
from psycopg.conninfo import conninfo_to_dict

from parity.display import mask_text
from parity.probes.base import Clients, Outcome, PostgresTarget, Status
from parity.probes.reasons import limit, redact, took
from parity.secrets import Secret

APPLICATION_NAME = "parity-probe"
_DRIVER_SCHEME = re.compile(r"^postgres(?:ql)?\+[A-Za-z0-9_]+://", re.IGNORECASE)
_SERVER_SAYS = re.compile(r"(?:FATAL|ERROR):\s+(?P<message>.+)")
_SERVER_AT = re.compile(r'server at "(?P<host>[^"]+)"(?: \([^)]*\))?, port (?P<port>\d+)')
_UNRESOLVED = re.compile(r"failed to resolve host '(?P<host>[^']+)'")
_SERVER_SOCKET = re.compile(r'server on socket "(?P<socket>[^"]+)"')
_BUSY = (
    "too many clients",
    "connection slots",
    "starting up",
    "shutting down",
    "recovery mode",
    "not yet accepting",
)
_BUSY_CLASSES = ("08", "53", "57")  # connection, resources, operator intervention
_DROPPED = ("server closed the connection", "connection reset", "connection timed out")
_FACTS = (
    "SELECT current_database(), pg_postmaster_start_time(), inet_server_port(),"
    " has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')"
)
_SYSTEM_IDENTIFIER = "SELECT system_identifier::text FROM pg_catalog.pg_control_system()"
_HAS_SCHEMA = "SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = %s)"

Connection: TypeAlias = psycopg.AsyncConnection[tuple[Any, ...]]


def libpq_dsn(dsn: str) -> str:
    """The DSN as libpq reads it: SQLAlchemy's `postgresql+driver://` becomes `postgresql://`."""
    return _DRIVER_SCHEME.sub("postgresql://", dsn.strip(), count=1)


@asynccontextmanager
async def read_only_session(dsn: Secret, timeout: float) -> AsyncIterator[Connection]:
    """A connection whose every transaction is READ ONLY; closed, never committed, on exit.

    Read-only per transaction (psycopg sends `BEGIN READ ONLY`) rather than per session
    (`SET SESSION CHARACTERISTICS`, `-c default_transaction_read_only`): a transaction-pooling
    proxy such as PgBouncer may reject startup options, and would hand a session-level setting
    on to the next client of that server connection.
    """
    connection = await psycopg.AsyncConnection.connect(
        libpq_dsn(dsn.reveal()),
        connect_timeout=max(2, math.ceil(timeout)),  # libpq's minimum; wait_for is the bound
        application_name=APPLICATION_NAME,
    )
    try:
        await connection.set_read_only(True)
        yield connection
    finally:
        await connection.close()


async def probe_postgres(target: PostgresTarget, clients: Clients) -> Outcome:
    """Connect, `SELECT 1`, read the server version, and require `target.schema` if set."""
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_check(target, started), target.timeout)
    except (psycopg.Error, OSError, TimeoutError) as exc:
        return _failure(exc, target.dsn, target.timeout, started)


async def postgres_identity(dsn: Secret, timeout: float) -> tuple[str, ...] | Outcome:
    """What the server is, not what it is called: `("postgres", cluster, started, database)`.

    `cluster` is the system identifier from `pg_control_system()`: chosen by `initdb`, shared by
    a cluster's streaming replicas and by clusters restored from its physical backups. `started`
    (`pg_postmaster_start_time()`, in UTC) tells such copies apart, since each runs its own
    postmaster; so the first three elements name one running server and the last one database
    in it. Both functions are executable by PUBLIC by default. Where `pg_control_system()` is
    revoked or unsupported, `cluster` falls back to `port <inet_server_port()>`: the start time
    and the port still single out a running server, but an identity read that way never equals
    one read with the system identifier. `data_directory` is not used: only privileged roles
    may read it, so two roles would describe the same server differently.
    """
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_identity(dsn, timeout), timeout)
    except (psycopg.Error, OSError, TimeoutError) as exc:
        return _failure(exc, dsn, timeout, started)


async def _check(target: PostgresTarget, started: float) -> Outcome:
    async with read_only_session(target.dsn, target.timeout) as connection:
        asked = time.perf_counter()
        await connection.execute("SELECT 1")
        latency = time.perf_counter() - asked
        version = str(await _value(connection, "SHOW server_version")).split()[0]
        database = connection.info.dbname
        if target.schema and not await _value(connection, _HAS_SCHEMA, (target.schema,)):
            reason = f"schema {target.schema} does not exist in database {database}"
            return Outcome(Status.FAIL, reason, _since(started))
    reason = f"PostgreSQL {version}, SELECT 1 in {took(latency)}"
    details = {"version": version, "database": database}
    return Outcome(Status.PASS, reason, _since(started), details=details)


async def _identity(dsn: Secret, timeout: float) -> tuple[str, ...]:
    async with read_only_session(dsn, timeout) as connection:
        database, started_at, port, may_read_control = await _row(connection, _FACTS)
        cluster = await _system_identifier(connection) if may_read_control else None
    started = started_at.astimezone(UTC).isoformat() if isinstance(started_at, datetime) else ""
    return ("postgres", cluster or f"port {port or 'socket'}", started, str(database))


async def _system_identifier(connection: Connection) -> str | None:
    try:
        return str(await _value(connection, _SYSTEM_IDENTIFIER))
    except psycopg.DatabaseError:  # revoked or not supported (some managed services)
        return None


async def _value(connection: Connection, query: str, params: tuple[Any, ...] = ()) -> Any:
    return (await _row(connection, query, params))[0]


async def _row(connection: Connection, query: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    cursor = await connection.execute(query, params or None)
    row = await cursor.fetchone()
    if row is None:  # every query here selects exactly one row
        raise psycopg.DataError(f"no row from {query.split()[1]}")
    return row


def _failure(exc: BaseException, dsn: Secret, timeout: float, started: float) -> Outcome:
    """The outcome for an exception raised while probing `dsn`; its reason never holds secrets."""
    if isinstance(exc, TimeoutError | psycopg.errors.ConnectionTimeout):
        return Outcome(Status.ERROR, f"timed out after {limit(timeout)}", _since(started), True)
    status, reason, transient = _classify(_redact(str(exc), dsn), exc)
    return Outcome(status, reason, _since(started), transient=transient)


def _classify(message: str, exc: BaseException) -> tuple[Status, str, bool]:
    sqlstate = exc.sqlstate if isinstance(exc, psycopg.Error) else None
    if sqlstate:  # the server answered a query with an error
        busy = sqlstate[:2] in _BUSY_CLASSES
        return (Status.ERROR if busy else Status.FAIL), message, busy
    if isinstance(exc, psycopg.ProgrammingError):  # libpq could not parse the DSN
        return Status.ERROR, f"invalid connection string: {_keep_keywords(message)}", False
    said = _SERVER_SAYS.search(message)
    if said:
        text = said["message"].replace('"', "")
        return (Status.ERROR, text, True) if _has(text, _BUSY) else (Status.FAIL, text, False)
    if _has(message, ("connection refused",)):
        return Status.ERROR, f"connection refused on {_where(message)}", True
    unresolved = _UNRESOLVED.search(message)
    if unresolved:  # worded as parity.probes.reasons words it for the other probes
        again = "Temporary failure" in message
        suffix = " right now (temporary DNS failure)" if again else ""
        return Status.ERROR, f"cannot resolve host {unresolved['host']}{suffix}", again
    text = message.removeprefix("connection failed: ").removeprefix("connection is bad: ")
    return Status.ERROR, text, _has(text, _DROPPED)


def _where(message: str) -> str:
    at = _SERVER_AT.search(message)
    if at:
        return f"{at['host']}:{at['port']}"
    socket = _SERVER_SOCKET.search(message)
    return socket["socket"] if socket else "the server"


def _keep_keywords(message: str) -> str:
    """A connection-string parse error with quoted fragments elided unless they are keywords:
    libpq quotes the offending word, which may be a password."""
    safe = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()} | {"="}
    return re.sub(r'"([^"]*)"', lambda m: m[0] if m[1] in safe else '"…"', message)


def _secrets(dsn: Secret) -> tuple[str, ...]:
    """Every form of the DSN's password that an error message could repeat, and the DSN."""
    raw = dsn.reveal()
    found = [raw, libpq_dsn(raw)]
    with suppress(psycopg.Error):
        found.append(str(conninfo_to_dict(libpq_dsn(raw)).get("password") or ""))
    found.append(_url_password(raw))
    return tuple(value for value in found if value)


def _url_password(dsn: str) -> str:
    userinfo = dsn.partition("://")[2].partition("/")[0].rpartition("@")[0]
    return userinfo.partition(":")[2]


def _redact(message: str, dsn: Secret) -> str:
    """The first line of `message` with the DSN and its password in any form masked."""
    lines = mask_text(redact(message, _secrets(dsn))).strip().splitlines()
    return lines[0] if lines else "unknown error"


def _has(text: str, needles: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(needle in lowered for needle in needles)


def _since(started: float) -> float:
    return time.perf_counter() - started
