"""`parity init --from FILE`: a starter parity.yaml from a Render Blueprint or a .env file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
import yaml

from parity.errors import OperationError, UsageError
from parity.importers import IMPORTERS
from parity.importers.base import Imported
from parity.manifest.load import parse_manifest, read_text

HEADER = """\
# parity.yaml, written by `parity init --from {source}`.
# Production is described as it is; staging extends it and declares only its adaptations.
# Next: `parity plan` to see staging beside production, `parity check` before deploying.
"""


@click.command("init")
@click.option(
    "--from",
    "source",
    required=True,
    metavar="FILE",
    help="A Render Blueprint (render.yaml) or a .env file.",
)
@click.option(
    "--type",
    "kind",
    type=click.Choice(sorted(IMPORTERS)),
    help="What FILE is (default: from its name and content).",
)
@click.option("--app", metavar="NAME", help="The app's name (default: read from the file).")
@click.option(
    "-o",
    "--output",
    default="parity.yaml",
    show_default=True,
    metavar="PATH",
    help="Where to write the manifest ('-' for standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing manifest.")
def command(source: str, kind: str | None, app: str | None, output: str, force: bool) -> int:
    """Read FILE and write a manifest with production and a derived staging environment."""
    text = read_text(Path(source))
    kind = kind or guess_kind(source, text)
    imported = IMPORTERS[kind](text, source, app=app)
    manifest_text = HEADER.format(source=source) + yaml.safe_dump(
        imported.document, sort_keys=False, width=100, allow_unicode=True
    )
    _validate(manifest_text, output)
    if output == "-":
        click.echo(manifest_text, nl=False)
    else:
        _write(Path(output), manifest_text, force=force)
    _report(imported, source, output)
    return 0


def guess_kind(source: str, text: str) -> str:
    """render for YAML with Render's top-level keys, dotenv otherwise."""
    name = Path(source).name.lower()
    if name.endswith((".yaml", ".yml")):
        return "render"
    if ".env" in name or name.endswith(".env") or name.startswith("env"):
        return "dotenv"
    head = text.lstrip()[:2000]
    return (
        "render"
        if any(key in head for key in ("services:", "databases:", "envVarGroups:"))
        else "dotenv"
    )


def _validate(manifest_text: str, output: str) -> None:
    try:
        parse_manifest(manifest_text, output)
    except Exception as exc:  # the importer produced something the manifest refuses: our bug
        raise OperationError(
            f"the imported manifest does not validate (a bug in Parity): {exc}"
        ) from exc


def _write(path: Path, text: str, *, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to overwrite it, or --output another path")
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".parity-", suffix=".yaml", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)  # atomic: a crash leaves the old file or the new, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _report(imported: Imported, source: str, output: str) -> None:
    err = output == "-"
    if imported.notes:
        click.echo(f"Notes on {source}:", err=err)
        for note in imported.notes:
            click.echo(f"  ! {note}", err=err)
    if imported.decisions:
        click.echo("\nStill to decide:", err=err)
        for decision in imported.decisions:
            click.echo(f"  - {decision}", err=err)
    if not err:
        click.echo(f"\nWrote {output}. Next: parity plan -f {output}; parity check -f {output}")
