"""API key probes against a loopback endpoint: accepted, rate limited, refused, unreachable."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parity.probes.apikey import probe_api_key
from parity.probes.base import ApiKeyTarget, Outcome, Status
from parity.secrets import Secret
from tests.probes.servers import LoopbackServer, run_probe, serve


def ask(url: str, key: str, **fields: object) -> Outcome:
    return run_probe(probe_api_key, ApiKeyTarget(url, Secret(key), **fields))  # type: ignore[arg-type]


def test_accepted_key_passes(http_server: LoopbackServer) -> None:
    outcome = ask(http_server.url("/auth"), "good-key")
    assert (outcome.status, outcome.reason) == (Status.PASS, "key accepted (200)")


def test_rate_limited_key_is_still_accepted(http_server: LoopbackServer) -> None:
    outcome = ask(http_server.url("/auth"), "busy-key")
    assert (outcome.status, outcome.reason) == (Status.PASS, "key accepted (rate limited, 429)")


def test_refused_key_fails_definitely(http_server: LoopbackServer) -> None:
    outcome = ask(http_server.url("/auth"), "wrong-key")
    assert (outcome.status, outcome.reason, outcome.transient) == (
        Status.FAIL,
        "key refused (401)",
        False,
    )


def test_empty_scheme_sends_the_bare_key(http_server: LoopbackServer) -> None:
    assert ask(http_server.url("/auth"), "Bearer good-key", scheme="").passed


def test_the_key_goes_in_the_named_header(http_server: LoopbackServer) -> None:
    assert ask(http_server.url("/auth"), "good-key", header="X-Api-Key").reason == (
        "key refused (401)"
    )


def test_server_error_fails_transiently(http_server: LoopbackServer) -> None:
    outcome = ask(http_server.url("/fail"), "good-key")
    assert (outcome.status, outcome.transient) == (Status.FAIL, True)
    assert re.fullmatch(r"server error 503 after \d+ ms; the key was not checked", outcome.reason)


def test_other_statuses_are_definite(http_server: LoopbackServer) -> None:
    outcome = ask(http_server.url("/nowhere"), "good-key")
    assert (outcome.status, outcome.transient) == (Status.FAIL, False)
    assert outcome.reason == "unexpected status 404: the key was neither accepted nor refused"


def test_unreachable_endpoint_is_a_transient_error(refused_port: int) -> None:
    outcome = ask(f"http://127.0.0.1:{refused_port}/v1/models", "good-key")
    assert (outcome.status, outcome.transient) == (Status.ERROR, True)
    assert outcome.reason == f"connection refused on 127.0.0.1:{refused_port}"


KEYS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=12, max_size=48
).filter(lambda key: len(key.strip()) >= 8)


def test_the_key_never_appears_in_an_outcome() -> None:
    with serve() as server:

        @settings(max_examples=25, deadline=None)
        @given(
            KEYS,
            st.sampled_from(["/auth", "/echo", "/fail", "/close"]),
            st.sampled_from(["Bearer", ""]),
        )
        def check(key: str, path: str, scheme: str) -> None:
            outcome = ask(server.url(path), key, scheme=scheme)
            for text in (outcome.reason, repr(outcome), *outcome.details.values()):
                assert key not in text
                assert key.strip() not in text

        check()
