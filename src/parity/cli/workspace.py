"""The edge between the command line and the pure core: read files, the environment and keys."""

from __future__ import annotations

import os
import secrets as _random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parity.derive import Inputs, derive, production_name
from parity.errors import UsageError
from parity.manifest import LoadedManifest, read_manifest
from parity.manifest.interpolate import references
from parity.resolved import ResolvedEnvironment
from parity.secrets import Fingerprinter

if TYPE_CHECKING:
    from parity.verify.plan import VerifyPlan

DEFAULT_MANIFEST = "parity.yaml"


def fingerprinter() -> Fingerprinter:
    """A keyed fingerprint: PARITY_FINGERPRINT_KEY pins the key, else a fresh one each run."""
    pinned = os.environ.get("PARITY_FINGERPRINT_KEY")
    return Fingerprinter(pinned.encode() if pinned else _random.token_bytes(32))


def manifest_path(given: str | None) -> Path:
    """The manifest to read: the option, else $PARITY_MANIFEST, else ./parity.yaml."""
    return Path(given or os.environ.get("PARITY_MANIFEST") or DEFAULT_MANIFEST)


@dataclass(frozen=True, slots=True)
class Workspace:
    """A loaded manifest with everything derivation may read, gathered once."""

    loaded: LoadedManifest
    inputs: Inputs

    @property
    def production(self) -> str:
        return production_name(self.loaded.manifest)

    def environment(self, name: str) -> ResolvedEnvironment:
        return derive(self.loaded, name, self.inputs)

    def verify_plan(self, name: str, *, implied: bool | None = None) -> VerifyPlan:
        """What `verify` and `monitor` run in environment `name`."""
        from parity.verify.plan import plan_verify

        return plan_verify(
            self.loaded.manifest,
            self.environment(name),
            self.inputs,
            implied=implied,
            base_dir=str(Path(self.loaded.file).parent),
        )

    def target(self, name: str | None) -> str:
        """The environment a command works on: the one named, else the first non-production one."""
        environments = self.loaded.manifest.environments
        if name is not None:
            if name not in environments:
                known = ", ".join(sorted(environments))
                raise UsageError(f"unknown environment {name!r}; the manifest declares: {known}")
            return name
        others = [env for env in environments if env != self.production]
        return others[0] if others else self.production


def open_workspace(given: str | None) -> Workspace:
    """Read the manifest and the files and variables its values refer to."""
    path = manifest_path(given)
    loaded = read_manifest(path)
    return Workspace(loaded, Inputs(dict(os.environ), _referenced_files(loaded, path.parent)))


def _referenced_files(loaded: LoadedManifest, base: Path) -> Mapping[str, str]:
    files: dict[str, str] = {}
    for text in _texts(loaded):
        for ref in references(text):
            if ref.kind != "file" or ref.argument in files:
                continue
            path = Path(ref.argument).expanduser()
            path = path if path.is_absolute() else base / path
            try:
                files[ref.argument] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported by derivation as a value that is not set
    return files


def _texts(loaded: LoadedManifest) -> list[str]:
    texts = []
    for env in loaded.manifest.environments.values():
        maps = [env.variables, *env.groups.values(), *(s.variables for s in env.services.values())]
        texts += [
            value for m in maps for value in m.values() if isinstance(value, str) and "${" in value
        ]
    return texts
