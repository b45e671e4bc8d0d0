"""Options shared by several verbs."""

from __future__ import annotations

import click
import pytest

from parity.cli.options import Duration


def test_a_duration_option_converts_and_refuses_clearly() -> None:
    assert Duration().convert("2m", None, None) == 120.0
    assert Duration().convert("0", None, None) == 0.0
    with pytest.raises(click.BadParameter, match="must be more than 0"):
        Duration(positive=True).convert("0s", None, None)
    with pytest.raises(click.BadParameter, match="'soon' is not a duration"):
        Duration().convert("soon", None, None)
