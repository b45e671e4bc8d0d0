"""YAML text to plain data, remembering the line of every mapping key for error messages."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from parity.errors import InputError, Location, Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class LineIndex:
    """Lines (1-based) of mapping keys, keyed by the identity of the mapping that holds them."""

    keys: dict[int, dict[Hashable, int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, document: Any, path: Sequence[object]) -> int | None:
        """The line of the deepest key of `path` that exists in `document`."""
        line = None
        node = document
        for step in path:
            if isinstance(node, dict):
                lines = self.keys.get(id(node), {})
                if step not in node:
                    break
                line = lines.get(step, line)
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
            else:
                break
        return line


def _loader_class(index: LineIndex) -> type:
    class Loader(_Base):  # type: ignore[misc]
        line_index = index

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            self.flatten_mapping(node)
            mapping: dict[Any, Any] = {}
            lines: dict[Hashable, int] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, Hashable):
                    raise yaml.constructor.ConstructorError(
                        None, None, "a mapping key must be a scalar", key_node.start_mark
                    )
                if key in lines:
                    index.duplicates.append((str(key), key_node.start_mark.line + 1))
                lines[key] = key_node.start_mark.line + 1
                mapping[key] = self.construct_object(value_node, deep=deep)
            index.keys[id(mapping)] = lines
            return mapping

    Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    for tag in ("int", "float", "timestamp"):
        constructor = Loader.yaml_constructors[f"tag:yaml.org,2002:{tag}"]
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _located(constructor))
    return Loader


def _located(constructor: Any) -> Any:
    """A scalar constructor whose failures (`2024-13-45`, `!!int abc`) carry the node's position;
    PyYAML lets them escape as a bare ValueError."""

    def construct(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return constructor(loader, node)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} cannot be read as {node.tag}: {exc}", node.start_mark
            ) from None

    return construct


def _construct_map(loader: Any, node: yaml.MappingNode) -> Any:
    # Same as PyYAML's own: yield the (empty) mapping first so recursive structures work,
    # then move the key lines recorded for the built mapping onto the one we yielded.
    data: dict[Any, Any] = {}
    yield data
    built = loader.construct_mapping(node)
    data.update(built)
    keys = loader.line_index.keys
    keys[id(data)] = keys.pop(id(built), {})


def load_yaml(text: str, file: str) -> tuple[Any, LineIndex]:
    """Parse YAML text; a syntax error becomes an InputError naming the file and line."""
    index = LineIndex()
    loader = _loader_class(index)(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            Problem(Location(file, line), f"not valid YAML: {exc.problem or exc.context}")
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(Location(file), f"not valid YAML: {exc}")) from None
    finally:
        loader.dispose()
    return data, index
