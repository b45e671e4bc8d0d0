"""identify(): routing, caching, robustness, and that no secret ever leaks into a Resource."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from parity.resources import KINDS, Resource, identify
from parity.secrets import Fingerprinter

Identify = Callable[..., tuple[Resource, ...]]
FINGERPRINT = Fingerprinter(b"parity-property-key")
HINTS = [*KINDS, "postgres_url", "redis_url", "s3_bucket", "secret", "url", "url_list", "string"]
NAMES = ["", "DATABASE_URL", "API_KEY", "ALLOWED_HOSTS", "S3_BUCKET", "SENTRY_DSN",
         "SLACK_WEBHOOK_URL", "SLACK_CHANNEL", "CORS_ORIGINS", "DB_PASSWORD"]  # fmt: skip
SCHEMES = ["postgresql", "postgres", "postgresql+asyncpg", "mysql", "mariadb", "mongodb",
           "mongodb+srv", "redis", "rediss", "valkey", "amqp", "amqps", "nats", "kafka", "http",
           "https", "s3", "gs", "ftp", "jdbc:postgresql"]  # fmt: skip
HOSTS = ["db.example.com", "localhost", "127.0.0.1", "[::1]", "h1:5432,h2:5433",
         "dpg-cl7r4ns27mfs73ecv1kg-a.oregon-postgres.render.com",
         "aws-0-us-east-1.pooler.supabase.com", "o1.ingest.sentry.io",
         "s3.amazonaws.com"]  # fmt: skip
KEY_PREFIXES = ["sk-", "sk-proj-", "sk-ant-", "sk_live_", "sk_test_", "rk_live_", "pk_live_",
                "whsec_", "xoxb-", "SG.", "ghp_", "github_pat_", "glpat-", "AIza", "phc_",
                "llx-", "rnd_"]  # fmt: skip
#: The fixed words of labels: a generated password that happens to be one proves nothing.
LABEL_WORDS = "password of secret Render Postgres Key Value Supabase project Sentry project on ****"
# RFC 3986 allows these in a password without percent-encoding.
USERINFO_SAFE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:"
quiet = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def exposed(resource: Resource) -> list[str]:
    """Every printable part of a resource."""
    return [resource.label, resource.scope or "", *resource.identity, *(resource.server or ())]


def test_same_value_same_result_object_from_the_cache(find: Identify) -> None:
    url = "postgresql://u:pw@cached.example.com/db"
    assert find(url) is find(url)


def test_an_unhashable_fingerprint_still_works() -> None:
    @dataclass
    class Counting:
        calls: list[str] = field(default_factory=list)

        def __call__(self, value: str) -> str:
            self.calls.append(value)
            return f"fp:{len(value)}"

    counting = Counting()
    found = identify("postgresql://u:pw@h/db", fingerprint=counting)
    assert found[1].identity == ("credential", "fp:2")
    assert counting.calls == ["pw"]


def test_fingerprints_with_other_keys_are_not_confused(find: Identify) -> None:
    value = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
    other = identify(value, fingerprint=Fingerprinter(b"another key"))
    assert other[0].identity != find(value)[0].identity


@pytest.mark.parametrize("value", ["", "   ", '""', "''", "\n"])
def test_empty_values_identify_nothing(find: Identify, value: str) -> None:
    assert find(value, "DATABASE_URL") == ()


def test_surrounding_quotes_and_space_are_ignored(find: Identify) -> None:
    assert find('  "redis://h:6379/1"  ') == find("redis://h:6379/1")
    assert find("'#ops'") == find("#ops")


def test_plain_words_identify_nothing(find: Identify) -> None:
    for value in ["production", "true", "info", "Europe/Berlin", "en-US", "3"]:
        assert find(value, "SETTING") == ()


@quiet
@given(
    value=st.text(), name=st.text(max_size=30), hint=st.none() | st.sampled_from(HINTS) | st.text()
)
def test_identify_never_raises_on_any_text(value: str, name: str, hint: str | None) -> None:
    for resource in identify(value, name=name, hint=hint, fingerprint=FINGERPRINT):
        assert resource.kind in KINDS


@quiet
@given(
    scheme=st.sampled_from(SCHEMES),
    rest=st.text(alphabet=st.characters(codec="ascii"), max_size=60),
    name=st.sampled_from(NAMES),
)
def test_identify_never_raises_on_url_like_text(scheme: str, rest: str, name: str) -> None:
    identify(f"{scheme}://{rest}", name=name, fingerprint=FINGERPRINT)


@quiet
@given(
    scheme=st.sampled_from(SCHEMES),
    user=st.sampled_from(["", "app", "postgres.abcdefghijklmnopqrst", "red-cl7r4ns27mfs73ecv2ab"]),
    password=st.text(min_size=6, max_size=40),
    host=st.sampled_from(HOSTS),
    tail=st.sampled_from(
        ["", "/app", "/0", "/app?sslmode=require", "/db?options=-csearch_path%3Dx"]
    ),
    name=st.sampled_from(NAMES),
    encode=st.booleans(),
)
def test_no_password_from_a_url_ever_appears_in_a_resource(
    scheme: str, user: str, password: str, host: str, tail: str, name: str, encode: bool
) -> None:
    if not encode:
        assume(all(c in USERINFO_SAFE for c in password))
    written = quote(password, safe="") if encode else password
    url = f"{scheme}://{user}:{written}@{host}{tail}"
    assume(password not in url.replace(f":{written}@", ":@") and password not in LABEL_WORDS)
    for resource in identify(url, name=name, fingerprint=FINGERPRINT):
        for part in exposed(resource):
            assert password not in part
            assert written not in part


@quiet
@given(
    prefix=st.sampled_from(KEY_PREFIXES),
    body=st.text(alphabet=string.ascii_letters + string.digits, min_size=20, max_size=48),
    name=st.sampled_from(NAMES),
    hint=st.none() | st.sampled_from(HINTS),
)
def test_no_key_ever_appears_in_a_resource(
    prefix: str, body: str, name: str, hint: str | None
) -> None:
    key = prefix + body
    for resource in identify(key, name=name, hint=hint, fingerprint=FINGERPRINT):
        for part in exposed(resource):
            assert key not in part
            assert body not in part


@quiet
@given(value=st.text(min_size=8).filter(lambda v: "://" not in v), name=st.sampled_from(NAMES))
def test_a_declared_secret_never_appears_in_a_resource(value: str, name: str) -> None:
    stripped = value.strip().strip("\"'").strip()
    assume(len(stripped) >= 8)
    for resource in identify(value, name=name, hint="secret", fingerprint=FINGERPRINT):
        for part in exposed(resource):
            assert stripped not in part


def test_real_dotenv_files_never_raise_and_never_show_a_secret(
    shared: Path, find: Identify
) -> None:
    assignment = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)")
    checked = 0
    for path in sorted((shared / "corpus" / "dotenv").iterdir()):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            found = assignment.fullmatch(line)
            if found is None:
                continue
            name, value = found.groups()
            checked += 1
            secret = value.strip().strip("\"'")
            for resource in find(value, name):
                if resource.kind in ("api-key", "credential", "webhook"):
                    assert secret in LABEL_WORDS or secret not in resource.label
    assert checked > 500
