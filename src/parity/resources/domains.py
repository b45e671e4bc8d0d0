"""The app's own domains: hosts of URLs and host lists that no third party shares."""

from __future__ import annotations

from parity.resources.hosts import (
    LOOPBACK,
    is_public_provider_host,
    is_valid_host,
    normalize_host,
)
from parity.resources.model import Context, Resource
from parity.resources.platforms import (
    is_supabase_host,
    render_host_id,
    render_resource,
    supabase_project,
    supabase_ref,
)
from parity.resources.urls import parse_url, split_list

_ALL_INTERFACES = frozenset({"0.0.0.0", "::"})


def domain(host: str) -> Resource:
    """The domain resource of a normalised host."""
    return Resource("domain", ("domain", host), None, f"domain {host}")


def host_resources(written: str, user: str = "") -> tuple[Resource, ...]:
    """What a web host names: its Supabase project or Render resource, else the app's own
    domain; () for a third-party provider host two environments may share."""
    host = normalize_host(written)
    ref = supabase_ref(host, user)
    if ref is not None:
        return (supabase_project(ref),)
    render_id = render_host_id(host, user)
    if render_id is not None:
        return (render_resource(render_id),)
    if not host or is_supabase_host(host) or is_public_provider_host(host):
        return ()
    return (domain(host),)


def is_host_list_name(context: Context) -> bool:
    """Whether the variable's name or hint says its value is a list of hosts."""
    return context.hint == "domain" or context.says("hosts")


def host_list(text: str, *, declared: bool) -> tuple[Resource, ...]:
    """Domains of a host list (`.example.com,app.example.com`, origins too); wildcards and
    all-interfaces addresses are skipped, and () if any item is not a host at all.

    Unless the schema `declared` the value a host list, a single-label item (`true`, `redis`,
    `plane-db`: a flag or a name on the environment's private network) means it is not one.
    """
    hosts: list[str] = []
    for item in split_list(text):
        host = _list_item_host(item)
        if host is None or (not declared and not _is_qualified(host)):
            return ()
        if host and not host.startswith("*") and normalize_host(host) not in _ALL_INTERFACES:
            hosts.append(host)
    return tuple(resource for host in hosts for resource in host_resources(host))


def _list_item_host(item: str) -> str | None:
    """The host of one list item ("" to skip it), or None if it is not a host."""
    if item.startswith("*"):
        return ""
    if "://" in item:
        url = parse_url(item)
        return url.host if url is not None and url.host else None
    host = item.lstrip(".").lower()
    if host.count(":") > 1 and "[" not in host:
        host = f"[{host}]"
    if host.rfind(":") > host.rfind("]"):
        host, _, port = host.rpartition(":")
        if not (port.isascii() and port.isdigit()):
            return None
    plausible = "." in host or ":" in host or any(c.isalpha() for c in host)
    return host if plausible and is_valid_host(host) else None


def _is_qualified(host: str) -> bool:
    return host == "" or "." in host or ":" in host or normalize_host(host) == LOOPBACK
