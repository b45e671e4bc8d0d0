"""`parity verify`: run an environment's checks and smoke scenarios against what is running."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from parity.cli.options import Duration, environment_option, format_option, manifest_option
from parity.cli.workspace import open_workspace
from parity.errors import UsageError
from parity.verify.model import CheckResult
from parity.verify.plan import VerifyPlan


@click.command("verify")
@manifest_option
@environment_option("Environment to verify (default: the first one that is not production).")
@click.option("--only", multiple=True, metavar="NAME", help="Run only this check or scenario.")
@click.option("--no-implied", is_flag=True, help="Run only the checks the manifest declares.")
@click.option("--concurrency", type=click.IntRange(1, 1000), help="Checks at once (default 50).")
@click.option("--deadline", type=Duration(), help="Stop everything after this long, e.g. 60s.")
@click.option("--junit", "junit_path", metavar="FILE", help="Also write a JUnit XML report.")
@format_option
def command(
    manifest: str | None,
    environment: str | None,
    only: tuple[str, ...],
    no_implied: bool,
    concurrency: int | None,
    deadline: float | None,
    junit_path: str | None,
    output_format: str,
) -> int:
    """Run every check the manifest declares or implies; exit 1 when any fails."""
    workspace = open_workspace(manifest)
    target = workspace.target(environment)
    plan = _only(workspace.verify_plan(target, implied=False if no_implied else None), only)
    limit = deadline if deadline is not None else plan.deadline
    results, elapsed = _execute(plan, concurrency or plan.concurrency, limit, output_format)
    _show(plan, results, elapsed, output_format)
    if junit_path:
        from parity.views.junit import junit_xml

        Path(junit_path).write_text(junit_xml(results, environment=target, elapsed=elapsed))
    return 0 if all(r.outcome.passed for r in results) else 1


def _only(plan: VerifyPlan, only: tuple[str, ...]) -> VerifyPlan:
    if not only:
        return plan
    known = [c.name for c in plan.checks] + [s.name for s in plan.scenarios]
    unknown = [name for name in only if name not in known]
    if unknown:
        raise UsageError(f"--only {unknown[0]}: no such check; known: {', '.join(known)}")
    return VerifyPlan(
        environment=plan.environment,
        checks=tuple(c for c in plan.checks if c.name in only),
        scenarios=tuple(s for s in plan.scenarios if s.name in only),
        skipped=tuple(s for s in plan.skipped if s.name in only),
        concurrency=plan.concurrency,
        deadline=plan.deadline,
    )


def _execute(
    plan: VerifyPlan, concurrency: int, deadline: float | None, output_format: str
) -> tuple[list[CheckResult], float]:
    from parity.views.text import console

    started = time.monotonic()
    if output_format == "text":
        from parity.views.verify import Progress

        with Progress(console()) as progress:
            results = asyncio.run(_run(plan, concurrency, deadline, progress.on_event))
    else:
        results = asyncio.run(_run(plan, concurrency, deadline, None))
    return results, time.monotonic() - started


async def _run(
    plan: VerifyPlan,
    concurrency: int,
    deadline: float | None,
    on_event: Callable[..., None] | None,
) -> list[CheckResult]:
    from parity.probes.base import open_clients
    from parity.verify.runner import run

    async with open_clients(concurrency) as clients:
        return await run(
            plan.checks,
            plan.scenarios,
            clients=clients,
            concurrency=concurrency,
            deadline=deadline,
            on_event=on_event,
        )


def _show(
    plan: VerifyPlan, results: Sequence[CheckResult], elapsed: float, output_format: str
) -> None:
    if output_format == "json":
        from parity.views.json import dumps
        from parity.views.verify import results_json

        document = results_json(results, environment=plan.environment, elapsed=elapsed)
        document["skipped"] = [
            {"name": s.name, "service": s.service, "reason": s.reason} for s in plan.skipped
        ]
        click.echo(dumps(document))
        return
    from rich.text import Text

    from parity.views.text import console
    from parity.views.verify import results_view

    out = console()
    out.print(results_view(results, environment=plan.environment, elapsed=elapsed))
    for skipped in plan.skipped:
        out.print(Text(f"  skipped {skipped.name}: {skipped.reason}", style="dim"))
    if not results and not plan.skipped:
        out.print(
            f"Nothing to verify in {plan.environment}: declare checks, "
            "or give a web service a health check path and a url."
        )
