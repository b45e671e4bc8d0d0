"""Smoke scenarios: HTTP steps run in order, sharing values captured from earlier responses.

A step's request is sent exactly as an HTTP check's is (`parity.probes.http.send`), so it fails
with the same reasons. `{name}` in a step's URL, header values, body and JSON strings is
replaced by the value an earlier step captured; values are inserted as they are, unencoded.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import httpx

from parity.probes.base import Clients, HttpTarget, Outcome, Status
from parity.probes.conditions import (
    Condition,
    Expression,
    ResponseFacts,
    extract,
    parse_conditions,
    parse_expression,
)
from parity.probes.http import Reply, failing, judge, secret_values, send
from parity.probes.reasons import limit, took
from parity.verify.model import CheckResult, Scenario, Step

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class _Plan:
    """A step's conditions and captures, read before anything is sent."""

    expect: tuple[Condition, ...]
    until: tuple[Condition, ...]
    capture: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True, slots=True)
class _StepRun:
    outcome: Outcome
    attempts: int  # requests sent
    captured: Mapping[str, str]


async def run_scenario(scenario: Scenario, clients: Clients) -> CheckResult:
    """Run the scenario's steps in order, stopping at the first that does not pass.

    Raises ConditionError, before any request is sent, if a condition or a capture expression
    of any step cannot be read.
    """
    plans = [_plan(step) for step in scenario.steps]
    started = time.perf_counter()
    async with clients.lease() as client:  # one connection for the whole scenario
        steps, attempts = await _run_steps(scenario.steps, plans, client)
    outcome = _overall(steps, time.perf_counter() - started)
    return CheckResult(
        name=scenario.name,
        kind="scenario",
        environment=scenario.environment,
        service=scenario.service,
        outcome=outcome,
        attempts=attempts,
        steps=tuple(steps),
    )


async def _run_steps(
    steps: tuple[Step, ...], plans: list[_Plan], client: httpx.AsyncClient
) -> tuple[list[tuple[str, Outcome]], int]:
    """Each step's outcome until the first that does not pass, and the requests sent."""
    captured: dict[str, str] = {}
    outcomes: list[tuple[str, Outcome]] = []
    attempts = 0
    for number, (step, plan) in enumerate(zip(steps, plans, strict=True), start=1):
        run = await _run_step(number, step, plan, captured, client)
        attempts += run.attempts
        captured.update(run.captured)
        outcomes.append((step.name, run.outcome))
        if not run.outcome.passed:
            break
    return outcomes, attempts


def _plan(step: Step) -> _Plan:
    captures = tuple((name, parse_expression(text)) for name, text in step.capture.items())
    return _Plan(parse_conditions(step.expect), parse_conditions(step.until), captures)


async def _run_step(
    number: int, step: Step, plan: _Plan, captured: Mapping[str, str], client: httpx.AsyncClient
) -> _StepRun:
    unknown = [name for name in placeholders(step.request) if name not in captured]
    if unknown:
        reason = f"step {number} uses {{{unknown[0]}}}, which no earlier step captured"
        return _StepRun(Outcome(Status.ERROR, reason, 0.0), 0, {})
    request = fill(step.request, captured)
    started = time.perf_counter()
    reply, attempts = await _poll(request, step, plan, client)
    if isinstance(reply, Outcome):
        return _StepRun(reply, attempts, {})
    values = _captures(plan.capture, reply.facts)
    if isinstance(values, str):
        outcome = Outcome(Status.FAIL, values, time.perf_counter() - started)
        return _StepRun(outcome, attempts, {})
    return _StepRun(_passed(reply, attempts, time.perf_counter() - started), attempts, values)


async def _poll(
    request: HttpTarget, step: Step, plan: _Plan, client: httpx.AsyncClient
) -> tuple[Reply | Outcome, int]:
    """Send until `until` holds (at once, without it); `expect` must hold on every response."""
    secrets = secret_values(request)
    started = time.perf_counter()
    attempts = 0
    while True:
        reply = await send(request, client)
        attempts += 1
        if isinstance(reply, Outcome):
            return reply, attempts
        expected = judge(reply, plan.expect, secrets)
        if not expected.passed:
            return expected, attempts
        waiting = list(failing(plan.until, reply.facts))
        if not waiting:
            return reply, attempts
        elapsed = time.perf_counter() - started
        if elapsed >= step.within:
            reason = waiting[0].explain(after=limit(step.within), secrets=secrets)
            return Outcome(Status.FAIL, reason, elapsed), attempts
        await asyncio.sleep(min(step.every, step.within - elapsed))


def _passed(reply: Reply, attempts: int, duration: float) -> Outcome:
    polled = f" after {attempts} requests" if attempts > 1 else ""
    reason = f"status {reply.facts.status} in {took(duration)}{polled}"
    return Outcome(Status.PASS, reason, duration)


def _captures(
    capture: tuple[tuple[str, Expression], ...], facts: ResponseFacts
) -> dict[str, str] | str:
    """The captured values by name, or why one could not be captured."""
    values: dict[str, str] = {}
    for name, expression in capture:
        value = extract(expression, facts)
        if value is None:
            return f"could not capture {name} from {expression.text}"
        values[name] = value
    return values


def placeholders(request: HttpTarget) -> list[str]:
    """The `{name}` placeholders of a request, in order: URL, header values, body, JSON."""
    return [name for text in _texts(request) for name in _PLACEHOLDER.findall(text)]


def fill(request: HttpTarget, values: Mapping[str, str]) -> HttpTarget:
    """The request with every `{name}` replaced by values[name]; every name must be there."""
    return replace(
        request,
        url=_fill(request.url, values),
        headers={name: _fill(value, values) for name, value in request.headers.items()},
        body=None if request.body is None else _fill(request.body, values),
        json=_fill_json(request.json, values),
    )


def _texts(request: HttpTarget) -> Iterator[str]:
    yield request.url
    yield from request.headers.values()
    if request.body is not None:
        yield request.body
    yield from _json_strings(request.json)


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)


def _fill(text: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _fill_json(value: object, values: Mapping[str, str]) -> object:
    if isinstance(value, str):
        return _fill(value, values)
    if isinstance(value, list):
        return [_fill_json(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill_json(item, values) for key, item in value.items()}
    return value


def _overall(steps: list[tuple[str, Outcome]], duration: float) -> Outcome:
    """The scenario's outcome: the first step that did not pass, named, or all passed."""
    if not steps:
        return Outcome(Status.ERROR, "the scenario has no steps", duration)
    for name, outcome in steps:
        if not outcome.passed:
            reason = f"{name}: {outcome.reason}"
            details = {"step": name}
            return Outcome(outcome.status, reason, duration, outcome.transient, details)
    count = f"{len(steps)} steps" if len(steps) > 1 else "1 step"
    return Outcome(Status.PASS, f"{count} passed in {took(duration)}", duration)
