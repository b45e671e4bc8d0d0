"""URLs split into parts without raising, including the shapes urllib rejects or misreads.

Connection URLs are often hand-written: several hosts (`h1:5432,h2:5433`), IPv6 literals, and
passwords with unencoded `/`, `#`, `?` or `@`. The parser below takes the host after the last
`@` of the authority and, when that reading is implausible (a bad port, or for a connection URL
an `@` in the path), looks for the `@` that ends a password, so a password does not end up in a
host, a port or a database name.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://")
#: The common case in one match: no delimiter inside the password, no `@` in the path.
_PLAIN_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://"
    r"(?:(?P<user>[^:@/?#]*)(?::(?P<password>[^@/?#]*))?@)?"
    r"(?P<host>[^\s/?#@\[\]:,${}<>*`]*|\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._~\-]+)?\])"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?:,[^/?#@]*)?"
    r"(?P<path>/[^?#@]*)?"
    r"(?:\?(?P<query>[^#]*))?"
    r"(?:#.*)?",
    re.DOTALL,
)
#: Schemes whose paths often hold an `@` (`/users/@me`, Teams webhooks), so an `@` there does
#: not mean a password with an unencoded `/` ended early.
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss"})
_AUTHORITY_END = re.compile(r"[/?#]")
_HOST = re.compile(r"[^\s/?#@\[\]:,${}<>*`]*|\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._~\-]+)?\]")
_LIST_SEPARATOR = re.compile(r"[\s,;]+")
_LIST_ITEM_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")


class Url(NamedTuple):
    """A URL's parts. `user` and `password` are percent-decoded; `host` is lower-cased as
    written (the first of several); `port` is canonical digits or None.

    A NamedTuple rather than a frozen dataclass: one is built per URL on the hot path, and a
    frozen dataclass costs several times as much to construct.
    """

    scheme: str
    user: str
    password: str | None
    host: str
    port: str | None
    path: str
    query: str

    def params(self) -> dict[str, str]:
        """Query parameters, names lower-cased, the first of repeated names winning."""
        if not self.query:
            return {}
        found: dict[str, str] = {}
        for key, value in parse_qsl(self.query, keep_blank_values=True):
            found.setdefault(key.lower(), value)
        return found


def parse_url(text: str) -> Url | None:
    """`text` as a Url, or None when it has no scheme or no plausible host."""
    plain = _PLAIN_URL.fullmatch(text)
    if plain is not None and (plain["port"] is None or int(plain["port"]) <= 65535):
        return _plain(plain)
    scheme = _SCHEME.match(text)
    if scheme is None:
        return None
    rest = text[scheme.end() :]
    end = _AUTHORITY_END.search(rest)
    cut = end.start() if end else len(rest)
    tail = rest[cut:]
    name = scheme[1].lower()
    standard = _split(name, rest[:cut], tail)
    if standard is not None and (name in _WEB_SCHEMES or "@" not in tail.partition("?")[0]):
        return standard
    return _split_at_password_end(name, rest) or standard


def _plain(found: re.Match[str]) -> Url:
    user, password, port = found["user"] or "", found["password"], found["port"]
    return Url(
        scheme=found["scheme"].lower(),
        user=unquote(user) if "%" in user else user,
        password=unquote(password) if password and "%" in password else password,
        host=found["host"].lower(),
        port=str(int(port)) if port else None,
        path=found["path"] or "",
        query=found["query"] or "",
    )


def _split_at_password_end(scheme: str, rest: str) -> Url | None:
    """Reading for a password with unencoded delimiters: the last `@` followed by a host."""
    at = rest.rfind("@")
    while at > 0:
        end = _AUTHORITY_END.search(rest, at)
        cut = end.start() if end else len(rest)
        found = _split(scheme, rest[:cut], rest[cut:])
        if found is not None:
            return found
        at = rest.rfind("@", 0, at)
    return None


def _split(scheme: str, authority: str, tail: str) -> Url | None:
    userinfo, at, hosts = authority.rpartition("@")
    host, port = _host_and_port(hosts.split(",", 1)[0])
    if host is None or (port is not None and not port):
        return None
    user, colon, password = userinfo.partition(":")
    path, _, query = tail.partition("#")[0].partition("?")
    return Url(
        scheme=scheme,
        user=unquote(user) if at else "",
        password=unquote(password) if colon else None,
        host=host,
        port=port,
        path=path,
        query=query,
    )


def _host_and_port(hostport: str) -> tuple[str | None, str | None]:
    """(host, port) of `host[:port]`; host None when implausible, port "" when invalid."""
    host, port = hostport, None
    bracket = hostport.rfind("]")
    colon = hostport.rfind(":")
    if colon > bracket:
        host, port = hostport[:colon], _canonical_port(hostport[colon + 1 :])
    if _HOST.fullmatch(host) is None:
        return None, None
    return host.lower(), port


def _canonical_port(port: str) -> str | None:
    if not port:
        return None
    return valid_port(port) or ""


def valid_port(port: str | None) -> str | None:
    """`port` as canonical digits (`05432` is `5432`), or None if it is no TCP port."""
    if port and len(port) <= 5 and port.isascii() and port.isdigit() and int(port) <= 65535:
        return str(int(port))
    return None


def split_url_list(text: str) -> list[str] | None:
    """The items of a comma-, semicolon- or space-separated list of URLs, or None when `text`
    is one URL (a multi-host URL such as `postgresql://h1,h2/db` is one URL)."""
    if _LIST_SEPARATOR.search(text) is None:
        return None
    items = [item for item in _LIST_SEPARATOR.split(text) if item]
    starts = sum(1 for item in items if _LIST_ITEM_START.match(item))
    return items if starts > 1 else None


def json_strings(text: str) -> list[str] | None:
    """The strings of a JSON array (`["https://a", "https://b"]`), or None if it is not one."""
    if not text.endswith("]"):
        return None
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(items, list):
        return None
    return [item for item in items if isinstance(item, str)]


def split_list(text: str) -> list[str]:
    """The non-empty items of a comma-, semicolon- or space-separated list."""
    return [item for item in _LIST_SEPARATOR.split(text) if item]
