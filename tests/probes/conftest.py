"""Fixtures of the probe tests: the loopback test server and a refused port."""

from tests.probes.servers import http_server, refused_port, silent_port

__all__ = ["http_server", "refused_port", "silent_port"]
