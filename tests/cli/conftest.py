"""Run the real command line in-process and capture what a user would see."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parity.cli.main import main


@dataclass(frozen=True)
class Result:
    """Exit code and both output streams of one `parity` run."""

    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`run("check", "-f", path)` -> Result."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("PARITY_MANIFEST", raising=False)

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


from tests.probes.servers import http_server, refused_port  # noqa: E402  (shared fixtures)

__all__ = ["Result", "http_server", "refused_port", "run"]
