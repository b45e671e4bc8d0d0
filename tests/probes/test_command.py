"""Command probes with real processes: exit codes, output, secrets, and timeouts."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.probes.base import Clients, CommandTarget, Outcome, Status
from parity.probes.command import probe_command
from parity.secrets import MASK, Secret
from tests.probes.servers import run_probe


def run(*argv: str, **fields: object) -> Outcome:
    return run_probe(probe_command, CommandTarget(argv, **fields))  # type: ignore[arg-type]


def sh(script: str, **fields: object) -> Outcome:
    return run("sh", "-c", script, **fields)


def test_exit_zero_passes() -> None:
    outcome = run("true")
    assert outcome.status is Status.PASS
    assert re.fullmatch(r"exit code 0 in \d+ ms", outcome.reason)
    assert outcome.details == {"exit_code": "0"}


def test_non_zero_fails_definitely_with_the_last_line_of_stderr() -> None:
    outcome = sh(
        "echo progress; echo 'first problem' >&2; echo '  last problem  ' >&2; echo >&2; exit 3"
    )
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert re.fullmatch(r"exit code 3 after \d+ ms: last problem", outcome.reason)
    assert outcome.details == {"exit_code": "3"}


def test_stdout_is_quoted_when_stderr_is_empty() -> None:
    assert sh("echo 'migrations pending'; exit 1").reason.endswith(": migrations pending")


def test_no_output_at_all() -> None:
    assert re.fullmatch(r"exit code 1 after \d+ ms", run("false").reason)


def test_long_lines_are_trimmed() -> None:
    reason = sh("printf '%0200d\\n' 0 >&2; exit 1").reason
    line = reason.split(": ", 1)[1]
    assert len(line) == 120
    assert line.endswith("…")


def test_killed_by_a_signal() -> None:
    outcome = sh("kill -TERM $$")
    assert outcome.status is Status.FAIL
    assert outcome.reason.startswith("killed by SIGTERM after")


def test_secret_env_values_reach_the_command_and_are_masked_in_its_output() -> None:
    secret = "hunter2-correct-horse"
    outcome = sh('echo "token is $API_TOKEN" >&2; exit 1', env={"API_TOKEN": Secret(secret)})
    assert outcome.reason.endswith(f": token is {MASK}")
    assert secret not in repr(outcome)


def test_the_environment_is_inherited_and_cwd_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARITY_TEST_INHERITED", "yes")
    script = f'test "$PARITY_TEST_INHERITED" = yes && test "$(pwd -P)" = "{tmp_path.resolve()}"'
    assert sh(script, cwd=str(tmp_path)).passed


def test_command_not_found_is_definite() -> None:
    outcome = run("parity-no-such-command", "--version")
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert outcome.reason == "command not found: parity-no-such-command"


def test_missing_working_directory(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    outcome = run("true", cwd=str(missing))
    assert (outcome.status, outcome.reason) == (
        Status.ERROR,
        f"working directory not found: {missing}",
    )


def test_not_executable(tmp_path: Path) -> None:
    script = tmp_path / "check.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    outcome = run(str(script))
    assert (outcome.status, outcome.reason) == (Status.ERROR, f"command not executable: {script}")


def test_empty_argv() -> None:
    assert run().reason == "no command to run"


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    outcome = sh(f"echo $$ > {pid_file}; sleep 30 & sleep 30", timeout=0.5)
    assert time.monotonic() - started < 3
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == "timed out after 0.5 s"
    _assert_group_ends(int(pid_file.read_text()))


def test_cancelling_the_probe_kills_the_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    target = CommandTarget(("sh", "-c", f"echo $$ > {pid_file}; sleep 30 & sleep 30"))

    async def cancel_soon() -> None:
        async with httpx.AsyncClient() as client:
            task = asyncio.create_task(probe_command(target, Clients(client)))
            while not pid_file.exists() or not pid_file.read_text():
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(cancel_soon())
    _assert_group_ends(int(pid_file.read_text()))


def _assert_group_ends(group: int) -> None:
    deadline = time.monotonic() + 2
    while _living_members(group) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _living_members(group) == []


def _living_members(group: int) -> list[int]:
    """Processes of `group` that are not zombies (those are dead, waiting for init to reap)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            living.append(int(stat.parent.name))
    return living


SECRETS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=8, max_size=30
).filter(lambda value: len(value.strip()) >= 8)


@settings(max_examples=25, deadline=None)
@given(SECRETS)
def test_secret_env_values_never_appear_in_outcomes(secret: str) -> None:
    outcome = sh('printf "%s\\n" "$S" >&2; exit 1', env={"S": Secret(secret)})
    for text in (outcome.reason, *outcome.details.values()):
        assert secret not in text
