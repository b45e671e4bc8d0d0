"""The live isolation probe: two spellings of one server are caught; separate ones are not."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql

from parity.findings import Finding, Severity
from parity.infer import effective_spec
from parity.model import VarSpec
from parity.resolved import Origin, ResolvedEnvironment, ResolvedService, ResolvedVar
from parity.verify.live_isolation import LiveReport, live_targets, probe_isolation

PASSWORD = "Sup3rSecretPw"  # the local servers ignore it; it must never be shown


def var(
    name: str, value: str, *, origin: Origin = Origin.DECLARED, shared: bool = False
) -> ResolvedVar:
    """A variable with the spec inference gives it (declared `shared` when asked)."""
    spec = effective_spec(name, VarSpec(shared=True) if shared else None, value)
    return ResolvedVar(name, value, origin, spec, bool(spec.secret))


def environment(name: str, *variables: ResolvedVar, service: str = "web") -> ResolvedEnvironment:
    """An environment with one service holding `variables`."""
    web = ResolvedService(
        service, f"shop-{name}-{service}", "web", {}, {}, {v.name: v for v in variables}
    )
    return ResolvedEnvironment(
        name, name, None if name == "production" else "production", {service: web}
    )


def probe(staging: ResolvedEnvironment, production: ResolvedEnvironment) -> LiveReport:
    """Run the live probe with a short timeout."""
    return asyncio.run(probe_isolation(staging, production, timeout=5.0))


def respelled(
    url: str, *, host: str | None = None, path: str | None = None, port: int | None = None
) -> str:
    """`url` with its host, port or path replaced, and PASSWORD as its password."""
    parts = urlsplit(url)
    user = parts.username or ""
    address = f"{host or parts.hostname}:{port or parts.port}"
    return urlunsplit(
        parts._replace(netloc=f"{user}:{PASSWORD}@{address}", path=path or parts.path)
    )


def respelled_redis(url: str, host: str | None, db: int) -> str:
    """`url` with its host and database index replaced."""
    parts = urlsplit(url)
    return urlunsplit(
        parts._replace(netloc=f"{host or parts.hostname}:{parts.port or 6379}", path=f"/{db}")
    )


def other_host(url: str) -> str:
    """The other loopback name of `url`'s host (127.0.0.1 and localhost)."""
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        pytest.skip(f"{host} has no second spelling on this machine")
    return "localhost" if host == "127.0.0.1" else "127.0.0.1"


def rules(report: LiveReport) -> list[tuple[str, Severity]]:
    """The rule and severity of every finding."""
    return [(finding.rule, finding.severity) for finding in report.findings]


def assert_no_password(report: LiveReport) -> None:
    """No finding, evidence, reason or printed form of the report holds PASSWORD."""
    shown = [repr(report), *(_text(finding) for finding in report.findings)]
    shown += [observation.reason + observation.target.label for observation in report.identities]
    assert not [text for text in shown if PASSWORD in text]


def _text(finding: Finding) -> str:
    return f"{finding.message} {finding.evidence} {finding.variable} {finding.service}"


@pytest.fixture
def two_databases(postgres_url: str) -> Iterator[tuple[str, str]]:
    """Two new, empty databases on the local server, dropped afterwards."""
    names = [f"parity_live_{uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for name in names:  # template0: nobody connects to it, so copying it never waits
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
            )
    try:
        yield names[0], names[1]
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port: int = probe_socket.getsockname()[1]
    return port


def test_targets_are_the_database_and_cache_urls_each_once() -> None:
    database = f"postgresql://app:{PASSWORD}@db.internal:5432/app?sslmode=require"
    staging = environment(
        "staging",
        var("DATABASE_URL", database),
        var("READ_DATABASE_URL", database),
        var("REDIS_URL", "rediss://cache.internal:6380/2"),
        var("SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://app@db2.internal/app"),
        var("API_URL", "https://api.example.com"),
        var("LOG_LEVEL", "debug"),
        var("PLATFORM_DATABASE_URL", "postgresql://x@y/z", origin=Origin.PLATFORM),
        var("ANALYTICS_DATABASE_URL", "postgresql://x@analytics/z", shared=True),
    )
    targets = live_targets(staging)
    assert [(t.variable, t.kind, t.label) for t in targets] == [
        (
            "DATABASE_URL, READ_DATABASE_URL",
            "database",
            "postgresql://app:****@db.internal:5432/app",
        ),
        ("REDIS_URL", "cache", "rediss://cache.internal:6380/2"),
        ("SQLALCHEMY_DATABASE_URI", "database", "postgresql+psycopg://app@db2.internal/app"),
    ]
    assert targets[0].url.reveal() == database
    assert PASSWORD not in repr(targets)


def test_a_password_that_mask_text_would_miss_is_still_masked() -> None:
    staging = environment("staging", var("DATABASE_URL", "postgresql://app:pa/ss@db.internal/app"))
    assert [t.label for t in live_targets(staging)] == ["postgresql://app:****@db.internal/app"]


@pytest.mark.services
def test_one_database_under_two_names_is_shared(postgres_url: str) -> None:
    staging = environment(
        "staging", var("DATABASE_URL", respelled(postgres_url, host=other_host(postgres_url)))
    )
    production = environment("production", var("DATABASE_URL", respelled(postgres_url)))
    report = probe(staging, production)
    assert rules(report) == [("isolation.shared-database", Severity.ERROR)]
    message = report.findings[0].message
    assert message.startswith("staging DATABASE_URL (postgresql://postgres:****@")
    assert "the server answered with the same system identifier, start time and database" in message
    assert_no_password(report)


@pytest.mark.services
def test_two_databases_of_one_server_share_the_server(
    postgres_url: str, two_databases: tuple[str, str]
) -> None:
    ours, theirs = two_databases
    staging = environment("staging", var("DATABASE_URL", respelled(postgres_url, path=f"/{ours}")))
    production = environment(
        "production", var("DATABASE_URL", respelled(postgres_url, path=f"/{theirs}"))
    )
    report = probe(staging, production)
    assert rules(report) == [("isolation.shared-server", Severity.WARNING)]
    assert [o.identity[-1] for o in report.identities if o.identity] == [ours, theirs]
    assert_no_password(report)


@pytest.mark.services
def test_one_redis_database_under_two_names_is_shared(redis_url: str) -> None:
    staging = environment(
        "staging", var("REDIS_URL", respelled_redis(redis_url, other_host(redis_url), 0))
    )
    production = environment("production", var("REDIS_URL", respelled_redis(redis_url, None, 0)))
    report = probe(staging, production)
    assert rules(report) == [("isolation.shared-cache", Severity.ERROR)]
    assert "the same Redis database" in report.findings[0].message


@pytest.mark.services
def test_another_redis_database_index_shares_the_server(redis_url: str) -> None:
    staging = environment("staging", var("REDIS_URL", respelled_redis(redis_url, None, 5)))
    production = environment("production", var("REDIS_URL", respelled_redis(redis_url, None, 0)))
    assert rules(probe(staging, production)) == [("isolation.shared-server", Severity.WARNING)]


@pytest.mark.services
def test_an_unreachable_production_database_is_reported_not_passed(
    postgres_url: str, free_port: int
) -> None:
    unreachable = respelled(postgres_url, host="127.0.0.1", port=free_port)
    staging = environment("staging", var("DATABASE_URL", respelled(postgres_url)))
    production = environment("production", var("DATABASE_URL", unreachable))
    report = probe(staging, production)
    assert rules(report) == [("isolation.probe-failed", Severity.WARNING)]
    finding = report.findings[0]
    assert (finding.environment, finding.variable) == ("production", "DATABASE_URL")
    assert f"connection refused on 127.0.0.1:{free_port}" in finding.message
    assert "whether staging shares it is unverified" in finding.message
    assert_no_password(report)
