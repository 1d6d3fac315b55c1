"""The ``albumfaces`` command: thin wrappers that parse options, call the library, print."""

from albumfaces.cli import decide, export, faces, history, people, scan
from albumfaces.cli.app import App, main

for module in (scan, people, decide, history, export, faces):
    for command in module.COMMANDS:
        main.add_command(command)

__all__ = ["App", "main"]
