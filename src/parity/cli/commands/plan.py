"""`parity plan`: each staging service beside its production twin, with every value's origin."""

from __future__ import annotations

import click

from parity.cli.options import environment_option, format_option, manifest_option
from parity.cli.workspace import open_workspace
from parity.plan import make_plan


@click.command("plan")
@manifest_option
@environment_option("Environment to plan (default: the first one that is not production).")
@format_option
def command(manifest: str | None, environment: str | None, output_format: str) -> int:
    """Show what the environment will be and why each value is what it is."""
    workspace = open_workspace(manifest)
    target = workspace.target(environment)
    planned = workspace.environment(target)
    production = (
        None if target == workspace.production else workspace.environment(workspace.production)
    )
    plan = make_plan(planned, production)
    if output_format == "json":
        from parity.views.json import dumps, plan_json

        click.echo(dumps(plan_json(plan)))
    else:
        from parity.views.text import console, plan_view

        console().print(plan_view(plan, workspace.loaded.file))
    return 0
