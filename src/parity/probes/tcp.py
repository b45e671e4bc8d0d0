"""TCP probes: can a connection to host:port be opened within the timeout."""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress

from parity.probes.base import Clients, Outcome, Status, TcpTarget
from parity.probes.reasons import address, connection_failure, limit, took


async def probe_tcp(target: TcpTarget, clients: Clients) -> Outcome:
    """Open a connection to target.host:target.port and close it again; nothing is sent."""
    where = address(target.host, target.port)
    details = {"address": where}
    started = time.perf_counter()
    try:
        connecting = asyncio.open_connection(target.host, target.port)
        _, writer = await asyncio.wait_for(connecting, target.timeout)
    except TimeoutError:
        reason = f"timed out after {limit(target.timeout)} connecting to {where}"
        return Outcome(Status.ERROR, reason, _since(started), transient=True, details=details)
    except OSError as exc:
        reason, transient = connection_failure(exc, target.host, target.port)
        return Outcome(Status.ERROR, reason, _since(started), transient=transient, details=details)
    except (OverflowError, ValueError):
        reason = f"cannot connect to {where}: the port must be 0-65535"
        return Outcome(Status.ERROR, reason, _since(started), details=details)
    duration = _since(started)
    writer.close()
    with suppress(OSError):
        await writer.wait_closed()
    return Outcome(
        Status.PASS, f"connected to {where} in {took(duration)}", duration, details=details
    )


def _since(started: float) -> float:
    return time.perf_counter() - started
