"""`parity check`: every check on the manifest's environments, or on two plain .env files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import click

from parity.checks import run_checks
from parity.cli.options import environment_option, format_option, manifest_option
from parity.cli.workspace import fingerprinter, open_workspace
from parity.errors import UsageError
from parity.findings import Report
from parity.model import VarSpec
from parity.resolved import ResolvedEnvironment


@dataclass(frozen=True, slots=True)
class _Subject:
    """What one run checks: environments, their production counterpart, the declared schema."""

    environments: list[ResolvedEnvironment]
    production: ResolvedEnvironment
    source: str
    specs: Mapping[str, VarSpec] = field(default_factory=dict)


@click.command("check")
@manifest_option
@environment_option("Check only this environment (default: every environment).")
@click.option(
    "--production",
    "production_file",
    metavar="FILE",
    help="Check two .env files without a manifest: production's ...",
)
@click.option("--staging", "staging_file", metavar="FILE", help="... and staging's.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@format_option
def command(
    manifest: str | None,
    environment: str | None,
    production_file: str | None,
    staging_file: str | None,
    fail_on: str,
    output_format: str,
) -> int:
    """Report every finding with its rule id; exit 1 when any is an error."""
    if bool(production_file) != bool(staging_file):
        raise UsageError("--production and --staging go together: give both .env files")
    if production_file and (manifest or environment):
        raise UsageError("check either a manifest (--file/--env) or two .env files, not both")
    if production_file and staging_file:
        subject = _pair(production_file, staging_file)
    else:
        subject = _manifest(manifest, environment)
    report = run_checks(subject.environments, subject.production, subject.specs, fingerprinter())
    _show(report, subject.source, output_format)
    failed = report.summary.errors + (report.summary.warnings if fail_on == "warning" else 0)
    return 1 if failed else 0


def _manifest(manifest: str | None, environment: str | None) -> _Subject:
    workspace = open_workspace(manifest)
    declared = workspace.loaded.manifest
    production = workspace.environment(workspace.production)
    names = [workspace.target(environment)] if environment else list(declared.environments)
    environments = [production if n == production.name else workspace.environment(n) for n in names]
    return _Subject(environments, production, workspace.loaded.file, declared.variables)


def _pair(production_file: str, staging_file: str) -> _Subject:
    from parity.envfiles import read_env_environment

    production = read_env_environment(production_file, "production")
    staging = read_env_environment(staging_file, "staging")
    return _Subject([production, staging], production, f"{production_file} vs {staging_file}")


def _show(report: Report, source: str, output_format: str) -> None:
    if output_format == "json":
        from parity.views.json import dumps, report_json

        click.echo(dumps(report_json(report)))
    else:
        from parity.views.text import console, report_view

        console().print(report_view(report, source))
