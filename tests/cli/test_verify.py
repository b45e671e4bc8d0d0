"""`parity verify`: real checks against loopback servers, exit codes, JSON and JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.probes.servers import LoopbackServer


def manifest(tmp_path: Path, server: LoopbackServer, checks: str, scenarios: str = "") -> str:
    path = tmp_path / "parity.yaml"
    path.write_text(
        "app: shop\n"
        "services:\n  web: {type: web, health_check: {path: /healthy}}\n"
        "verify: {retries: 0, timeout: 5s}\n"
        "environments:\n"
        "  production: {}\n"
        "  staging:\n"
        "    extends: production\n"
        "    name_template: '{app}-staging-{service}'\n"
        f"    services: {{web: {{url: '{server.base}'}}}}\n"
        f"checks:\n{checks}"
        f"{scenarios}"
    )
    return str(path)


PASSING = """\
  - {name: body, kind: http, service: web, path: /healthy, conditions: ["[BODY].status == ok"]}
  - {name: port, kind: tcp, host: 127.0.0.1, port: PORT}
"""


def test_passing_checks_exit_0(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    checks = PASSING.replace("PORT", str(http_server.port))
    result = run("verify", "-f", manifest(tmp_path, http_server, checks))
    assert result.code == 0, result.out + result.err
    assert "3 passed, 0 failed, 0 errors" in result.out
    assert "web.health" in result.out  # implied by the health check path


def test_a_failing_check_exits_1_with_a_reason(
    run, tmp_path: Path, http_server: LoopbackServer
) -> None:
    checks = "  - {name: down, kind: http, service: web, path: /fail}\n"
    result = run("verify", "-f", manifest(tmp_path, http_server, checks), "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    down = {r["name"]: r for r in document["results"]}["down"]
    assert down["status"] == "fail" and "503" in down["reason"]
    assert document["summary"]["ok"] is False


def test_an_unreachable_host_is_a_failed_check_not_a_crash(
    run, tmp_path: Path, http_server: LoopbackServer, refused_port: int
) -> None:
    checks = f"  - {{name: gone, kind: http, url: 'http://127.0.0.1:{refused_port}/'}}\n"
    result = run("verify", "-f", manifest(tmp_path, http_server, checks), "--only", "gone")
    assert result.code == 1
    assert f"connection refused on 127.0.0.1:{refused_port}" in result.out.replace("\n", " ")
    assert "Traceback" not in result.out + result.err


def test_junit_report(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    checks = "  - {name: down, kind: http, service: web, path: /fail}\n"
    report = tmp_path / "junit.xml"
    run("verify", "-f", manifest(tmp_path, http_server, checks), "--junit", str(report))
    suite = ElementTree.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")


def test_a_scenario_captures_and_polls(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    scenarios = """\
scenarios:
  - name: job
    service: web
    steps:
      - {name: enqueue, method: POST, path: /jobs, expect: ["[STATUS] == 201"],
         capture: {id: "[BODY].id"}}
      - {name: done, path: "/jobs/{id}", until: ["[BODY].status == done"], every: 50ms,
         within: 5s}
"""
    checks = "  - {name: h, kind: http, service: web, path: /healthy}\n"
    path = manifest(tmp_path, http_server, checks, scenarios)
    result = run("verify", "-f", path, "--only", "job", "--format", "json")
    assert result.code == 0, result.out
    [job] = json.loads(result.out)["results"]
    assert job["kind"] == "scenario" and [s["name"] for s in job["steps"]] == ["enqueue", "done"]


@pytest.mark.parametrize(
    ("checks", "message"),
    [
        ("  - {name: x, kind: smtp}\n", "does not match any of the expected tags"),
        (
            "  - {name: x, kind: http, url: 'http://h', conditions: ['[STAUTS] == 1']}\n",
            "is not an expression Parity knows",
        ),
        ("  - {name: x, kind: http, url: 'http://h', timeout: forever}\n", "is not a duration"),
    ],
)
def test_bad_declarations_are_exit_2(
    run, tmp_path: Path, http_server: LoopbackServer, checks: str, message: str
) -> None:
    result = run("verify", "-f", manifest(tmp_path, http_server, checks))
    assert result.code == 2
    assert message in result.err and "parity.yaml:" in result.err


def test_only_an_unknown_name_is_a_usage_error(
    run, tmp_path: Path, http_server: LoopbackServer
) -> None:
    result = run(
        "verify",
        "-f",
        manifest(tmp_path, http_server, PASSING.replace("PORT", "1")),
        "--only",
        "nope",
    )
    assert result.code == 2 and "no such check" in result.err
