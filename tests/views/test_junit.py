"""JUnit XML: the counts CI reads, a test case per check, and well-formed whatever the text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from parity.probes.base import Status
from parity.verify.model import CheckResult
from parity.views.junit import clean, junit_xml
from tests.views.factories import mixed, result, scenario


def parse(results: list[CheckResult], elapsed: float = 2.5) -> ET.Element:
    document = junit_xml(results, environment="staging", elapsed=elapsed)
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert document.isascii()  # written correctly whatever the locale's encoding
    return ET.fromstring(document.encode("utf-8"))


def test_one_suite_with_the_counts_ci_reads() -> None:
    root = parse([*mixed(), scenario()])
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "parity verify: staging"
    counts = {key: suite.get(key) for key in ("tests", "failures", "errors", "time")}
    assert counts == {"tests": "5", "failures": "2", "errors": "1", "time": "2.500"}
    assert {key: root.get(key) for key in counts} == counts


def test_each_result_is_a_test_case_named_after_its_check() -> None:
    cases = parse(mixed()).findall("testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("staging.api", "api.health"),
        ("staging.worker", "worker.DATABASE_URL"),
        ("staging.api", "api.health.worker"),
        ("staging", "cache"),  # a check of no one service
    ]
    assert cases[0].get("time") == "0.050"
    assert cases[0].find("failure") is None and cases[0].find("error") is None


def test_a_failure_and_an_error_carry_the_reason() -> None:
    cases = parse(mixed()).findall("testsuite/testcase")
    failure = cases[2].find("failure")
    assert failure is not None and failure.get("message") == "status 503 (worker stale)"
    assert cases[2].find("error") is None
    error = cases[3].find("error")
    assert error is not None and error.get("message") == "connection refused on 127.0.0.1:6379"
    assert "attempts: 3" in (cases[2].findtext("system-out") or "")


def test_scenario_steps_go_to_system_out() -> None:
    [case] = parse([scenario()]).findall("testsuite/testcase")
    out = case.findtext("system-out") or ""
    assert "  [pass] create job (0.040 s): status 201" in out
    assert "  [fail] wait for processing (10.300 s): never held within 10 s" in out


def test_markup_is_escaped_and_control_characters_are_dropped() -> None:
    reason = 'body <html> & "quoted" \x00\x07\x1b[31mred\x1b[0m \ud800 end'
    check = result('api.<&">\x0b', Status.FAIL, reason)
    [case] = parse([check]).findall("testsuite/testcase")
    assert case.get("name") == 'api.<&">'
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == 'body <html> & "quoted" red  end'


def test_no_results_is_still_a_valid_report() -> None:
    root = parse([], elapsed=0)
    assert root.find("testsuite") is not None and root.get("tests") == "0"


ANY_TEXT = st.text(st.characters(exclude_categories=()))  # surrogates included


@given(reason=ANY_TEXT, name=ANY_TEXT, step=ANY_TEXT)
def test_any_text_yields_parseable_xml(reason: str, name: str, step: str) -> None:
    steps = ((step, result(reason=reason).outcome),)
    check = result(name, Status.ERROR, reason, steps=steps)
    [case] = parse([check]).findall("testsuite/testcase")
    assert case.get("name") == clean(name)
    error = case.find("error")
    assert error is not None and error.get("message") == clean(reason)
