"""Run the example's staging environment on this machine: the API and the worker, in the background.

    python examples/insurance-navigator/app/run_local.py start [--without-worker]
    python examples/insurance-navigator/app/run_local.py status
    python examples/insurance-navigator/app/run_local.py stop [api|worker]

`start` creates the staging database on the local PostgreSQL if it is missing, starts what is not
already running, and waits (up to 15 s) for /health. Settings, all optional:

    STAGING_DATABASE_URL    staging's database (postgresql://postgres@127.0.0.1:5432/
                            insurance_navigator_staging)
    PARITY_LOCAL_ADMIN_URL  where to create it (postgresql://postgres@127.0.0.1:5432/postgres)
    PARITY_EXAMPLE_PORT     the API's port (8000)
    PARITY_EXAMPLE_RUN_DIR  PID files and logs (.run/ beside this file)
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import psycopg
from db import describe, where
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

APP = Path(__file__).resolve().parent
SERVICES = ("api", "worker")
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/insurance_navigator_staging"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
START_TIMEOUT = 15.0
STOP_GRACE = 5.0
_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
# Requests to the local API must not go through an HTTP proxy set in the environment.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Failed(Exception):
    """A step that cannot go on; the message says what to do."""


# --- settings ------------------------------------------------------------------------------


def run_dir() -> Path:
    """Where PID files and logs live."""
    return Path(os.environ.get("PARITY_EXAMPLE_RUN_DIR") or APP / ".run")


def staging_environment() -> dict[str, str]:
    """The variables staging's services run with, on top of this shell's environment."""
    environment = dict(os.environ)
    environment.update(
        ENVIRONMENT="staging",
        DATABASE_URL=os.environ.get("STAGING_DATABASE_URL") or DEFAULT_DATABASE_URL,
        DATABASE_SCHEMA="upload_pipeline",
        WORKER_POLL_INTERVAL="1",
        SERVICE_HOST="127.0.0.1",
        SERVICE_PORT=os.environ.get("PARITY_EXAMPLE_PORT") or "8000",
        PYTHONUNBUFFERED="1",
    )
    return environment


# --- the database --------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create `url`'s database through the admin URL when it is on the same server and missing."""
    admin_url = os.environ.get("PARITY_LOCAL_ADMIN_URL") or DEFAULT_ADMIN_URL
    target, admin = conninfo_to_dict(url), conninfo_to_dict(admin_url)
    name = str(target.get("dbname") or "")
    if not name or _server(target) != _server(admin):
        print(f"using database {where(url)} as it is (it is not on {where(admin_url)})")
        return
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if found.fetchone() is None:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {where(url)}")
    except psycopg.errors.DuplicateDatabase:
        pass  # created by someone else between the check and the CREATE
    except psycopg.Error as exc:
        raise Failed(
            f"cannot prepare database {where(url)} through {where(admin_url)}: "
            f"{describe(exc, admin_url)} (is PostgreSQL running? see PARITY_LOCAL_ADMIN_URL)"
        ) from exc


def _server(parts: Mapping[str, object]) -> tuple[str, str]:
    host = str(parts.get("host") or "")
    return ("local" if host in _LOCAL_HOSTS else host, str(parts.get("port") or "5432"))


# --- processes -----------------------------------------------------------------------------


def _pid_file(name: str) -> Path:
    return run_dir() / f"{name}.pid"


def _log_file(name: str) -> Path:
    return run_dir() / f"{name}.log"


def running_pid(name: str) -> int | None:
    """The PID of `name` if its PID file names a live process running its script."""
    try:
        pid = int(_pid_file(name).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid, APP / f"{name}.py") else None


def _alive(pid: int, script: Path) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    process = Path(f"/proc/{pid}")
    if not Path("/proc/self").exists():
        return True  # no /proc (macOS): trust the PID file
    try:
        state = (process / "stat").read_text().rsplit(")", 1)[1].split()[0]
        arguments = (process / "cmdline").read_bytes()
    except OSError:
        return False
    if state in ("Z", "X"):
        return False  # exited; its parent has not collected it yet
    # A reused PID runs something else; the arguments read empty only while exec() completes.
    return not arguments or os.fsencode(script) in arguments.split(b"\0")


def launch(name: str, environment: dict[str, str]) -> int:
    """Start `name` in its own session, logging to its log file; return its PID."""
    run_dir().mkdir(parents=True, exist_ok=True)
    with _log_file(name).open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-u", str(APP / f"{name}.py")],
            cwd=APP,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _pid_file(name).write_text(f"{process.pid}\n")
    print(f"started {name} (pid {process.pid}), log: {_log_file(name)}")
    return process.pid


def terminate(pid: int, script: Path) -> None:
    """SIGTERM the process's group, then SIGKILL it if it is still there after the grace period."""
    _signal_group(pid, signal.SIGTERM)
    if not _gone_within(pid, script, STOP_GRACE):
        print(f"pid {pid} ignored SIGTERM for {STOP_GRACE:g} s; killing it")
        _signal_group(pid, signal.SIGKILL)
        _gone_within(pid, script, 2.0)


def _signal_group(pid: int, signum: signal.Signals) -> None:
    try:
        if os.getpgid(pid) == pid:  # started by `launch`, the leader of its own session
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _gone_within(pid: int, script: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid, script):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# --- the API's health ----------------------------------------------------------------------


def api_url(environment: dict[str, str]) -> str:
    """Where the API listens."""
    return f"http://{environment['SERVICE_HOST']}:{environment['SERVICE_PORT']}"


def health(url: str) -> tuple[int, str] | None:
    """`(status, body)` of GET /health, or None when nothing answers."""
    try:
        with _HTTP.open(f"{url}/health", timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return None


def _port_taken(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for_health(url: str, *, want_worker: bool) -> tuple[int, str]:
    """Poll /health until it answers (200, when a worker runs) or START_TIMEOUT passes."""
    deadline = time.monotonic() + START_TIMEOUT
    answer = None
    while time.monotonic() < deadline:
        if running_pid("api") is None:
            raise Failed(f"the API exited while starting:\n{_tail(_log_file('api'))}")
        answer = health(url)
        if answer is not None and (answer[0] == 200 or not want_worker):
            return answer
        time.sleep(0.2)
    if answer is None:
        raise Failed(f"{url}/health did not answer within {START_TIMEOUT:g} s; see {run_dir()}")
    return answer


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


# --- commands ------------------------------------------------------------------------------


def start(*, without_worker: bool) -> int:
    """Start what is not running yet and wait for /health."""
    environment = staging_environment()
    url = api_url(environment)
    if running_pid("api") is None and _port_taken(int(environment["SERVICE_PORT"])):
        raise Failed(f"port {environment['SERVICE_PORT']} is in use; set PARITY_EXAMPLE_PORT")
    ensure_database(environment["DATABASE_URL"])
    for name in SERVICES[:1] if without_worker else SERVICES:
        pid = running_pid(name)
        if pid is None:
            launch(name, environment)
        else:
            print(f"{name} is already running (pid {pid})")
    want_worker = running_pid("worker") is not None
    status, body = wait_for_health(url, want_worker=want_worker)
    if status == 200:
        print(f"staging is up at {url}  (GET /health: {status} {body})")
        return 0
    print(f"staging answers at {url} but is not healthy: GET /health: {status} {body}")
    if want_worker:
        print(f"see the logs in {run_dir()}", file=sys.stderr)
        return 1
    return 0  # without a worker, an unhealthy staging is what was asked for


def stop(names: tuple[str, ...]) -> int:
    """Stop `names` (SIGTERM, then SIGKILL after the grace period) and remove their PID files."""
    for name in names:
        pid = running_pid(name)
        if pid is None:
            print(f"{name} is not running")
        else:
            terminate(pid, APP / f"{name}.py")
            print(f"stopped {name} (pid {pid})")
        _pid_file(name).unlink(missing_ok=True)
    return 0


def status() -> int:
    """What runs, and what /health says; exit 0 when both services run, 3 otherwise."""
    pids = {name: running_pid(name) for name in SERVICES}
    for name, pid in pids.items():
        print(f"{name:<7} {'running, pid ' + str(pid) if pid else 'not running'}")
    if pids["api"]:
        url = api_url(staging_environment())
        answer = health(url)
        print(f"health  {url}/health: " + (f"{answer[0]} {answer[1]}" if answer else "no answer"))
    return 0 if all(pids.values()) else 3


def main(argv: list[str] | None = None) -> int:
    """`start`, `stop` or `status`; returns the exit code."""
    parser = argparse.ArgumentParser(prog="run_local.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    starting = commands.add_parser("start", help="start the API and the worker")
    starting.add_argument("--without-worker", action="store_true", help="start only the API")
    stopping = commands.add_parser("stop", help="stop both, or one")
    stopping.add_argument("service", nargs="?", choices=SERVICES, help="only this one")
    commands.add_parser("status", help="say what runs")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "start":
            return start(without_worker=arguments.without_worker)
        if arguments.command == "stop":
            return stop((arguments.service,) if arguments.service else SERVICES[::-1])
        return status()
    except Failed as exc:
        print(f"run_local.py {arguments.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
