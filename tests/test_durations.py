"""Durations read as people write them."""

from __future__ import annotations

import pytest

from parity.durations import parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30.0),
        ("2m", 120.0),
        ("1h", 3600.0),
        ("500ms", 0.5),
        ("1.5", 1.5),
        (" 10 s ", 10.0),
        (7, 7.0),
        (0.25, 0.25),
        ("0", 0.0),
    ],
)
def test_durations(text: str | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 minutes", "-5s", "1d", True])
def test_what_is_not_a_duration_says_what_would_be(text: str | bool) -> None:
    with pytest.raises(ValueError, match="30s, 2m, 1h, 500ms or a number of seconds"):
        parse_duration(text)
