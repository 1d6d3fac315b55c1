"""People commands: cluster, people, name (also interactively) and show."""

from __future__ import annotations

from pathlib import Path

import click

from albumfaces.cli.app import (
    App,
    echo_json,
    echo_text,
    json_option,
    library_errors,
    pass_app,
    person_id,
)
from albumfaces.cli.summaries import cluster_summary
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES, METHODS
from albumfaces.models import Source
from albumfaces.recognition.profiles import FACE_MODELS

_THRESHOLDS = "; ".join(
    f"{m.name} {m.distances.cluster} (dbscan {m.distances.dbscan})" for m in FACE_MODELS.values()
)


def cluster_options(func):
    func = click.option(
        "--min-faces",
        type=click.IntRange(min=1),
        default=DEFAULT_MIN_FACES,
        show_default=True,
        help="Smallest group of faces that becomes a person.",
    )(func)
    func = click.option(
        "--threshold",
        type=click.FloatRange(0.01, 2.0),
        default=None,
        help="Largest encoding distance between faces of one person. Default: the library "
        f"face model's: {_THRESHOLDS}.",
    )(func)
    return click.option(
        "--method",
        type=click.Choice(METHODS),
        default=DEFAULT_METHOD,
        show_default=True,
        help="Clustering method.",
    )(func)


@click.command()
@cluster_options
@click.option(
    "--full",
    is_flag=True,
    help="Cluster every face again, not only the faces no run has seen yet.",
)
@click.option(
    "--no-import-names",
    is_flag=True,
    help="Do not name people from the names Google Takeout gave their photos.",
)
@json_option
@pass_app
@library_errors
def cluster(app: App, method, threshold, min_faces, full, no_import_names, as_json) -> None:
    """Group faces into people; give new faces of named people their names.

    Only new faces are placed when nothing else changed since the last run (same settings,
    none of your decisions since, new faces under a fifth of all); otherwise, or with
    --full, every face is clustered again. Your decisions (names, moves, merges, splits,
    rejections, different people) are never changed.
    """
    from albumfaces.people import recluster

    with app.open_store() as store:
        report = recluster(
            store, method, threshold, min_faces, full=full, import_names=not no_import_names
        )
    if as_json:
        echo_json(report.to_dict())
    else:
        echo_text(cluster_summary(report))


@click.command()
@json_option
@click.option("--all", "show_all", is_flag=True, help="Also list people with no faces.")
@pass_app
@library_errors
def people(app: App, as_json: bool, show_all: bool) -> None:
    """List people: id, name, faces, photos, and who made the assignments."""
    with app.open_store() as store:
        found = [p for p in store.list_people() if p.faces or show_all or as_json]
    if as_json:
        echo_json([p.to_dict() for p in found])
        return
    for p in found:
        flags = " (ignored)" if p.ignored else ""
        src = p.sources
        echo_text(
            f"{p.id:>6}  {p.name}{flags}: {p.faces} faces in {p.photos} photos "
            "[" + ", ".join(f"{source} {src[source]}" for source in Source) + "]"
        )
    echo_text(f"{len(found)} people")


_notes_said: set[str] = set()  # a missing font is said once, not for every sheet


def _sheet(app: App, store, pid: int, name: str, open_it: bool) -> Path:
    from albumfaces.people.sheets import write_contact_sheet

    faces = list(store.iter_faces(person_id=pid))
    dest = app.db_path.expanduser().absolute().parent / "sheets" / f"person-{pid}.png"
    sheet = write_contact_sheet(faces, dest, title=f"{name}: {len(faces)} faces")
    if sheet.note and sheet.note not in _notes_said:
        _notes_said.add(sheet.note)
        echo_text(f"albumfaces: {sheet.note}", err=True)
    if open_it:
        click.launch(str(sheet.path))
    return sheet.path


@click.command()
@click.argument("person", required=False)
@click.argument("new_name", required=False)
@click.option(
    "--merge",
    "merge_if_taken",
    is_flag=True,
    help="If NEW_NAME is another person's already, merge PERSON into that person.",
)
@click.option("--open", "open_it", is_flag=True, help="Open each contact sheet in your viewer.")
@pass_app
@library_errors
def name(app: App, person, new_name, merge_if_taken, open_it) -> None:
    """Name people: `name PERSON NEW_NAME`, or with no arguments, one by one interactively.

    Interactively, the largest unnamed people come first, each with a contact sheet of its
    faces. Type a new name to name it, an existing name to merge it into that person (as
    --merge does, and as the review page's name fields do), Enter to skip, - to mark it as
    strangers (hidden from albums), q to quit.
    """
    from albumfaces.people import name_person

    if person and new_name:
        with app.open_store() as store:
            pid = person_id(store, person)
            echo_text(name_person(store, pid, new_name, merge_if_taken).sentence)
    elif person:
        raise click.UsageError("give PERSON and NEW_NAME, or neither for the interactive mode")
    else:
        _name_interactively(app, open_it)


def _name_interactively(app: App, open_it: bool) -> None:
    from albumfaces.people import PeopleError

    with app.open_store() as store:
        todo = [p for p in store.list_people() if p.faces and not p.named and not p.ignored]
        if not todo:
            echo_text("No unnamed people. Run `albumfaces cluster` after a scan.")
            return
        counts = {"named": 0, "merged": 0, "strangers": 0}
        for index, p in enumerate(todo, 1):
            sheet = _sheet(app, store, p.id, p.name, open_it)
            echo_text(f"\n[{index}/{len(todo)}] {p.name}: {p.faces} faces in {p.photos} photos")
            echo_text(f"Contact sheet: {sheet}")
            while True:
                answer = click.prompt(
                    "Name (Enter: skip, -: strangers, q: quit)", default="", show_default=False
                ).strip()
                if answer in ("", "q"):
                    break
                try:
                    outcome, message = _apply_answer(store, p.id, answer)
                except PeopleError as exc:
                    echo_text(f"albumfaces: {exc}", err=True)
                    continue
                counts[outcome] += 1
                echo_text(message)
                break
            if answer == "q":
                break
        echo_text(
            f"Named {counts['named']}, merged {counts['merged']}, "
            f"marked {counts['strangers']} as strangers."
        )


def _apply_answer(store, pid: int, answer: str) -> tuple[str, str]:
    """Carry out one answer to the naming prompt: (what happened, what to tell the user)."""
    from albumfaces.people import name_person, set_ignored

    if answer == "-":
        set_ignored(store, pid)
        return "strangers", "Marked as strangers."
    decision = name_person(store, pid, answer, merge_if_taken=True)
    merged = decision.person_id != pid
    return ("merged" if merged else "named"), decision.sentence


@click.command()
@click.argument("person")
@click.option("--open", "open_it", is_flag=True, help="Open the contact sheet in your viewer.")
@pass_app
@library_errors
def show(app: App, person, open_it) -> None:
    """Write a contact sheet of PERSON's faces and print its path."""
    with app.open_store() as store:
        info = store.get_person(person_id(store, person))
        echo_text(str(_sheet(app, store, info.id, info.name, open_it)))


COMMANDS = [cluster, people, name, show]
