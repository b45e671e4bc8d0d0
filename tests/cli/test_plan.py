"""`parity plan`: each staging service with its name and production source, origins shown."""

from __future__ import annotations

import json
from pathlib import Path

INSURANCE = "examples/insurance-navigator/parity.yaml"


def test_json_lists_each_service_with_name_and_source(run, examples: Path, monkeypatch) -> None:
    monkeypatch.chdir(examples.parent)
    result = run("plan", "-f", INSURANCE, "--format", "json")
    assert result.code == 0
    plan = json.loads(result.out)
    assert plan["environment"] == "staging"
    assert [(s["name"], s["source"]) for s in plan["services"]] == [
        ("insurance-navigator-staging-api", "insurance-navigator-api"),
        ("insurance-navigator-staging-worker", "insurance-navigator-worker"),
    ]
    api = {v["name"]: v for v in plan["services"][0]["variables"]}
    assert api["LOG_LEVEL"]["origin"] == "copied"
    assert api["ENVIRONMENT"]["origin"] == "adapted"
    assert api["OPENAI_API_KEY"]["origin"] == "platform"


def test_text_shows_fields_with_reasons_and_origins(run, examples: Path, monkeypatch) -> None:
    monkeypatch.chdir(examples.parent)
    result = run("plan", "-f", INSURANCE)
    assert "insurance-navigator-staging-api  ← insurance-navigator-api" in result.out
    assert "auto_deploy  true → false" in result.out
    assert "environments.staging.overrides" in result.out


def test_a_missing_resource_is_shown_as_missing_not_copied(run, tmp_path: Path) -> None:
    manifest = tmp_path / "parity.yaml"
    manifest.write_text(
        "app: shop\nservices: {web: {type: web}}\nenvironments:\n"
        "  production: {variables: {DATABASE_URL: 'postgresql://u@db.prod/shop'}}\n"
        "  staging: {extends: production, name_template: '{app}-staging-{service}'}\n"
    )
    plan = json.loads(run("plan", "-f", str(manifest), "--format", "json").out)
    [variable] = plan["services"][0]["variables"]
    assert variable["origin"] == "missing" and variable["value"] is None
    assert "not copied" in variable["detail"]
