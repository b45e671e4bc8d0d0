"""Isolation: a non-production environment shares no resource with production.

Decided by what values identify, not by how they are spelled: every value is parsed into the
resources it points at (see `parity.resources`), and staging's resources are looked up among
production's, whatever the variables are called. Platform references (fromDatabase/fromService)
and service names are compared by the platform resource they name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from parity.checks.base import CheckContext
from parity.display import display_value
from parity.findings import Finding, Severity
from parity.model import FromDatabase
from parity.resolved import Origin, ResolvedEnvironment, ResolvedVar
from parity.resources import Resource, identify, is_live_payment_credential, key_provider
from parity.secrets import Fingerprinter

_RULES = {
    "database": ("isolation.shared-database", Severity.ERROR, "database"),
    "cache": ("isolation.shared-cache", Severity.ERROR, "cache"),
    "broker": ("isolation.shared-broker", Severity.ERROR, "message broker"),
    "bucket": ("isolation.shared-bucket", Severity.ERROR, "storage bucket"),
    "search": ("isolation.shared-search", Severity.ERROR, "search cluster"),
    "api-key": ("isolation.shared-secret", Severity.ERROR, "key or secret"),
    "credential": ("isolation.shared-password", Severity.WARNING, "password"),
    "sentry-project": ("isolation.shared-sentry-project", Severity.WARNING, "Sentry project"),
    "supabase-project": ("isolation.shared-supabase-project", Severity.ERROR, "Supabase project"),
    "render-resource": ("isolation.shared-platform-resource", Severity.ERROR, "Render resource"),
    "channel": ("isolation.shared-channel", Severity.ERROR, "alert channel"),
    "webhook": ("isolation.shared-webhook", Severity.ERROR, "webhook"),
    "domain": ("isolation.shared-domain", Severity.WARNING, "domain"),
}
_SERVER_KINDS = {"database": "server", "cache": "server", "broker": "server", "search": "server"}
_LABEL_VARIABLES = frozenset(
    {
        "ENVIRONMENT",
        "ENV",
        "APP_ENV",
        "APP_ENVIRONMENT",
        "DEPLOY_ENV",
        "DEPLOYMENT_ENV",
        "SENTRY_ENVIRONMENT",
        "STAGE",
        "DD_ENV",
        "NEXT_PUBLIC_ENVIRONMENT",
        "VITE_ENVIRONMENT",
    }
)
_MODE_VARIABLES = frozenset(
    {
        "NODE_ENV",
        "RAILS_ENV",
        "RACK_ENV",
        "FLASK_ENV",
        "DJANGO_ENV",
        "MIX_ENV",
        "GO_ENV",
        "GOLANG_ENV",
        "APP_MODE",
        "PYTHON_ENV",
    }
)
_PRODUCTION_LABELS = frozenset({"production", "prod", "live", "prd"})
_LIVE_MODE_SUFFIXES = ("_MODE", "_ENV", "_ENVIRONMENT")
_LIVE_MODE_PROVIDERS = ("STRIPE", "PAYPAL", "PLAID", "BRAINTREE", "ADYEN", "SQUARE", "PADDLE")


def is_environment_label(name: str) -> bool:
    """Whether the variable names the environment (ENVIRONMENT, NODE_ENV): it differs by design."""
    upper = name.upper()
    return upper in _LABEL_VARIABLES or upper in _MODE_VARIABLES


def staging_label(name: str, value: str, environment: str = "staging") -> str | None:
    """What an environment label (ENVIRONMENT=production) should say in `environment`, in the
    same letter case; None when `name` is not a label or `value` does not say production."""
    if name.upper() not in _LABEL_VARIABLES or value.strip().lower() not in _PRODUCTION_LABELS:
        return None
    if value.isupper():
        return environment.upper()
    return environment.capitalize() if value[:1].isupper() else environment


@dataclass(frozen=True, slots=True)
class _Use:
    """Where production uses a resource."""

    service: str
    variable: str
    resource: Resource


def check(context: CheckContext) -> Iterator[Finding]:
    """Every way `context.environment` reaches production's resources."""
    environment, production = context.environment, context.production
    if environment.kind == "production":
        return
    yield from _labels_and_live_credentials(environment)
    yield from _unverified(environment)
    if production is None:
        return
    yield from _shared_names(environment, production)
    identities, servers = _production_index(production, context.fingerprint)
    for service in environment.services.values():
        for var in service.variables.values():
            if var.spec.shared:
                continue
            resources = _resources(var, context.fingerprint)
            if resources:
                yield from _compare(
                    environment.name, service.key, var, resources, identities, servers
                )


def _production_index(
    production: ResolvedEnvironment, fingerprint: Fingerprinter
) -> tuple[
    dict[tuple[str, tuple[str, ...]], list[_Use]], dict[tuple[str, tuple[str, ...]], list[_Use]]
]:
    identities: dict[tuple[str, tuple[str, ...]], list[_Use]] = defaultdict(list)
    servers: dict[tuple[str, tuple[str, ...]], list[_Use]] = defaultdict(list)
    for service in production.services.values():
        for var in service.variables.values():
            for resource in _resources(var, fingerprint):
                use = _Use(service.key, var.name, resource)
                identities[(resource.kind, resource.identity)].append(use)
                if resource.server is not None:
                    servers[(resource.kind, resource.server)].append(use)
    return identities, servers


def _resources(var: ResolvedVar, fingerprint: Fingerprinter) -> tuple[Resource, ...]:
    if var.reference is not None:
        if isinstance(var.reference, FromDatabase):
            kind, target = "database", var.reference.from_database
        else:
            kind, target = "service", var.reference.from_service
        label = f"Render {kind} {target}"
        return (Resource("render-resource", ("render", kind, target), None, label),)
    if not var.known or not var.value:
        return ()
    hint = var.spec.resource or var.spec.type
    return identify(var.value, name=var.name, hint=hint, fingerprint=fingerprint)


#: Kinds implied by a stronger match on the same variable (a shared database URL also shares
#: its password and its Supabase project); reported only when nothing stronger is.
_IMPLIED = frozenset({"credential", "supabase-project", "render-resource"})


def _compare(
    environment: str,
    service: str,
    var: ResolvedVar,
    resources: tuple[Resource, ...],
    identities: dict[tuple[str, tuple[str, ...]], list[_Use]],
    servers: dict[tuple[str, tuple[str, ...]], list[_Use]],
) -> Iterator[Finding]:
    shared = [
        (r, identities[(r.kind, r.identity)][0])
        for r in resources
        if (r.kind, r.identity) in identities
    ]
    strong = [(r, use) for r, use in shared if r.kind not in _IMPLIED]
    if not strong:
        near = _same_server_match(resources, servers)
        if near is not None:
            yield _same_server(environment, service, var, *near)
            return
    by_kind: dict[str, list[tuple[Resource, _Use]]] = defaultdict(list)
    for resource, use in strong or shared:
        by_kind[resource.kind].append((resource, use))
    for matches in by_kind.values():
        yield _shared(environment, service, var, matches)


def _same_server_match(
    resources: tuple[Resource, ...], servers: dict[tuple[str, tuple[str, ...]], list[_Use]]
) -> tuple[Resource, _Use] | None:
    for resource in resources:
        if resource.kind in _SERVER_KINDS and resource.server is not None:
            near = servers.get((resource.kind, resource.server))
            if near:
                return resource, near[0]
    return None


def _shared(
    environment: str, service: str, var: ResolvedVar, matches: list[tuple[Resource, _Use]]
) -> Finding:
    resource, use = matches[0]
    rule, severity, noun = _RULES.get(
        resource.kind, ("isolation.shared-resource", Severity.ERROR, "resource")
    )
    renamed = "" if use.variable == var.name else " under another name"
    message = (
        f"{environment} {var.name} reaches the same {noun} as production's {use.variable}"
        f"{renamed}: give {environment} its own {noun}"
    )
    if resource.scope != use.resource.scope:
        separation = resource.scope or "the default schema"
        message += f"; separating by {separation} alone still shares it"
    evidence = (
        *(("resource", r.label) for r, _ in matches),
        (environment, f"{service}.{var.name}"),
        ("production", f"{use.service}.{use.variable}"),
    )
    return Finding(rule, severity, message, environment, service, var.name, evidence, var.location)


def _same_server(
    environment: str, service: str, var: ResolvedVar, resource: Resource, use: _Use
) -> Finding:
    message = (
        f"{environment} {var.name} uses a different {resource.kind} on the same server as "
        f"production {use.variable}: load, memory limits and a mistyped name still cross over; "
        "use a separate server if you can"
    )
    evidence = (
        (environment, resource.label),
        ("production", use.resource.label),
    )
    return Finding(
        "isolation.shared-server",
        Severity.WARNING,
        message,
        environment,
        service,
        var.name,
        evidence,
        var.location,
    )


def _unverified(environment: ResolvedEnvironment) -> Iterator[Finding]:
    names = sorted(
        {
            var.name
            for service in environment.services.values()
            for var in service.variables.values()
            if var.origin is Origin.PLATFORM and (var.secret or var.spec.resource)
        }
    )
    if names:
        message = (
            f"{len(names)} secret or resource value{'s are' if len(names) > 1 else ' is'} entered "
            f"on the platform for {environment.name}, so this check cannot compare "
            f"{'them' if len(names) > 1 else 'it'} with production's; check "
            f"{'them' if len(names) > 1 else 'it'} on the platform"
        )
        yield Finding(
            "isolation.unverified",
            Severity.INFO,
            message,
            environment.name,
            evidence=(("variables", ", ".join(names)),),
        )


def _labels_and_live_credentials(environment: ResolvedEnvironment) -> Iterator[Finding]:
    for service in environment.services.values():
        for var in service.variables.values():
            if not var.known or var.value is None:
                continue
            yield from _label(environment.name, service.key, var)
            yield from _live(environment.name, service.key, var)


def _label(environment: str, service: str, var: ResolvedVar) -> Iterator[Finding]:
    value = var.value.strip().lower() if var.value else ""
    if value not in _PRODUCTION_LABELS:
        return
    evidence = (("value", var.value or ""),)
    if var.name.upper() in _LABEL_VARIABLES:
        message = (
            f"{environment} says it is production ({var.name}={var.value}): set it to {environment}"
        )
        yield Finding(
            "isolation.labelled-production",
            Severity.ERROR,
            message,
            environment,
            service,
            var.name,
            evidence,
            var.location,
        )
    elif var.name.upper() in _MODE_VARIABLES:
        message = (
            f"{var.name}={var.value} in {environment} is usual for optimised builds; make sure "
            "environment-specific behaviour keys off a variable such as ENVIRONMENT instead"
        )
        yield Finding(
            "isolation.production-mode",
            Severity.INFO,
            message,
            environment,
            service,
            var.name,
            evidence,
            var.location,
        )
    elif _is_provider_mode(var.name):
        message = (
            f"{var.name}={var.value} points {environment} at the provider's live system: "
            "use its sandbox"
        )
        yield Finding(
            "isolation.live-mode",
            Severity.ERROR,
            message,
            environment,
            service,
            var.name,
            evidence,
            var.location,
        )


def _is_provider_mode(name: str) -> bool:
    upper = name.upper()
    return upper.startswith(_LIVE_MODE_PROVIDERS) and upper.endswith(_LIVE_MODE_SUFFIXES)


def _live(environment: str, service: str, var: ResolvedVar) -> Iterator[Finding]:
    if var.value is None or not is_live_payment_credential(var.value):
        return
    provider = key_provider(var.value) or "live credential"
    message = (
        f"{var.name} in {environment} is a {provider}: real money moves with it; "
        "use the provider's test-mode key"
    )
    evidence = (("kind", provider), ("value", display_value(var) or ""))
    yield Finding(
        "isolation.live-credential",
        Severity.ERROR,
        message,
        environment,
        service,
        var.name,
        evidence,
        var.location,
    )


def _shared_names(
    environment: ResolvedEnvironment, production: ResolvedEnvironment
) -> Iterator[Finding]:
    taken = {svc.name: key for key, svc in production.services.items()}
    taken.update({db.name: key for key, db in production.databases.items()})
    named = [(key, svc.name, "service") for key, svc in environment.services.items()]
    named += [(key, db.name, "database") for key, db in environment.databases.items()]
    for key, name, kind in named:
        if name in taken:
            message = (
                f"{environment.name} {kind} {key} would be named {name!r}, which is production's: "
                f"applying it would change production; give {environment.name} a name_template"
            )
            yield Finding(
                "isolation.same-name",
                Severity.ERROR,
                message,
                environment.name,
                key,
                None,
                (("name", name),),
            )
    domains = {
        d: key for key, svc in production.services.items() for d in svc.fields.get("domains") or ()
    }
    for key, svc in environment.services.items():
        for domain in svc.fields.get("domains") or ():
            if domain in domains:
                message = f"{environment.name} {key} claims production's custom domain {domain}"
                yield Finding(
                    "isolation.shared-domain",
                    Severity.ERROR,
                    message,
                    environment.name,
                    key,
                    None,
                    (("domain", domain),),
                )
