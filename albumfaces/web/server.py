"""Running the review app with uvicorn on a socket we bind ourselves, so the address (and the
token in it) is known before the first request."""

from __future__ import annotations

import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

LOCALHOST = "127.0.0.1"
TOKEN_BYTES = 24
# uvicorn's own limits, so one slow or stuck client cannot hold the server.
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 64
LISTEN_BACKLOG = 128


def _hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a browser sends for this server, and nothing else."""
    names = {host, "localhost", "127.0.0.1"} if host in ("127.0.0.1", "localhost") else {host}
    bracketed = {f"[{n}]" if ":" in n else n for n in names}
    return frozenset(f"{n}:{port}" for n in bracketed)


@dataclass
class ReviewServer:
    """A bound, not yet running review server. ``url`` carries the token."""

    db_path: Path
    host: str = LOCALHOST
    port: int = 0  # 0: any free port
    token: str = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))

    def __post_init__(self) -> None:
        import uvicorn

        from albumfaces.web.app import create_app

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
        app = create_app(self.db_path, self.token, _hosts(self.host, self.port))
        config = uvicorn.Config(
            app,
            log_level="warning",
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
