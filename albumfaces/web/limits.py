"""What the server takes on. Every request has a time limit: a request still without an
answer after it gets 504 (a photo that takes too long, a client that sends its body too
slowly), and the server goes on. Work already handed to a thread or a worker process
finishes there and is thrown away."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field

DEFAULT_REQUEST_SECONDS = 30.0


class TimeLimit:
    """Plain ASGI middleware around the whole app."""

    def __init__(self, app, seconds: float):
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message):
            nonlocal started
            started = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, watched_send), self.seconds)
        except asyncio.TimeoutError:
            from starlette.responses import JSONResponse  # here: `serve --help` stays light

            if started:  # half an answer is out: all that can be done is to close
                raise
            message = f"{scope['method']} {scope['path']}: no answer within {self.seconds:g} s"
            await JSONResponse({"error": message}, status_code=504)(scope, receive, send)


DEFAULT_MAX_UPLOAD_MB = 50
MEGABYTE = 1024 * 1024
WAITING_PER_WORKER = 4  # identify requests that may wait, for each worker busy
# The ranges `albumfaces serve` accepts
WORKERS_RANGE = (1, 64)
QUEUE_RANGE = (0, 1000)
UPLOAD_MB_RANGE = (0.01, 1024)
REQUEST_SECONDS_RANGE = (0.1, 3600)


@dataclass(frozen=True)
class ServerOptions:
    """How much the server takes on: identify workers, waiting requests, upload size, time."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    queue: int | None = None  # waiting identify requests; None: WAITING_PER_WORKER a worker
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * MEGABYTE
    request_seconds: float = DEFAULT_REQUEST_SECONDS
    # identify: the largest distance of a match; None: the library face model's
    threshold: float | None = None
    start_workers: bool = False  # start the workers with the server, not at the first photo

    @property
    def waiting(self) -> int:
        return self.queue if self.queue is not None else WAITING_PER_WORKER * self.workers
