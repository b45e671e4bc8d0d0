"""`parity verify` as JUnit XML, the test report every CI system can display.

The document is always well-formed: ElementTree escapes markup, and what XML 1.0 cannot carry
(C0 controls other than tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF) is
removed, as are the C1 controls it discourages and terminal colour codes. Each result is one test
case; a scenario's steps go to its `<system-out>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from parity.probes.base import Outcome, Status
from parity.verify.model import CheckResult
from parity.views.verify import tally

_TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")  # colours from a command's output
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def clean(text: str) -> str:
    """`text` without terminal colour codes and characters XML 1.0 cannot (or should not) hold."""
    return _NOT_XML.sub("", _TERMINAL_CODES.sub("", text))


def junit_xml(results: Sequence[CheckResult], *, environment: str, elapsed: float) -> str:
    """One `<testsuite name="parity verify: <environment>">` with a test case per result.

    Returns the whole document, declaration included, ending with a newline. It is pure ASCII
    (other characters as references), so any text encoding writes it correctly.
    """
    counts = tally(results)
    totals = {
        "tests": str(counts.total),
        "failures": str(counts.failed),
        "errors": str(counts.errors),
        "time": _time(elapsed),
    }
    root = ET.Element("testsuites", {"name": "parity verify", **totals})
    name = clean(f"parity verify: {environment}")
    suite = ET.SubElement(root, "testsuite", {"name": name, "skipped": "0", **totals})
    suite.extend(_testcase(result) for result in results)
    ET.indent(root)
    # ASCII, with character references for the rest: the same bytes in any file encoding.
    body: bytes = ET.tostring(root, encoding="us-ascii", xml_declaration=False)
    return _DECLARATION + body.decode("ascii") + "\n"


def _testcase(result: CheckResult) -> ET.Element:
    classname = ".".join(part for part in (result.environment, result.service) if part)
    time = _time(result.outcome.duration)
    case = ET.Element(
        "testcase", {"classname": clean(classname), "name": clean(result.name), "time": time}
    )
    status = result.outcome.status
    if status is not Status.PASS:
        tag = "failure" if status is Status.FAIL else "error"
        problem = ET.SubElement(
            case, tag, {"message": clean(result.outcome.reason), "type": clean(result.kind)}
        )
        problem.text = clean(_problem_text(result))
    ET.SubElement(case, "system-out").text = clean(_system_out(result))
    return case


def _problem_text(result: CheckResult) -> str:
    lines = [result.outcome.reason]
    lines.extend(f"{key}: {value}" for key, value in result.outcome.details.items())
    return "\n".join(lines)


def _system_out(result: CheckResult) -> str:
    lines = [f"kind: {result.kind}, origin: {result.origin}, attempts: {result.attempts}"]
    if result.steps:
        lines.append("steps:")
        lines.extend(_step_line(name, outcome) for name, outcome in result.steps)
    return "\n".join(lines)


def _step_line(name: str, outcome: Outcome) -> str:
    return f"  [{outcome.status.value}] {name} ({outcome.duration:.3f} s): {outcome.reason}"


def _time(duration: float) -> str:
    return f"{max(duration, 0.0):.3f}"
