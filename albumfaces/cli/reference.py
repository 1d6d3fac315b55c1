"""The command reference in docs/commands.md, made from the commands' own ``--help``
(with cog: ``cog -r docs/commands.md``; a test fails when the file is out of date)."""

from __future__ import annotations

import click
from click.testing import CliRunner

TERMINAL_WIDTH = 100


def _commands(group: click.Group, prefix: list[str]):
    """Every command under ``group``, as (words typed, command), in the order of --help."""
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield [*prefix, name], command
        if isinstance(command, click.Group):
            yield from _commands(command, [*prefix, name])


def command_reference() -> str:
    """Markdown: each command's ``--help``, as a terminal shows it."""
    from albumfaces.cli import main

    runner = CliRunner()
    parts = []
    for words, _ in [(["albumfaces"], main), *_commands(main, [])]:
        args = [w for w in words if w != "albumfaces"] + ["--help"]
        shown = runner.invoke(main, args, prog_name="albumfaces", terminal_width=TERMINAL_WIDTH)
        title = " ".join(["albumfaces", *(w for w in words if w != "albumfaces")])
        parts.append(f"## `{title}`\n\n```text\n{shown.output.rstrip()}\n```\n")
    return "\n".join(parts)
