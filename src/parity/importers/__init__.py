"""Importers: other tools' configuration files turned into parity.yaml documents."""

from __future__ import annotations

from parity.importers.base import Imported, Importer
from parity.importers.dotenv import import_dotenv
from parity.importers.render import import_render

IMPORTERS: dict[str, Importer] = {
    "render": import_render,
    "dotenv": import_dotenv,
}

__all__ = ["IMPORTERS", "Imported", "Importer", "import_dotenv", "import_render"]
