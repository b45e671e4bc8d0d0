"""HTTP probes against a real server on loopback: every reason, transient or definite."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.probes.base import HttpTarget, Outcome, Status
from parity.probes.conditions import ConditionError
from parity.probes.http import probe_http
from parity.probes.reasons import connection_failure
from parity.secrets import MASK, Secret
from tests.probes.servers import LoopbackServer, run_probe, self_signed_tls, serve, unanswered_port


def probe(url: str, *conditions: str, **fields: object) -> Outcome:
    target = HttpTarget(url, conditions=conditions or ("[STATUS] == 200",), **fields)  # type: ignore[arg-type]
    return run_probe(probe_http, target)


def test_healthy_passes_with_status_and_time(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/healthy"))
    assert outcome.status is Status.PASS
    assert re.fullmatch(r"status 200 in \d+ ms", outcome.reason)
    assert not outcome.transient


def test_conditions_see_json_paths_into_arrays_and_headers_in_any_case(
    http_server: LoopbackServer,
) -> None:
    outcome = probe(
        http_server.url("/healthy"),
        "[STATUS] == 200",
        "[BODY].status == ok",
        "[BODY].items[0].id == 7",
        "len([BODY].items) > 0",
        "[HEADER].Content-Type == application/json",
        "[HEADER].x-test-server == yes",
    )
    assert outcome.passed, outcome.reason


def test_503_fails_transiently_with_the_condition(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/fail"))
    assert outcome.status is Status.FAIL
    assert outcome.transient
    assert re.fullmatch(
        r"status 503 after \d+ ms: \[STATUS\] was 503, wanted == 200", outcome.reason
    )
    assert outcome.details["status"] == "503"


def test_a_false_condition_on_a_good_status_is_definite(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/healthy"), "[BODY].status == degraded")
    assert outcome.status is Status.FAIL
    assert not outcome.transient
    assert outcome.reason.endswith(": [BODY].status was 'ok', wanted == degraded")


def test_404_is_definite(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/nowhere"))
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)


def test_every_failing_condition_is_counted_the_most_telling_first(
    http_server: LoopbackServer,
) -> None:
    outcome = probe(http_server.url("/fail"), "[STATUS] == 200", "[BODY].status == ok")
    # The reason already starts with "status 503"; what the body says comes first.
    assert outcome.reason.startswith("status 503 after ")
    assert outcome.reason.endswith(": [BODY].status was 'down', wanted == ok (and 1 more)")
    assert outcome.details["failed"] == (
        "[BODY].status was 'down', wanted == ok; [STATUS] was 503, wanted == 200"
    )


def test_flapping_endpoint(http_server: LoopbackServer) -> None:
    assert probe(http_server.url("/flap")).status is Status.FAIL
    assert probe(http_server.url("/flap")).status is Status.PASS


def test_body_that_is_not_json_is_a_definite_failure(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/badjson"), "[BODY].status == ok")
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert re.fullmatch(r"status 200 after \d+ ms: \[BODY\] is not JSON", outcome.reason)


def test_response_time_against_a_slow_route(http_server: LoopbackServer) -> None:
    slow = http_server.url("/slow?ms=250")
    outcome = probe(slow, "[RESPONSE_TIME] < 100")
    assert outcome.status is Status.FAIL
    found = re.search(r"\[RESPONSE_TIME\] was (\d+), wanted < 100$", outcome.reason)
    assert found and int(found.group(1)) >= 250
    assert probe(slow, "[RESPONSE_TIME] >= 250").passed


def test_read_timeout_is_transient(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/slow?ms=5000"), timeout=0.2)
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == "timed out after 0.2 s waiting for the response"
    assert outcome.duration < 2


def test_connect_timeout_is_transient() -> None:
    with unanswered_port() as port:
        outcome = probe(f"http://127.0.0.1:{port}/", timeout=0.2)
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"timed out after 0.2 s connecting to 127.0.0.1:{port}"


def test_refused_is_transient(refused_port: int) -> None:
    outcome = probe(f"http://127.0.0.1:{refused_port}/health")
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"


def test_server_closing_without_an_answer_is_transient(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/close"))
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == "server closed the connection without answering"


def test_unknown_host_is_definite() -> None:
    outcome = probe("http://no-such.invalid/")
    assert outcome.status is Status.ERROR
    assert outcome.reason.startswith("cannot resolve host no-such.invalid")
    # A resolver that cannot be reached says "try again"; one that answers says "no such name".
    assert outcome.transient == outcome.reason.endswith("(temporary DNS failure)")


@pytest.mark.parametrize(
    ("error", "reason", "transient"),
    [
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            "cannot resolve host h",
            False,
        ),
        (
            socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            "cannot resolve host h right now (temporary DNS failure)",
            True,
        ),
        (ConnectionRefusedError(111, "refused"), "connection refused on h:1", True),
        (ConnectionResetError(104, "reset"), "connection reset by h:1", True),
        (OSError(113, "No route to host"), "cannot connect to h:1: No route to host", True),
    ],
)
def test_connection_failures(error: OSError, reason: str, transient: bool) -> None:
    assert connection_failure(error, "h", 1) == (reason, transient)


def test_https_to_a_plain_http_server_is_a_tls_error(http_server: LoopbackServer) -> None:
    outcome = probe(http_server.url("/healthy").replace("http://", "https://"))
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    where = f"127.0.0.1:{http_server.port}"
    assert (
        outcome.reason == f"TLS handshake with {where} failed: it does not speak TLS (plain HTTP?)"
    )


def test_untrusted_certificate_is_definite(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    with serve(self_signed_tls(tmp_path)) as server:
        outcome = probe(server.url("/healthy"))
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert outcome.reason == "TLS certificate of 127.0.0.1 is not trusted: self-signed certificate"


def test_unsupported_scheme_is_definite() -> None:
    outcome = probe("ftp://127.0.0.1/file")
    assert (outcome.status, outcome.transient) == (Status.ERROR, False)
    assert "only http:// and https://" in outcome.reason


def test_method_headers_and_json_body_are_sent(http_server: LoopbackServer) -> None:
    outcome = probe(
        http_server.url("/echo"),
        "[BODY].method == POST",
        "[BODY].headers.x-team == core",
        '[BODY].body == pat(*"n":1*)',
        method="POST",
        headers={"X-Team": "core"},
        json={"n": 1},
    )
    assert outcome.passed, outcome.reason


def test_a_malformed_condition_raises_before_anything_is_sent(refused_port: int) -> None:
    with pytest.raises(ConditionError):
        probe(f"http://127.0.0.1:{refused_port}/", "[STATUS] = 200")


def test_secret_headers_are_sent_and_masked_when_echoed(http_server: LoopbackServer) -> None:
    outcome = probe(
        http_server.url("/echo"),
        "[BODY].headers.authorization == nope",
        secret_headers={"Authorization": Secret("Bearer s3cret-value")},
    )
    assert outcome.status is Status.FAIL
    assert outcome.reason.endswith(f"[BODY].headers.authorization was '{MASK}', wanted == nope")
    assert "s3cret" not in outcome.details["failed"]


HEADER_SECRETS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=12, max_size=40
).filter(lambda value: len(value.strip()) >= 8)


def test_secret_header_values_never_appear_in_outcomes() -> None:
    with serve() as server:

        @settings(max_examples=25, deadline=None)
        @given(HEADER_SECRETS, st.sampled_from(["[BODY] == x", "[BODY].headers.x-key == x"]))
        def check(value: str, condition: str) -> None:
            target = HttpTarget(
                server.url("/echo"),
                conditions=(condition,),
                secret_headers={"X-Key": Secret(value)},
            )
            outcome = run_probe(probe_http, target)
            for text in (outcome.reason, *outcome.details.values()):
                assert value not in text
                assert value.strip() not in text

        check()


def test_the_test_server_leaves_no_threads_behind() -> None:
    before = threading.active_count()
    with serve() as server:
        probe(server.url("/slow?ms=5000"), timeout=0.1)  # a handler still asleep at shutdown
        probe(server.url("/close"))
        probe(server.url("/healthy"))
    assert threading.active_count() == before
