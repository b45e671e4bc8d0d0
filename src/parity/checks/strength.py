"""Weak signing and encryption secrets: too short, too predictable, or made of words.

Only keys the application generates are judged (SECRET_KEY, SESSION_SECRET, *_ENCRYPTION_KEY,
...); a key a provider issued is what it is. Placeholders are left to `placeholders`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from parity.checks.base import CheckContext
from parity.checks.placeholders import GENERATE_HINT, distinct_variables, placeholder_in
from parity.findings import Finding, Severity
from parity.infer import is_signing_secret_name
from parity.resolved import ResolvedVar
from parity.resources import key_provider

MIN_LENGTH = 32
MIN_BITS = 128
_SEPARATORS = re.compile(r"[-_. ]+")
_WORD_PART = re.compile(r"[a-z]{2,12}|[A-Z][a-z]{1,11}|[A-Z]{2,12}|\d{1,4}")
_ALPHABETS = (
    (frozenset("0123456789"), 10),
    (frozenset("0123456789abcdef"), 16),
    (frozenset("0123456789ABCDEF"), 16),
    (frozenset("abcdefghijklmnopqrstuvwxyz"), 26),
    (frozenset("0123456789abcdefghijklmnopqrstuvwxyz"), 36),
    (frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), 62),
    (frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_+/="), 64),
)
#: Encodings people do not type by hand: a value in one that looks uniformly random is trusted
#: to carry its alphabet's full bits per character (a 32-digit hex key is 128 bits, although the
#: Shannon estimate of 32 samples says about 115).
_MACHINE_ALPHABETS = frozenset({16, 62, 64})
_WORD_LIST = """
    my our the a an and for of to in on is it this that not do dont no yes your
    secret secrets key keys token password pass passphrase signing sign session cookie jwt auth
    encryption encrypt crypt salt hash hmac private public api app application web site server
    staging stage production prod dev development test testing local demo example sample default
    super very really much more most long short strong random string value new old change me
    please hello world admin root user master main primary backup company project service
    django flask rails laravel next nextauth express node python ruby php java
    correct horse battery staple letmein welcome monkey dragon qwerty password iloveyou sunshine
    shadow football baseball trustno one two three four five six seven eight nine ten
"""
_WORDS = frozenset(_WORD_LIST.split())


@dataclass(frozen=True, slots=True)
class Weakness:
    """Why a secret is weak, in words that never quote it."""

    code: str
    text: str


def check(context: CheckContext) -> Iterator[Finding]:
    """`env.weak-secret`: signing and encryption keys that are short, predictable or wordy."""
    environment = context.environment.name
    for services, var in distinct_variables(context.environment):
        value = _judged_value(var)
        weakness = weakness_of(value) if value is not None else None
        if value is not None and weakness is not None:
            yield _finding(environment, services, var, value, weakness)


def _judged_value(var: ResolvedVar) -> str | None:
    if not var.known or var.value is None:
        return None
    declared_secret = var.spec.type == "secret" and var.spec.secret is True
    if not (is_signing_secret_name(var.name) or declared_secret):
        return None
    value = var.value.strip()
    if not value or placeholder_in(var) is not None or key_provider(value):
        return None
    return value


def weakness_of(value: str) -> Weakness | None:
    """What makes `value` too weak to sign or encrypt with, or None when it is strong enough."""
    if value.startswith("django-insecure-"):
        return Weakness("development-key", "is a Django development key (django-insecure-...)")
    if _is_periodic(value) or _is_sequential(value):
        return Weakness("pattern", "is a repeated or sequential pattern")
    if _is_wordy(value):
        return Weakness("words", "is made of dictionary words")
    if len(value) < MIN_LENGTH:
        return Weakness("short", f"is {len(value)} characters long, want at least {MIN_LENGTH}")
    bits = estimated_bits(value)
    if bits < MIN_BITS:
        return Weakness("entropy", f"has about {bits} bits of entropy, want at least {MIN_BITS}")
    return None


def estimated_bits(value: str) -> int:
    """Bits of entropy: length times Shannon entropy per character, corrected for short samples.

    The Miller-Madow term adds back what a short sample under-counts; no estimate exceeds what
    the value's alphabet can carry, and a random-looking machine encoding gets its full width.
    A value that repeats a shorter unit is estimated on one unit.
    """
    value = value[: _period(value)]  # a repeated value carries no more than one repetition
    if not value:
        return 0
    counts, size = Counter(value), len(value)
    shannon = -sum(n / size * math.log2(n / size) for n in counts.values())
    corrected = shannon + (len(counts) - 1) / (2 * size * math.log(2))
    alphabet = _alphabet(value)
    width = math.log2(alphabet)
    if _looks_generated(value, len(counts), alphabet):
        return math.floor(size * width)
    return math.floor(size * min(corrected, width))


def _alphabet(value: str) -> int:
    characters = frozenset(value)
    return next((size for chars, size in _ALPHABETS if characters <= chars), 95)


def _looks_generated(value: str, distinct: int, alphabet: int) -> bool:
    """Whether `value` reads as random bytes in hex or base64: mixed characters, few repeats."""
    if alphabet not in _MACHINE_ALPHABETS or len(value) < 16:
        return False
    if alphabet == 16:
        mixed = any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    else:
        mixed = any(c.isupper() for c in value) and any(c.islower() for c in value)
    expected = alphabet * (1 - (1 - 1 / alphabet) ** len(value))  # distinct in random text
    return mixed and distinct >= 0.6 * expected


def _period(value: str) -> int:
    """The length of the shortest unit that `value` repeats (its own length if none)."""
    return (value + value).find(value, 1) if value else 0


def _is_periodic(value: str) -> bool:
    return 0 < _period(value) < len(value)


def _is_sequential(value: str) -> bool:
    steps = [ord(b) - ord(a) for a, b in itertools.pairwise(value)]
    return len(steps) > 2 and sum(1 for step in steps if abs(step) == 1) * 2 >= len(steps)


def _is_wordy(value: str) -> bool:
    parts = [part for part in _SEPARATORS.split(value) if part]
    if len(parts) >= 3 and all(_WORD_PART.fullmatch(part) for part in parts):
        return len([part for part in parts if part.isalpha()]) >= 2
    letters = re.sub(r"[^a-z]", "", value.lower())
    return len(letters) >= 0.8 * len(value) and _covered_by_words(letters) >= 0.8 * len(letters)


def _covered_by_words(letters: str) -> int:
    """How many letters of `letters` a greedy best split into known words covers."""
    best = [0] * (len(letters) + 1)
    for end in range(1, len(letters) + 1):
        best[end] = best[end - 1]
        for start in range(max(0, end - 12), end - 1):
            if letters[start:end] in _WORDS:
                best[end] = max(best[end], best[start] + end - start)
    return best[-1]


def _finding(
    environment: str, services: str, var: ResolvedVar, value: str, weakness: Weakness
) -> Finding:
    message = (
        f"{var.name} in {environment} {weakness.text}; replace it with a random value "
        f"({GENERATE_HINT}) set with ${{env:{var.name}}}, or let the platform make one with "
        "`generate: true`"
    )
    evidence = (
        ("weakness", weakness.code),
        ("length", str(len(value))),
        ("estimated_bits", str(estimated_bits(value))),
        ("minimum", f"{MIN_LENGTH} characters, {MIN_BITS} bits"),
    )
    return Finding(
        rule="env.weak-secret",
        severity=Severity.ERROR,
        message=message,
        environment=environment,
        service=services,
        variable=var.name,
        evidence=evidence,
        location=var.location,
    )
