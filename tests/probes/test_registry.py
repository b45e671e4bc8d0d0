"""The probe registry: every kind of target has its probe, and `probe()` dispatches to it."""

from __future__ import annotations

import asyncio
import re
import typing

import httpx
import pytest

from parity.probes import PROBES, probe
from parity.probes.base import ApiKeyTarget, Clients, HttpTarget, Outcome, Target, TcpTarget
from parity.secrets import Secret
from tests.probes.servers import LoopbackServer, run_probe


def test_every_kind_of_target_has_a_probe() -> None:
    assert set(PROBES) == set(typing.get_args(Target))


def test_each_probe_is_filed_under_the_target_it_takes() -> None:
    for kind, function in PROBES.items():
        assert typing.get_type_hints(function)["target"] is kind, function


@pytest.mark.parametrize("path", ["/healthy", "/auth"])
def test_http_probes_use_a_leased_lane(http_server: LoopbackServer, path: str) -> None:
    target: Target = (
        HttpTarget(http_server.url(path))
        if path == "/healthy"
        else ApiKeyTarget(http_server.url(path), Secret("good-key"))
    )

    async def once() -> Outcome:
        closed = httpx.AsyncClient()
        await closed.aclose()  # a probe that ignored the lanes would fail on this one
        lanes: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        async with httpx.AsyncClient(trust_env=False) as lane:
            lanes.put_nowait(lane)
            return await probe(target, Clients(closed, lanes))

    assert asyncio.run(once()).passed


def test_probe_dispatches_on_the_kind_of_target(http_server: LoopbackServer) -> None:
    outcome = run_probe(probe, TcpTarget("127.0.0.1", http_server.port))
    assert re.fullmatch(r"connected to 127\.0\.0\.1:\d+ in \d+ ms", outcome.reason)
