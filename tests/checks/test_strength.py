"""Weak signing secrets: short, predictable, or made of words; never quoted in a finding."""

from __future__ import annotations

import random
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.checks.base import CheckContext
from parity.checks.placeholders import placeholder_in
from parity.checks.strength import check, estimated_bits, weakness_of
from parity.findings import Finding, Severity
from parity.model import VarSpec
from parity.resolved import Origin
from tests.checks.factories import context, one, service, var

RANDOM = random.Random(20250121)  # deterministic "generated" keys


def token(alphabet: str, length: int) -> str:
    return "".join(RANDOM.choice(alphabet) for _ in range(length))


HEX = "0123456789abcdef"
URLSAFE = string.ascii_letters + string.digits + "-_"


def run(ctx: CheckContext) -> list[Finding]:
    return list(check(ctx))


def text_of(finding: Finding) -> str:
    return finding.message + " " + " ".join(f"{k}={v}" for k, v in finding.evidence)


@pytest.mark.parametrize(
    ("value", "weakness"),
    [
        ("k8Jd2mQ9vX", "short"),
        ("aaaabbbbccccddddaaaabbbbccccddddeeee1", "entropy"),
        ("Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!", "pattern"),
        ("0123456789abcdef0123456789abcdefx", "pattern"),
        ("correct-horse-battery-staple-on-the-moon", "words"),
        ("correcthorsebatterystaplehorsebattery", "words"),
        ("django-insecure-" + token(URLSAFE, 50), "development-key"),
    ],
)
def test_weak_signing_keys(value: str, weakness: str) -> None:
    [finding] = run(one(var("SECRET_KEY", value, line=5)))
    assert (finding.rule, finding.severity, finding.variable) == (
        "env.weak-secret",
        Severity.ERROR,
        "SECRET_KEY",
    )
    assert ("weakness", weakness) in finding.evidence
    assert value not in text_of(finding)
    assert "secrets.token_hex(32)" in finding.message and "generate: true" in finding.message


def test_a_short_key_is_reported_with_its_numbers_only() -> None:
    [finding] = run(one(var("SESSION_SECRET", "k8Jd2mQ9vX")))
    assert "10 characters long, want at least 32" in finding.message
    assert ("length", "10") in finding.evidence


def test_a_low_entropy_key_says_about_how_many_bits() -> None:
    [finding] = run(one(var("JWT_SECRET", "aaaabbbbccccddddaaaabbbbccccddddeeee1")))
    assert re.search(r"about \d+ bits of entropy, want at least 128", finding.message)


@pytest.mark.parametrize(
    "value",
    [
        *(token(HEX, 32) for _ in range(50)),  # secrets.token_hex(16): exactly 128 bits
        *(token(HEX, 64) for _ in range(20)),  # secrets.token_hex(32)
        *(token(URLSAFE, 43) for _ in range(20)),  # secrets.token_urlsafe(32)
        *(token(string.ascii_letters + string.digits, 40) for _ in range(20)),
        "base64:" + token(string.ascii_letters + string.digits + "+/", 43) + "=",  # Laravel APP_KEY
    ],
)
def test_generated_keys_are_strong(value: str) -> None:
    assert weakness_of(value) is None
    assert run(one(var("SECRET_KEY", value), var("APP_KEY", value))) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OPENAI_API_KEY", "k8Jd2mQ9vX"),  # an API key is what its provider issued
        ("DB_PASSWORD", "k8Jd2mQ9vX"),  # a password, not a signing key
        ("STRIPE_WEBHOOK_SECRET", "whsec_" + "4eC39HqLyjWDarjt"),  # issued by Stripe
        ("SECRET_KEY", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
        ("S3_SECRET_KEY", "k8Jd2mQ9vX"),
        ("SECRET_KEY", "changeme"),  # a placeholder: reported by the placeholder check
        ("SECRET_KEY", "<generate_with: python -c 'import secrets'>"),
        ("SECRET_KEY", ""),  # empty: reported by the values check
    ],
)
def test_what_is_not_judged(name: str, value: str) -> None:
    assert run(one(var(name, value))) == []


def test_unknown_values_are_not_judged() -> None:
    assert run(one(var("SECRET_KEY", None, origin=Origin.GENERATED))) == []
    assert run(one(var("SECRET_KEY", "short", origin=Origin.PLATFORM))) == []


def test_a_value_declared_secret_is_judged_whatever_its_name() -> None:
    spec = VarSpec(type="secret", secret=True)
    [finding] = run(one(var("LICENSE_SIGNER", "k8Jd2mQ9vX", spec=spec)))
    assert finding.variable == "LICENSE_SIGNER"


def test_one_finding_for_a_key_shared_by_services() -> None:
    shared = var("SECRET_KEY", "k8Jd2mQ9vX", line=2)
    [finding] = run(context(service("worker", shared), service("api", shared)))
    assert finding.service == "api,worker"


def test_estimated_bits() -> None:
    assert estimated_bits("") == 0
    assert estimated_bits("a" * 40) == 0
    assert estimated_bits(token(HEX, 64)) == 256
    assert 60 < estimated_bits("my-super-secret-key-for-staging-env") < 200


@given(st.text(max_size=120))
def test_judging_never_raises(value: str) -> None:
    weakness = weakness_of(value)
    assert weakness is None or value not in weakness.text or len(value) < 3


@given(st.text(max_size=20), st.text(min_size=1, max_size=60), st.sampled_from(list(Origin)))
def test_the_check_never_raises_and_never_quotes_the_value(
    name: str, value: str, origin: Origin
) -> None:
    marked = "Zq9x" + value
    spec = VarSpec(type="secret", secret=True)
    for finding in run(one(var(name, marked, origin=origin, spec=spec))):
        assert marked.strip() not in text_of(finding)


def test_what_the_placeholder_check_leaves_is_judged_here() -> None:
    # Declared neither secret nor a resource, "password" is no placeholder; it is a weak key.
    spec = VarSpec(secret=False, resource=None)
    assert placeholder_in(var("SECRET_KEY", "password", declared=spec)) is None
    [finding] = run(one(var("SECRET_KEY", "password", declared=spec)))
    assert finding.rule == "env.weak-secret"
