"""The review page and its HTTP API: ``albumfaces review``. Starlette, server-side templates,
plain JavaScript; everything is served from the package, so it works offline."""
