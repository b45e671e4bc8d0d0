"""What of a value may be shown: secrets masked, passwords inside URLs masked."""

from __future__ import annotations

import re

from parity.resolved import ResolvedVar
from parity.secrets import MASK

# The password runs to the LAST `@` of the URL: generated passwords often hold `/`, `+`, `,`
# or `:` unencoded, and stopping at the first of those would print the rest of the password.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>\S*)@")
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&;](?:password|passwd|pass|pwd|secret|token|key|apikey|api_key|sslpassword)=)"
    r"[^&;\s]+",
    re.IGNORECASE,
)


def mask_text(text: str) -> str:
    """The text with any password inside a URL (user info or query string) replaced by ****."""
    if "@" in text:
        text = _URL_PASSWORD.sub(r"\g<head>****@", text)
    if "=" in text:
        text = _QUERY_SECRET.sub(r"\g<head>****", text)
    return text


def display_value(var: ResolvedVar) -> str | None:
    """The value as it may be printed, or None when there is no known value."""
    if var.value is None:
        return None
    if var.secret:
        return MASK
    return mask_text(var.value)
