"""Real servers on loopback for probe and scenario tests, as context managers and fixtures.

`serve()` runs a small HTTP server in a background thread on 127.0.0.1 (port 0), with routes
that behave the ways probes must tell apart. Stopping it wakes every sleeping handler and joins
every thread, so a test leaves nothing running.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pytest

from parity.probes.base import Clients, Outcome

T = TypeVar("T")


@dataclass
class _State:
    """What the routes remember between requests; guarded by `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    flaps: int = 0
    jobs: dict[int, int] = field(default_factory=dict)  # job id -> polls so far


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True

    def __init__(self, state: _State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@dataclass(frozen=True)
class LoopbackServer:
    """A running test server: its base URL, host and port."""

    host: str
    port: int
    scheme: str = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads
    timeout = 5  # a client that connects and says nothing does not hold a thread for long
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_PUT(self) -> None:
        self._route()

    def _route(self) -> None:
        path = urlsplit(self.path).path
        routes = {
            "/healthy": self._healthy,
            "/slow": self._slow,
            "/fail": self._fail,
            "/flap": self._flap,
            "/badjson": self._badjson,
            "/close": self._close,
            "/auth": self._auth,
            "/jobs": self._create_job,
            "/echo": self._echo,
        }
        if path in routes:
            routes[path]()
        elif path.startswith("/jobs/"):
            self._poll_job(path.removeprefix("/jobs/"))
        else:
            self._send(404, {"error": "not found"})

    def _send(self, status: int, body: object, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Test-Server", "yes")
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _healthy(self) -> None:
        self._send(200, {"status": "ok", "items": [{"id": 7, "name": "first"}]})

    def _slow(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        milliseconds = int(query.get("ms", ["1000"])[0])
        if self.server.state.stopping.wait(milliseconds / 1000):
            return
        self._send(200, {"status": "ok"})

    def _fail(self) -> None:
        self._send(503, {"status": "down"})

    def _flap(self) -> None:
        with self.server.state.lock:
            self.server.state.flaps += 1
            count = self.server.state.flaps
        self._send(503 if count % 2 else 200, {"count": count})

    def _badjson(self) -> None:
        self._send(200, b'{"status": "ok",', content_type="text/json")

    def _close(self) -> None:
        self.close_connection = True  # answer nothing; the handler closes the socket

    def _auth(self) -> None:
        given = self.headers.get("Authorization")
        status = {"Bearer good-key": 200, "Bearer busy-key": 429}.get(given or "", 401)
        self._send(status, {"authorized": status != 401})

    def _create_job(self) -> None:
        if self.command != "POST":
            self._send(405, {"error": "POST only"})
            return
        with self.server.state.lock:
            job = len(self.server.state.jobs) + 1
            self.server.state.jobs[job] = 0
        self.send_response(201)
        body = json.dumps({"id": job, "status": "queued"}).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Location", f"/jobs/{job}")
        self.end_headers()
        self.wfile.write(body)

    def _poll_job(self, text: str) -> None:
        job = int(text) if text.isdigit() else 0
        with self.server.state.lock:
            polls = self.server.state.jobs.get(job)
            if polls is not None:
                self.server.state.jobs[job] = polls + 1
        if polls is None:
            self._send(404, {"error": f"no job {text}"})
            return
        self._send(200, {"id": job, "status": "queued" if polls < 2 else "done"})

    def _echo(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = self._body().decode("utf-8", errors="replace")
        self._send(
            200, {"method": self.command, "path": self.path, "headers": headers, "body": body}
        )


@contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[LoopbackServer]:
    """Run the test server until the block ends; then stop it and join all its threads."""
    state = _State()
    server = _Server(state)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield LoopbackServer(str(host), int(port), "https" if tls else "http")
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A loopback port nothing listens on: bound once, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A fresh test server per test, so /flap and /jobs start from the beginning."""
    with serve() as server:
        yield server


@pytest.fixture
def refused_port() -> int:
    """A loopback port that refuses connections."""
    return free_port()


def run_probe(probe: Callable[[T, Clients], Awaitable[Outcome]], target: T) -> Outcome:
    """Run one probe with a fresh client that ignores proxy settings of the environment."""

    async def once() -> Outcome:
        async with httpx.AsyncClient(trust_env=False) as client:
            return await probe(target, Clients(client))

    return asyncio.run(once())


@contextmanager
def unanswered_port() -> Iterator[int]:
    """A loopback port whose listen queue is full, so a new connection hangs until it times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = int(listener.getsockname()[1])
        waiting = [socket.socket() for _ in range(4)]
        try:
            for client in waiting:
                client.setblocking(False)
                with suppress(BlockingIOError):
                    client.connect(("127.0.0.1", port))
            yield port
        finally:
            for client in waiting:
                client.close()


def self_signed_tls(directory: Path) -> ssl.SSLContext:
    """A server TLS context with a new self-signed certificate for 127.0.0.1 (uses cryptography)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "parity-test")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections (the backlog does) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def other_spelling(url: str) -> str:
    """The same server under the other loopback name (127.0.0.1 and localhost)."""
    parts = urlsplit(url)
    host = parts.hostname
    if host not in ("127.0.0.1", "localhost"):
        pytest.skip(f"{host} has no second spelling on this machine")
    other = "localhost" if host == "127.0.0.1" else "127.0.0.1"
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(host, other)))
