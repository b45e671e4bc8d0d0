"""Sentry DSNs: the project events go to, never the key that sends them."""

from __future__ import annotations

from parity.resources.hosts import normalize_host
from parity.resources.model import Context, Resource
from parity.resources.urls import Url

_SAAS_HOSTS = ("sentry.io", ".sentry.io", "getsentry.com", ".getsentry.com")


def sentry_project(url: Url, context: Context) -> Resource | None:
    """The Sentry project a DSN (`https://<key>@o1.ingest.sentry.io/42`) sends events to.

    Self-hosted DSNs are recognised only when the variable's name or hint says Sentry, since
    any `https://user@host/5` has the same shape.
    """
    if not url.user or not url.path:
        return None
    host = normalize_host(url.host)
    saas = host.endswith(_SAAS_HOSTS)
    if not (saas or context.hint == "sentry-project" or context.says("sentry")):
        return None
    project = url.path.rstrip("/").rpartition("/")[2]
    if not (project.isascii() and project.isdigit()):
        return None
    where = f"{host}:{url.port}" if url.port and not saas else host
    return Resource("sentry-project", ("sentry", where, project), None,
                    f"Sentry project {project} on {where}")  # fmt: skip
