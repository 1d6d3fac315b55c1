"""The ``albumfaces`` command: thin wrappers that parse options, call the library, print."""

from albumfaces.cli import (
    decide,
    export,
    faces,
    history,
    identify,
    models,
    people,
    photos,
    review,
    scan,
    serve,
    xmp,
)
from albumfaces.cli.app import App, main

for module in (
    scan,
    people,
    decide,
    history,
    review,
    serve,
    identify,
    export,
    faces,
    photos,
    xmp,
    models,
):
    for command in module.COMMANDS:
        main.add_command(command)

__all__ = ["App", "main"]
