"""A real review server on 127.0.0.1 over a copy of the clustered sample album."""

import contextlib
import signal
import subprocess
import sys

import httpx
import pytest

from albumfaces.web.guard import CSRF_HEADER, TOKEN_COOKIE, csrf_token
from albumfaces.web.server import ReviewServer


@pytest.fixture
def server(people_db_copy):
    running = ReviewServer(people_db_copy)
    running.start_in_thread()
    yield running
    running.stop()


@pytest.fixture
def client(server):
    """An HTTP client that opened the printed address: it has the cookie and sends the page's
    CSRF token with its POSTs, as the page's script does."""
    with httpx.Client(base_url=server.base, timeout=30, follow_redirects=True) as c:
        first = c.get(server.url)
        assert first.status_code == 200 and TOKEN_COOKIE in c.cookies
        c.headers[CSRF_HEADER] = csrf_token(server.token)
        yield c


@contextlib.contextmanager
def albumfaces_running(db, *args):
    """``albumfaces --db DB ARGS...`` as a person starts it in a terminal."""
    command = [sys.executable, "-m", "albumfaces", "--db", str(db), *map(str, args)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        proc.kill()


def ctrl_c(proc) -> tuple[str, str]:
    """Stop a running command as Ctrl-C does; its output, once it stopped cleanly."""
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err
    return out, err
