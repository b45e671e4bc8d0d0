"""`parity`: the command line. Each verb lives in its own module, imported only when it runs."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from parity import __version__

#: verb -> (module, one-line help). Listed here so `parity --help` imports no command module.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "parity.cli.commands.init",
        "Write a starter parity.yaml from a render.yaml or .env file.",
    ),
    "plan": (
        "parity.cli.commands.plan",
        "Show the staging plan: each service beside its production twin.",
    ),
    "check": (
        "parity.cli.commands.check",
        "Check variables, isolation and parity; exit 1 on errors.",
    ),
    "diff": ("parity.cli.commands.diff", "Show two environments side by side, secrets masked."),
    "verify": (
        "parity.cli.commands.verify",
        "Check a running environment: health, connectivity, smoke.",
    ),
    "probe": ("parity.cli.commands.probe", "Compare two environments' live databases and caches."),
    "monitor": ("parity.cli.commands.monitor", "Repeat verify, alert on changes, expose /metrics."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parity")
def cli() -> None:
    """Parity: a staging environment that mirrors production and shares nothing with it.

    Exit codes: 0 clean, 1 error findings or a failed operation, 2 bad input or usage.
    """


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; bad input never shows a traceback."""
    from parity.errors import ParityError

    # A one-shot command builds hundreds of thousands of long-lived objects and no garbage
    # cycles worth collecting; the cyclic collector would rescan them all again and again
    # (about half the time of a check on a large fleet). A long-running verb turns it back on.
    gc.disable()
    try:
        result: Any = cli.main(args=argv, prog_name="parity", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except ParityError as exc:
        _report_error(exc)
        return exc.exit_code
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug in Parity itself: say so plainly
        if os.environ.get("PARITY_DEBUG"):
            raise
        click.echo(f"parity: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("Run again with PARITY_DEBUG=1 to see where, and please report it.", err=True)
        return 1
    return int(result or 0)


def _report_error(exc: Exception) -> None:
    from parity.errors import InputError

    if isinstance(exc, InputError):
        count = len(exc.problems)
        click.echo(f"parity: {count} problem{'s' if count != 1 else ''} in the input:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
    else:
        click.echo(f"parity: {exc}", err=True)


if __name__ == "__main__":
    sys.exit(main())
