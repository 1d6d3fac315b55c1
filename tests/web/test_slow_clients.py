"""Slow clients cannot take the server down: `albumfaces serve` on 127.0.0.1 with 100
connections that never finish their headers, or that trickle their body a byte a second,
still answers a normal request within 10 s, and its memory stays bounded. Loopback only,
bounded in count and time."""

from __future__ import annotations

import re
import socket
import threading
import time

import httpx
import pytest

from albumfaces.web.connections import HEADER_SECONDS
from tests.conftest import run
from tests.web.conftest import albumfaces_running, ctrl_c

SLOW_CLIENTS = 100
ANSWER_WITHIN = 10.0
BODY_SECONDS = 4  # the server's --timeout here
MEMORY_GROWTH_MB = 60


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        line = next(line for line in f if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


@pytest.fixture
def server(named_db):
    serve = ["serve", "--port", "0", "--workers", "1", "--timeout", BODY_SECONDS]
    with albumfaces_running(named_db, *serve) as proc:
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/api", line).group(1))
        token = run(named_db, "token").stdout.strip()
        yield proc, port, token
        ctrl_c(proc)


def normal_request(port: int, token: str) -> tuple[int, float]:
    started = time.monotonic()
    answer = httpx.get(
        f"http://127.0.0.1:{port}/api/people",
        headers={"Authorization": f"Bearer {token}"},
        timeout=ANSWER_WITHIN,
    )
    return answer.status_code, time.monotonic() - started


def connect_all(port: int, first_bytes: bytes) -> list[socket.socket]:
    sockets = []
    for _ in range(SLOW_CLIENTS):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(first_bytes)
        sockets.append(s)
    return sockets


def closed_by_server(s: socket.socket, wait: float) -> bool:
    s.settimeout(wait)
    try:
        while s.recv(4096):
            pass  # a 408 before the close
        return True
    except (TimeoutError, socket.timeout):
        return False
    except OSError:  # reset
        return True


def test_half_open_connections_do_not_stall_the_server(server):
    proc, port, token = server
    assert normal_request(port, token)[0] == 200
    before = rss_mb(proc.pid)
    half = f"GET /api/people HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()  # no blank line
    sockets = connect_all(port, half)
    try:
        status, seconds = normal_request(port, token)
        assert status == 200 and seconds < ANSWER_WITHIN
        for _ in range(3):  # and again, while they are still open
            assert normal_request(port, token)[0] == 200
        # every one of them is closed by the server, at the latest when its time is up
        deadline = time.monotonic() + HEADER_SECONDS + 5
        assert all(closed_by_server(s, max(0.1, deadline - time.monotonic())) for s in sockets)
        assert rss_mb(proc.pid) - before < MEMORY_GROWTH_MB
    finally:
        for s in sockets:
            s.close()
    assert normal_request(port, token)[0] == 200


def test_bodies_trickled_a_byte_a_second_do_not_stall_the_server(server):
    proc, port, token = server
    before = rss_mb(proc.pid)
    head = (
        f"POST /api/undo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n{"
    ).encode()
    sockets = connect_all(port, head)
    stop = threading.Event()

    def trickle() -> None:  # a byte a second to each, until the test is done (bounded)
        for _ in range(int(BODY_SECONDS + HEADER_SECONDS + 5)):
            if stop.wait(1.0):
                return
            for s in sockets:
                try:
                    s.send(b" ")
                except OSError:
                    pass

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        status, seconds = normal_request(port, token)
        assert status == 200 and seconds < ANSWER_WITHIN
        deadline = time.monotonic() + BODY_SECONDS + 5
        assert all(closed_by_server(s, max(0.1, deadline - time.monotonic())) for s in sockets)
        assert rss_mb(proc.pid) - before < MEMORY_GROWTH_MB
    finally:
        stop.set()
        sender.join(5)
        for s in sockets:
            s.close()
    assert normal_request(port, token)[0] == 200


def test_endless_headers_are_refused(server):
    _, port, token = server
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
        answer = b""
        try:
            for _ in range(200):
                s.sendall(b"X-Padding: " + b"a" * 1000 + b"\r\n")
        except OSError:
            pass  # the server closed: it said why first
        s.settimeout(5)
        try:
            while chunk := s.recv(4096):
                answer += chunk
        except OSError:
            pass
    assert answer.startswith(b"HTTP/1.1 431")
    assert normal_request(port, token)[0] == 200
