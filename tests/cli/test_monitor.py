"""`parity monitor`: repeated runs, history, and Prometheus metrics over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx

from tests.probes.servers import LoopbackServer, free_port


def manifest(tmp_path: Path, server: LoopbackServer, path: str = "/healthy") -> str:
    file = tmp_path / "parity.yaml"
    file.write_text(
        "app: shop\nservices: {web: {type: web}}\n"
        "verify: {retries: 0, timeout: 2s}\n"
        "environments:\n  production: {}\n"
        "  staging: {extends: production, name_template: 's-{service}', "
        f"services: {{web: {{url: '{server.base}'}}}}}}\n"
        f"checks:\n  - {{name: web.up, kind: http, service: web, path: {path}}}\n"
    )
    return str(file)


def test_runs_repeat_and_are_kept(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    history = tmp_path / "history.jsonl"
    result = run(
        "monitor",
        "-f",
        manifest(tmp_path, http_server),
        "--interval",
        "50ms",
        "--max-runs",
        "3",
        "--history",
        str(history),
    )
    assert result.code == 0, result.err
    assert result.out.count("staging: 1 passed, 0 failed, 0 errors") == 3
    lines = [json.loads(line) for line in history.read_text().splitlines()]
    assert [line["status"] for line in lines] == ["pass"] * 3


def test_a_failing_check_goes_down_after_the_threshold(
    run, tmp_path: Path, http_server: LoopbackServer
) -> None:
    result = run(
        "monitor",
        "-f",
        manifest(tmp_path, http_server, "/fail"),
        "--interval",
        "20ms",
        "--max-runs",
        "3",
        "--fail-after",
        "2",
        "--format",
        "json",
    )
    runs = [json.loads(line) for line in result.out.splitlines()]
    assert [len(r["changes"]) for r in runs] == [0, 1, 0]
    assert runs[1]["changes"][0]["check"] == "web.up"


def test_metrics_are_served_while_it_runs(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    port = free_port()
    scraped: list[str] = []

    def scrape() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not scraped:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=1)
                if "parity_check_up{" in answer.text:
                    scraped.append(answer.text)
            except httpx.TransportError:
                time.sleep(0.05)

    scraper = threading.Thread(target=scrape)
    scraper.start()
    result = run(
        "monitor",
        "-f",
        manifest(tmp_path, http_server),
        "--interval",
        "200ms",
        "--max-runs",
        "10",
        "--metrics-port",
        str(port),
    )
    scraper.join()
    assert result.code == 0
    assert scraped, "no metrics were served"
    assert 'parity_check_up{check="web.up"' in scraped[0]
    assert "parity_check_duration_seconds_bucket" in scraped[0]


def test_a_bad_interval_is_exit_2(run, tmp_path: Path, http_server: LoopbackServer) -> None:
    result = run("monitor", "-f", manifest(tmp_path, http_server), "--interval", "soon")
    assert result.code == 2 and "--interval" in result.err
