"""Names for an imported app: whatever the source offers, made into a valid manifest name."""

from __future__ import annotations

import re
from pathlib import PurePath

_INVALID = re.compile(r"[^A-Za-z0-9._-]+")
_LEADING = re.compile(r"^[^A-Za-z0-9]+")
FALLBACK_APP = "app"


def sanitise(name: str) -> str:
    """`name` as `[A-Za-z0-9][A-Za-z0-9._-]*`: invalid runs become '-'; '' if nothing is left."""
    return _LEADING.sub("", _INVALID.sub("-", name.strip())).rstrip("._-")


def directory_app(file: str) -> str:
    """The app name suggested by the directory holding `file`, or '' if it suggests none."""
    return sanitise(PurePath(file).parent.name)
