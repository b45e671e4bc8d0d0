"""No secret value from the inputs appears in any output, in any format, of any command."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from parity.cli.main import main

MINA = Path("examples/flask-mina")
SECRET_NAMES = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|DSN")


def secret_values(*files: Path) -> set[str]:
    """Every secret in the files, found without Parity's help: keys, tokens, URL passwords."""
    found = set()
    for file in files:
        for line in file.read_text().splitlines():
            name, _, value = line.partition("=")
            if not value or line.startswith("#"):
                continue
            if SECRET_NAMES.search(name) and len(value) >= 16 and not value.startswith("<"):
                found.add(value)
            if "://" in value:
                parts = urlsplit(value)
                found |= {
                    part for part in (parts.password, parts.username) if part and len(part) >= 8
                }
    return found


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch, examples: Path) -> None:
    monkeypatch.chdir(examples.parent)


MANIFEST = """\
app: shop
services: {{web: {{type: web}}}}
environments:
  production:
    variables:
      DATABASE_URL: ${{env:PROD_DB}}
      OPENAI_API_KEY: ${{file:{key_file}}}
      SIGNING_SECRET: ${{env:PROD_SIGNING}}
  staging:
    extends: production
    name_template: "{{app}}-staging-{{service}}"
    variables:
      DATABASE_URL: ${{env:PROD_DB}}
      OPENAI_API_KEY: ${{file:{key_file}}}
      SIGNING_SECRET: ${{env:PROD_SIGNING}}
"""


def test_nothing_secret_is_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secrets = secret_values(MINA / "production.env", MINA / "staging.env")
    database_password = "Vx7Lq2Rt9Kp4Wm8Zs3"
    openai_key = "sk-proj-T4mG7rQ2xV9bN6kP3sW8zL1cY5hJ0dF"
    signing = "8c1f0d5e2b7a4c9e6f3d0a7b4e1c8f5a2d9b6e3c0f7a4d1b8e5c2f9a6d3b0e7c"
    secrets |= {database_password, openai_key, signing}
    key_file = tmp_path / "openai.key"
    key_file.write_text(openai_key + "\n")
    manifest = tmp_path / "parity.yaml"
    manifest.write_text(MANIFEST.format(key_file=key_file))
    monkeypatch.setenv("PROD_DB", f"postgresql://app:{database_password}@db.internal:5432/shop")
    monkeypatch.setenv("PROD_SIGNING", signing)
    pair = ("--production", str(MINA / "production.env"), "--staging", str(MINA / "staging.env"))
    commands = [
        ("check", *pair),
        ("check", "-f", str(manifest)),
        ("plan", "-f", str(manifest)),
        ("plan", "-f", str(manifest), "--env", "production"),
        ("diff", "production", "staging", "-f", str(manifest), "--all"),
        ("diff", *pair[1::2], "--all"),
        ("init", "--from", str(MINA / "staging.env"), "--output", "-"),
    ]
    assert len(secrets) >= 8
    for argv in commands:
        for output in ("text", "json"):
            extra = ("--format", output) if argv[0] != "init" else ()
            if argv[0] == "init" and output == "json":
                continue
            main([*argv, *extra])
            captured = capsys.readouterr()
            shown = captured.out + captured.err
            leaked = [s[:6] + "…" for s in secrets if s in shown]
            assert not leaked, (argv, output, leaked)
            assert len(shown) > 100, (argv, output, shown)


def test_error_messages_do_not_echo_secret_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "sk_live_" + "Qm3Xv8Rt2Lp7Wn4Zk9Bd1Hs6"
    manifest = tmp_path / "parity.yaml"
    manifest.write_text(
        f"app: shop\nenvironments:\n  production:\n    variables: {{KEY: [{secret}]}}\n"
    )
    assert main(["check", "-f", str(manifest)]) == 2
    captured = capsys.readouterr()
    assert "environments.production.variables.KEY" in captured.err
    assert secret not in captured.out + captured.err
