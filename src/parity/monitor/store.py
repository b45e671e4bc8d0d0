"""The monitor's memory: the latest results of each check, and optionally a JSON-lines log.

Only safe fields are kept (a reason is written to be printed and never holds a secret); the
target, with its URLs, headers and credentials, is never stored.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parity.errors import OperationError
from parity.verify.model import CheckResult

KEEP = 100  # results remembered per check


@dataclass(frozen=True, slots=True)
class StoredResult:
    """One result of one check, as remembered and as logged."""

    time: float  # seconds since the epoch
    check: str
    environment: str
    service: str | None
    kind: str
    status: str
    reason: str
    duration: float

    def to_json(self) -> dict[str, Any]:
        """The JSON-lines form; `time` as ISO 8601 in UTC, for people and `jq` alike."""
        moment = datetime.fromtimestamp(self.time, UTC).isoformat(timespec="milliseconds")
        return {
            "time": moment,
            "check": self.check,
            "environment": self.environment,
            "service": self.service,
            "kind": self.kind,
            "status": self.status,
            "reason": self.reason,
            "duration": round(self.duration, 6),
        }


def stored(result: CheckResult, now: float) -> StoredResult:
    """The part of `result` worth keeping."""
    outcome = result.outcome
    return StoredResult(
        now,
        result.name,
        result.environment,
        result.service,
        result.kind,
        outcome.status.value,
        outcome.reason,
        outcome.duration,
    )


class Store:
    """A bounded ring of recent results per check, plus an append-only log file if given."""

    def __init__(self, path: Path | None = None, *, keep: int = KEEP) -> None:
        if keep < 1:
            raise ValueError(f"keep must be at least 1, not {keep}")
        self.path = path
        self.keep = keep
        self._rings: dict[str, deque[StoredResult]] = {}

    def add(self, results: Iterable[CheckResult], now: float) -> None:
        """Remember a run's results, observed at `now`, and append them to the log.

        Raises OperationError when the log cannot be written; the results are remembered anyway.
        """
        entries = [stored(result, now) for result in results]
        for entry in entries:
            self._rings.setdefault(entry.check, deque(maxlen=self.keep)).append(entry)
        if self.path is not None:
            self._append(self.path, entries)

    def history(self, check: str) -> tuple[StoredResult, ...]:
        """The remembered results of `check`, oldest first."""
        return tuple(self._rings.get(check, ()))

    def latest(self) -> dict[str, StoredResult]:
        """The most recent result of every check seen, by check name."""
        return {name: ring[-1] for name, ring in self._rings.items()}

    @staticmethod
    def _append(path: Path, entries: list[StoredResult]) -> None:
        # One short write per run, file closed at once: nothing stays open between runs, and a
        # log rotated away under the monitor is simply recreated.
        lines = "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in entries)
        try:
            with path.open("a", encoding="utf-8") as log:
                log.write(lines)
        except OSError as exc:
            raise OperationError(f"cannot append results to {path}: {exc.strerror}") from exc
