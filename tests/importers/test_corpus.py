"""Every real Blueprint and .env file of the shared corpus imports into a valid manifest.

The files are read from the shared corpus beside the repository (or $PARITY_SHARED_DIR) at test
time, never copied into the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from parity.importers import Imported, import_dotenv, import_render
from parity.infer import infer_spec
from parity.manifest.load import LoadedManifest, parse_manifest

SHARED = Path(
    os.environ.get("PARITY_SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared"
)
CORPUS = SHARED / "corpus"


def corpus(kind: str, pattern: str) -> list[Any]:
    """The corpus files of one kind, or one parameter that skips saying where they were sought."""
    files = sorted((CORPUS / kind).glob(pattern))
    if files:
        return [pytest.param(path, id=path.name) for path in files]
    reason = f"no {kind} corpus at {CORPUS / kind} (set PARITY_SHARED_DIR to the shared folder)"
    return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id=f"{kind}-missing")]


RENDER = corpus("render", "*.yaml")
DOTENV = corpus("dotenv", "*")


def validated(result: Imported) -> LoadedManifest:
    return parse_manifest(yaml.safe_dump(result.document, sort_keys=False), "parity.yaml")


def written_values(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every literal text value the document writes for a variable, with its name."""
    for env in document["environments"].values():
        maps = [*env.get("groups", {}).values()]
        maps += [service.get("variables", {}) for service in env.get("services", {}).values()]
        for variables in maps:
            yield from ((k, v) for k, v in variables.items() if isinstance(v, str))


def render_import(name: str) -> Imported:
    path = CORPUS / "render" / name
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    return import_render(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", RENDER)
def test_every_blueprint_imports_into_a_valid_manifest(path: Path) -> None:
    result = import_render(path.read_text(encoding="utf-8"), str(path))
    loaded = validated(result)
    assert "production" in loaded.manifest.environments or len(loaded.manifest.environments) > 1
    assert loaded.manifest.services or loaded.manifest.databases
    for note in result.notes:
        assert note.location.file == str(path)
        assert note.location.line is not None, note


@pytest.mark.parametrize("path", DOTENV)
def test_every_dotenv_file_imports_into_a_valid_manifest(path: Path) -> None:
    result = import_dotenv(path.read_text(encoding="utf-8"), str(path))
    loaded = validated(result)
    assert loaded.manifest.services["app"].type == "web"
    assert all(n.location.file == str(path) and n.location.line for n in result.notes)


@pytest.mark.parametrize("path", [*RENDER, *DOTENV])
def test_no_secret_value_is_written(path: Path) -> None:
    importer = import_render if path.parent.name == "render" else import_dotenv
    document = importer(path.read_text(encoding="utf-8"), str(path)).document
    for name, value in written_values(document):
        if not value.startswith("${env:"):
            assert infer_spec(name, value).secret is not True, name
            assert "://" not in value or "@" not in value.split("://", 1)[1].split("/")[0], name


def test_celery_has_a_worker_two_web_services_and_a_keyvalue() -> None:
    services = render_import("render-examples__celery__render.yaml").document["services"]
    assert sorted(spec["type"] for spec in services.values()) == [
        "keyvalue",
        "web",
        "web",
        "worker",
    ]
    assert services["celery-redis"]["maxmemory_policy"] == "noeviction"


def test_dify_reads_the_project_environment_production() -> None:
    result = render_import("render-examples__dify-render-template__render.yaml")
    document = result.document
    assert document["app"] == "dify-render-template"
    assert list(document["environments"]) == ["production", "staging"]
    assert set(document["services"]) == {"dify-api", "dify-worker", "dify-web", "dify-kv"}
    assert document["databases"]["dify-db"]["version"] == "16"
    api = document["environments"]["production"]["services"]["dify-api"]["variables"]
    assert api["SECRET_KEY"] == {"generate": True}
    (note,) = [n for n in result.notes if n.location.field == "previews.generation"]
    assert "'off'" in note.message and note.location.line == 10


def test_langfuse_keeps_its_environment_named_test() -> None:
    result = render_import("render-examples__langfuse4-template__render.yaml")
    environments = result.document["environments"]
    assert list(environments) == ["test", "staging"]
    assert environments["staging"]["extends"] == "test"
    assert any("network isolation" in d for d in result.decisions)


def test_redash_reads_a_group_whose_env_vars_are_null() -> None:
    result = render_import("render-examples__redash__render.yaml")
    groups = result.document["environments"]["production"]["groups"]
    assert groups["redash-mail"] == {}
    assert result.document["services"]["redash"]["groups"] == ["redash-shared", "redash-mail"]
    (note,) = [n for n in result.notes if "redash-mail" in n.message]
    assert note.location.line == 92


def test_label_sync_dangling_database_gives_a_decision() -> None:
    result = render_import("maticzav__label-sync__render.yaml")
    assert any(
        d.startswith("DATABASE_URL reads database 'petka-db', which this Blueprint does not define")
        for d in result.decisions
    )
    api = result.document["environments"]["staging"]["services"]["api"]["variables"]
    assert api == {
        "DATABASE_URL": "${env:STAGING_DATABASE_URL}",
        "REDIS_URL": "${env:STAGING_REDIS_URL}",
    }


def test_toolpad_drops_the_link_to_an_undefined_group_with_a_note() -> None:
    result = render_import("mui__toolpad__render.yaml")
    assert result.document["services"]["toolpad"]["groups"] == ["toolpad-settings"]
    (note,) = [n for n in result.notes if "toolpad-basic-auth" in n.message]
    assert (note.location.line, note.location.field) == (25, "services[0].envVars[4].fromGroup")


def test_ravendr_non_standard_keys_give_notes() -> None:
    result = render_import("render-examples__ravendr__render.yaml")
    unknown = [n for n in result.notes if n.message.startswith("unknown key")]
    assert {n.message.split("'")[1] for n in unknown} == {
        "displayName",
        "description",
        "required",
        "sensitive",
    }
    assert len(unknown) == 10


def test_temporal_plan_is_lower_cased_with_a_note() -> None:
    result = render_import("render-examples__temporal__render.yaml")
    assert {spec["plan"] for spec in result.document["services"].values()} == {"starter"}
    assert sum("plan 'Starter' written as 'starter'" in n.message for n in result.notes) == 9


def test_preview_environment_literal_secret_is_not_copied() -> None:
    result = render_import("render-examples__preview-environment__render.yaml")
    variables = result.document["environments"]["production"]["services"]["express-backend"]
    assert variables["variables"]["MY_API_KEY"] == {"from_platform": True}
    assert "production-api-key" not in yaml.safe_dump(result.document)


def test_dotenv_database_url_asks_for_a_staging_database() -> None:
    path = CORPUS / "dotenv" / "outline__outline__.env.sample"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    result = import_dotenv(path.read_text(encoding="utf-8"), str(path))
    assert (
        "DATABASE_URL is a PostgreSQL database; give staging its own (set STAGING_DATABASE_URL)"
        in result.decisions
    )
    staging = result.document["environments"]["staging"]["services"]["app"]["variables"]
    assert staging["DATABASE_URL"] == "${env:STAGING_DATABASE_URL}"
