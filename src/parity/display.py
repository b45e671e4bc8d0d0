"""What of a value may be shown: secrets masked, passwords inside URLs masked."""

from __future__ import annotations

import re

from parity.resolved import ResolvedVar
from parity.secrets import MASK

_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s,]*:)(?P<pw>[^@\s,/]+)@")


def mask_text(text: str) -> str:
    """The text with any password inside a URL replaced by ****."""
    if "@" not in text:
        return text
    return _URL_PASSWORD.sub(r"\g<head>****@", text)


def display_value(var: ResolvedVar) -> str | None:
    """The value as it may be printed, or None when there is no known value."""
    if var.value is None:
        return None
    if var.secret:
        return MASK
    return mask_text(var.value)
