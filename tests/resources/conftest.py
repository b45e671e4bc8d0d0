"""Fixtures for parity.resources tests: one fingerprinter and a shorthand for identify()."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import Resource, identify
from parity.secrets import Fingerprinter

Identify = Callable[..., tuple[Resource, ...]]


@pytest.fixture(scope="session")
def fingerprint() -> Fingerprinter:
    """The keyed fingerprint every test uses (session-scoped so Hypothesis tests may use it)."""
    return Fingerprinter(b"parity-test-key")


@pytest.fixture(scope="session")
def find(fingerprint: Fingerprinter) -> Identify:
    """identify() with the test fingerprint: find(value, name="", hint=None)."""

    def run(value: str, name: str = "", hint: str | None = None) -> tuple[Resource, ...]:
        return identify(value, name=name, hint=hint, fingerprint=fingerprint)

    return run


@pytest.fixture(scope="session")
def kinds(find: Identify) -> Callable[..., dict[str, tuple[Resource, ...]]]:
    """The resources a value identifies, grouped by kind."""

    def run(value: str, name: str = "", hint: str | None = None) -> dict[str, tuple[Resource, ...]]:
        grouped: dict[str, tuple[Resource, ...]] = {}
        for resource in find(value, name, hint):
            grouped[resource.kind] = (*grouped.get(resource.kind, ()), resource)
        return grouped

    return run
