"""Connections that cannot hold the server: uvicorn's httptools protocol with a deadline for
each stage of a request and a share of the connection slots for each.

uvicorn closes a connection only when it sits idle between requests (``timeout_keep_alive``).
A client that opens a connection and sends half a request line, or its headers a byte at a
time, or a body that never ends, keeps its slot for good, and with ``limit_concurrency`` full
every other request gets 503. Here:

- a client has ``HEADER_SECONDS`` to send its request line and headers, and at most
  ``MAX_HEADER_BYTES`` of them; the body must arrive within the request time limit;
- at most a share of the slots may wait for headers, and a share for bodies; a connection
  past that share closes the one that has waited longest in its stage, so clients that
  finish their requests always find a slot.
"""

from __future__ import annotations

import enum
import time

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_SECONDS = 5.0
MAX_HEADER_BYTES = 64 * 1024
# Of the connection slots, the share that may wait in each stage: the rest stay for
# requests being answered.
WAITING_SHARE = 0.375
# A body still coming this long after the request's time limit: the app has answered 504 by
# then (its words go out first), and the connection is closed.
BODY_GRACE_SECONDS = 1.0


class Stage(enum.Enum):
    HEADERS = "headers"  # connected, or a new request begun: its line and headers awaited
    BODY = "body"  # headers in, the body awaited
    ANSWERING = "answering"  # the app has the whole request (its own time limit applies)


class BoundedHttp(HttpToolsProtocol):
    """One connection. Subclassed per server by :func:`bounded_protocol`."""

    body_seconds = 30.0
    max_waiting = 24  # a stage's share of the slots

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._deadline = None
        self._enter(Stage.HEADERS, HEADER_SECONDS)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # still without the end of its headers after this data (a chunk that ends them
        # may carry a body too: that is not counted)
        if self._stage is Stage.HEADERS and not self.transport.is_closing():
            self._header_bytes += len(data)
            if self._header_bytes > MAX_HEADER_BYTES:
                self._refuse(b"431 Request Header Fields Too Large")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._stage is not Stage.HEADERS:  # the next request of a kept-alive connection
            self._enter(Stage.HEADERS, HEADER_SECONDS)

    def on_headers_complete(self) -> None:
        self._enter(Stage.BODY, self.body_seconds)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._enter(Stage.ANSWERING, None)
        super().on_message_complete()

    def connection_lost(self, exc) -> None:
        self._cancel()
        super().connection_lost(exc)

    # -- stages ------------------------------------------------------------------------------

    def _enter(self, stage: Stage, seconds: float | None) -> None:
        self._cancel()
        self._stage, self._since, self._header_bytes = stage, time.monotonic(), 0
        if seconds is not None:
            self._deadline = self.loop.call_later(seconds, self._too_slow)
            self._make_room(stage)

    def _cancel(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _make_room(self, stage: Stage) -> None:
        """Past the stage's share of the slots, the connection waiting longest goes."""
        waiting = [c for c in self.connections if getattr(c, "_stage", None) is stage]
        if len(waiting) > self.max_waiting:
            min(waiting, key=lambda c: c._since)._close()

    def _too_slow(self) -> None:
        self._deadline = None
        if self._stage is Stage.HEADERS and self._header_bytes == 0 and self.cycle is not None:
            self._close()  # an idle kept-alive connection: nothing to say
        elif self._stage is Stage.HEADERS:
            self._refuse(b"408 Request Timeout")
        else:
            self._close()  # half a body: the app answers or has answered 504

    def _refuse(self, status: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(
                b"HTTP/1.1 " + status + b"\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            )
        self._close()

    def _close(self) -> None:
        """Close now, and give the slot back at once: uvicorn hears of the close only on a
        later turn of the loop, and counts the connection until then."""
        self._cancel()
        self._stage = None
        self.connections.discard(self)
        if not self.transport.is_closing():
            self.transport.close()


def bounded_protocol(body_seconds: float, slots: int) -> type[BoundedHttp]:
    """The protocol class of one server: bodies within ``body_seconds``, and ``slots``
    connections of which each waiting stage may take ``WAITING_SHARE``."""
    return type(
        "BoundedHttpForServer",
        (BoundedHttp,),
        {
            "body_seconds": body_seconds + BODY_GRACE_SECONDS,
            "max_waiting": max(1, int(slots * WAITING_SHARE)),
        },
    )
