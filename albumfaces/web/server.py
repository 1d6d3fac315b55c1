"""Running the app with uvicorn on a socket we bind ourselves, so the address (and the token
in it) is known before the first request."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

from albumfaces.web.limits import ServerOptions
from albumfaces.web.token import FixedToken

LOCALHOST = "127.0.0.1"
TOKEN_BYTES = 24
# uvicorn's own limits, so one slow or stuck client cannot hold the server.
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 64
LISTEN_BACKLOG = 128


def is_loopback(host: str) -> bool:
    """Only this machine can reach an address on the loopback interface."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def _hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers a browser sends for this server on loopback, and nothing else. On
    the network, devices may name the machine in ways it cannot know: any Host (None)."""
    if not is_loopback(host):
        return None
    names = {host, "localhost", "127.0.0.1"}
    bracketed = {f"[{n}]" if ":" in n else n for n in names}
    return frozenset(f"{n}:{port}" for n in bracketed)


@dataclass
class ReviewServer:
    """A bound, not yet running server of the review page and the API. ``url`` carries the
    token; ``tokens.current()`` is the token now (a fresh one for each review, the library's
    token file for ``serve``)."""

    db_path: Path
    host: str = LOCALHOST
    port: int = 0  # 0: any free port
    tokens: object = field(default_factory=lambda: FixedToken(secrets.token_urlsafe(TOKEN_BYTES)))
    options: ServerOptions = field(default_factory=ServerOptions)

    @property
    def token(self) -> str:
        return self.tokens.current()

    def __post_init__(self) -> None:
        import uvicorn

        from albumfaces.web.app import create_app
        from albumfaces.web.connections import bounded_protocol

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
        # they are TCP; without it every answer's body waits 40 ms for a delayed ACK.
        self.socket = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((self.host, self.port))
        # listen now: the printed address works at once (connections wait in the backlog
        # until uvicorn accepts them) instead of being refused for a moment
        self.socket.listen(LISTEN_BACKLOG)
        self.port = self.socket.getsockname()[1]
        try:
            self.app = create_app(
                self.db_path, self.tokens, _hosts(self.host, self.port), self.options
            )
        except BaseException:
            self.socket.close()
            raise
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            # httptools, with a deadline for each stage of a request and a share of the
            # slots for each (web/connections.py): slow clients cannot hold the server
            http=bounded_protocol(self.options.request_seconds, MAX_CONNECTIONS),
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            limit_concurrency=MAX_CONNECTIONS,
        )
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def run(self) -> None:
        """Serve until Ctrl-C (uvicorn stops cleanly on SIGINT)."""
        self.server.run(sockets=[self.socket])

    def start_in_thread(self) -> None:
        self.thread = threading.Thread(target=self.server.run, args=([self.socket],), daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the review server stopped while starting")
            threading.Event().wait(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.socket.close()
        self.app.state.workers.stop()  # also when the server never ran
