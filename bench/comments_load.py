"""Load on the comment handler: accepted comments per second and latency percentiles.

Starts `scripts/comments.py serve` (waitress, a fresh database) on a free loopback port,
behind a "proxy" (127.0.0.1 is trusted, so each request gives its own client address in
X-Forwarded-For and the per-client rate limit does not throttle the run), then posts COUNT
form comments from THREADS client threads, bounded in count and time. Prints one Markdown
table row. Not a test: `make bench` runs it.

    python bench/comments_load.py [--count 2000] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://127.0.0.1:8000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path, port: int) -> subprocess.Popen[bytes]:
    articles = folder / "articles.json"
    entry = {"id": "bai-thu", "url": f"{ORIGIN}/bai-thu/", "title": "Bài thử", "comments": True}
    entry["date"] = "2024-03-01"
    articles.write_text(json.dumps({"articles": [entry]}), encoding="utf-8")
    command = [
        sys.executable, str(ROOT / "scripts/comments.py"), "serve",
        "--db", str(folder / "comments.sqlite3"), "--articles", str(articles),
        "--origin", ORIGIN, "--host", "127.0.0.1", "--port", str(port),
        "--trusted-proxy", "127.0.0.1", "--threads", "8",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the comment handler did not start")


def post(port: int, number: int) -> tuple[int, float]:
    body = urllib.parse.urlencode(
        {"article": "bai-thu", "name": f"Bạn đọc {number}", "text": f"Ý kiến số {number} về bài."}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": ORIGIN,
        "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
    }
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/comments", body.encode(), headers)
        status = connection.getresponse().status
    finally:
        connection.close()
    return status, time.perf_counter() - began


def run(port: int, count: int, threads: int, limit: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    refused = 0
    lock = threading.Lock()
    numbers = iter(range(count))
    deadline = time.monotonic() + limit

    def client() -> None:
        nonlocal refused
        for number in numbers:
            if time.monotonic() > deadline:
                return
            status, took = post(port, number)
            with lock:
                if status == 303:
                    latencies.append(took)
                else:
                    refused += 1

    began = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, refused, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start(Path(folder), port)
        try:
            latencies, refused, took = run(port, args.count, args.threads, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=10)
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if ordered else float("nan")
    print("| comments accepted | refused | clients | per second | median ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(latencies)} | {refused} | {args.threads} | {len(latencies) / took:.0f} "
        f"| {statistics.median(ordered) * 1000:.1f} | {p99 * 1000:.1f} |"
    )


if __name__ == "__main__":
    main()
