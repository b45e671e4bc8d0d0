"""Shared fixtures: the shared corpus and seeds, and the local services tests may need."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The `shared/` folder beside the repository (or $PARITY_SHARED_DIR)."""
    return Path(os.environ.get("PARITY_SHARED_DIR") or REPO.parent / "shared")


def require_services() -> bool:
    """In CI (PARITY_REQUIRE_SERVICES=1) a missing service fails the test instead of skipping it."""
    return os.environ.get("PARITY_REQUIRE_SERVICES") == "1"


def unavailable(reason: str) -> None:
    """Skip with `reason`, or fail when services are required."""
    if require_services():
        pytest.fail(f"{reason} (PARITY_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared corpus directory; tests that read it skip clearly when it is absent."""
    path = shared_dir()
    if not (path / "corpus").is_dir():
        pytest.skip(f"the shared corpus is not at {path} (set PARITY_SHARED_DIR)")
    return path


@pytest.fixture(scope="session")
def examples() -> Path:
    """The bundled examples."""
    return REPO / "examples"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`corpus_file`: every real Blueprint and .env file of the shared corpus, one test each."""
    if "corpus_file" not in metafunc.fixturenames:
        return
    corpus = shared_dir() / "corpus"
    files = sorted([*corpus.glob("render/*.yaml"), *corpus.glob("dotenv/*")])
    if files:
        metafunc.parametrize("corpus_file", files, ids=[f.name for f in files])
    else:
        reason = f"the shared corpus is not at {corpus} (set PARITY_SHARED_DIR)"
        metafunc.parametrize("corpus_file", [pytest.param(None, marks=pytest.mark.skip(reason))])
