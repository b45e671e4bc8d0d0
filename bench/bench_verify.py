"""Benchmark: `parity verify` on 500 HTTP endpoints on loopback, each answering after 100 ms.

With the concurrency limit at 50 the floor is ceil(500/50) x 100 ms = 1 s; the goal is to stay
within 1.3x of it. The endpoints are served by a separate process (an asyncio server), so the
server does not compete with Parity for its event loop.

Run: `python bench/bench_verify.py [--endpoints 500] [--concurrency 50] [--delay 0.1] [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


async def _serve(port: int, delay: float) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = writer.get_extra_info("socket")
        if connection is not None:  # answer at once on a kept-alive connection (no Nagle delay)
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                await asyncio.sleep(delay)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _manifest(port: int, endpoints: int, concurrency: int) -> str:
    lines = [
        "app: bench",
        "services: {web: {type: web}}",
        f"verify: {{concurrency: {concurrency}, retries: 0, timeout: 10s, implied: false}}",
        "environments: {production: {}}",
        "checks:",
    ]
    lines += [
        f"  - {{name: e{i}, kind: http, url: 'http://127.0.0.1:{port}/e{i}'}}"
        for i in range(endpoints)
    ]
    return "\n".join(lines) + "\n"


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the benchmark server did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoints", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve, args.delay))
        return
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--delay", str(args.delay)]
    )
    try:
        _wait_until_listening(port)
        _measure(args, port)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _measure(args: argparse.Namespace, port: int) -> None:
    floor = math.ceil(args.endpoints / args.concurrency) * args.delay
    print(
        f"{args.endpoints} endpoints answering after {args.delay * 1000:.0f} ms, "
        f"concurrency {args.concurrency}: floor {floor:.2f} s"
    )
    with tempfile.TemporaryDirectory() as directory:
        manifest = Path(directory) / "parity.yaml"
        manifest.write_text(_manifest(port, args.endpoints, args.concurrency))
        command = [
            sys.executable,
            "-m",
            "parity",
            "verify",
            "-f",
            str(manifest),
            "--env",
            "production",
            "--format",
            "json",
        ]
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "NO_COLOR": "1"},
            )
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"verify failed (exit {done.returncode}): {done.stdout[-500:]}")
            elapsed = float(_summary(done.stdout)["elapsed"])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    wall = statistics.median(times)
    print(
        f"checks   the runner's own elapsed time (last run):  {elapsed:5.2f} s = "
        f"{elapsed / floor:.2f}x the floor"
    )
    print(
        f"cli      parity verify, new process, median of {args.repeat}: {wall:5.2f} s = "
        f"{wall / floor:.2f}x the floor (including start-up and planning)"
    )
    print(f"memory   peak resident size of a verify process: {peak:.0f} MB")


def _summary(output: str) -> dict[str, object]:
    import json

    summary: dict[str, object] = json.loads(output)["summary"]
    return summary


if __name__ == "__main__":
    main()
