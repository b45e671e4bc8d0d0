"""The desired-state vocabulary: what a parity.yaml says, as strict, frozen pydantic models."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    field_validator,
)

from parity.verify.spec import CheckSpec, ScenarioSpec, VerifySettings

ServiceType = Literal["web", "worker", "pserv", "cron", "keyvalue", "static"]
VarType = Literal[
    "string",
    "int",
    "float",
    "bool",
    "url",
    "postgres_url",
    "mysql_url",
    "mongodb_url",
    "redis_url",
    "amqp_url",
    "s3_bucket",
    "email",
    "url_list",
    "secret",
]
ResourceKind = Literal[
    "database",
    "cache",
    "broker",
    "bucket",
    "credential",
    "api-key",
    "sentry-project",
    "supabase-project",
    "render-resource",
    "channel",
    "webhook",
    "domain",
    "search",
]
EnvironmentKind = Literal["production", "staging", "preview", "development", "test"]


class Strict(BaseModel):
    """Base for manifest models: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class VarSpec(Strict):
    """Schema of one variable: its type, constraints, and how it may relate across environments."""

    type: VarType = "string"
    required: bool = False
    default: str | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    secret: bool | None = None
    resource: ResourceKind | None = None
    shared: bool = False
    services: tuple[str, ...] | None = None
    description: str | None = None


class Generate(Strict):
    """A value the platform generates once per environment (Render's `generateValue`)."""

    generate: Literal[True]


class FromPlatform(Strict):
    """A value entered on the platform, never in the manifest (Render's `sync: false`)."""

    from_platform: Literal[True]


class FromDatabase(Strict):
    """A property of a database declared in the manifest or existing on the platform."""

    from_database: str
    property: Literal["connectionString", "host", "port", "user", "password", "database"] = (
        "connectionString"
    )


class FromService(Strict):
    """A property of another service, or one of its variables (`env_var`)."""

    from_service: str
    type: str | None = None
    property: Literal["host", "port", "hostport", "connectionString"] | None = None
    env_var: str | None = None


Reference = FromDatabase | FromService

_VALUE_FORMS = ("generate", "from_platform", "from_database", "from_service")


def _scalar_as_text(value: object) -> object:
    """YAML reads `8000`, `true` and `off` as numbers and booleans; a variable is always text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):  # YAML reads 2024-05-01 as a date
        return value.isoformat()
    return value


def _value_form(value: object) -> str:
    if isinstance(value, dict):
        return next((form for form in _VALUE_FORMS if form in value), "unknown-form")
    return "text" if value is not None else "unset"


_TaggedValue = Annotated[
    Annotated[str, Tag("text")]
    | Annotated[None, Tag("unset")]
    | Annotated[Generate, Tag("generate")]
    | Annotated[FromPlatform, Tag("from_platform")]
    | Annotated[FromDatabase, Tag("from_database")]
    | Annotated[FromService, Tag("from_service")],
    Discriminator(
        _value_form,
        custom_error_type="value_form",
        custom_error_message=(
            "a variable value must be text, null (unset), or a mapping with one of "
            "generate, from_platform, from_database, from_service"
        ),
    ),
]
VarValue = Annotated[_TaggedValue, BeforeValidator(_scalar_as_text)]


class HealthCheck(Strict):
    """How the platform and `parity verify` decide a web service is healthy."""

    path: str
    timeout: float | None = None
    interval: float | None = None
    grace: float | None = None


class BuildFilter(Strict):
    """Which changed paths trigger a build."""

    paths: tuple[str, ...] = ()
    ignored_paths: tuple[str, ...] = ()


class Scaling(Strict):
    """Autoscaling bounds and targets."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)
    target_cpu_percent: int | None = None
    target_memory_percent: int | None = None


class Disk(Strict):
    """A persistent disk attached to a service."""

    name: str
    mount_path: str
    size_gb: int | None = None


class ServiceFields(Strict):
    """Every configurable field of a service; all optional so environments can override any."""

    runtime: str | None = None
    repo: str | None = None
    branch: str | None = None
    root_dir: str | None = None
    dockerfile: str | None = None
    docker_context: str | None = None
    docker_command: str | None = None
    image: str | None = None
    build_command: str | None = None
    start_command: str | None = None
    pre_deploy_command: str | None = None
    static_publish_path: str | None = None
    schedule: str | None = None
    region: str | None = None
    plan: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    health_check: HealthCheck | None = None
    auto_deploy: StrictBool | None = None
    build_filter: BuildFilter | None = None
    instances: int | None = Field(default=None, ge=0)
    scaling: Scaling | None = None
    domains: tuple[str, ...] | None = None
    disk: Disk | None = None
    ip_allow_list: tuple[dict[str, str], ...] | None = None
    maxmemory_policy: str | None = None
    url: str | None = None  # where the service answers in an environment; what verify calls
    platform: dict[str, Any] | None = None


class ServiceSpec(ServiceFields):
    """A service as production runs it; `name` pins its platform name instead of the template."""

    type: ServiceType
    name: str | None = None
    groups: tuple[str, ...] = ()


class DatabaseSpec(Strict):
    """A managed database the manifest owns (one per environment)."""

    engine: Literal["postgres", "mysql"] = "postgres"
    name: str | None = None
    plan: str | None = None
    region: str | None = None
    version: str | None = None
    database_name: str | None = None
    user: str | None = None
    disk_size_gb: int | None = None
    ip_allow_list: tuple[dict[str, str], ...] | None = None
    platform: dict[str, Any] | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


Variables = dict[str, VarValue]


class ServiceOverride(ServiceFields):
    """What one environment changes for one service: fields, name, variables, or removal."""

    name: str | None = None
    enabled: bool = True
    variables: Variables = Field(default_factory=dict)


class DatabaseOverride(Strict):
    """What one environment changes for one database."""

    name: str | None = None
    plan: str | None = None
    region: str | None = None
    disk_size_gb: int | None = None


class EnvironmentSpec(Strict):
    """One environment: standalone, or `extends` another and declares only its adaptations."""

    extends: str | None = None
    kind: EnvironmentKind | None = None
    name_template: str | None = None
    overrides: ServiceFields | None = None
    variables: Variables = Field(default_factory=dict)
    groups: dict[str, Variables] = Field(default_factory=dict)
    services: dict[str, ServiceOverride] = Field(default_factory=dict)
    databases: dict[str, DatabaseOverride] = Field(default_factory=dict)
    differs: tuple[str, ...] = ()


NameStr = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class Manifest(Strict):
    """A whole parity.yaml: the app, its services and databases, environments, variable schema."""

    version: Literal[1] = 1
    app: NameStr
    platform: Literal["render"] = "render"
    services: dict[str, ServiceSpec] = Field(default_factory=dict)
    databases: dict[str, DatabaseSpec] = Field(default_factory=dict)
    variables: dict[str, VarSpec] = Field(default_factory=dict)
    environments: dict[str, EnvironmentSpec]
    verify: VerifySettings = Field(default_factory=VerifySettings)
    checks: tuple[CheckSpec, ...] = ()
    scenarios: tuple[ScenarioSpec, ...] = ()
