"""``albumfaces history``, ``undo`` and ``redo``."""

from __future__ import annotations

import click

from albumfaces.cli.app import App, echo_json, echo_text, json_option, library_errors, pass_app

DEFAULT_HISTORY = 20


@click.command()
@click.option(
    "-n",
    "limit",
    type=click.IntRange(min=1),
    default=DEFAULT_HISTORY,
    show_default=True,
    help="How many entries.",
)
@json_option
@pass_app
@library_errors
def history(app: App, limit: int, as_json: bool) -> None:
    """List your recent decisions, newest first (undone ones are marked)."""
    from albumfaces.people import history as read_history

    with app.open_store() as store:
        entries = read_history(store, limit)
    if as_json:
        echo_json([e.to_dict() for e in entries])
        return
    for e in entries:
        flag = "  (undone)" if e.undone else ""
        echo_text(f"{e.id:>5}  {e.at.replace('T', ' ')[:19]}  {e.summary}{flag}")
    if not entries:
        echo_text("No decisions yet.")


def _reverse(app: App, count: int, as_json: bool, redo: bool) -> None:
    from albumfaces.people import redo as redo_decisions
    from albumfaces.people import undo as undo_decisions

    with app.open_store() as store:
        done = (redo_decisions if redo else undo_decisions)(store, count)
    verb = "Redid" if redo else "Undid"
    if as_json:
        echo_json([r.to_dict() for r in done])
        return
    for r in done:
        echo_text(f"{verb}: {r.entry.summary}")
        for problem in r.problems:
            echo_text(f"albumfaces: could not restore: {problem}", err=True)
    if len(done) < count:
        left = "Nothing" if not done else f"Only {len(done)} decision(s)"
        echo_text(f"{left} to {'redo' if redo else 'undo'}.")


@click.command()
@click.argument("count", type=click.IntRange(min=1), default=1)
@json_option
@pass_app
@library_errors
def undo(app: App, count: int, as_json: bool) -> None:
    """Take back your last COUNT decisions (default 1), newest first, exactly."""
    _reverse(app, count, as_json, redo=False)


@click.command()
@click.argument("count", type=click.IntRange(min=1), default=1)
@json_option
@pass_app
@library_errors
def redo(app: App, count: int, as_json: bool) -> None:
    """Make again the last COUNT decisions you undid (until you make a new one)."""
    _reverse(app, count, as_json, redo=True)


COMMANDS = [history, undo, redo]
