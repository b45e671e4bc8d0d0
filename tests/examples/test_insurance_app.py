"""The insurance-navigator example's staging, started for real: API, worker and PostgreSQL.

Each staging gets its own database, port and run directory, so nothing touches the repository's
tree or a staging someone runs by hand; a finaliser stops every process it started and drops the
database, whatever the test did.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

pytestmark = pytest.mark.services

APP = Path(__file__).resolve().parents[2] / "examples" / "insurance-navigator" / "app"
RUN_LOCAL = APP / "run_local.py"
SERVICES = ("api", "worker")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gone(pid: int) -> bool:
    """True when `pid` has exited (a zombie waiting for its parent counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


@dataclass
class Staging:
    """One locally started staging and the commands that drive it."""

    environment: dict[str, str]
    run_dir: Path
    url: str
    database: str
    started: set[int]
    said: str = ""  # what `start` printed

    def run_local(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(RUN_LOCAL), *arguments]
        return subprocess.run(
            command, env=self.environment, capture_output=True, text=True, timeout=60, check=False
        )

    def pids(self) -> dict[str, int]:
        files = {name: self.run_dir / f"{name}.pid" for name in SERVICES}
        return {name: int(path.read_text()) for name, path in files.items() if path.exists()}

    def get(self, path: str) -> httpx.Response:
        with httpx.Client(trust_env=False, timeout=5) as client:
            return client.get(self.url + path)

    def post(self, path: str, body: Any) -> httpx.Response:
        with httpx.Client(trust_env=False, timeout=5) as client:
            return client.post(self.url + path, json=body)

    def wait_for(self, path: str, done: Callable[[httpx.Response], bool], within: float) -> Any:
        deadline = time.monotonic() + within
        while not done(response := self.get(path)) and time.monotonic() < deadline:
            time.sleep(0.2)
        return response


@pytest.fixture(scope="module")
def start_staging(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Staging]]:
    """`start_staging()` starts a staging on its own database and port; all stop at module end."""
    stagings: list[Staging] = []

    def start(*arguments: str) -> Staging:
        database = f"parity_example_{uuid.uuid4().hex[:12]}"
        run_dir = tmp_path_factory.mktemp("run")
        port = free_port()
        environment = {
            **os.environ,
            "STAGING_DATABASE_URL": make_conninfo(postgres_url, dbname=database),
            "PARITY_LOCAL_ADMIN_URL": postgres_url,
            "PARITY_EXAMPLE_PORT": str(port),
            "PARITY_EXAMPLE_RUN_DIR": str(run_dir),
        }
        staging = Staging(environment, run_dir, f"http://127.0.0.1:{port}", database, set())
        stagings.append(staging)
        started = staging.run_local("start", *arguments)
        staging.started.update(staging.pids().values())
        staging.said = started.stdout
        assert started.returncode == 0, started.stdout + started.stderr + _logs(run_dir)
        return staging

    yield start
    for staging in stagings:
        _tear_down(staging, postgres_url)


def _tear_down(staging: Staging, postgres_url: str) -> None:
    staging.run_local("stop")
    for pid in staging.started:  # only if `stop` failed: our own processes, by their id
        if not gone(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        connection.execute(drop.format(sql.Identifier(staging.database)))


def _logs(run_dir: Path) -> str:
    return "".join(f"\n--- {p.name}\n{p.read_text()}" for p in sorted(run_dir.glob("*.log")))


@pytest.fixture(scope="module")
def staging(start_staging: Callable[..., Staging]) -> Staging:
    """One staging the read-only tests share."""
    return start_staging()


def test_start_creates_the_database_and_staging_is_healthy(
    staging: Staging, postgres_url: str
) -> None:
    with psycopg.connect(postgres_url) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (staging.database,)
        ).fetchone()
    assert found is not None
    assert f"staging is up at {staging.url}" in staging.said
    response = staging.get("/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok" and body["environment"] == "staging"
    assert body["database"] == "ok" and body["worker"] == "ok"


def test_a_posted_job_is_done_by_the_worker(staging: Staging) -> None:
    created = staging.post("/jobs", {"kind": "pdf"})
    assert created.status_code == 201
    job = created.json()
    assert job["status"] == "queued"
    assert created.headers["location"] == f"/jobs/{job['id']}"
    response = staging.wait_for(
        f"/jobs/{job['id']}", lambda r: r.json().get("status") == "done", within=10
    )
    assert response.json()["status"] == "done", response.text
    assert response.json()["kind"] == "pdf" and response.json()["processed_at"]


def test_requests_the_api_cannot_serve_are_refused_clearly(staging: Staging) -> None:
    assert staging.get("/jobs/999999999").status_code == 404
    assert staging.get("/nowhere").status_code == 404
    assert staging.post("/jobs", [1, 2]).status_code == 400
    assert staging.post("/jobs", None).status_code == 201  # an empty job is an upload


def test_start_twice_starts_nothing_twice(staging: Staging) -> None:
    before = staging.pids()
    again = staging.run_local("start")
    assert again.returncode == 0, again.stderr
    assert "api is already running" in again.stdout
    assert "worker is already running" in again.stdout
    assert staging.pids() == before


def test_status_says_what_runs(staging: Staging) -> None:
    status = staging.run_local("status")
    assert status.returncode == 0
    assert "api     running" in status.stdout and "worker  running" in status.stdout


def test_stopping_the_worker_makes_health_fail(start_staging: Callable[..., Staging]) -> None:
    staging = start_staging()
    worker = staging.pids()["worker"]
    stopped = staging.run_local("stop", "worker")
    assert stopped.returncode == 0 and f"stopped worker (pid {worker})" in stopped.stdout
    assert gone(worker) and "api" in staging.pids()
    response = staging.wait_for("/health", lambda r: r.status_code == 503, within=6)
    assert response.status_code == 503
    assert response.json()["worker"] == "stale" and response.json()["database"] == "ok"
    assert staging.run_local("status").returncode == 3


def test_stop_leaves_no_process_and_no_pid_file(start_staging: Callable[..., Staging]) -> None:
    staging = start_staging()
    pids = staging.pids()
    assert set(pids) == set(SERVICES)
    stopped = staging.run_local("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert all(gone(pid) for pid in pids.values())
    assert staging.pids() == {}
    with pytest.raises(httpx.ConnectError):
        staging.get("/health")
    assert "worker stopped" in (staging.run_dir / "worker.log").read_text()  # a clean exit


def test_start_without_worker_serves_an_unhealthy_staging(
    start_staging: Callable[..., Staging],
) -> None:
    staging = start_staging("--without-worker")
    assert set(staging.pids()) == {"api"}
    response = staging.get("/health")
    assert response.status_code == 503
    assert response.json()["worker"] == "missing"  # a new database: no worker ever ran
    assert "not healthy" in staging.said


def test_health_names_a_database_error_without_its_password(tmp_path: Path) -> None:
    port, closed = free_port(), free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgresql://app:s3cret-pw@127.0.0.1:{closed}/app",
        "SERVICE_PORT": str(port),
    }
    with (tmp_path / "api.log").open("w") as log:
        api = subprocess.Popen(
            [sys.executable, str(APP / "api.py")], env=environment, stdout=log, stderr=log
        )
    try:
        staging = Staging(environment, tmp_path, f"http://127.0.0.1:{port}", "", {api.pid})
        response = staging.wait_for("/health", lambda r: True, within=0) if _up(port) else None
        assert response is not None, _logs(tmp_path)
    finally:
        api.terminate()
        api.wait(timeout=10)
    assert response.status_code == 503
    body = response.json()
    assert body["database"].startswith("error: ") and body["worker"] == "unknown"
    assert "s3cret-pw" not in response.text
    assert "s3cret-pw" not in (tmp_path / "api.log").read_text()


def _up(port: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return True
        time.sleep(0.1)
    return False


MANIFEST = APP.parent / "parity.yaml"


def parity_verify(staging: Staging, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The real `parity verify` on the example's manifest, pointed at this staging."""
    environment = {**staging.environment, "STAGING_API_URL": staging.url}
    command = [
        sys.executable,
        "-m",
        "parity",
        "verify",
        "--env",
        "staging",
        "-f",
        str(MANIFEST),
        "--format",
        "json",
        *arguments,
    ]
    return subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def test_parity_verify_passes_against_the_started_staging(
    start_staging: Callable[..., Staging],
) -> None:
    staging = start_staging()
    verified = parity_verify(staging)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    results = {r["name"]: r["status"] for r in json.loads(verified.stdout)["results"]}
    assert results == {
        "api.health-deep": "pass",
        "upload-pipeline-schema": "pass",
        "worker.import": "pass",
        "api.health": "pass",
        "DATABASE_URL": "pass",
        "job-roundtrip": "pass",
    }


def test_parity_verify_fails_clearly_when_the_worker_is_stopped(
    start_staging: Callable[..., Staging],
) -> None:
    staging = start_staging()
    staging.run_local("stop", "worker")
    staging.wait_for("/health", lambda r: r.status_code == 503, within=6)
    verified = parity_verify(staging, "--only", "api.health-deep")
    assert verified.returncode == 1
    [result] = json.loads(verified.stdout)["results"]
    assert result["status"] == "fail"
    assert "[BODY].worker was 'stale'" in json.dumps(result)
