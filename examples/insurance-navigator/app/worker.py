"""The example's worker: every WORKER_POLL_INTERVAL seconds, a heartbeat, then the queued jobs.

Configured like the real worker: DATABASE_URL, DATABASE_SCHEMA (upload_pipeline) and
WORKER_POLL_INTERVAL (seconds, fractions allowed; 2 unless set). The heartbeat records the
interval, so the API knows when the worker is late without sharing its configuration.
Stops cleanly, between two polls, on SIGTERM or SIGINT.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

import psycopg
from db import connect, database_url, describe, ensure_schema, query, schema_name, where

BATCH = 100

_HEARTBEAT = """INSERT INTO {schema}.worker_heartbeat (id, beat_at, poll_interval, pid)
    VALUES (1, now(), %s, %s)
    ON CONFLICT (id) DO UPDATE
    SET beat_at = excluded.beat_at, poll_interval = excluded.poll_interval, pid = excluded.pid"""
# SKIP LOCKED lets several workers share the queue without taking the same job twice.
_TAKE_JOBS = """WITH taken AS (
        SELECT id FROM {schema}.upload_jobs WHERE status = 'queued'
        ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
    )
    UPDATE {schema}.upload_jobs AS job SET status = 'done', processed_at = now()
    FROM taken WHERE job.id = taken.id
    RETURNING job.id, job.kind"""


def poll_interval() -> float:
    """WORKER_POLL_INTERVAL in seconds; 2 unless set."""
    raw = os.environ.get("WORKER_POLL_INTERVAL", "").strip() or "2"
    try:
        interval = float(raw)
    except ValueError:
        interval = 0.0
    if not interval > 0:
        sys.exit(f"WORKER_POLL_INTERVAL must be a positive number of seconds, not {raw!r}")
    return interval


def poll(connection: psycopg.Connection[Any], schema: str, interval: float) -> None:
    """Say the worker is alive, then finish every queued job (a real worker would work here)."""
    with connection.transaction():
        connection.execute(query(_HEARTBEAT, schema), (interval, os.getpid()))
    with connection.transaction():
        done = connection.execute(query(_TAKE_JOBS, schema), (BATCH,)).fetchall()
    for job_id, kind in done:
        log(f"job {job_id} ({kind}) done")


def run(url: str, schema: str, interval: float, stopping: threading.Event) -> None:
    """Poll until `stopping` is set; a database error is logged and the next poll reconnects."""
    connection: psycopg.Connection[Any] | None = None
    while not stopping.is_set():
        try:
            if connection is None or connection.closed:
                connection = connect(url)
                ensure_schema(connection, schema)
            poll(connection, schema, interval)
        except psycopg.Error as exc:
            log(f"database error: {describe(exc, url)}; retrying in {interval:g} s")
            if connection is not None:
                connection.close()
            connection = None
        stopping.wait(interval)
    if connection is not None:
        connection.close()


def log(message: str) -> None:
    """One line on stderr, with the time."""
    sys.stderr.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} worker {message}\n")
    sys.stderr.flush()


def main() -> None:
    """Run until SIGTERM or SIGINT."""
    url, schema, interval = database_url(), schema_name(), poll_interval()
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(f"polling every {interval:g} s (database {where(url)}, schema {schema})")
    run(url, schema, interval, stopping)
    log("stopped")


if __name__ == "__main__":
    main()
