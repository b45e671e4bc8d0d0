"""Durations as people write them: `30s`, `2m`, `1h`, `500ms`, or plain seconds."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}
EXPECTED = "a duration such as 30s, 2m, 1h, 500ms or a number of seconds"


def parse_duration(text: str | float | int) -> float:
    """Seconds in `text`; raises ValueError naming what would be valid."""
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not {EXPECTED}")
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        match = _DURATION.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not {EXPECTED}")
        seconds = float(match.group(1)) * _SECONDS[match.group(2)]
    if seconds < 0:
        raise ValueError(f"{text!r} is negative; {EXPECTED}")
    return seconds
