"""What `parity verify` will run in one environment: declared checks, and those that follow.

Pure: the manifest and a resolved environment in, planned checks out. Checks that follow from the
manifest without being written down: an HTTP check of every web service's health check path,
and a connectivity check of every database, cache and broker URL. A check that cannot be
planned (no url for the service, a value entered on the platform) is skipped with a reason,
never silently dropped.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from parity.derive import Inputs
from parity.manifest.interpolate import fill
from parity.model import Manifest
from parity.probes.base import (
    ApiKeyTarget,
    CommandTarget,
    HttpTarget,
    PostgresTarget,
    RedisTarget,
    Target,
    TcpTarget,
)
from parity.resolved import ResolvedEnvironment, ResolvedService, ResolvedVar
from parity.secrets import Secret
from parity.verify.model import PlannedCheck, Scenario, Startup, Step, Timing
from parity.verify.spec import (
    ApiKeyCheckSpec,
    CheckSpec,
    CommandCheckSpec,
    HttpCheckSpec,
    PostgresCheckSpec,
    RedisCheckSpec,
    ScenarioSpec,
    StartupSpec,
    StepSpec,
    TcpCheckSpec,
    VerifySettings,
)

_BROKER_PORTS = {"amqp": 5672, "amqps": 5671, "mongodb": 27017, "mysql": 3306, "mariadb": 3306}
_CONNECTIVITY_TYPES = frozenset(
    {"postgres_url", "redis_url", "amqp_url", "mongodb_url", "mysql_url"}
)


Candidate = tuple[str, str | None, Callable[[], PlannedCheck]]


class Unplannable(Exception):
    """A check that cannot be planned in this environment; the message says why."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A check left out of the run, and why."""

    name: str
    service: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class VerifyPlan:
    """Everything one `parity verify` runs in one environment."""

    environment: str
    checks: tuple[PlannedCheck, ...]
    scenarios: tuple[Scenario, ...]
    skipped: tuple[Skipped, ...]
    concurrency: int
    deadline: float | None


def plan_verify(
    manifest: Manifest,
    environment: ResolvedEnvironment,
    inputs: Inputs,
    *,
    implied: bool | None = None,
    base_dir: str = ".",
) -> VerifyPlan:
    """Plan every check of `environment`: declared ones, then those that follow from it."""
    planner = _Planner(manifest.verify, environment, inputs, base_dir)
    checks: list[PlannedCheck] = []
    skipped: list[Skipped] = []
    wanted = [c for c in manifest.checks if _applies(c.environments, environment.name)]
    candidates: list[Candidate] = [
        (c.name, c.service, functools.partial(planner.declared, c)) for c in wanted
    ]
    if manifest.verify.implied if implied is None else implied:
        candidates += list(planner.implied())
    for name, service, make in candidates:
        try:
            checks.append(make())
        except Unplannable as exc:
            skipped.append(Skipped(name, service, str(exc)))
    scenarios = []
    for spec in manifest.scenarios:
        if _applies(spec.environments, environment.name):
            try:
                scenarios.append(planner.scenario(spec))
            except Unplannable as exc:
                skipped.append(Skipped(spec.name, spec.service, str(exc)))
    return VerifyPlan(
        environment=environment.name,
        checks=tuple(checks),
        scenarios=tuple(scenarios),
        skipped=tuple(skipped),
        concurrency=manifest.verify.concurrency,
        deadline=manifest.verify.deadline,
    )


def _applies(environments: tuple[str, ...] | None, name: str) -> bool:
    return environments is None or name in environments


class _Planner:
    """Resolves check specs against one environment."""

    def __init__(
        self,
        settings: VerifySettings,
        environment: ResolvedEnvironment,
        inputs: Inputs,
        base_dir: str,
    ) -> None:
        self.settings = settings
        self.environment = environment
        self.inputs = inputs
        self.base_dir = base_dir

    # --- declared checks --------------------------------------------------------------------

    def declared(self, spec: CheckSpec) -> PlannedCheck:
        timeout = spec.timeout if spec.timeout is not None else self.settings.timeout
        target = self._target(spec, timeout)
        return PlannedCheck(
            name=spec.name,
            kind=spec.kind,
            environment=self.environment.name,
            service=spec.service,
            target=target,
            origin="declared",
            timing=self._timing(spec.retries, spec.startup),
        )

    def _target(self, spec: CheckSpec, timeout: float) -> Target:
        if isinstance(spec, HttpCheckSpec):
            url = (
                self._text(spec.url)
                if spec.url
                else self._service_url(spec.service) + (spec.path or "")
            )
            return HttpTarget(
                url=url,
                method=spec.method.upper(),
                headers=self._headers(spec.headers),
                body=spec.body,
                json=spec.json_body,
                conditions=spec.conditions,
                timeout=timeout,
            )
        if isinstance(spec, TcpCheckSpec):
            if spec.variable:
                host, port = _host_port(self._value(spec.service, spec.variable).reveal())
            else:
                host, port = self._text(spec.host or ""), spec.port or 0
            return TcpTarget(host=host, port=port, timeout=timeout)
        if isinstance(spec, PostgresCheckSpec):
            dsn = self._value(spec.service, spec.variable)
            return PostgresTarget(dsn=dsn, schema=spec.schema_name, timeout=timeout)
        if isinstance(spec, RedisCheckSpec):
            return RedisTarget(url=self._value(spec.service, spec.variable), timeout=timeout)
        if isinstance(spec, CommandCheckSpec):
            return self._command(spec, timeout)
        assert isinstance(spec, ApiKeyCheckSpec)
        return ApiKeyTarget(
            url=self._text(spec.url),
            key=self._value(spec.service, spec.variable),
            header=spec.header,
            scheme=spec.scheme,
            timeout=timeout,
        )

    def _command(self, spec: CommandCheckSpec, timeout: float) -> CommandTarget:
        text = spec.command
        argv = (
            tuple(shlex.split(self._text(text)))
            if isinstance(text, str)
            else tuple(self._text(part) for part in text)
        )
        if not argv:
            raise Unplannable("the command is empty")
        env = {}
        if spec.service is not None:
            service = self._service(spec.service)
            env = {n: Secret(v.value or "") for n, v in service.variables.items() if _known(v)}
        cwd = self._text(spec.cwd) if spec.cwd else self.base_dir
        return CommandTarget(argv=argv, timeout=timeout, cwd=cwd, env=env)

    # --- implied checks ---------------------------------------------------------------------

    def implied(self) -> Iterator[Candidate]:
        for key, service in self.environment.services.items():
            health = service.fields.get("health_check")
            if health is not None and service.type in ("web", "pserv"):
                yield f"{key}.health", key, functools.partial(self._health, service, health)
        for name, holders, var in self._connection_variables():
            services = ",".join(holders)
            yield name, services, functools.partial(self._connectivity, name, services, var)

    def _health(self, service: ResolvedService, health: object) -> PlannedCheck:
        path = getattr(health, "path", "/")
        given = getattr(health, "timeout", None)
        target = HttpTarget(
            url=self._service_url(service.key) + path,
            conditions=("[STATUS] < 400",),
            timeout=given if given is not None else self.settings.timeout,
        )
        return PlannedCheck(
            name=f"{service.key}.health",
            kind="http",
            environment=self.environment.name,
            service=service.key,
            target=target,
            origin=f"health check path {path}",
            timing=self._timing(None, None),
        )

    def _connection_variables(self) -> list[tuple[str, list[str], ResolvedVar]]:
        found: dict[tuple[str, str | None], tuple[list[str], ResolvedVar]] = {}
        for key, service in self.environment.services.items():
            for var in service.variables.values():
                if var.spec.type in _CONNECTIVITY_TYPES:
                    holders, _ = found.setdefault((var.name, var.value), ([], var))
                    holders.append(key)
        names = [name for name, _ in found]
        return [
            (name if names.count(name) == 1 else f"{holders[0]}.{name}", holders, var)
            for (name, _), (holders, var) in found.items()
        ]

    def _connectivity(self, name: str, services: str, var: ResolvedVar) -> PlannedCheck:
        if not _known(var):
            raise Unplannable(f"{var.name} has no value here ({var.origin.value}: {var.detail})")
        value, timeout = var.value or "", self.settings.timeout
        target: Target
        kind = var.spec.type
        if kind == "postgres_url":
            target, probe = PostgresTarget(dsn=Secret(value), timeout=timeout), "postgres"
        elif kind == "redis_url":
            target, probe = RedisTarget(url=Secret(value), timeout=timeout), "redis"
        else:
            host, port = _host_port(value)
            target, probe = TcpTarget(host=host, port=port, timeout=timeout), "tcp"
        return PlannedCheck(
            name=name,
            kind=probe,
            environment=self.environment.name,
            service=services,
            target=target,
            origin=f"{var.name} is a {kind.replace('_', ' ')}",
            timing=self._timing(None, None),
        )

    # --- scenarios ----------------------------------------------------------------------------

    def scenario(self, spec: ScenarioSpec) -> Scenario:
        base = self._service_url(spec.service)
        return Scenario(
            name=spec.name,
            environment=self.environment.name,
            service=spec.service,
            steps=tuple(self._step(base, step) for step in spec.steps),
        )

    def _step(self, base: str, spec: StepSpec) -> Step:
        url = self._text(spec.url) if spec.url else base + (spec.path or "")
        request = HttpTarget(
            url=url,
            method=spec.method.upper(),
            headers=self._headers(spec.headers),
            body=spec.body,
            json=spec.json_body,
            conditions=(),
            timeout=spec.timeout if spec.timeout is not None else self.settings.timeout,
        )
        return Step(
            name=spec.name,
            request=request,
            expect=spec.expect,
            capture=dict(spec.capture),
            until=spec.until,
            every=spec.every,
            within=spec.within,
        )

    # --- shared -------------------------------------------------------------------------------

    def _timing(self, retries: int | None, startup: StartupSpec | None) -> Timing:
        chosen = startup or self.settings.startup
        return Timing(
            startup=Startup(chosen.initial_delay, chosen.period, chosen.failure_threshold)
            if chosen
            else None,
            retries=self.settings.retries if retries is None else retries,
            backoff=self.settings.backoff,
        )

    def _service(self, key: str) -> ResolvedService:
        if key not in self.environment.services:
            raise Unplannable(f"service {key} does not run in {self.environment.name}")
        return self.environment.services[key]

    def _service_url(self, key: str | None) -> str:
        if key is None:
            raise Unplannable("no service to send the request to")
        url = self._service(key).fields.get("url")
        if not url:
            raise Unplannable(
                f"{key} has no url in {self.environment.name}: set "
                f"environments.{self.environment.name}.services.{key}.url"
            )
        return self._text(str(url)).rstrip("/")

    def _value(self, service: str | None, variable: str) -> Secret:
        holders = [self._service(service)] if service else list(self.environment.services.values())
        for holder in holders:
            var = holder.variables.get(variable)
            if var is not None and _known(var):
                return Secret(var.value or "")
            if var is not None:
                raise Unplannable(
                    f"{variable} has no value here ({var.origin.value}: {var.detail})"
                )
        where = f"service {service}" if service else self.environment.name
        raise Unplannable(f"{variable} is not set in {where}")

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {name: self._text(value) for name, value in headers.items()}

    def _text(self, text: str) -> str:
        if "${" not in text:
            return text
        filled = fill(text, self.inputs.environ, self.inputs.files)
        if filled.value is None:
            missing = ", ".join(f"${{{r.kind}:{r.argument}}}" for r in filled.unresolved)
            raise Unplannable(f"{missing} is not set")
        return filled.value


def _known(var: ResolvedVar) -> bool:
    return var.known and bool(var.value)


def _host_port(url: str) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise Unplannable(f"not a URL with a host and port: {exc}") from None
    if not host:
        raise Unplannable("the URL names no host")
    return host, port or _BROKER_PORTS.get(parts.scheme.partition("+")[0], 0)
