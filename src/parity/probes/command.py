"""Command probes: run argv (no shell) in its own process group; exit code 0 passes.

On timeout the whole group is killed, so a command's own children do not outlive the check.
Secret environment values are revealed only into the child's environment, and scrubbed from the
output line a failure quotes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from contextlib import suppress

from parity.probes.base import Clients, CommandTarget, Outcome, Status
from parity.probes.reasons import limit, redact, took

LINE_LENGTH = 120
_DRAIN_SECONDS = 2.0  # after killing the group, how long its pipes may take to close


async def probe_command(target: CommandTarget, clients: Clients) -> Outcome:
    """Run `target.argv` once with its timeout; PASS on exit code 0, FAIL quoting its output."""
    started = time.perf_counter()
    process = await _start(target)
    if isinstance(process, Outcome):
        return process
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), target.timeout)
    except TimeoutError:
        await _kill_group(process)
        reason = f"timed out after {limit(target.timeout)}"
        return Outcome(Status.ERROR, reason, _since(started), transient=True)
    except asyncio.CancelledError:  # the run's deadline: leave nothing running behind
        await _kill_group(process)
        raise
    secrets = [secret.reveal() for secret in target.env.values()]
    return _exit_outcome(process.returncode, stderr, stdout, _since(started), secrets)


async def _start(target: CommandTarget) -> asyncio.subprocess.Process | Outcome:
    """Start the command, or say why it could not start (always definite)."""
    if not target.argv:
        return Outcome(Status.ERROR, "no command to run", 0.0)
    program = target.argv[0]
    env = {**os.environ, **{name: secret.reveal() for name, secret in target.env.items()}}
    try:
        return await asyncio.create_subprocess_exec(
            *target.argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=target.cwd,
            env=env,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        missing = target.cwd is not None and exc.filename == target.cwd
        reason = f"working directory not found: {target.cwd}" if missing else None
        return Outcome(Status.ERROR, reason or f"command not found: {program}", 0.0)
    except PermissionError:
        return Outcome(Status.ERROR, f"command not executable: {program}", 0.0)
    except OSError as exc:
        return Outcome(Status.ERROR, f"cannot start {program}: {exc.strerror or exc}", 0.0)
    except ValueError:  # its message may quote part of a secret value: say it in general
        reason = f"cannot start {program}: an argument or environment variable is not valid"
        return Outcome(Status.ERROR, reason + " (a NUL byte, or text that is not UTF-8)", 0.0)


async def _kill_group(process: asyncio.subprocess.Process) -> None:
    """Kill the command and everything it started, then reap it and close its pipes."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the group id is the pid: a new session
    with suppress(TimeoutError):
        await asyncio.wait_for(process.communicate(), _DRAIN_SECONDS)


def _exit_outcome(
    code: int | None, stderr: bytes, stdout: bytes, duration: float, secrets: list[str]
) -> Outcome:
    """The outcome of a command that ended: exit code 0 passes, anything else fails."""
    details = {"exit_code": str(code)}
    if code == 0:
        return Outcome(Status.PASS, f"exit code 0 in {took(duration)}", duration, details=details)
    ended = _ending(code)
    line = _last_line(stderr, secrets) or _last_line(stdout, secrets)
    reason = f"{ended} after {took(duration)}" + (f": {line}" if line else "")
    return Outcome(Status.FAIL, reason, duration, details=details)


def _ending(code: int | None) -> str:
    if code is not None and code < 0:
        with suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit code {code}"


def _last_line(output: bytes, secrets: list[str]) -> str:
    """The last non-empty line of `output`, secrets masked, trimmed to about LINE_LENGTH."""
    text = redact(output.decode("utf-8", errors="replace"), secrets)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    return line if len(line) <= LINE_LENGTH else line[: LINE_LENGTH - 1] + "…"


def _since(started: float) -> float:
    return time.perf_counter() - started
