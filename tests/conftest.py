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


POSTGRES_URL = os.environ.get(
    "PARITY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("PARITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The local PostgreSQL (trust auth); skips, or fails under PARITY_REQUIRE_SERVICES=1."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}".splitlines()[0])
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The local Redis; skips, or fails under PARITY_REQUIRE_SERVICES=1."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL
