"""Nested Blueprint settings (disk, scaling, image, ...) read into manifest shape, rest kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from parity.importers.render_context import Context, Path, plain
from parity.importers.render_values import count_field, text_field, texts_field

Reader = Callable[[Context, Path, Any], Any]


@dataclass(frozen=True, slots=True)
class Shape:
    """How a nested setting maps: Render sub-key -> (manifest field, reader); which are needed."""

    fields: Mapping[str, tuple[str, Reader]]
    required: tuple[str, ...] = ()
    documented: frozenset[str] = frozenset()


@dataclass(slots=True)
class Fields:
    """A service or database being read: its manifest fields and what goes under `platform`."""

    spec: dict[str, Any] = field(default_factory=dict)
    platform: dict[str, Any] = field(default_factory=dict)

    def keep(self, context: Context, path: Path, key: str, value: Any) -> None:
        """Keep a Render setting verbatim under `platform`."""
        self.platform[key] = plain(value, context, path)


def read_object(context: Context, path: Path, value: Any, shape: Shape) -> tuple[Any, Any]:
    """A nested setting as (manifest value or None, what is left for `platform` or None)."""
    if not isinstance(value, dict):
        context.note(path, "expected a mapping: kept under platform")
        return None, value
    out: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, sub in value.items():
        where = (*path, str(key))
        if key in shape.fields:
            name, reader = shape.fields[key]
            converted = reader(context, where, sub)
            if converted is None:
                rest[str(key)] = sub
            else:
                out[name] = converted
        else:
            if key not in shape.documented:
                context.note(
                    where,
                    f"unknown key {str(key)!r} (Render may have added it; kept under platform)",
                )
            rest[str(key)] = sub
    missing = [key for key in shape.required if shape.fields[key][0] not in out]
    if missing:
        context.note(path, f"{', '.join(missing)} missing: kept under platform")
        return None, value
    return out, rest or None


def read_allow_list(context: Context, path: Path, value: Any) -> list[dict[str, str]] | None:
    """An `ipAllowList`: entries of text fields (`source`, `description`)."""
    if isinstance(value, list) and all(
        isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values())
        for entry in value
    ):
        return [{str(k): v for k, v in entry.items()} for entry in value]
    context.note(
        path,
        "ipAllowList entries must be mappings of text: kept under platform",
        "- source: 0.0.0.0/0",
    )
    return None


def _at_least(minimum: int) -> Reader:
    return partial(count_field, minimum=minimum)


DISK = Shape(
    {
        "name": ("name", text_field),
        "mountPath": ("mount_path", text_field),
        "sizeGB": ("size_gb", _at_least(0)),
    },
    required=("name", "mountPath"),
)
SCALING = Shape(
    {
        "minInstances": ("min", _at_least(1)),
        "maxInstances": ("max", _at_least(1)),
        "targetCPUPercent": ("target_cpu_percent", _at_least(0)),
        "targetMemoryPercent": ("target_memory_percent", _at_least(0)),
    },
    required=("minInstances", "maxInstances"),
)
BUILD_FILTER = Shape(
    {"paths": ("paths", texts_field), "ignoredPaths": ("ignored_paths", texts_field)}
)
IMAGE = Shape({"url": ("url", text_field)}, required=("url",), documented=frozenset({"creds"}))
