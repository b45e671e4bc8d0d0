"""What a parity.yaml may declare for verification: checks, smoke scenarios, and their timing."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from parity.durations import parse_duration


def _seconds(value: object) -> object:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    return value


Seconds = Annotated[float, BeforeValidator(_seconds), Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StartupSpec(_Strict):
    """A start-up grace period, as Kubernetes' startupProbe."""

    initial_delay: Seconds = 0.0
    period: Seconds = 2.0
    failure_threshold: int = Field(default=3, ge=1)


class _CheckBase(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    service: str | None = None
    environments: tuple[str, ...] | None = None
    timeout: Seconds | None = None
    retries: int | None = Field(default=None, ge=0, le=20)
    startup: StartupSpec | None = None


class HttpCheckSpec(_CheckBase):
    """An HTTP request to `url`, or to `path` under the service's url, and its conditions."""

    kind: Literal["http"]
    url: str | None = None
    path: str | None = None
    method: str = "GET"
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = None
    json_body: Any = Field(default=None, alias="json")
    conditions: tuple[str, ...] = ("[STATUS] == 200",)


class TcpCheckSpec(_CheckBase):
    """A TCP connect to host:port, or to the host and port of a variable's URL."""

    kind: Literal["tcp"]
    host: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    variable: str | None = None


class PostgresCheckSpec(_CheckBase):
    """Connect with a variable's URL, SELECT 1; optionally require a schema."""

    kind: Literal["postgres"]
    variable: str = "DATABASE_URL"
    schema_name: str | None = Field(default=None, alias="schema")


class RedisCheckSpec(_CheckBase):
    """PING with a variable's URL."""

    kind: Literal["redis"]
    variable: str = "REDIS_URL"


class CommandCheckSpec(_CheckBase):
    """A command with a timeout; with a service, it runs with that service's variables."""

    kind: Literal["command"]
    command: str | tuple[str, ...]
    cwd: str | None = None


class ApiKeyCheckSpec(_CheckBase):
    """Ask a provider's endpoint with a variable's key; 2xx passes, 401/403 fails."""

    kind: Literal["api_key"]
    variable: str
    url: str
    header: str = "Authorization"
    scheme: str = "Bearer"


CheckSpec = Annotated[
    HttpCheckSpec
    | TcpCheckSpec
    | PostgresCheckSpec
    | RedisCheckSpec
    | CommandCheckSpec
    | ApiKeyCheckSpec,
    Field(discriminator="kind"),
]


class StepSpec(_Strict):
    """One HTTP step of a scenario; `{name}` uses a value captured by an earlier step."""

    name: str
    method: str = "GET"
    path: str | None = None
    url: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = None
    json_body: Any = Field(default=None, alias="json")
    expect: tuple[str, ...] = ("[STATUS] < 400",)
    capture: dict[str, str] = Field(default_factory=dict)
    until: tuple[str, ...] = ()
    every: Seconds = 1.0
    within: Seconds = 30.0
    timeout: Seconds | None = None


class ScenarioSpec(_Strict):
    """A named sequence of HTTP steps against one service, sharing captured values."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    service: str
    environments: tuple[str, ...] | None = None
    steps: tuple[StepSpec, ...] = Field(min_length=1)


class VerifySettings(_Strict):
    """Defaults for every check of a run."""

    timeout: Seconds = 10.0
    retries: int = Field(default=2, ge=0, le=20)
    backoff: Seconds = 0.5
    concurrency: int = Field(default=50, ge=1, le=1000)
    deadline: Seconds | None = None
    startup: StartupSpec | None = None
    implied: bool = True
