"""Databases, caches, brokers and search clusters named by connection URLs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parity.resources import LOOPBACK, Resource

Identify = Callable[..., tuple[Resource, ...]]


def first(find: Identify, value: str, **kw: str) -> Resource:
    return find(value, **kw)[0]


@pytest.mark.parametrize(
    ("url", "family", "kind", "port"),
    [
        ("postgres://h/db", "postgres", "database", "5432"),
        ("postgresql://h/db", "postgres", "database", "5432"),
        ("postgresql+asyncpg://h/db", "postgres", "database", "5432"),
        ("postgresql+psycopg2://h/db", "postgres", "database", "5432"),
        ("postgis://h/db", "postgres", "database", "5432"),
        ("mysql://h/db", "mysql", "database", "3306"),
        ("mysql+pymysql://h/db", "mysql", "database", "3306"),
        ("mariadb://h/db", "mysql", "database", "3306"),
        ("mongodb://h/db", "mongodb", "database", "27017"),
        ("mongodb+srv://h/db", "mongodb", "database", "27017"),
        ("redis://h", "redis", "cache", "6379"),
        ("rediss://h", "redis", "cache", "6379"),
        ("valkey://h", "redis", "cache", "6379"),
        ("amqp://h", "amqp", "broker", "5672"),
        ("amqps://h", "amqp", "broker", "5671"),
        ("nats://h", "nats", "broker", "4222"),
        ("kafka://h", "kafka", "broker", "9092"),
    ],
)
def test_every_common_scheme_has_a_family_and_default_port(
    find: Identify, url: str, family: str, kind: str, port: str
) -> None:
    resource = first(find, url)
    assert resource.kind == kind
    assert resource.server == (family, "h", port)


def test_database_identity_is_family_host_port_and_name(find: Identify) -> None:
    resource = first(find, "postgresql://app@db.example.com:6432/orders")
    assert resource.identity == ("postgres", "db.example.com", "6432", "orders")
    assert resource.server == ("postgres", "db.example.com", "6432")


def test_spellings_of_one_database_are_one_identity(find: Identify) -> None:
    spellings = [
        "postgres://u@DB.Example.COM./app",
        "postgresql+asyncpg://other@db.example.com:5432/app",
        "postgresql://u:secret@db.example.com:5432/%61pp",
        "jdbc:postgresql://db.example.com/app",
    ]
    assert len({first(find, url).identity for url in spellings}) == 1


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1", "127.10.0.3", "[::1]", "LOCALHOST.", "%2Fvar%2Frun%2Fpg", ""]
)
def test_every_loopback_spelling_is_one_host(find: Identify, host: str) -> None:
    assert first(find, f"postgresql://u@{host}/app").identity[1] == LOOPBACK


def test_different_database_on_the_same_server_shares_the_server_only(find: Identify) -> None:
    staging = first(find, "postgresql://u@db.example.com/app_staging")
    production = first(find, "postgresql://u@db.example.com/app")
    assert staging.identity != production.identity
    assert staging.server == production.server


def test_libpq_defaults_the_database_name_to_the_user(find: Identify) -> None:
    assert first(find, "postgresql://orders@h").identity[3] == "orders"
    assert first(find, "postgresql://h?dbname=billing").identity[3] == "billing"
    assert first(find, "mysql://root@h").identity[3] == ""


def test_user_and_database_are_percent_decoded(find: Identify) -> None:
    resource = first(find, "postgresql://app%40corp@h/my%20db")
    assert resource.identity[3] == "my db"
    assert "app@corp@h" in resource.label


@pytest.mark.parametrize(
    "query",
    [
        "options=-c search_path=staging",
        "options=-c%20search_path%3Dstaging",
        "options=-csearch_path%3Dstaging",
        "options=-c+statement_timeout%3D5s+-c+search_path%3Dstaging,public",
        "currentSchema=staging",
        "schema=staging",
        "search_path=staging",
    ],
)
def test_schema_separation_is_a_scope_not_a_new_identity(find: Identify, query: str) -> None:
    separated = first(find, f"postgresql://u@db.example.com/app?{query}")
    plain = first(find, "postgresql://u@db.example.com/app")
    assert separated.identity == plain.identity
    assert separated.scope == "schema staging"
    assert plain.scope is None


def test_redis_identity_carries_the_db_index(find: Identify) -> None:
    assert first(find, "redis://cache.example.com").identity == (
        "redis", "cache.example.com", "6379", "0"
    )  # fmt: skip
    assert first(find, "redis://cache.example.com:6379/0").identity[3] == "0"
    assert first(find, "rediss://cache.example.com/02").identity[3] == "2"
    assert first(find, "redis://cache.example.com?db=5").identity[3] == "5"


def test_other_redis_db_index_is_same_server_different_resource(find: Identify) -> None:
    one, two = first(find, "redis://h/1"), first(find, "redis://h/2")
    assert one.identity != two.identity
    assert one.server == two.server


def test_amqp_identity_carries_the_vhost(find: Identify) -> None:
    assert first(find, "amqp://h").identity[3] == "/"
    assert first(find, "amqp://h/%2F").identity[3] == "/"
    assert first(find, "amqps://h/staging").identity == ("amqp", "h", "5671", "staging")


def test_multi_host_url_uses_the_first_host(find: Identify) -> None:
    resource = first(find, "postgresql://u:p@h1:5432,h2:5433/db?target_session_attrs=any")
    assert resource.identity == ("postgres", "h1", "5432", "db")
    replica_set = first(find, "mongodb://u:p@m1:27017,m2:27017,m3/app?replicaSet=rs0")
    assert replica_set.identity == ("mongodb", "m1", "27017", "app")


def test_ipv6_hosts(find: Identify) -> None:
    assert first(find, "postgresql://u@[2001:db8::1]:5433/db").identity[1:3] == (
        "2001:db8::1",
        "5433",
    )


def test_password_yields_a_fingerprinted_credential_and_a_masked_label(
    find: Identify, fingerprint: Callable[[str], str]
) -> None:
    database, credential = find("postgresql://user:hunter2@host:5432/db")
    assert database.label == "postgresql://user:****@host:5432/db"
    assert credential == Resource(
        "credential", ("credential", fingerprint("hunter2")), None, "password of user@host"
    )


def test_a_password_in_the_query_is_a_credential_too(find: Identify) -> None:
    found = find("postgresql://host/db?user=app&password=hunter2")
    assert [r.kind for r in found] == ["database", "credential"]
    assert all("hunter2" not in r.label for r in found)


def test_same_password_on_two_servers_is_one_credential(find: Identify) -> None:
    one = find("postgresql://a:hunter2@one/db")[1]
    two = find("redis://:hunter2@two:6379")[1]
    assert one.identity == two.identity
    assert one.label != two.label


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:pa/ss@host/db",
        "postgresql://u:p@ss@host/db",
        "postgresql://u:p@ss/w@host/db",
        "postgresql://u:123/456@host/db",
        "postgresql://u:pa?ss@host/db",
        "redis://:abc#def@host:6379",
    ],
)
def test_unencoded_delimiters_in_a_password_never_leak_into_host_or_name(
    find: Identify, url: str
) -> None:
    password = url.split("@host")[0].split(":", 2)[2]
    found = find(url)
    assert found[0].server is not None
    assert found[0].server[1] == "host"
    assert found[1].kind == "credential"
    for resource in found:
        assert password not in resource.label
        assert all(password not in part for part in resource.identity)


def test_an_unresolved_reference_as_password_is_no_credential(find: Identify) -> None:
    assert [r.kind for r in find("postgresql://u:${DB_PASSWORD}@host/db")] == ["database"]


def test_local_files_are_each_environments_own(find: Identify) -> None:
    assert find("sqlite:///data/app.db", hint="database") == ()
    assert find("file:///srv/uploads") == ()


def test_a_bad_port_never_raises(find: Identify) -> None:
    assert find("postgresql://u@host:99999/db") == ()
    assert find("postgresql://u@host:port/db") == ()
    assert find("redis://[::1") == ()
    assert find("postgresql://u@host:" + "9" * 5000 + "/db") == ()
    assert find("redis://host/" + "7" * 5000)[0].identity[3] == "7" * 5000
    assert find("postgresql://host/db?port=" + "1" * 5000)[0].identity[2] == "5432"


def test_search_clusters_need_the_hint(find: Identify) -> None:
    cluster = first(find, "https://elastic:pw@es.example.com:9243", hint="search")
    assert cluster.kind == "search"
    assert cluster.identity == ("search", "es.example.com", "9243")
    assert first(find, "https://es.example.com").kind == "domain"


def test_a_declared_kind_covers_schemes_we_do_not_know(find: Identify) -> None:
    resource = first(find, "cockroachdb://u@crdb.example.com:26257/bank", hint="database")
    assert resource.identity == ("cockroachdb", "crdb.example.com", "26257", "bank")
    assert find("cockroachdb://u@crdb.example.com:26257/bank") == ()
