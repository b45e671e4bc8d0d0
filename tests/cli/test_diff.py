"""`parity diff A B`: environments or .env files side by side, secrets masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch, examples: Path) -> None:
    monkeypatch.chdir(examples.parent)


def test_two_env_files(run) -> None:
    result = run(
        "diff",
        "examples/flask-mina/production.env",
        "examples/flask-mina/staging.env",
        "--format",
        "json",
    )
    assert result.code == 0
    rows = {r["name"]: r for r in json.loads(result.out)["services"][0]["variables"]}
    assert rows["RATE_LIMIT_PER_MINUTE"] == {
        "name": "RATE_LIMIT_PER_MINUTE",
        "left": "100",
        "right": "200",
        "same": False,
    }
    assert rows["OPENAI_API_KEY"]["left"] == rows["OPENAI_API_KEY"]["right"] == "(sensitive)"
    assert rows["OPENAI_API_KEY"]["same"] is True
    assert rows["MEDIA_UPLOAD_URL"]["left"] is None
    assert "****" in rows["DATABASE_URL"]["left"]


def test_two_environments_of_a_manifest(run) -> None:
    argv = ("diff", "production", "staging", "-f", "examples/insurance-navigator/parity.yaml")
    result = run(*argv)
    assert result.code == 0
    assert "production  ⇄  staging" in result.out
    services = json.loads(run(*argv, "--format", "json").out)["services"]
    rows = {r["name"]: r for r in services[0]["variables"]}
    assert rows["API_BASE_URL"]["left"] == "https://api.accessa.ai"
    assert rows["API_BASE_URL"]["right"] == "https://staging-api.accessa.ai"


def test_identical_rows_are_hidden_unless_asked(run) -> None:
    argv = ("diff", "examples/flask-mina/production.env", "examples/flask-mina/staging.env")
    assert "JSON_LOGS" not in run(*argv).out
    assert "JSON_LOGS" in run(*argv, "--all").out
