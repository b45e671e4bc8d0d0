"""API key probes: ask a provider's endpoint with the key, and read only the status code.

The key is revealed only into the request header. Reasons never quote the response body (a
provider may echo the key back), and any text that does reach the Outcome is scrubbed of it.
"""

from __future__ import annotations

from dataclasses import replace

from parity.probes.base import ApiKeyTarget, Clients, HttpTarget, Outcome, Status
from parity.probes.http import Reply, send
from parity.probes.reasons import redact, took
from parity.secrets import Secret


async def probe_api_key(target: ApiKeyTarget, clients: Clients) -> Outcome:
    """GET target.url with the key; 2xx or 429 passes, 401 or 403 fails, 5xx may pass later."""
    async with clients.lease() as client:
        reply = await send(_request(target), client)
    if isinstance(reply, Outcome):  # send() scrubbed the header value; scrub the bare key too
        key = target.key.reveal()
        return replace(reply, reason=redact(reply.reason, [key, key.strip()]))
    return key_outcome(reply)


def _request(target: ApiKeyTarget) -> HttpTarget:
    key = target.key.reveal()
    value = f"{target.scheme} {key}" if target.scheme else key
    return HttpTarget(
        url=target.url,
        conditions=(),
        timeout=target.timeout,
        secret_headers={target.header: Secret(value)},
    )


def key_outcome(reply: Reply) -> Outcome:
    """What the status code of the provider's answer says about the key."""
    status, duration = reply.facts.status, reply.duration
    details = {"status": str(status)}
    if 200 <= status < 300:
        return Outcome(Status.PASS, f"key accepted ({status})", duration, details=details)
    if status == 429:
        reason = "key accepted (rate limited, 429)"
        return Outcome(Status.PASS, reason, duration, details=details)
    if status in (401, 403):
        return Outcome(Status.FAIL, f"key refused ({status})", duration, details=details)
    if status >= 500:
        reason = f"server error {status} after {took(duration)}; the key was not checked"
        return Outcome(Status.FAIL, reason, duration, transient=True, details=details)
    reason = f"unexpected status {status}: the key was neither accepted nor refused"
    return Outcome(Status.FAIL, reason, duration, details=details)
