"""The manifest: parity.yaml read, validated and located."""

from parity.manifest.load import LoadedManifest, parse_manifest, read_manifest

__all__ = ["LoadedManifest", "parse_manifest", "read_manifest"]
