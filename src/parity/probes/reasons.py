"""How probes word their one-line reasons: durations, network failures, and redaction."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable

from parity.secrets import MASK


def took(seconds: float) -> str:
    """A measured duration as a person reads it: "34 ms", "2.1 s", "45 s"."""
    if seconds < 0.9995:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 9.95:
        return f"{seconds:.1f} s"
    return f"{seconds:.0f} s"


def limit(seconds: float) -> str:
    """A configured limit as the user wrote it: "30 s", "0.5 s"."""
    return f"{seconds:g} s"


def address(host: str, port: int) -> str:
    """host:port, with an IPv6 host in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every non-empty secret value in it replaced by the mask, longest first."""
    for value in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(value, MASK)
    return text


def connection_failure(error: OSError, host: str, port: int) -> tuple[str, bool]:
    """Why a connection to host:port could not be made, and whether trying again may help."""
    where = address(host, port)
    if isinstance(error, socket.gaierror):
        if error.errno == socket.EAI_AGAIN:
            return f"cannot resolve host {host} right now (temporary DNS failure)", True
        return f"cannot resolve host {host}", False
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate of {host} is not trusted: {error.verify_message}", False
    if isinstance(error, ssl.SSLError) and error.reason == "WRONG_VERSION_NUMBER":
        return f"TLS handshake with {where} failed: it does not speak TLS (plain HTTP?)", False
    if isinstance(error, ssl.SSLError):
        return f"TLS handshake with {where} failed: {error.reason or error.strerror}", False
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused on {where}", True
    if isinstance(error, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return f"connection reset by {where}", True
    return f"cannot connect to {where}: {error.strerror or error}", True
