"""URL splitting that never raises, for shapes urllib rejects or misreads."""

from __future__ import annotations

import pytest

from parity.resources.urls import Url, json_strings, parse_url, split_list, split_url_list


def parsed(text: str) -> Url:
    url = parse_url(text)
    assert url is not None
    return url


def test_parts_are_decoded_and_lower_cased() -> None:
    assert parsed("PostgreSQL://Us%40er:p%23ss@DB.example.com:05432/app?sslmode=require#x") == (
        Url("postgresql", "Us@er", "p#ss", "db.example.com", "5432", "/app", "sslmode=require")
    )


def test_no_user_and_no_password_differ_from_empty_ones() -> None:
    assert parsed("redis://host").password is None
    assert parsed("redis://:@host").password == ""
    assert parsed("redis://:pw@host").user == ""


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("postgresql://h1:5432,h2:5433/db", "h1", "5432"),
        ("mongodb://u:p@a,b,c/db", "a", None),
        ("http://[::1]:8080/", "[::1]", "8080"),
        ("http://[fe80::1%25eth0]/", "[fe80::1%25eth0]", None),
        ("postgresql:///db?host=/var/run/postgresql", "", None),
    ],
)
def test_hosts_and_ports(text: str, host: str, port: str | None) -> None:
    url = parsed(text)
    assert (url.host, url.port) == (host, port)


@pytest.mark.parametrize(
    "text",
    ["no scheme here", "://host", "http://host:99999/", "http://host:abc/", "http://[::1/",
     "http://a b/", "redis://${REDIS_HOST}:6379", "https://<account>.blob.core.windows.net"],
)  # fmt: skip
def test_implausible_urls_are_none(text: str) -> None:
    assert parse_url(text) is None


def test_an_at_sign_in_a_web_path_is_data() -> None:
    url = parsed("https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/1")
    assert (url.host, url.user) == ("acme.webhook.office.com", "")


def test_an_at_sign_in_a_connection_url_path_ends_a_password() -> None:
    url = parsed("postgresql://u:123/456@host/db")
    assert (url.user, url.password, url.host, url.path) == ("u", "123/456", "host", "/db")


def test_query_parameters() -> None:
    url = parsed("postgresql://h/db?User=a&user=b&options=-c%20x%3Dy&empty=")
    assert url.params() == {"user": "a", "options": "-c x=y", "empty": ""}


def test_split_url_list() -> None:
    assert split_url_list("https://a, https://b;https://c") == [
        "https://a",
        "https://b",
        "https://c",
    ]
    assert split_url_list("postgresql://h1,h2/db") is None
    assert split_url_list("https://a") is None
    assert split_url_list("redis://h?x=a,b") is None


def test_json_strings() -> None:
    assert json_strings('["a", 1, "b"]') == ["a", "b"]
    assert json_strings('{"a": 1}') is None
    assert json_strings("[not json]") is None
    assert json_strings("[" * 100_000 + "]" * 100_000) is None


def test_split_list() -> None:
    assert split_list(" a, b;c\td \n") == ["a", "b", "c", "d"]
