"""Databases, caches, brokers and search clusters named by connection URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from parity.resources.hosts import LOOPBACK, normalize_host
from parity.resources.keys import is_reference
from parity.resources.model import Context, Resource
from parity.resources.platforms import PlatformHost, platform_host
from parity.resources.urls import Url, valid_port


@dataclass(frozen=True, slots=True)
class Family:
    """A family of URL schemes that reach one kind of server.

    `inner` says what the path names inside the server: "database", "db-index" (Redis),
    "vhost" (AMQP) or "" (nothing: the server is the resource).
    """

    name: str
    kind: str
    port: str
    inner: str


_POSTGRES = Family("postgres", "database", "5432", "database")
_MYSQL = Family("mysql", "database", "3306", "database")
_REDIS = Family("redis", "cache", "6379", "db-index")
_FAMILIES: dict[str, Family] = {
    "postgres": _POSTGRES, "postgresql": _POSTGRES, "postgis": _POSTGRES, "pgsql": _POSTGRES,
    "mysql": _MYSQL, "mariadb": _MYSQL,
    "mongodb": Family("mongodb", "database", "27017", "database"),
    "redis": _REDIS, "rediss": _REDIS, "valkey": _REDIS, "valkeys": _REDIS,
    "amqp": Family("amqp", "broker", "5672", "vhost"),
    "amqps": Family("amqp", "broker", "5671", "vhost"),
    "nats": Family("nats", "broker", "4222", ""),
    "kafka": Family("kafka", "broker", "9092", ""),
}  # fmt: skip

_SEARCH_PATH_OPTION = re.compile(r"(?:^|\s)(?:-c\s*|--)search_path\s*=\s*(?P<path>\S+)")
_SCHEMA_PARAMS = ("currentschema", "search_path", "schema")


def family_of(scheme: str) -> Family | None:
    """The family of a (lower-case) scheme, driver suffixes included: `postgresql+asyncpg`."""
    return _FAMILIES.get(scheme) or _FAMILIES.get(scheme.partition("+")[0])


def datastore_resources(url: Url, family: Family, context: Context) -> tuple[Resource, ...]:
    """The server-side resource a connection URL reaches, its password, and its platform."""
    params = url.params()
    user = url.user or params.get("user", "")
    password = url.password if url.password is not None else params.get("password")
    host = url.host or params.get("host", "")
    port = url.port or valid_port(params.get("port")) or family.port
    normal = _server_host(host)
    platform = platform_host(normal, user)
    server = _server(family, normal, port, platform)
    inner = _inner_name(family, url, params, user)
    identity = (*server, inner) if family.inner else server
    label = _label(url.scheme, user, password, host, port, inner, family)
    return (
        Resource(family.kind, identity, server, label, _scope(family, params)),
        *credentials(password, user, host, context),
        *(platform.resources if platform else ()),
    )


def _server(
    family: Family, host: str, port: str, platform: PlatformHost | None
) -> tuple[str, str, str]:
    """(family, host, port) in one spelling per server: platform resources by their id."""
    if platform is None:
        return (family.name, host, port)
    return (family.name, platform.host, family.port if platform.port_is_access_path else port)


def credentials(
    password: str | None, user: str, host: str, context: Context
) -> tuple[Resource, ...]:
    """The password of `user` on `host`, identified by its fingerprint only; () when there is
    no password or it is an unresolved reference (`${DB_PASSWORD}`)."""
    if not password or is_reference(password):
        return ()
    who = f"{user}@{host}" if user else host
    fingerprint = context.fingerprint(password)
    return (Resource("credential", ("credential", fingerprint), None, f"password of {who}"),)


def search_resources(url: Url, context: Context) -> tuple[Resource, ...]:
    """The search cluster (Elasticsearch, OpenSearch) an http(s) URL reaches."""
    port = url.port or ("443" if url.scheme in ("https", "wss") else "80")
    server = ("search", normalize_host(url.host), port)
    label = f"search cluster {url.scheme}://{url.host}:{port}"
    cluster = Resource("search", server, server, label)
    return (cluster, *credentials(url.password, url.user, url.host, context))


def _server_host(host: str) -> str:
    # An empty host or a socket directory (`/var/run/postgresql`) is a local connection.
    decoded = unquote(host) if "%" in host else host
    if not decoded or decoded.startswith("/"):
        return LOOPBACK
    return normalize_host(decoded)


def _inner_name(family: Family, url: Url, params: dict[str, str], user: str) -> str:
    path = unquote(url.path[1:]) if url.path.startswith("/") else ""
    if family.inner == "db-index":
        index = path or params.get("db", "0")
        return (index.lstrip("0") or "0") if index.isascii() and index.isdigit() else index
    if family.inner == "vhost":
        return path or "/"
    if family.inner == "database":
        named = path or params.get("dbname") or params.get("database") or ""
        # libpq connects to the database named like the user when none is given.
        return named or (user if family is _POSTGRES else "")
    return ""


def _scope(family: Family, params: dict[str, str]) -> str | None:
    if family is not _POSTGRES or not params:
        return None
    option = _SEARCH_PATH_OPTION.search(params.get("options", ""))
    named = (params[key] for key in _SCHEMA_PARAMS if params.get(key))
    schemas = option["path"] if option else next(named, "")
    first = schemas.split(",")[0].strip().strip("\"'")
    return f"schema {first}" if first else None


def _label(
    scheme: str, user: str, password: str | None, host: str, port: str, inner: str, family: Family
) -> str:
    login = user
    if password:
        login += ":****"
    prefix = f"{scheme}://{login}@" if login else f"{scheme}://"
    path = f"/{inner}" if family.inner and inner not in ("", "/") else ""
    return f"{prefix}{host}:{port}{path}" if port else f"{prefix}{host}{path}"
