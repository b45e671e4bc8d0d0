"""`parity init --from`: each real Blueprint and .env file gives a manifest plan and check read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_every_corpus_file_inits_then_plans_and_checks(
    run, tmp_path: Path, corpus_file: Path
) -> None:
    manifest = tmp_path / "parity.yaml"
    created = run("init", "--from", str(corpus_file), "--output", str(manifest))
    assert created.code == 0, created.err
    assert manifest.is_file()
    planned = run("plan", "-f", str(manifest), "--format", "json")
    assert planned.code == 0, planned.err
    plan = json.loads(planned.out)
    assert all(s["name"] and s["source"] for s in plan["services"])
    checked = run("check", "-f", str(manifest), "--format", "json")
    assert checked.code in (0, 1), checked.err
    assert "findings" in json.loads(checked.out)


def test_init_from_the_example_blueprint(run, tmp_path: Path, examples: Path) -> None:
    manifest = tmp_path / "parity.yaml"
    result = run(
        "init",
        "--from",
        str(examples / "insurance-navigator" / "render.yaml"),
        "--output",
        str(manifest),
    )
    assert result.code == 0
    assert "DATABASE_URL is a PostgreSQL database; give staging its own" in result.out
    text = manifest.read_text()
    assert "extends: production" in text and "{app}-staging-{service}" in text
    assert "DATABASE_URL: ${env:STAGING_DATABASE_URL}" in text
    assert "ENVIRONMENT: staging" in text  # a production label never follows staging


def test_init_never_overwrites_without_force(run, tmp_path: Path, examples: Path) -> None:
    manifest = tmp_path / "parity.yaml"
    manifest.write_text("keep me\n")
    source = str(examples / "flask-mina" / "production.env")
    refused = run("init", "--from", source, "--output", str(manifest))
    assert refused.code == 2 and "pass --force" in refused.err
    assert manifest.read_text() == "keep me\n"
    assert run("init", "--from", source, "--output", str(manifest), "--force").code == 0
    assert "app:" in manifest.read_text()
    assert not list(tmp_path.glob(".parity-*"))  # no temporary file left behind


def test_init_to_standard_output(run, examples: Path) -> None:
    result = run("init", "--from", str(examples / "flask-mina" / "production.env"), "--output", "-")
    assert result.code == 0
    assert result.out.startswith("# parity.yaml")
    assert "Still to decide" in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("services: [\n", "not valid YAML"),
        ("- just\n- a list\n", "render.yaml:1"),
    ],
)
def test_unreadable_sources_are_bad_input(run, tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "render.yaml"
    source.write_text(content)
    result = run("init", "--from", str(source), "--output", str(tmp_path / "out.yaml"))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out.yaml").exists()
