"""`parity monitor`: repeat an environment's checks, alert on changes, expose Prometheus metrics."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import gc
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parity.cli.options import Duration, environment_option, format_option, manifest_option
from parity.cli.workspace import open_workspace
from parity.errors import OperationError
from parity.verify.model import CheckResult, PlannedCheck, Scenario
from parity.verify.plan import VerifyPlan

if TYPE_CHECKING:
    from parity.monitor.state import Transition


@click.command("monitor")
@manifest_option
@environment_option("Environment to watch (default: the first one that is not production).")
@click.option(
    "--interval",
    type=Duration(positive=True),
    default="30s",
    show_default=True,
    help="Time between runs, start to start.",
)
@click.option(
    "--fail-after",
    type=click.IntRange(1, 100),
    default=3,
    show_default=True,
    help="Consecutive failures before a check is down (and alerted).",
)
@click.option(
    "--recover-after",
    type=click.IntRange(1, 100),
    default=2,
    show_default=True,
    help="Consecutive passes before a down check has recovered.",
)
@click.option(
    "--webhook",
    envvar="PARITY_WEBHOOK_URL",
    metavar="URL",
    help="POST Slack-compatible alerts here (or set $PARITY_WEBHOOK_URL).",
)
@click.option(
    "--metrics-port",
    type=click.IntRange(0, 65535),
    metavar="PORT",
    help="Serve Prometheus metrics on /metrics at this port.",
)
@click.option("--metrics-host", default="127.0.0.1", show_default=True, metavar="HOST")
@click.option("--history", metavar="FILE", help="Append every result to this JSON-lines file.")
@click.option("--max-runs", type=click.IntRange(1), metavar="N", help="Stop after N runs.")
@format_option
def command(
    manifest: str | None,
    environment: str | None,
    interval: float,
    fail_after: int,
    recover_after: int,
    webhook: str | None,
    metrics_port: int | None,
    metrics_host: str,
    history: str | None,
    max_runs: int | None,
    output_format: str,
) -> int:
    """Run the checks every INTERVAL until interrupted; print each run and each change."""
    gc.enable()  # long-running: the one-shot optimisation in main() does not apply
    workspace = open_workspace(manifest)
    plan = workspace.verify_plan(workspace.target(environment))
    settings = _Settings(
        interval,
        fail_after,
        recover_after,
        webhook,
        metrics_port,
        metrics_host,
        history,
        max_runs,
        output_format,
    )
    try:
        asyncio.run(_watch(plan, settings))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    return 0


@dataclasses.dataclass(frozen=True, slots=True)
class _Settings:
    interval: float
    fail_after: int
    recover_after: int
    webhook: str | None
    metrics_port: int | None
    metrics_host: str
    history: str | None
    max_runs: int | None
    output_format: str


def _steady(plan: VerifyPlan) -> tuple[Sequence[PlannedCheck], Sequence[Scenario]]:
    # A start-up grace period belongs to a first verify, not to every run of a monitor.
    checks = [
        dataclasses.replace(c, timing=dataclasses.replace(c.timing, startup=None))
        for c in plan.checks
    ]
    return checks, plan.scenarios


async def _watch(plan: VerifyPlan, settings: _Settings) -> None:
    from parity.monitor.loop import monitor
    from parity.monitor.metrics import Metrics, serve_metrics
    from parity.monitor.store import Store
    from parity.probes.base import open_clients
    from parity.secrets import Secret
    from parity.verify.runner import run

    metrics = Metrics()
    checks = _steady(plan)
    runner = functools.partial(run, concurrency=plan.concurrency, deadline=plan.deadline)
    async with open_clients(plan.concurrency) as clients:
        server = None
        if settings.metrics_port is not None:
            try:
                server = await serve_metrics(metrics, settings.metrics_host, settings.metrics_port)
            except OSError as exc:
                raise OperationError(
                    f"cannot serve metrics on {settings.metrics_host}:{settings.metrics_port}: "
                    f"{exc.strerror}"
                ) from None
            click.echo(f"metrics on http://{settings.metrics_host}:{server.port}/metrics", err=True)
        try:
            await monitor(
                lambda: checks,
                interval=settings.interval,
                clients=clients,
                fail_after=settings.fail_after,
                recover_after=settings.recover_after,
                webhook=Secret(settings.webhook) if settings.webhook else None,
                store=Store(Path(settings.history) if settings.history else None),
                metrics=metrics,
                max_runs=settings.max_runs,
                on_run=functools.partial(_print_run, plan.environment, settings.output_format),
                on_alert=_print_alert,
                run_checks=runner,
            )
        finally:
            if server is not None:
                await server.close()


def _print_run(
    environment: str, output_format: str, results: list[CheckResult], changes: list[Transition]
) -> None:
    from parity.views.verify import results_json, tally

    if output_format == "json":
        document = results_json(results, environment=environment, elapsed=0.0)
        document["changes"] = [_change(t) for t in changes]
        click.echo(json.dumps(document, default=str))
        return
    counts = tally(results)
    click.echo(
        f"{environment}: {counts.passed} passed, {counts.failed} failed, {counts.errors} errors"
    )
    for change in changes:
        click.echo(f"  {change.check} is {change.health}: {change.reason}")


def _change(transition: Transition) -> dict[str, str]:
    return {
        "check": transition.check,
        "health": str(transition.health),
        "reason": transition.reason,
    }


def _print_alert(transition: Transition, error: str | None) -> None:
    if error is not None:
        click.echo(f"  alert for {transition.check} not delivered: {error}", err=True)
