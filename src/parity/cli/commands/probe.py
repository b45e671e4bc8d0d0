"""`parity probe --env staging --against production`: compare live databases and caches."""

from __future__ import annotations

import asyncio

import click

from parity.cli.options import Duration, environment_option, format_option, manifest_option
from parity.cli.workspace import open_workspace
from parity.errors import UsageError
from parity.findings import summarize


@click.command("probe")
@manifest_option
@environment_option("The environment to probe (default: the first one that is not production).")
@click.option(
    "--against",
    metavar="NAME",
    help="The environment it must share nothing with (default: production).",
)
@click.option(
    "--timeout",
    type=Duration(positive=True),
    default="10s",
    show_default=True,
    help="How long to wait for each server.",
)
@format_option
def command(
    manifest: str | None,
    environment: str | None,
    against: str | None,
    timeout: float,
    output_format: str,
) -> int:
    """Connect, read-only, to both environments' databases and caches and compare what they are.

    PostgreSQL servers are told apart by their system identifier and database, Redis servers by
    their run id and db index, so two URLs that name one server differently are found shared.
    """
    from parity.verify.live_isolation import probe_isolation

    workspace = open_workspace(manifest)
    target = workspace.target(environment)
    reference = workspace.target(against) if against else workspace.production
    if target == reference:
        raise UsageError(f"--env and --against both name {target}: probe two environments")
    report = asyncio.run(
        probe_isolation(
            workspace.environment(target), workspace.environment(reference), timeout=timeout
        )
    )
    result = summarize(
        report.findings, environments=(target,), services=0, variables=0, parity_score=None
    )
    if output_format == "json":
        from parity.views.json import dumps, report_json

        click.echo(dumps(report_json(result)))
    else:
        from parity.views.probe import probe_view
        from parity.views.text import console

        title = f"live probe of {target} against {reference}"
        console().print(probe_view(report.identities, result, title))
    return 1 if result.failed else 0
