"""Platform hosts: Render and Supabase spell one resource several ways; name it once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parity.resources.model import Resource

_RENDER_HOST_LABEL = re.compile(r"(?P<id>(?:dpg|red)-[a-z0-9]{16,32})(?:-[a-z0-9]+)*")
_RENDER_KEY_VALUE_HOST = re.compile(r"[a-z0-9-]+-(?:keyvalue|redis)\.render\.com")
_RENDER_ID = re.compile(r"(?<![A-Za-z0-9])(?:srv|crn|dpg|red)-[a-z0-9]{16,32}(?![A-Za-z0-9])")
_RENDER_ID_PREFIXES = ("srv-", "crn-", "dpg-", "red-")
_RENDER_NOUNS = {"srv": "service", "crn": "cron job", "dpg": "Postgres", "red": "Key Value"}

_SUPABASE_REF = re.compile(r"[a-z0-9]{10,40}")
_SUPABASE_POOLER_USER = re.compile(r"[^.]+\.(?P<ref>[a-z0-9]{10,40})")
_SUPABASE_PROJECT_SUFFIXES = (".supabase.co", ".supabase.in")
_SUPABASE_POOLER_SUFFIX = ".pooler.supabase.com"


@dataclass(frozen=True, slots=True)
class PlatformHost:
    """A host as its platform resource: the canonical host, the resources it implies, and
    whether the port is only an access path (Supabase's pooler ports reach one database)."""

    host: str
    resources: tuple[Resource, ...]
    port_is_access_path: bool = False


def render_resource(resource_id: str) -> Resource:
    """The Render resource (service, cron job, Postgres, Key Value) with id `resource_id`."""
    noun = _RENDER_NOUNS.get(resource_id[:3], "resource")
    return Resource(
        "render-resource", ("render", resource_id), None, f"Render {noun} {resource_id}"
    )


def supabase_project(ref: str) -> Resource:
    """The Supabase project with reference `ref`."""
    return Resource("supabase-project", ("supabase", ref), None, f"Supabase project {ref}")


def render_ids(text: str) -> tuple[Resource, ...]:
    """Render resources whose ids (srv-, crn-, dpg-, red-) appear anywhere in `text`."""
    if "-" not in text or not any(prefix in text for prefix in _RENDER_ID_PREFIXES):
        return ()
    return tuple(render_resource(found) for found in _RENDER_ID.findall(text))


def render_host_id(host: str, user: str = "") -> str | None:
    """The Render id a host names: `dpg-<id>-a` inside Render, `dpg-<id>-a.<region>-postgres.
    render.com` outside; an external Key Value host names its id as subdomain or user."""
    if not host.startswith(("dpg-", "red-")) and not host.endswith("render.com"):
        return None
    first, _, rest = host.partition(".")
    if not rest or rest == "render.com" or rest.endswith(".render.com"):
        found = _RENDER_HOST_LABEL.fullmatch(first)
        if found:
            return found["id"]
    if user.startswith("red-") and _RENDER_KEY_VALUE_HOST.fullmatch(host):
        found = _RENDER_HOST_LABEL.fullmatch(user)
        if found:
            return found["id"]
    return None


def supabase_ref(host: str, user: str = "") -> str | None:
    """The Supabase project ref a host names: `db.<ref>.supabase.co`, `<ref>.supabase.co`,
    or a shared pooler host with the ref in the user name (`postgres.<ref>`)."""
    if "supabase" not in host:
        return None
    if host.endswith(_SUPABASE_POOLER_SUFFIX):
        found = _SUPABASE_POOLER_USER.fullmatch(user)
        return found["ref"] if found else None
    if not host.endswith(_SUPABASE_PROJECT_SUFFIXES):
        return None
    labels = host.split(".")[:-2]
    ref = labels[1] if labels[0] == "db" and len(labels) > 1 else labels[0]
    return ref if _SUPABASE_REF.fullmatch(ref) else None


def is_supabase_host(host: str) -> bool:
    """Whether `host` is a Supabase project host (`*.supabase.co`, legacy `*.supabase.in`)."""
    return host.endswith(_SUPABASE_PROJECT_SUFFIXES)


def platform_host(host: str, user: str = "") -> PlatformHost | None:
    """The platform resource a (normalised) host and its user name, or None for other hosts."""
    if "render" not in host and "supabase" not in host and "-" not in host:
        return None
    render_id = render_host_id(host, user)
    if render_id is not None:
        return PlatformHost(f"render:{render_id}", (render_resource(render_id),))
    ref = supabase_ref(host, user)
    if ref is not None:
        return PlatformHost(f"supabase:{ref}", (supabase_project(ref),), port_is_access_path=True)
    return None
