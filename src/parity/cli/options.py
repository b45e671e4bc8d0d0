"""Options shared by several verbs, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

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


if TYPE_CHECKING:
    _FloatParam = click.ParamType[float]  # generic from click 8.4 on
else:
    _FloatParam = click.ParamType


class Duration(_FloatParam):
    """A duration option (`30s`, `2m`, `500ms`, seconds); bad input is a usage error (exit 2)."""

    name = "duration"

    def __init__(self, *, positive: bool = False) -> None:
        self.positive = positive

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from parity.durations import parse_duration

        if isinstance(value, float):
            return value
        try:
            seconds = parse_duration(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if self.positive and seconds <= 0:
            self.fail(f"{value!r} must be more than 0", param, ctx)
        return seconds


def environment_option(help_text: str) -> Callable[[F], F]:
    """`--env NAME`."""
    return click.option("--env", "environment", metavar="NAME", help=help_text)
