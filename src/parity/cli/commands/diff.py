"""`parity diff A B`: two environments (manifest names or .env files) side by side, masked."""

from __future__ import annotations

from pathlib import Path

import click

from parity.cli.options import format_option, manifest_option
from parity.cli.workspace import Workspace, open_workspace
from parity.diff import diff
from parity.resolved import ResolvedEnvironment


@click.command("diff")
@click.argument("left", metavar="A")
@click.argument("right", metavar="B")
@manifest_option
@click.option("--all", "show_all", is_flag=True, help="Show identical variables too.")
@format_option
def command(left: str, right: str, manifest: str | None, show_all: bool, output_format: str) -> int:
    """Compare A and B: each is an environment of the manifest, or a .env file."""
    workspace: list[Workspace] = []
    result = diff(_environment(left, manifest, workspace), _environment(right, manifest, workspace))
    if output_format == "json":
        from parity.views.json import diff_json, dumps

        click.echo(dumps(diff_json(result)))
    else:
        from parity.views.text import console, diff_view

        console().print(diff_view(result, show_all=show_all))
    return 0


def _environment(spec: str, manifest: str | None, cache: list[Workspace]) -> ResolvedEnvironment:
    if Path(spec).is_file():
        from parity.envfiles import read_env_environment

        return read_env_environment(spec, spec)
    if not cache:
        cache.append(open_workspace(manifest))
    workspace = cache[0]
    return workspace.environment(workspace.target(spec))
