"""A webhook receiver on loopback: a real HTTP server that keeps every POST body it is sent."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any


class Receiver:
    """`async with Receiver() as hook:` POST to `hook.url`; read `hook.bodies` afterwards.

    Answers `status` with `answer` as the body; with `echo`, the request path is appended to the
    answer, so a test can check that an error built from it never shows the (secret) URL.
    """

    def __init__(
        self, status: int = 200, answer: str = "ok", *, echo: bool = True, token: str = "T0K3N"
    ) -> None:
        self.status = status
        self.answer = answer
        self.echo = echo
        self.path = f"/services/{token}"
        self.bodies: list[dict[str, Any]] = []
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}{self.path}"

    async def __aenter__(self) -> Receiver:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line = (await reader.readline()).decode()
        length = 0
        while line := (await reader.readline()).strip():
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        self.bodies.append(json.loads(await reader.readexactly(length)))
        echoed = f" {request_line.split()[1]}" if self.echo else ""
        body = f"{self.answer}{echoed}".encode()
        head = f"HTTP/1.1 {self.status} X\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        writer.close()
        await writer.wait_closed()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (a port just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/services/T0K3N"
