"""Render and Supabase: every spelling of one platform resource is one identity."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest

from parity.resources import Resource
from parity.resources.platforms import render_host_id, render_ids, supabase_ref

Identify = Callable[..., tuple[Resource, ...]]

DPG = "dpg-cl7r4ns27mfs73ecv1kg"
RED = "red-cl7r4ns27mfs73ecv2ab"
REF = "abcdefghijklmnopqrst"


def of_kind(found: tuple[Resource, ...], kind: str) -> list[Resource]:
    return [r for r in found if r.kind == kind]


def jwt(payload: dict[str, str]) -> str:
    def part(data: dict[str, str]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://app:pw@{DPG}-a/app",
        f"postgresql://app:pw@{DPG}-a.oregon-postgres.render.com/app",
        f"postgres://app:other@{DPG}-a.frankfurt-postgres.render.com:5432/app?sslmode=require",
    ],
)
def test_render_postgres_internal_and_external_hosts_are_one_database(
    find: Identify, url: str
) -> None:
    found = find(url)
    assert found[0].identity == ("postgres", f"render:{DPG}", "5432", "app")
    assert of_kind(found, "render-resource") == [
        Resource("render-resource", ("render", DPG), None, f"Render Postgres {DPG}")
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"redis://{RED}:6379",
        f"rediss://{RED}:secret@oregon-keyvalue.render.com:6379",
        f"rediss://red:secret@{RED}.oregon-redis.render.com:6379",
        f"rediss://{RED}:secret@{RED}.virginia-keyvalue.render.com:6379",
    ],
)
def test_render_key_value_hosts_with_the_id_as_user_or_subdomain(find: Identify, url: str) -> None:
    found = find(url)
    assert found[0].identity == ("redis", f"render:{RED}", "6379", "0")
    assert [r.identity for r in of_kind(found, "render-resource")] == [("render", RED)]


def test_render_host_ids_need_a_render_host() -> None:
    assert render_host_id(f"{DPG}-a.example.com") is None
    assert render_host_id("oregon-keyvalue.render.com", "default") is None
    assert render_host_id(f"{DPG}-a") == DPG


def test_render_ids_anywhere_in_a_value(find: Identify) -> None:
    service, cron = "srv-cq1234abcdefgh567890", "crn-cq1234abcdefgh567891"
    found = find(f"{service},{cron}", name="RENDER_SERVICES")
    assert [(r.identity, r.label) for r in found] == [
        (("render", service), f"Render service {service}"),
        (("render", cron), f"Render cron job {cron}"),
    ]
    assert render_ids("srv-short") == ()
    assert render_ids(f"x{service}") == ()


def test_render_dashboard_url_names_the_service(find: Identify) -> None:
    service = "srv-cq1234abcdefgh567890"
    found = find(f"https://dashboard.render.com/web/{service}/logs")
    assert [r.identity for r in found] == [("render", service)]


def test_onrender_hosts_are_the_apps_own_domain(find: Identify) -> None:
    assert [r.identity for r in find("https://myapp.onrender.com")] == [
        ("domain", "myapp.onrender.com")
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://postgres:pw@db.{REF}.supabase.co:5432/postgres",
        f"postgresql://postgres.{REF}:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres",
        f"postgresql://postgres.{REF}:pw@aws-1-eu-west-2.pooler.supabase.com:5432/postgres",
    ],
)
def test_supabase_direct_and_pooler_urls_are_one_database(find: Identify, url: str) -> None:
    found = find(url)
    assert found[0].identity == ("postgres", f"supabase:{REF}", "5432", "postgres")
    assert [r.identity for r in of_kind(found, "supabase-project")] == [("supabase", REF)]


def test_two_projects_on_one_pooler_host_are_two_databases(find: Identify) -> None:
    pooler = "aws-0-us-east-1.pooler.supabase.com:6543/postgres"
    one = find(f"postgresql://postgres.{REF}:pw@{pooler}")[0]
    two = find(f"postgresql://postgres.zyxwvutsrqponmlkjihg:pw@{pooler}")[0]
    assert one.identity != two.identity


@pytest.mark.parametrize(
    "url",
    [
        f"https://{REF}.supabase.co",
        f"https://{REF}.supabase.co/storage/v1/object/public/avatars",
        f"https://{REF}.functions.supabase.co/hello",
    ],
)
def test_supabase_api_urls_name_the_project_and_no_domain(find: Identify, url: str) -> None:
    assert [(r.kind, r.identity) for r in find(url)] == [("supabase-project", ("supabase", REF))]


def test_supabase_jwt_names_the_project_and_is_a_key(find: Identify) -> None:
    token = jwt({"iss": "supabase", "ref": REF, "role": "service_role"})
    found = find(token, name="SUPABASE_SERVICE_ROLE_KEY")
    assert [r.kind for r in found] == ["api-key", "supabase-project"]
    assert found[0].label.startswith("Supabase service-role key fp:")
    assert found[1].identity == ("supabase", REF)
    assert all(token not in r.label for r in found)


def test_supabase_ref_rules() -> None:
    assert supabase_ref(f"db.{REF}.supabase.co") == REF
    assert supabase_ref("db.supabase.co") is None
    assert supabase_ref("aws-0-us-east-1.pooler.supabase.com", "postgres") is None
    assert supabase_ref("example.com") is None
