"""HTTP probes: send one request through the injected client and judge the response.

`send` and `judge` are shared with smoke scenarios, so a step's request fails the same way a
check's does. Secret header values are revealed only into the request, and scrubbed from any
text (an echoed body, an error message) before it reaches an Outcome.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpx

from parity.probes.base import Clients, HttpTarget, Outcome, Status
from parity.probes.conditions import (
    Condition,
    ResponseFacts,
    Verdict,
    check,
    parse_conditions,
)
from parity.probes.reasons import address, connection_failure, limit, redact, took

RETRYABLE_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True, slots=True)
class Reply:
    """A response as conditions see it, and how long it took to arrive."""

    facts: ResponseFacts
    duration: float


async def probe_http(target: HttpTarget, clients: Clients) -> Outcome:
    """Send `target` once; pass iff every condition holds.

    Raises ConditionError, before anything is sent, if a condition cannot be read.
    """
    conditions = parse_conditions(target.conditions)
    async with clients.lease() as client:
        reply = await send(target, client)
    if isinstance(reply, Outcome):
        return reply
    return judge(reply, conditions, secret_values(target))


def secret_values(target: HttpTarget) -> tuple[str, ...]:
    """The raw values of the target's secret headers, to scrub them from any reason.

    Each also without surrounding whitespace: that is how a header value arrives, and is echoed.
    """
    values = [secret.reveal() for secret in target.secret_headers.values()]
    return tuple(dict.fromkeys([*values, *(value.strip() for value in values)]))


async def send(target: HttpTarget, client: httpx.AsyncClient) -> Reply | Outcome:
    """Send the request once: a Reply if the server answered, an ERROR Outcome if not."""
    started = time.perf_counter()
    try:
        request = _build(target, client)
    except httpx.InvalidURL as exc:
        reason = redact(f"invalid URL {target.url!r}: {exc}", secret_values(target))
        return Outcome(Status.ERROR, reason, 0.0)
    except UnicodeEncodeError:
        return Outcome(Status.ERROR, "a header name or value is not ASCII text", 0.0)
    try:
        response = await client.send(request)
    except httpx.RequestError as exc:
        duration = time.perf_counter() - started
        reason, transient = _request_failure(exc, request.url, target.timeout)
        reason = redact(reason, secret_values(target))
        return Outcome(Status.ERROR, reason, duration, transient=transient)
    duration = time.perf_counter() - started
    return Reply(response_facts(response, duration), duration)


def _build(target: HttpTarget, client: httpx.AsyncClient) -> httpx.Request:
    headers = dict(target.headers)
    headers.update((name, secret.reveal()) for name, secret in target.secret_headers.items())
    return client.build_request(
        target.method,
        target.url,
        headers=headers,
        content=target.body,
        json=target.json if target.body is None else None,
        timeout=target.timeout,
    )


def response_facts(response: httpx.Response, duration: float) -> ResponseFacts:
    """What conditions see of `response`: repeated headers are joined with ", "."""
    headers: dict[str, str] = {}
    for name, value in response.headers.multi_items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return ResponseFacts(response.status_code, duration * 1000, headers, response.text)


def judge(reply: Reply, conditions: Iterable[Condition], secrets: Iterable[str] = ()) -> Outcome:
    """PASS if every condition holds on the reply; else FAIL naming the first that does not."""
    status = reply.facts.status
    secrets = tuple(secrets)
    verdicts = sorted(failing(conditions, reply.facts), key=_status_last)
    failures = [v.explain(secrets=secrets) for v in verdicts]
    if not failures:
        return Outcome(Status.PASS, f"status {status} in {took(reply.duration)}", reply.duration)
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    return Outcome(
        Status.FAIL,
        f"status {status} after {took(reply.duration)}: {failures[0]}{more}",
        reply.duration,
        transient=status in RETRYABLE_STATUSES,
        details={"status": str(status), "failed": "; ".join(failures)},
    )


def _status_last(verdict: Verdict) -> bool:
    # The reason already starts with the status; a failing body or header condition says more.
    return verdict.subject == "[STATUS]"


def failing(conditions: Iterable[Condition], facts: ResponseFacts) -> Iterator[Verdict]:
    """The verdicts of the conditions that do not hold on `facts`, in order."""
    for condition in conditions:
        verdict = check(condition, facts)
        if not verdict.passed:
            yield verdict


def _request_failure(exc: httpx.RequestError, url: httpx.URL, timeout: float) -> tuple[str, bool]:
    """Why no response arrived, and whether trying again may help."""
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    where = address(host, port)
    if isinstance(exc, httpx.TimeoutException):
        return _timed_out(exc, where, timeout), True
    if isinstance(exc, httpx.NetworkError | httpx.ProxyError):
        cause = _os_error(exc)
        if cause is not None:
            return connection_failure(cause, host, port)
        return f"cannot connect to {where}", True
    if isinstance(exc, httpx.RemoteProtocolError):
        return _remote_protocol(str(exc), where)
    if isinstance(exc, httpx.LocalProtocolError):
        return "the request is not valid HTTP (check its header names and values)", False
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"cannot request {url}: only http:// and https:// URLs work", False
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects from {where}", False
    return f"the response from {where} could not be read: {exc}", False


def _timed_out(exc: httpx.TimeoutException, where: str, timeout: float) -> str:
    waiting = {
        httpx.ConnectTimeout: f"connecting to {where}",
        httpx.WriteTimeout: "sending the request",
        httpx.PoolTimeout: "waiting for a free connection",
    }.get(type(exc), "waiting for the response")
    return f"timed out after {limit(timeout)} {waiting}"


def _remote_protocol(message: str, where: str) -> tuple[str, bool]:
    if "without sending a response" in message:
        return "server closed the connection without answering", True
    if "closed connection" in message or "incomplete" in message:
        return "server closed the connection before the response was complete", True
    return f"{where} sent an invalid HTTP response: {message}", False


def _os_error(exc: BaseException) -> OSError | None:
    """The most specific OSError behind `exc` (httpx and anyio wrap it once or twice)."""
    errors = [error for error in _causes(exc) if isinstance(error, OSError)]
    specific = [error for error in errors if type(error) is not OSError or error.errno]
    return next(iter(specific or errors), None)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
