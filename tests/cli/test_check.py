"""`parity check`: findings with rule ids, JSON for CI, and the exit-code contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

INSURANCE = "examples/insurance-navigator/parity.yaml"
MINA = (
    "--production",
    "examples/flask-mina/production.env",
    "--staging",
    "examples/flask-mina/staging.env",
)


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch, examples: Path) -> None:
    monkeypatch.chdir(examples.parent)


def test_the_bundled_example_passes(run) -> None:
    result = run("check", "-f", INSURANCE)
    assert result.code == 0, result.out + result.err
    assert "Summary: 0 errors" in result.out


def test_the_mistakes_in_mina_staging_are_caught(run) -> None:
    result = run("check", *MINA, "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    found = {(f["rule"], f["variable"]) for f in document["findings"]}
    assert {
        ("isolation.labelled-production", "ENVIRONMENT"),
        ("env.placeholder", "SECRET_KEY"),
        ("env.placeholder", "SESSION_SECRET"),
        ("isolation.shared-database", "DATABASE_URL"),
        ("isolation.shared-server", "REDIS_URL"),
        ("isolation.shared-bucket", "MEDIA_UPLOAD_URL"),
        ("isolation.shared-secret", "OPENAI_API_KEY"),
        ("isolation.shared-secret", "SENDGRID_API_KEY"),
        ("isolation.shared-sentry-project", "SENTRY_DSN"),
        ("isolation.shared-channel", "SLACK_ALERT_CHANNEL"),
        ("isolation.live-credential", "STRIPE_SECRET_KEY"),
        ("isolation.shared-domain", "SHARE_BASE_URL"),
    } <= found
    assert document["summary"]["errors"] >= 10 and document["summary"]["passed"] is False


def test_json_findings_carry_what_ci_needs(run) -> None:
    document = json.loads(run("check", *MINA, "--format", "json").out)
    for finding in document["findings"]:
        assert {"rule", "severity", "message", "environment", "variable", "service"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["rule"].count(".") >= 1
    summary = document["summary"]
    assert set(summary) >= {"errors", "warnings", "infos", "parity_score", "passed"}


def test_fail_on_warning_turns_warnings_into_a_failure(run, tmp_path: Path) -> None:
    path = tmp_path / "parity.yaml"
    path.write_text(
        "app: a\nservices: {web: {type: web}}\nenvironments:\n"
        "  production: {variables: {LOG_LEVEL: INFO}}\n"
        "  staging: {name_template: 's-{service}', variables: {LOG_LEVEL: DEBUG}}\n"
    )
    warned = run("check", "-f", str(path))
    assert "parity.undeclared-difference" in warned.out and "0 errors" in warned.out
    assert warned.code == 0
    assert run("check", "-f", str(path), "--fail-on", "warning").code == 1


def test_one_environment_only(run) -> None:
    document = json.loads(run("check", "-f", INSURANCE, "--env", "staging", "--format", "json").out)
    assert document["summary"]["environments"] == ["staging"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("check", "-f", "no/such/parity.yaml"), "no/such/parity.yaml: file not found"),
        (("check", "--production", "a.env"), "--production and --staging go together"),
        (("check", "-f", INSURANCE, "--env", "qa"), "unknown environment 'qa'"),
        (("check", "--format", "xml"), "'xml' is not one of"),
        (("check", "--production", "examples", "--staging", "examples"), "is a directory"),
    ],
)
def test_bad_input_is_exit_2_with_a_clear_message(run, argv, message) -> None:
    result = run(*argv)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err + result.out


def test_an_invalid_manifest_lists_every_problem_with_its_line(run, tmp_path: Path) -> None:
    path = tmp_path / "parity.yaml"
    path.write_text(
        "app: shop\nservices:\n  web: {type: website}\nenvironments: {production: {x: 1}}\n"
    )
    result = run("check", "-f", str(path))
    assert result.code == 2
    assert f"{path}:3: services.web.type" in result.err
    assert f"{path}:4: environments.production.x: unknown key 'x'" in result.err


def _subprocess(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "parity", *argv],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_colour_follows_the_terminal_and_no_color() -> None:
    coloured = _subprocess("check", *MINA, FORCE_COLOR="1")
    plain = _subprocess("check", *MINA, FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b[1;31m" in coloured.stdout
    assert "31m" not in plain.stdout
    assert coloured.returncode == plain.returncode == 1


def test_output_off_a_terminal_fits_80_columns() -> None:
    for argv in (("check", *MINA), ("plan", "-f", INSURANCE), ("diff", *MINA[1::2])):
        result = _subprocess(*argv)
        assert result.returncode in (0, 1), result.stderr
        widest = max(len(line) for line in result.stdout.splitlines())
        assert widest <= 80, (argv, widest)
