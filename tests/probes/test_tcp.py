"""TCP probes against loopback: connected, refused, timed out, unresolvable."""

from __future__ import annotations

import re

from parity.probes.base import Status, TcpTarget
from parity.probes.tcp import probe_tcp
from tests.probes.servers import LoopbackServer, run_probe, unanswered_port


def test_open_port_passes(http_server: LoopbackServer) -> None:
    outcome = run_probe(probe_tcp, TcpTarget("127.0.0.1", http_server.port))
    assert outcome.status is Status.PASS
    assert re.fullmatch(rf"connected to 127\.0\.0\.1:{http_server.port} in \d+ ms", outcome.reason)
    assert outcome.details == {"address": f"127.0.0.1:{http_server.port}"}


def test_refused_is_transient(refused_port: int) -> None:
    outcome = run_probe(probe_tcp, TcpTarget("127.0.0.1", refused_port))
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"


def test_timeout_is_transient() -> None:
    with unanswered_port() as port:
        outcome = run_probe(probe_tcp, TcpTarget("127.0.0.1", port, timeout=0.2))
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"timed out after 0.2 s connecting to 127.0.0.1:{port}"
    assert 0.2 <= outcome.duration < 2


def test_unknown_host_is_an_error() -> None:
    outcome = run_probe(probe_tcp, TcpTarget("no-such.invalid", 5432))
    assert outcome.status is Status.ERROR
    assert outcome.reason.startswith("cannot resolve host no-such.invalid")


def test_port_out_of_range_is_definite() -> None:
    outcome = run_probe(probe_tcp, TcpTarget("127.0.0.1", 70000))
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert outcome.reason == "cannot connect to 127.0.0.1:70000: the port must be 0-65535"


def test_ipv6_address_is_bracketed(refused_port: int) -> None:
    outcome = run_probe(probe_tcp, TcpTarget("::1", refused_port, timeout=1))
    assert outcome.status is Status.ERROR
    assert f"[::1]:{refused_port}" in outcome.reason
