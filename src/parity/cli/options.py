"""Options shared by several verbs, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

manifest_option = click.option(
    "-f",
    "--file",
    "manifest",
    metavar="PATH",
    help="The manifest to read (default: $PARITY_MANIFEST, else ./parity.yaml).",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for CI.",
)


def environment_option(help_text: str) -> Callable[[F], F]:
    """`--env NAME`."""
    return click.option("--env", "environment", metavar="NAME", help=help_text)
