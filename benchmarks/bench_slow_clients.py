"""Slow clients against `albumfaces serve` on 127.0.0.1: how fast a normal request is answered
while 100 connections never finish their headers, or trickle their body a byte a second;
when the server has closed them; and the server's memory. Loopback only, bounded in count
and time.

Usage: python benchmarks/bench_slow_clients.py DB [--clients 100]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
TIMEOUT = 4  # the server's --timeout


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith("VmRSS")).split()[1]) / 1024


def closed_after(sockets: list[socket.socket], started: float, limit: float) -> float:
    """Seconds from ``started`` until the server had closed every socket."""
    for s in sockets:
        s.settimeout(max(0.1, started + limit - time.monotonic()))
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
    return time.monotonic() - started


def attack(port: int, token: str, pid: int, clients: int, first: bytes, trickle: bool):
    sockets, stop = [], threading.Event()
    before = rss_mb(pid)
    started = time.monotonic()
    for _ in range(clients):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(first)
        sockets.append(s)

    def send_bytes() -> None:
        for _ in range(20):  # at most 20 s
            if stop.wait(1.0):
                return
            for s in sockets:
                try:
                    s.send(b" ")
                except OSError:
                    pass

    if trickle:
        threading.Thread(target=send_bytes, daemon=True).start()
    asked = time.monotonic()
    answer = httpx.get(
        f"http://127.0.0.1:{port}/api/people",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    answered = time.monotonic() - asked
    peak = rss_mb(pid)
    gone = closed_after(sockets, started, 30)
    stop.set()
    for s in sockets:
        s.close()
    return answer.status_code, answered, gone, peak - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--clients", type=int, default=100)
    args = parser.parse_args()
    command = [sys.executable, "-m", "albumfaces", "--db", str(args.db), "serve", "--port", "0"]
    command += ["--workers", "1", "--timeout", str(TIMEOUT)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r":(\d+)/api", server.stdout.readline()).group(1))
        token = subprocess.run(
            [sys.executable, "-m", "albumfaces", "--db", str(args.db), "token"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        host = f"Host: 127.0.0.1:{port}\r\n"
        half = f"GET /api/people HTTP/1.1\r\n{host}".encode()
        body = (
            f"POST /api/undo HTTP/1.1\r\n{host}Authorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        ).encode()
        for label, first, trickle in (
            ("never finish their headers", half, False),
            ("trickle their body a byte a second", body, True),
        ):
            status, answered, gone, grown = attack(
                port, token, server.pid, args.clients, first, trickle
            )
            print(
                f"{args.clients} connections that {label}: a normal request got {status} in "
                f"{answered * 1000:.0f} ms; all of them closed by the server after {gone:.1f} s;"
                f" server memory +{grown:.1f} MB"
            )
    finally:
        server.kill()


if __name__ == "__main__":
    main()
