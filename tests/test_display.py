"""What may be shown of a value: no password inside a URL, whatever it is made of."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.display import mask_text

PASSWORDS = st.text(
    alphabet=string.ascii_letters + string.digits + "/+=,:;!$%^&*()[]{}~-_.?#@",
    min_size=6,
    max_size=30,
).filter(lambda p: not p.startswith(("/", "@")))


@settings(max_examples=300, deadline=None)
@given(
    PASSWORDS, st.sampled_from(["postgresql", "postgresql+asyncpg", "redis", "amqps", "mongodb"])
)
def test_no_password_survives_in_a_url(password: str, scheme: str) -> None:
    url = f"{scheme}://app_user:{password}@db-9.internal:5432/app"
    shown = mask_text(url)
    assert password not in shown
    assert shown.startswith(f"{scheme}://app_user:****@")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://u:pa/ss+w=rd@db/app", "postgresql://u:****@db/app"),
        ("redis://:a,b@h:6379/0", "redis://:****@h:6379/0"),
        (
            "mongodb://h/db?authSource=admin&password=Zx9",
            "mongodb://h/db?authSource=admin&password=****",
        ),
        ("https://h/x?api_key=K1&page=2", "https://h/x?api_key=****&page=2"),
        ("postgres://u:p@h/db redis://:q@r/0", "postgres://u:****@h/db redis://:****@r/0"),
        ("ops@example.com", "ops@example.com"),
        ("https://x.io/?q=1", "https://x.io/?q=1"),
    ],
)
def test_what_is_shown(text: str, shown: str) -> None:
    assert mask_text(text) == shown
