"""`parity probe`: staging and production compared by what their servers are, live."""

from __future__ import annotations

import json
from pathlib import Path


def manifest(tmp_path: Path, production: dict[str, str], staging: dict[str, str]) -> str:
    path = tmp_path / "parity.yaml"
    path.write_text(
        "app: shop\nservices: {web: {type: web}}\nenvironments:\n"
        f"  production: {{variables: {json.dumps(production)}}}\n"
        f"  staging: {{name_template: 's-{{service}}', variables: {json.dumps(staging)}}}\n"
    )
    return str(path)


def test_one_server_named_two_ways_is_shared(
    run, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    production = {
        "DATABASE_URL": "postgresql://postgres:Pr0dPassw0rd@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    staging = {
        "DATABASE_URL": "postgresql://postgres:St4gePassw0rd@localhost:5432/postgres",
        "REDIS_URL": "redis://localhost:6379/0",
    }
    result = run("probe", "-f", manifest(tmp_path, production, staging), "--format", "json")
    assert result.code == 1, result.err
    rules = {(f["rule"], f["variable"]) for f in json.loads(result.out)["findings"]}
    assert ("isolation.shared-database", "DATABASE_URL") in rules
    assert ("isolation.shared-cache", "REDIS_URL") in rules
    assert "Pr0dPassw0rd" not in result.out and "St4gePassw0rd" not in result.out


def test_another_database_and_db_index_share_only_the_server(
    run, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    production = {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    staging = {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
    }
    result = run("probe", "-f", manifest(tmp_path, production, staging))
    assert result.code == 0, result.out + result.err
    assert result.out.count("isolation.shared-server") == 2
    assert "PostgreSQL cluster" in result.out and "Redis run" in result.out


def test_an_unreachable_production_is_reported_not_passed(
    run, tmp_path: Path, postgres_url: str, refused_port: int
) -> None:
    production = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{refused_port}/postgres"}
    staging = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"}
    result = run("probe", "-f", manifest(tmp_path, production, staging), "--timeout", "3s")
    assert result.code == 0
    assert "isolation.probe-failed" in result.out
    assert "connection refused" in result.out.replace("\n", " ")


def test_probing_an_environment_against_itself_is_a_usage_error(run, tmp_path: Path) -> None:
    path = manifest(tmp_path, {}, {})
    assert run("probe", "-f", path, "--env", "staging", "--against", "staging").code == 2
