"""Live probes: one per kind of target, in an explicit registry, behind one dispatching call."""

from __future__ import annotations

from typing import cast

from parity.probes.apikey import probe_api_key
from parity.probes.base import (
    ApiKeyTarget,
    Clients,
    CommandTarget,
    HttpTarget,
    Outcome,
    PostgresTarget,
    Probe,
    RedisTarget,
    Target,
    TcpTarget,
)
from parity.probes.command import probe_command
from parity.probes.http import probe_http
from parity.probes.postgres import probe_postgres
from parity.probes.redis import probe_redis
from parity.probes.tcp import probe_tcp

# Each probe takes only its own kind of target; the key it is filed under guarantees that, so
# the casts are safe (tests/probes/test_registry.py checks every key against the annotation).
PROBES: dict[type, Probe] = {
    HttpTarget: cast(Probe, probe_http),
    TcpTarget: cast(Probe, probe_tcp),
    PostgresTarget: cast(Probe, probe_postgres),
    RedisTarget: cast(Probe, probe_redis),
    CommandTarget: cast(Probe, probe_command),
    ApiKeyTarget: cast(Probe, probe_api_key),
}


async def probe(target: Target, clients: Clients) -> Outcome:
    """Probe `target` once with the probe registered for its kind."""
    return await PROBES[type(target)](target, clients)
