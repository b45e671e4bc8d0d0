"""Secret values as a type: masked in every printed form, compared by keyed fingerprint."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

MASK = "(sensitive)"


@dataclass(frozen=True, slots=True)
class Secret:
    """A value that must never be printed. `reveal()` is the only way to read it."""

    _value: str = field(repr=False)

    def reveal(self) -> str:
        """Return the raw value; call only where the raw value is genuinely needed."""
        return self._value

    def __str__(self) -> str:
        return MASK

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    def __len__(self) -> int:
        return len(self._value)


@dataclass(frozen=True, slots=True)
class Fingerprinter:
    """Keyed fingerprints (HMAC-SHA256) so equal secrets can be matched without being stored.

    The key is chosen at the edge (random per run unless the user pins one), so a fingerprint
    printed in evidence cannot be reversed by hashing candidate values.
    """

    key: bytes = field(repr=False)

    def __call__(self, value: str) -> str:
        digest = hmac.digest(self.key, value.encode("utf-8", "surrogatepass"), "sha256")
        return "fp:" + digest[:8].hex()
