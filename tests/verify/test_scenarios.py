"""Smoke scenarios against the loopback server: captures, polling, failing steps, placeholders."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from parity.probes.base import Clients, HttpTarget, Status
from parity.probes.conditions import ConditionError
from parity.secrets import MASK, Secret
from parity.verify.model import CheckResult, Scenario, Step
from parity.verify.scenarios import run_scenario
from tests.probes.servers import LoopbackServer


def run(*steps: Step) -> CheckResult:
    scenario = Scenario("orders smoke", "staging", "api", steps)

    async def once() -> CheckResult:
        async with httpx.AsyncClient(trust_env=False) as client:
            return await run_scenario(scenario, Clients(client))

    return asyncio.run(once())


def step(name: str, url: str, **fields: object) -> Step:
    request_fields = {
        k: fields.pop(k)
        for k in ("method", "headers", "body", "json", "secret_headers")
        if k in fields
    }
    return Step(name, HttpTarget(url, **request_fields), **fields)  # type: ignore[arg-type]


def test_capture_then_poll_until_done(http_server: LoopbackServer) -> None:
    base = http_server.base
    result = run(
        step(
            "create job",
            f"{base}/jobs",
            method="POST",
            expect=("[STATUS] == 201",),
            capture={"job_id": "[BODY].id", "location": "[HEADER].Location"},
        ),
        step(
            "wait for job",
            f"{base}/jobs/{{job_id}}",
            until=("[BODY].status == done",),
            every=0.02,
            within=5,
        ),
        step("follow location", f"{base}{{location}}", expect=("[BODY].id == 1",)),
    )
    assert result.outcome.status is Status.PASS, result.outcome.reason
    assert re.fullmatch(r"3 steps passed in \d+ ms", result.outcome.reason)
    assert (result.name, result.kind, result.environment, result.service) == (
        "orders smoke",
        "scenario",
        "staging",
        "api",
    )
    assert result.attempts == 1 + 3 + 1
    assert [name for name, _ in result.steps] == ["create job", "wait for job", "follow location"]
    assert re.fullmatch(r"status 200 in \d+ ms after 3 requests", result.steps[1][1].reason)


def test_captured_values_fill_headers_body_and_json(http_server: LoopbackServer) -> None:
    base = http_server.base
    result = run(
        step("create", f"{base}/jobs", method="POST", capture={"job": "[BODY].id"}),
        step(
            "echo",
            f"{base}/echo?job={{job}}",
            method="POST",
            headers={"X-Job": "job-{job}"},
            json={"ids": ["{job}", 2], "note": {"of": "{job}"}},
            expect=(
                "[BODY].path == /echo?job=1",
                "[BODY].headers.x-job == job-1",
                '[BODY].body == \'{"ids":["1",2],"note":{"of":"1"}}\'',
            ),
        ),
        step(
            "echo text",
            f"{base}/echo",
            method="PUT",
            body="job={job}",
            expect=("[BODY].body == job=1",),
        ),
    )
    assert result.outcome.passed, result.outcome.reason


def test_the_first_failing_step_stops_the_scenario(http_server: LoopbackServer) -> None:
    base = http_server.base
    result = run(
        step("healthy", f"{base}/healthy"),
        step("dependency", f"{base}/fail"),
        step("never run", f"{base}/healthy"),
    )
    assert result.outcome.status is Status.FAIL
    assert result.outcome.transient  # the failing step answered 503
    assert re.fullmatch(
        r"dependency: status 503 after \d+ ms: \[STATUS\] was 503, wanted < 400",
        result.outcome.reason,
    )
    assert result.outcome.details == {"step": "dependency"}
    assert [(name, outcome.status) for name, outcome in result.steps] == [
        ("healthy", Status.PASS),
        ("dependency", Status.FAIL),
    ]
    assert result.attempts == 2


def test_polling_gives_up_after_within(http_server: LoopbackServer) -> None:
    result = run(
        step(
            "wait",
            http_server.url("/healthy"),
            until=("[BODY].status == done",),
            every=0.02,
            within=0.2,
        )
    )
    assert result.outcome.status is Status.FAIL
    assert not result.outcome.transient
    assert result.steps[0][1].reason == "[BODY].status was 'ok' after 0.2 s, wanted == done"
    assert result.outcome.reason == "wait: [BODY].status was 'ok' after 0.2 s, wanted == done"
    assert 0.2 <= result.outcome.duration < 2
    assert result.attempts >= 2


def test_expect_must_hold_on_every_poll(http_server: LoopbackServer) -> None:
    result = run(
        step("wait", http_server.url("/flap"), until=("[STATUS] == 200",), every=0.01, within=5)
    )
    assert result.outcome.status is Status.FAIL
    assert "[STATUS] was 503, wanted < 400" in result.outcome.reason
    assert result.attempts == 1


def test_a_placeholder_nothing_captured_is_an_error(http_server: LoopbackServer) -> None:
    base = http_server.base
    result = run(
        step("create", f"{base}/jobs", method="POST"),
        step("poll", f"{base}/jobs/{{job_id}}"),
    )
    assert result.outcome.status is Status.ERROR
    assert result.steps[1][1].reason == "step 2 uses {job_id}, which no earlier step captured"
    assert result.outcome.reason == "poll: step 2 uses {job_id}, which no earlier step captured"
    assert result.attempts == 1


def test_a_capture_that_finds_nothing_fails_the_step(http_server: LoopbackServer) -> None:
    result = run(
        step("create", http_server.url("/jobs"), method="POST", capture={"job_id": "[BODY].uuid"})
    )
    assert result.outcome.status is Status.FAIL
    assert result.steps[0][1].reason == "could not capture job_id from [BODY].uuid"


def test_a_connection_error_in_a_step_is_transient(refused_port: int) -> None:
    result = run(step("ping", f"http://127.0.0.1:{refused_port}/"))
    assert (result.outcome.status, result.outcome.transient) == (Status.ERROR, True)
    assert result.outcome.reason == f"ping: connection refused on 127.0.0.1:{refused_port}"


def test_secret_headers_are_masked_in_step_failures(http_server: LoopbackServer) -> None:
    result = run(
        step(
            "echo",
            http_server.url("/echo"),
            secret_headers={"Authorization": Secret("Bearer very-secret-token")},
            until=("[BODY].headers.authorization == nope",),
            every=0.05,
            within=0.05,
        )
    )
    assert result.outcome.status is Status.FAIL
    assert f"was '{MASK}' after 0.05 s" in result.outcome.reason
    assert "very-secret-token" not in repr(result)


def test_malformed_conditions_raise_before_anything_is_sent(http_server: LoopbackServer) -> None:
    base = http_server.base
    with pytest.raises(ConditionError):
        run(
            step("create", f"{base}/jobs", method="POST"),
            step("poll", f"{base}/jobs/1", capture={"status": "[BODY.status"}),
        )
    result = run(step("was a job created?", f"{base}/jobs/1", expect=("[STATUS] == 404",)))
    assert result.outcome.passed


def test_a_scenario_runs_on_one_leased_lane(http_server: LoopbackServer) -> None:
    scenario = Scenario("lanes", "staging", None, (step("ok", http_server.url("/healthy")),))

    async def once() -> CheckResult:
        closed = httpx.AsyncClient()
        await closed.aclose()  # a probe that ignored the lanes would fail on this one
        lanes: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        async with httpx.AsyncClient(trust_env=False) as lane:
            lanes.put_nowait(lane)
            result = await run_scenario(scenario, Clients(closed, lanes))
            assert lanes.qsize() == 1  # returned when the scenario ended
        return result

    assert asyncio.run(once()).outcome.passed


def test_a_scenario_without_steps_is_an_error() -> None:
    result = run()
    assert (result.outcome.status, result.outcome.reason) == (
        Status.ERROR,
        "the scenario has no steps",
    )
    assert result.attempts == 0
