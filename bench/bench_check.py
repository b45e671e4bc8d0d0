"""Benchmark: `parity check` on a fleet of 1,000 services x 60 variables in two environments.

The floor is the time to merely parse the same manifest with PyYAML's C loader; the goal
is to stay within 3x of it.

Run: `python bench/bench_check.py [--services N] [--variables N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml


def fleet(services: int, variables: int) -> str:
    """A manifest text: production and a standalone staging, every value written out."""
    lines = ["version: 1", "app: fleet", "services:"]
    for s in range(services):
        lines.append(
            f"  svc{s}: {{type: {'web' if s % 3 else 'worker'}, runtime: docker, "
            f"region: oregon, plan: starter, health_check: {{path: /health}}}}"
        )
    lines.append("environments:")
    for env in ("production", "staging"):
        lines.append(f"  {env}:")
        template = "{app}-{service}" if env == "production" else "{app}-staging-{service}"
        lines.append(f"    name_template: '{template}'")
        lines.append("    services:")
        for s in range(services):
            lines.append(f"      svc{s}:")
            lines.append("        variables:")
            lines.extend(
                f"          {name}: '{value}'" for name, value in _variables(env, s, variables)
            )
    return "\n".join(lines) + "\n"


def _variables(env: str, service: int, count: int) -> list[tuple[str, str]]:
    tag = "prod" if env == "production" else "stg"
    shapes: list[Callable[[int], tuple[str, str]]] = [
        lambda i: (
            f"V{i:02d}_DATABASE_URL",
            f"postgresql://app:{tag}Pw{service}x{i}@db-{tag}-{service}.internal:5432/app{i}",
        ),
        lambda i: (f"V{i:02d}_REDIS_URL", f"redis://cache-{tag}-{service}.internal:6379/{i % 16}"),
        lambda i: (
            f"V{i:02d}_API_KEY",
            f"{tag}{service:04d}{i:03d}9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        ),
        lambda i: (f"V{i:02d}_BASE_URL", f"https://{tag}-{service}-{i}.fleet.net/api"),
        lambda i: (f"V{i:02d}_WORKERS", str(1 + i % 8)),
        lambda i: (f"V{i:02d}_FEATURE_ENABLED", "true" if i % 2 else "false"),
        lambda i: (f"V{i:02d}_LOG_LEVEL", "INFO"),
        lambda i: (f"V{i:02d}_BUCKET", f"s3://fleet-{tag}-{service}-{i}/uploads"),
        lambda i: (f"V{i:02d}_TIMEOUT", str(30 + i)),
        lambda i: (f"V{i:02d}_MODEL_NAME", "text-embedding-3-small"),
    ]
    return [shapes[i % len(shapes)](i) for i in range(count)]


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def without_gc(action: Callable[[], object]) -> Callable[[], object]:
    """The action with the cyclic collector off, as `parity check` itself runs."""

    def run() -> object:
        gc.disable()
        try:
            return action()
        finally:
            gc.enable()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--variables", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = fleet(args.services, args.variables)
    size = len(text.encode()) / 1e6
    print(
        f"fleet: {args.services} services x {args.variables} variables x 2 environments "
        f"= {args.services * args.variables * 2:,} values, {size:.1f} MB of YAML"
    )
    load = lambda: yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: E731
    floor, _ = timed(load, args.repeat)
    print(f"floor    yaml.load(CSafeLoader), as usually run:  {floor:6.2f} s")
    bare, _ = timed(without_gc(load), args.repeat)
    print(f"floor    the same with the collector off:         {bare:6.2f} s")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "parity.yaml"
        path.write_text(text)
        argv = [sys.executable, "-m", "parity", "check", "-f", str(path), "--format", "json"]
        env = {**os.environ, "PARITY_FINGERPRINT_KEY": "bench"}
        cli, code = timed(lambda: _run(argv, env), args.repeat)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"cli      parity check --format json, new process:  {cli:6.2f} s  "
        f"= {cli / floor:.2f}x the floor ({cli / bare:.2f}x the collector-off floor), "
        f"exit {code}, peak memory {peak:.0f} MB"
    )
    print("(each run is a new process, so no cache carries over between runs)")


def _run(argv: list[str], env: dict[str, str]) -> int:
    return subprocess.run(argv, stdout=subprocess.DEVNULL, check=False, env=env).returncode


if __name__ == "__main__":
    main()
