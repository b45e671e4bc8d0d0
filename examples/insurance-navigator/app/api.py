"""The example's HTTP API: GET /health, POST /jobs and GET /jobs/{id}, on the standard library.

Configured like the real service: DATABASE_URL, DATABASE_SCHEMA (upload_pipeline), ENVIRONMENT,
SERVICE_HOST (127.0.0.1) and SERVICE_PORT or PORT (8000). /health answers 200 only when the
database answers and the worker's heartbeat is younger than three of the worker's poll intervals.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import psycopg
from db import connect, database_url, describe, ensure_schema, query, schema_name, where

STALE_AFTER_INTERVALS = 3
MAX_BODY = 64 * 1024
_JOB_PATH = re.compile(r"/jobs/(\d{1,18})")

_HEARTBEAT_AGE = """SELECT extract(epoch FROM now() - beat_at)::float8, poll_interval
    FROM {schema}.worker_heartbeat WHERE id = 1"""
_INSERT_JOB = "INSERT INTO {schema}.upload_jobs (kind) VALUES (%s) RETURNING id, status"
_SELECT_JOB = """SELECT id, kind, status, created_at, processed_at
    FROM {schema}.upload_jobs WHERE id = %s"""

Reply = tuple[int, dict[str, Any]]


@dataclass
class App:
    """What every request needs: where the database is, and whether the schema exists yet."""

    url: str
    schema: str
    environment: str
    schema_ready: bool = False

    def connection(self) -> psycopg.Connection[Any]:
        """A fresh connection; the schema is created on first use, so a late database is fine."""
        connection = connect(self.url)
        if not self.schema_ready:
            ensure_schema(connection, self.schema)
            self.schema_ready = True
        return connection

    def health(self) -> Reply:
        """200 when the database answers and the worker is alive, else 503 naming what is not."""
        body: dict[str, Any] = {"status": "ok", "environment": self.environment}
        try:
            with self.connection() as connection:
                beat = connection.execute(query(_HEARTBEAT_AGE, self.schema)).fetchone()
        except psycopg.Error as exc:
            body.update(database=f"error: {describe(exc, self.url)}", worker="unknown")
            return 503, {**body, "status": "error"}
        body.update(database="ok", worker=_worker_state(beat))
        if beat is not None:
            body["worker_last_seen"] = round(beat[0], 1)
        return (200, body) if body["worker"] == "ok" else (503, {**body, "status": "error"})

    def create_job(self, request: dict[str, Any]) -> Reply:
        """Queue a job of `kind` (default `upload`) for the worker."""
        kind = request.get("kind", "upload")
        if not isinstance(kind, str) or not kind.strip():
            return 400, {"error": "kind must be a non-empty string"}
        with self.connection() as connection:
            row = connection.execute(query(_INSERT_JOB, self.schema), (kind,)).fetchone()
        assert row is not None  # INSERT ... RETURNING always returns the row
        return 201, {"id": row[0], "status": row[1]}

    def job(self, job_id: int) -> Reply:
        """One job, or 404."""
        with self.connection() as connection:
            row = connection.execute(query(_SELECT_JOB, self.schema), (job_id,)).fetchone()
        if row is None:
            return 404, {"error": f"no job {job_id}"}
        id_, kind, status, created_at, processed_at = row
        return 200, {
            "id": id_,
            "kind": kind,
            "status": status,
            "created_at": created_at.isoformat(),
            "processed_at": processed_at.isoformat() if processed_at else None,
        }


def _worker_state(beat: tuple[Any, ...] | None) -> str:
    if beat is None:
        return "missing"  # no worker has ever run against this database
    age, interval = beat
    return "ok" if age < STALE_AFTER_INTERVALS * interval else "stale"


class Handler(BaseHTTPRequestHandler):
    """Routes the three endpoints; every answer is JSON, every request one line on stderr."""

    server: Server
    server_version = "insurance-navigator-example/1.0"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/health":
            self._answer(self.server.app.health)
        elif match := _JOB_PATH.fullmatch(path):
            self._answer(lambda: self.server.app.job(int(match[1])))
        else:
            self._send(404, {"error": f"no route GET {path}"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path != "/jobs":
            self._send(404, {"error": f"no route POST {path}"})
            return
        request = self._json_body()
        if request is None:
            self._send(400, {"error": "the body must be a JSON object (or empty)"})
            return
        self._answer(lambda: self.server.app.create_job(request))

    def _json_body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            document = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return None
        return document if isinstance(document, dict) else None

    def _answer(self, action: Any) -> None:
        try:
            status, body = action()
        except psycopg.Error as exc:
            status, body = 503, {"error": f"database: {describe(exc, self.server.app.url)}"}
        self._send(status, body)

    def _send(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if status == 201 and "id" in body:
            self.send_header("Location", f"/jobs/{body['id']}")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        log(f"{self.address_string()} {format % args}")


class Server(ThreadingHTTPServer):
    """The HTTP server, carrying the app its handlers use."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App) -> None:
        super().__init__(address, Handler)
        self.app = app


def log(message: str) -> None:
    """One line on stderr, with the time."""
    sys.stderr.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} api {message}\n")
    sys.stderr.flush()


def _port() -> int:
    raw = os.environ.get("SERVICE_PORT") or os.environ.get("PORT") or "8000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        sys.exit(f"SERVICE_PORT must be a port number, not {raw!r}")
    return int(raw)


def main() -> None:
    """Serve until SIGTERM or SIGINT."""
    app = App(database_url(), schema_name(), os.environ.get("ENVIRONMENT", "development"))
    host = os.environ.get("SERVICE_HOST") or "127.0.0.1"
    server = Server((host, _port()), app)

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever() to return, so it cannot run on this thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(
        f"listening on http://{host}:{server.server_port} ({app.environment}, "
        f"database {where(app.url)}, schema {app.schema})"
    )
    try:
        server.serve_forever()
    finally:
        server.server_close()
        log("stopped")


if __name__ == "__main__":
    main()
