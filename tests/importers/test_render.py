"""Importing Render Blueprints: every field and env var form, deprecated spellings, environments."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.errors import InputError
from parity.importers import IMPORTERS, Imported
from parity.importers.render import import_render
from parity.manifest.load import parse_manifest

FILE = "/srv/shop/render.yaml"


def imported(text: str, app: str | None = None) -> Imported:
    """Import a Blueprint and check that the document is a valid manifest."""
    result = import_render(textwrap.dedent(text), FILE, app=app)
    parse_manifest(yaml.safe_dump(result.document, sort_keys=False), "parity.yaml")
    return result


def one_service(env_vars: str, extra: str = "") -> str:
    """A Blueprint with one web service `shop-web` and database `shop-db`."""
    indented = textwrap.indent(textwrap.dedent(env_vars), " " * 6)
    return (
        "services:\n  - type: web\n    name: shop-web\n    runtime: node\n"
        + textwrap.indent(textwrap.dedent(extra), " " * 4)
        + "    envVars:\n"
        + indented
        + "databases:\n  - name: shop-db\n"
    )


def env(result: Imported, name: str = "production") -> dict[str, Any]:
    environment: dict[str, Any] = result.document["environments"][name]
    return environment


def variables(result: Imported, name: str = "production", key: str = "web") -> dict[str, Any]:
    found: dict[str, Any] = env(result, name).get("services", {}).get(key, {}).get("variables", {})
    return found


def messages(result: Imported) -> list[str]:
    return [note.message for note in result.notes]


# env var forms


def test_scalar_values_become_text() -> None:
    result = imported(
        one_service("""\
            - key: NAME
              value: shop
            - key: PORT
              value: 8000
            - key: RATIO
              value: 0.5
            - key: ENABLED
              value: true
            """)
    )
    assert variables(result) == {"NAME": "shop", "PORT": "8000", "RATIO": "0.5", "ENABLED": "true"}
    assert result.notes == ()


def test_yaml_11_booleans_become_text_with_a_note_naming_the_original() -> None:
    result = imported(
        one_service("""\
            - key: MODE
              value: off
            - key: OTHER
              value: yes
            """)
    )
    assert variables(result) == {"MODE": "false", "OTHER": "true"}
    first, second = result.notes
    assert "'off'" in first.message and (first.location.line, first.location.field) == (
        7,
        "services[0].envVars[0].value",
    )
    assert "'yes'" in second.message


def test_numbers_written_differently_from_their_text_get_a_note() -> None:
    result = imported(one_service("- key: TIMEOUT\n  value: 100_000\n"))
    assert variables(result) == {"TIMEOUT": "100000"}
    assert "'100_000'" in messages(result)[0]


def test_a_null_value_is_unset_with_a_note() -> None:
    result = imported(one_service("- key: EMPTY\n  value:\n"))
    assert variables(result) == {"EMPTY": None}
    assert "imported as unset" in messages(result)[0]


def test_generate_value_and_sync_false() -> None:
    result = imported(
        one_service("""\
            - key: SESSION_SECRET
              generateValue: true
            - key: STRIPE_API_KEY
              sync: false
            - key: SUPPORT_EMAIL
              sync: false
            """)
    )
    assert variables(result) == {
        "SESSION_SECRET": {"generate": True},
        "STRIPE_API_KEY": {"from_platform": True},
        "SUPPORT_EMAIL": {"from_platform": True},
    }
    assert variables(result, "staging") == {
        "STRIPE_API_KEY": "${env:STAGING_STRIPE_API_KEY}",
        "SUPPORT_EMAIL": "${env:STAGING_SUPPORT_EMAIL}",
    }
    assert result.document["variables"]["SESSION_SECRET"]["secret"] is True
    assert any("SUPPORT_EMAIL is entered on the platform" in d for d in result.decisions)


def test_from_database_uses_the_manifest_key_and_stays_to_derivation() -> None:
    result = imported(
        one_service("""\
            - key: DATABASE_URL
              fromDatabase: {name: shop-db, property: connectionString}
            - key: DB_HOST
              fromDatabase: {name: shop-db, property: host}
            """)
    )
    assert variables(result) == {
        "DATABASE_URL": {"from_database": "db", "property": "connectionString"},
        "DB_HOST": {"from_database": "db", "property": "host"},
    }
    assert variables(result, "staging") == {}
    assert result.decisions == ()


def test_a_dangling_from_database_gets_a_note_a_decision_and_its_own_staging_value() -> None:
    result = imported(one_service("- key: DATABASE_URL\n  fromDatabase: {name: prod-db}\n"))
    assert variables(result)["DATABASE_URL"] == {
        "from_database": "prod-db",
        "property": "connectionString",
    }
    assert variables(result, "staging") == {"DATABASE_URL": "${env:STAGING_DATABASE_URL}"}
    (decision,) = result.decisions
    assert decision.startswith(
        "DATABASE_URL reads database 'prod-db', which this Blueprint does not define: "
        "staging would share it with production"
    )
    (note,) = result.notes
    assert note.location.field == "services[0].envVars[0].fromDatabase.name"


def test_connection_pool_string_is_read_as_connection_string_with_a_note() -> None:
    result = imported(
        one_service(
            "- key: DATABASE_URL\n  fromDatabase: {name: shop-db, property: connectionPoolString}\n"
        )
    )
    assert variables(result)["DATABASE_URL"]["property"] == "connectionString"
    assert "connectionPoolString" in messages(result)[0]


def test_from_service_property_and_env_var_key() -> None:
    text = """\
        services:
          - type: web
            name: shop-web
            runtime: node
            envVars:
              - key: API_URL
                fromService: {type: web, name: shop-api, envVarKey: RENDER_EXTERNAL_URL}
              - key: REDIS_URL
                fromService: {type: redis, name: shop-cache, property: connectionString}
          - {type: web, name: shop-api, runtime: node}
          - {type: keyvalue, name: shop-cache, ipAllowList: []}
        """
    result = imported(text)
    assert variables(result) == {
        "API_URL": {"from_service": "api", "type": "web", "env_var": "RENDER_EXTERNAL_URL"},
        "REDIS_URL": {"from_service": "cache", "type": "keyvalue", "property": "connectionString"},
    }
    assert result.notes == () and result.decisions == ()


def test_from_group_links_the_group_and_an_undefined_group_is_dropped() -> None:
    text = one_service("- fromGroup: settings\n- fromGroup: elsewhere\n") + textwrap.dedent("""\
        envVarGroups:
          - name: settings
            envVars:
              - key: LOG_LEVEL
                value: info
              - key: MAIL_PASSWORD
                sync: false
        """)
    result = imported(text)
    assert result.document["services"]["web"]["groups"] == ["settings"]
    assert env(result)["groups"] == {
        "settings": {"LOG_LEVEL": "info", "MAIL_PASSWORD": {"from_platform": True}}
    }
    assert env(result, "staging")["groups"] == {
        "settings": {"MAIL_PASSWORD": "${env:STAGING_MAIL_PASSWORD}"}
    }
    assert any("'elsewhere' is not defined" in m for m in messages(result))
    assert any("links environment group 'elsewhere'" in d for d in result.decisions)


def test_a_group_with_null_env_vars_is_an_empty_group_with_a_note() -> None:
    result = imported("envVarGroups:\n  - name: mail\n    envVars:\n")
    assert env(result)["groups"] == {"mail": {}}
    assert "has no variables" in messages(result)[0]


def test_preview_values_are_kept_under_platform_unless_secret() -> None:
    result = imported(
        one_service("""\
            - key: FEATURE
              value: a
              previewValue: b
            - key: PAYMENT_API_KEY
              value: live-key-123456
              previewValue: test-key-123456
            """)
    )
    assert result.document["services"]["web"]["platform"] == {"previewValues": {"FEATURE": "b"}}
    assert "test-key" not in yaml.safe_dump(result.document)


def test_a_literal_secret_is_not_copied() -> None:
    result = imported(one_service("- key: STRIPE_SECRET_KEY\n  value: sk_live_abcdefghijklmnop\n"))
    assert variables(result) == {"STRIPE_SECRET_KEY": {"from_platform": True}}
    assert variables(result, "staging") == {"STRIPE_SECRET_KEY": "${env:STAGING_STRIPE_SECRET_KEY}"}
    assert "sk_live" not in yaml.safe_dump(result.document)
    assert "literal secret" in messages(result)[0]


def test_resource_literals_get_their_own_staging_value() -> None:
    result = imported(one_service("- key: REDIS_URL\n  value: redis://cache.internal:6379\n"))
    assert variables(result) == {"REDIS_URL": "redis://cache.internal:6379"}
    assert variables(result, "staging") == {"REDIS_URL": "${env:STAGING_REDIS_URL}"}


def test_dollar_braces_in_values_stay_literal() -> None:
    result = imported(one_service("- key: TEMPLATE\n  value: 'host=${DB_HOST}'\n"))
    assert variables(result) == {"TEMPLATE": "host=$${DB_HOST}"}


def test_non_standard_env_var_keys_are_noted_kept_and_read_as_hints() -> None:
    result = imported(
        one_service("""\
            - key: ASSEMBLYAI_TOKEN
              displayName: AssemblyAI
              description: the voice API key
              sensitive: true
              sync: false
            """)
    )
    platform = result.document["services"]["web"]["platform"]
    assert platform["envVarExtras"]["ASSEMBLYAI_TOKEN"]["displayName"] == "AssemblyAI"
    assert result.document["variables"]["ASSEMBLYAI_TOKEN"]["description"] == "the voice API key"
    assert sum("unknown key" in m for m in messages(result)) == 3


def test_odd_entries_are_noted_and_skipped() -> None:
    result = imported(
        one_service("""\
            - just text
            - value: no key
            - key: 1BAD
              value: x
            - key: NO_VALUE
            """)
    )
    assert variables(result) == {"NO_VALUE": None}
    assert len(result.notes) == 4


# service and database fields


def test_every_modelled_service_field_is_mapped() -> None:
    text = """\
        services:
          - type: web
            name: shop-web
            runtime: docker
            repo: https://github.com/acme/shop
            branch: main
            rootDir: app
            dockerfilePath: ./Dockerfile
            dockerContext: .
            dockerCommand: ./start
            buildCommand: make
            startCommand: ./run
            preDeployCommand: ./migrate
            region: frankfurt
            plan: Standard
            healthCheckPath: /health
            numInstances: 2
            scaling:
              {minInstances: 1, maxInstances: 3, targetCPUPercent: 60, targetMemoryPercent: 70}
            domains: [shop.example.com]
            domain: www.shop.example.com
            disk: {name: data, mountPath: /data, sizeGB: 10}
            buildFilter: {paths: [src/**], ignoredPaths: [docs/**]}
            ipAllowList: [{source: 0.0.0.0/0, description: everywhere}]
            autoDeployTrigger: checksPass
            initialDeployHook: ./seed
            maxShutdownDelaySeconds: 60
            image: {url: ignored-for-docker, creds: {fromRegistryCreds: {name: hub}}}
        """
    result = imported(text, app="shop")
    assert result.document["services"]["web"] == {
        "type": "web",
        "runtime": "docker",
        "repo": "https://github.com/acme/shop",
        "branch": "main",
        "root_dir": "app",
        "dockerfile": "./Dockerfile",
        "docker_context": ".",
        "docker_command": "./start",
        "build_command": "make",
        "start_command": "./run",
        "pre_deploy_command": "./migrate",
        "region": "frankfurt",
        "plan": "standard",
        "health_check": {"path": "/health"},
        "instances": 2,
        "scaling": {"min": 1, "max": 3, "target_cpu_percent": 60, "target_memory_percent": 70},
        "domains": ["shop.example.com", "www.shop.example.com"],
        "disk": {"name": "data", "mount_path": "/data", "size_gb": 10},
        "build_filter": {"paths": ["src/**"], "ignored_paths": ["docs/**"]},
        "ip_allow_list": [{"source": "0.0.0.0/0", "description": "everywhere"}],
        "auto_deploy": True,
        "image": "ignored-for-docker",
        "platform": {
            "autoDeployTrigger": "checksPass",
            "initialDeployHook": "./seed",
            "maxShutdownDelaySeconds": 60,
            "image": {"creds": {"fromRegistryCreds": {"name": "hub"}}},
        },
    }
    assert messages(result) == ["plan 'Standard' written as 'standard'"]


def test_cron_static_keyvalue_and_worker_types() -> None:
    text = """\
        services:
          - {type: cron, name: a-job, runtime: python, schedule: "0 3 * * *"}
          - {type: web, name: a-site, runtime: static, staticPublishPath: ./dist}
          - {type: keyvalue, name: a-cache, ipAllowList: [], maxmemoryPolicy: noeviction}
          - {type: worker, name: a-worker, runtime: python}
          - {type: pserv, name: a-private, runtime: docker}
        """
    services = imported(text).document["services"]
    assert services["job"] == {"type": "cron", "runtime": "python", "schedule": "0 3 * * *"}
    assert services["site"] == {"type": "static", "static_publish_path": "./dist"}
    assert services["cache"]["maxmemory_policy"] == "noeviction"
    assert [s["type"] for s in services.values()] == [
        "cron",
        "static",
        "keyvalue",
        "worker",
        "pserv",
    ]


def test_unknown_service_keys_are_noted_and_kept_under_platform() -> None:
    result = imported("services:\n  - {type: web, name: web, runtime: node, futureKey: {a: 1}}\n")
    assert result.document["services"]["web"]["platform"] == {"futureKey": {"a": 1}}
    (note,) = result.notes
    assert note.message == "unknown key 'futureKey' (Render may have added it; kept under platform)"
    assert (note.location.line, note.location.field) == (2, "services[0].futureKey")


def test_wrongly_typed_fields_are_noted_and_kept_under_platform() -> None:
    text = """\
        services:
          - type: web
            name: web
            runtime: node
            numInstances: many
            disk: {mountPath: /data}
            branch: [main]
        """
    result = imported(text)
    assert result.document["services"]["web"]["platform"] == {
        "numInstances": "many",
        "disk": {"mountPath": "/data"},
        "branch": ["main"],
    }
    assert len(result.notes) == 3


def test_services_without_a_usable_type_or_name_are_left_out_with_a_note() -> None:
    result = imported("services:\n  - {type: job, name: x}\n  - {type: web}\n  - 7\n")
    assert result.document["services"] == {}
    assert len(result.notes) == 3


def test_databases_are_mapped() -> None:
    text = """\
        databases:
          - name: shop-db
            plan: Basic-1gb
            region: oregon
            postgresMajorVersion: 16
            databaseName: shop
            user: shop
            diskSizeGB: 20
            ipAllowList: []
            readReplicas: [{name: shop-replica}]
            highAvailability: {enabled: true}
        """
    result = imported(text, app="shop")
    assert result.document["databases"]["db"] == {
        "engine": "postgres",
        "plan": "basic-1gb",
        "region": "oregon",
        "version": "16",
        "database_name": "shop",
        "user": "shop",
        "disk_size_gb": 20,
        "ip_allow_list": [],
        "platform": {
            "readReplicas": [{"name": "shop-replica"}],
            "highAvailability": {"enabled": True},
        },
    }


# deprecated spellings


def test_deprecated_spellings_are_read_with_one_note_each() -> None:
    text = """\
        services:
          - {type: redis, name: shop-cache, ipAllowList: []}
          - {type: web, name: shop-web, env: node, autoDeploy: false, previewPlan: starter,
             pullRequestPreviewsEnabled: true}
          - {type: web, name: shop-site, env: static, autoDeploy: true}
        """
    result = imported(text)
    services = result.document["services"]
    assert services["cache"]["type"] == "keyvalue"
    assert services["web"]["runtime"] == "node" and services["web"]["auto_deploy"] is False
    assert services["web"]["platform"] == {
        "previewPlan": "starter",
        "pullRequestPreviewsEnabled": True,
    }
    assert services["site"] == {"type": "static", "auto_deploy": True}
    deprecated = [m for m in messages(result) if "deprecated spelling" in m]
    assert len(deprecated) == 5


@pytest.mark.parametrize(
    ("trigger", "auto_deploy", "platform"),
    [
        ("off", False, None),
        ("'off'", False, None),
        ("commit", True, {"autoDeployTrigger": "commit"}),
    ],
)
def test_auto_deploy_trigger(trigger: str, auto_deploy: bool, platform: object) -> None:
    text = f"services:\n  - {{type: web, name: web, runtime: node, autoDeployTrigger: {trigger}}}\n"
    service = imported(text).document["services"]["web"]
    assert service["auto_deploy"] is auto_deploy
    assert service.get("platform") == platform


# naming


def test_the_shared_app_prefix_is_stripped_from_keys() -> None:
    result = imported(
        "services:\n  - {type: web, name: shop-web, runtime: node}\n"
        "databases:\n  - {name: shop-db}\n"
    )
    document = result.document
    assert document["app"] == "shop"
    assert list(document["services"]) == ["web"] and list(document["databases"]) == ["db"]
    assert env(result)["name_template"] == "{app}-{service}"
    assert env(result, "staging") == {
        "extends": "production",
        "name_template": "{app}-staging-{service}",
        "overrides": {"auto_deploy": False},
    }


def test_names_without_a_shared_prefix_are_kept() -> None:
    result = imported(
        "services:\n  - {type: web, name: web, runtime: node}\n"
        "  - {type: worker, name: queue, runtime: node}\n"
    )
    assert result.document["app"] == "shop"  # the directory's name
    assert list(result.document["services"]) == ["web", "queue"]
    assert env(result)["name_template"] == "{service}"
    assert env(result, "staging")["name_template"] == "{service}-staging"


def test_the_given_app_decides_the_prefix() -> None:
    result = imported("services:\n  - {type: web, name: shop-web, runtime: node}\n", app="other")
    assert result.document["app"] == "other"
    assert list(result.document["services"]) == ["shop-web"]


def test_duplicate_names_keep_the_first_with_a_note() -> None:
    result = imported(
        "services:\n  - {type: web, name: web, runtime: node}\n"
        "  - {type: worker, name: web, runtime: node}\n"
    )
    assert result.document["services"]["web"]["type"] == "web"
    assert "declared twice" in messages(result)[0]


# projects and environments

PROJECT = """\
projects:
  - name: shop
    environments:
      - name: staging
        services:
          - type: web
            name: shop-staging-web
            runtime: node
            plan: starter
            envVars:
              - {key: LOG_LEVEL, value: debug}
              - {key: NODE_VERSION, value: "20"}
              - {key: DATABASE_URL, fromDatabase: {name: shop-staging-db}}
        databases:
          - {name: shop-staging-db, plan: basic-256mb}
      - name: production
        networking: {isolation: enabled}
        permissions: {protection: enabled}
        services:
          - type: web
            name: shop-production-web
            runtime: node
            plan: standard
            envVars:
              - {key: LOG_LEVEL, value: info}
              - {key: NODE_VERSION, value: "20"}
              - {key: SENTRY_DSN, sync: false}
              - {key: DATABASE_URL, fromDatabase: {name: shop-production-db}}
          - {type: worker, name: shop-production-worker, runtime: node}
        databases:
          - {name: shop-production-db, plan: basic-1gb}
"""


def test_project_environments_extend_the_production_like_one() -> None:
    result = imported(PROJECT)
    document = result.document
    assert document["app"] == "shop"
    assert list(document["environments"]) == ["production", "staging"]
    assert env(result)["name_template"] == "{app}-{env}-{service}"
    assert document["services"]["web"]["plan"] == "standard"
    staging = env(result, "staging")
    assert staging["extends"] == "production"
    assert staging["name_template"] == "{app}-{env}-{service}"
    assert staging["services"]["web"] == {
        "plan": "starter",
        "variables": {"LOG_LEVEL": "debug", "SENTRY_DSN": None},
    }
    assert staging["services"]["worker"] == {"enabled": False}
    assert staging["databases"] == {"db": {"plan": "basic-256mb"}}
    assert "networking" in " ".join(messages(result))
    assert any("network isolation enabled" in d for d in result.decisions)


def test_a_single_project_environment_keeps_its_name_and_gets_a_staging() -> None:
    text = PROJECT.replace("name: staging", "name: test").split("      - name: production")[0]
    result = imported(text)
    assert list(result.document["environments"]) == ["test", "staging"]
    assert env(result, "staging")["extends"] == "test"


def test_services_only_one_environment_runs_are_disabled_elsewhere() -> None:
    text = PROJECT.replace("name: shop-staging-web", "name: shop-staging-admin")
    result = imported(text)
    environments = result.document["environments"]
    assert environments["staging"]["services"]["admin"]["enabled"] is True
    assert environments["production"]["services"]["admin"] == {"enabled": False}
    assert environments["staging"]["services"]["web"] == {"enabled": False}


def test_top_level_and_ungrouped_resources_join_the_base_environment() -> None:
    text = PROJECT + "ungrouped:\n  services:\n    - {type: cron, name: shop-backup, runtime: go}\n"
    result = imported(text)
    assert result.document["services"]["backup"]["type"] == "cron"
    assert any("ungrouped" in m for m in messages(result))


def test_preview_settings_are_noted_not_imported() -> None:
    result = imported("previews:\n  generation: off\npreviewsEnabled: true\nservices: []\n")
    notes = messages(result)
    assert any("YAML 1.1" in m and "'off'" in m for m in notes)
    assert sum("preview settings are not imported" in m for m in notes) == 2


def test_unknown_top_level_keys_and_versions_are_noted() -> None:
    result = imported("version: '2'\nfuture: 1\nservices: []\n")
    assert len(result.notes) == 2


def test_keys_written_twice_are_noted() -> None:
    result = imported("services: []\nservices:\n  - {type: web, name: web, runtime: node}\n")
    assert "written twice" in messages(result)[0]
    assert list(result.document["services"]) == ["web"]


# unreadable input


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("services: [\n", 2),
        ("- a\n- b\n", 1),
        ("just text\n", 1),
        ("", 1),
        ("x: 2024-13-45\n", 1),
    ],
)
def test_text_that_is_not_a_blueprint_raises_a_located_input_error(
    text: str, line: int | None
) -> None:
    with pytest.raises(InputError) as caught:
        import_render(text, FILE)
    (problem,) = caught.value.problems
    assert (problem.location.file, problem.location.line) == (FILE, line)


def test_a_self_referencing_alias_raises_a_located_input_error() -> None:
    text = "services:\n  - {type: web, name: web, runtime: node, routes: &r [*r]}\n"
    with pytest.raises(InputError) as caught:
        import_render(text, FILE)
    assert caught.value.problems[0].location.file == FILE


def test_the_registry_names_the_importer() -> None:
    assert IMPORTERS["render"] is import_render


# properties

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
)
_ANY = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_SERVICE_KEYS = [
    "type", "name", "runtime", "env", "plan", "envVars", "disk", "scaling", "image", "domains",
    "autoDeploy", "autoDeployTrigger", "numInstances", "ipAllowList", "buildFilter", "region",
    "healthCheckPath", "routes", "previews", "unknownThing",
]  # fmt: skip
_ENV_VAR_KEYS = [
    "key", "value", "sync", "generateValue", "fromDatabase", "fromService", "fromGroup",
    "previewValue", "sensitive", "description",
]  # fmt: skip
_NAMES = st.sampled_from(["shop-web", "shop-db", "shop-cache", "web", "settings", "x"])


def _entries(keys: list[str], special: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    values = {key: special.get(key, _ANY) for key in keys}
    return st.lists(
        st.dictionaries(st.sampled_from(keys), _ANY, max_size=6).flatmap(
            lambda picked: st.fixed_dictionaries({key: values[key] for key in picked})
        ),
        max_size=3,
    )


_REFERENCE = st.fixed_dictionaries(
    {"name": _NAMES}, optional={"property": _ANY, "type": _ANY, "envVarKey": _ANY}
)
_ENV_VARS = _entries(
    _ENV_VAR_KEYS,
    {
        "key": st.sampled_from(["A", "DATABASE_URL", "API_KEY", "1x"]) | _ANY,
        "fromDatabase": _REFERENCE,
        "fromService": _REFERENCE,
        "fromGroup": _NAMES,
    },
)
_SERVICES = _entries(
    _SERVICE_KEYS,
    {
        "type": st.sampled_from(["web", "worker", "pserv", "cron", "keyvalue", "redis"]) | _ANY,
        "name": _NAMES | _ANY,
        "envVars": _ENV_VARS,
    },
)
_GROUPS = _entries(["name", "envVars"], {"name": _NAMES, "envVars": _ENV_VARS})
_RESOURCES = st.fixed_dictionaries(
    {},
    optional={
        "services": _SERVICES,
        "databases": _entries(["name", "plan", "user"], {"name": _NAMES}),
        "envVarGroups": _GROUPS,
    },
)
_BLUEPRINTS = st.one_of(
    _RESOURCES,
    st.builds(
        lambda envs, extra: {"projects": [{"name": "shop", "environments": envs}], **extra},
        st.lists(
            _RESOURCES.map(lambda r: {**r, "name": "production"})
            | _RESOURCES.flatmap(
                lambda r: st.sampled_from(["staging", "test", "dev"]).map(
                    lambda n: {**r, "name": n}
                )
            ),
            max_size=3,
        ),
        _RESOURCES,
    ),
    _ANY,
)


def _check(text: str) -> None:
    try:
        imported(text)
    except InputError as error:
        assert error.problems
        assert all(problem.location.file == FILE for problem in error.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BLUEPRINTS)
def test_any_blueprint_shaped_data_imports_or_raises_a_located_input_error(data: Any) -> None:
    _check(yaml.safe_dump(data, sort_keys=False))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_imports_or_raises_a_located_input_error(text: str) -> None:
    _check(text)
