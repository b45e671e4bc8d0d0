"""The example's database: settings from the environment, the schema, and errors fit to print."""

from __future__ import annotations

import os
import sys
from typing import Any, LiteralString

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

# Both processes may create the schema at the same moment; CREATE ... IF NOT EXISTS alone races.
_SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(hashtext('insurance-navigator-example-schema'))"
_SCHEMA = (
    "CREATE SCHEMA IF NOT EXISTS {schema}",
    """CREATE TABLE IF NOT EXISTS {schema}.upload_jobs (
        id serial PRIMARY KEY,
        kind text NOT NULL DEFAULT 'upload',
        status text NOT NULL DEFAULT 'queued',
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
    )""",
    """CREATE INDEX IF NOT EXISTS upload_jobs_queued
        ON {schema}.upload_jobs (id) WHERE status = 'queued'""",
    """CREATE TABLE IF NOT EXISTS {schema}.worker_heartbeat (
        id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        beat_at timestamptz NOT NULL,
        poll_interval double precision NOT NULL,
        pid integer NOT NULL
    )""",
)


def database_url() -> str:
    """DATABASE_URL, which the service cannot run without."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        sys.exit("DATABASE_URL is not set: the service needs its database")
    return url


def schema_name() -> str:
    """DATABASE_SCHEMA, `upload_pipeline` unless set."""
    return os.environ.get("DATABASE_SCHEMA", "").strip() or "upload_pipeline"


def connect(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection that gives up after 3 s; transactions are explicit."""
    return psycopg.connect(url, autocommit=True, connect_timeout=3)


def query(template: LiteralString, schema: str) -> sql.Composed:
    """`template` with `{schema}` replaced by the quoted schema name."""
    return sql.SQL(template).format(schema=sql.Identifier(schema))


def ensure_schema(connection: psycopg.Connection[Any], schema: str) -> None:
    """Create the schema and tables if they are missing; safe to run again, and concurrently."""
    with connection.transaction():
        connection.execute(_SCHEMA_LOCK)
        for statement in _SCHEMA:
            connection.execute(query(statement, schema))


def where(url: str) -> str:
    """`host:port/dbname` of a connection URL, without user or password, for logs."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "(unparsable DATABASE_URL)"
    host = parts.get("host") or "local socket"
    return f"{host}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


def describe(error: BaseException, url: str) -> str:
    """The first line of a database error, with the URL's password masked."""
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    try:
        password = conninfo_to_dict(url).get("password")
    except psycopg.Error:
        password = None
    if password:
        text = text.replace(str(password), "***")
    return text.replace(url, where(url))
