"""FastAPI's OpenTelemetry hooks stay off: with a tracer provider installed (as an SDK and
OTEL_* variables would install one), a plain FastAPI app starts spans for a request, and
albumfaces' app starts none. Run in a child process: a tracer provider is set once."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import contextlib, json
    from opentelemetry import trace

    started = []

    class Tracer(trace.Tracer):
        def start_span(self, name, *args, **kwargs):
            started.append(name)
            return trace.INVALID_SPAN

        @contextlib.contextmanager
        def start_as_current_span(self, name, *args, **kwargs):
            started.append(name)
            yield trace.INVALID_SPAN

    class Provider(trace.TracerProvider):
        def get_tracer(self, *args, **kwargs):
            return Tracer()

    trace.set_tracer_provider(Provider())
    from fastapi import FastAPI
    from starlette.testclient import TestClient
    from albumfaces.web.app import new_app

    counts = {}
    for name, app in (("plain", FastAPI()), ("albumfaces", new_app())):
        @app.get("/x")
        def x():
            return {"ok": True}
        started.clear()
        with TestClient(app) as client:
            assert client.get("/x").status_code == 200
        counts[name] = len(started)
    print(json.dumps(counts))
    """
)


def test_the_server_starts_no_telemetry_spans():
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"FASTAPI_OTEL_AUTO_CONFIGURE": "true", "PATH": "/usr/bin:/bin"},
    )
    counts = json.loads(done.stdout)
    assert counts["plain"] > 0  # the probe sees spans where FastAPI makes them
    assert counts["albumfaces"] == 0
