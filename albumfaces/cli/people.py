"""People commands: cluster, people, name, merge, move, reject, ignore, show."""

from __future__ import annotations

import json
from pathlib import Path

import click

from albumfaces.cli import App, library_errors, main, pass_app
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES, METHODS


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
        type=click.FloatRange(0.1, 1.0),
        default=None,
        help="Largest encoding distance between faces of one person. "
        "Default: 0.52 for chinese-whispers, 0.45 for dbscan.",
    )(func)
    return click.option(
        "--method",
        type=click.Choice(METHODS),
        default=DEFAULT_METHOD,
        show_default=True,
        help="Clustering method.",
    )(func)


def cluster_summary(report) -> str:
    return (
        f"{report.people} people ({report.named} named, {report.ignored} ignored, "
        f"{report.people - report.named - report.ignored} unnamed); "
        f"{report.propagated} faces matched to named people, {report.clustered} clustered, "
        f"{report.ambiguous} ambiguous, {report.unassigned} unassigned "
        f"in {report.seconds:.1f} s"
    )


@main.command()
@cluster_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_app
@library_errors
def cluster(app: App, method, threshold, min_faces, as_json) -> None:
    """Group faces into people; give new faces of named people their names.

    Your decisions (names, moves, merges, rejections) are never changed.
    """
    from albumfaces.people import recluster

    with app.open_store() as store:
        report = recluster(store, method, threshold, min_faces)
    click.echo(json.dumps(report.to_dict()) if as_json else cluster_summary(report))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--all", "show_all", is_flag=True, help="Also list named people with no faces.")
@pass_app
def people(app: App, as_json: bool, show_all: bool) -> None:
    """List people: id, name, faces, photos, and who made the assignments."""
    with app.open_store() as store:
        found = [p for p in store.list_people() if p.faces or show_all or as_json]
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in found], ensure_ascii=False))
        return
    for p in found:
        flags = " (ignored)" if p.ignored else ""
        src = p.sources
        click.echo(
            f"{p.id:>6}  {p.name}{flags}: {p.faces} faces in {p.photos} photos "
            f"[user {src['user']}, propagated {src['propagated']}, cluster {src['cluster']}]"
        )
    click.echo(f"{len(found)} people")


def _sheet(app: App, store, person_id: int, name: str, open_it: bool) -> Path:
    from albumfaces.people.sheets import write_contact_sheet

    faces = list(store.iter_faces(person_id=person_id))
    dest = app.db_path.expanduser().absolute().parent / "sheets" / f"person-{person_id}.png"
    write_contact_sheet(faces, dest, title=f"{name}: {len(faces)} faces")
    if open_it:
        click.launch(str(dest))
    return dest


@main.command()
@click.argument("person", required=False)
@click.argument("new_name", required=False)
@click.option("--open", "open_it", is_flag=True, help="Open each contact sheet in your viewer.")
@pass_app
@library_errors
def name(app: App, person, new_name, open_it) -> None:
    """Name people: `name PERSON NEW_NAME`, or with no arguments, one by one interactively.

    Interactively, the largest unnamed people come first, each with a contact sheet of its
    faces. Type a new name to name it, an existing name to merge it into that person, Enter
    to skip, - to mark it as strangers (hidden from albums), q to quit.
    """
    from albumfaces.people import name_person

    if person and new_name:
        with app.open_store() as store:
            pid = name_person(store, person, new_name)
        click.echo(f"Person {pid} is now {new_name}")
    elif person:
        raise click.UsageError("give PERSON and NEW_NAME, or neither for the interactive mode")
    else:
        _name_interactively(app, open_it)


def _name_interactively(app: App, open_it: bool) -> None:
    from albumfaces.people import PeopleError

    with app.open_store() as store:
        todo = [p for p in store.list_people() if p.faces and not p.named and not p.ignored]
        if not todo:
            click.echo("No unnamed people. Run `albumfaces cluster` after a scan.")
            return
        counts = {"named": 0, "merged": 0, "strangers": 0}
        for index, p in enumerate(todo, 1):
            sheet = _sheet(app, store, p.id, p.name, open_it)
            click.echo(f"\n[{index}/{len(todo)}] {p.name}: {p.faces} faces in {p.photos} photos")
            click.echo(f"Contact sheet: {sheet}")
            while True:
                answer = click.prompt(
                    "Name (Enter: skip, -: strangers, q: quit)", default="", show_default=False
                ).strip()
                if answer in ("", "q"):
                    break
                try:
                    outcome, message = _apply_answer(store, p.id, answer)
                except PeopleError as exc:
                    click.echo(f"albumfaces: {exc}", err=True)
                    continue
                counts[outcome] += 1
                click.echo(message)
                break
            if answer == "q":
                break
        click.echo(
            f"Named {counts['named']}, merged {counts['merged']}, "
            f"marked {counts['strangers']} as strangers."
        )


def _apply_answer(store, person_id: int, answer: str) -> tuple[str, str]:
    """Carry out one answer to the naming prompt: (what happened, what to tell the user)."""
    from albumfaces.people import ignore_person, merge_people, name_person
    from albumfaces.people.decisions import clean_name

    if answer == "-":
        ignore_person(store, str(person_id))
        return "strangers", "Marked as strangers."
    name = clean_name(answer)
    existing = store.person_by_name(name)
    if existing is not None:
        merge_people(store, str(person_id), str(existing))
        return "merged", f"Merged into {name}."
    name_person(store, str(person_id), name)
    return "named", f"Named {name}."


@main.command()
@click.argument("person")
@click.argument("into_person")
@pass_app
@library_errors
def merge(app: App, person, into_person) -> None:
    """Move every face of PERSON into INTO_PERSON."""
    from albumfaces.people import merge_people

    with app.open_store() as store:
        target = merge_people(store, person, into_person)
    click.echo(f"Merged {person} into person {target}")


@main.command()
@click.argument("face_id", type=int)
@click.argument("person")
@pass_app
@library_errors
def move(app: App, face_id, person) -> None:
    """Assign face FACE_ID to PERSON."""
    from albumfaces.people import move_face

    with app.open_store() as store:
        pid = move_face(store, face_id, person)
    click.echo(f"Face {face_id} is now person {pid}")


@main.command()
@click.argument("face_id", type=int)
@pass_app
@library_errors
def reject(app: App, face_id) -> None:
    """Face FACE_ID is not the person it is assigned to; never assign it there again."""
    from albumfaces.people import reject_face

    with app.open_store() as store:
        pid = reject_face(store, face_id)
    click.echo(f"Face {face_id} removed from person {pid}, for good")


@main.command()
@click.argument("person")
@click.option("--undo", is_flag=True, help="Show this person again.")
@pass_app
@library_errors
def ignore(app: App, person, undo) -> None:
    """Mark PERSON as strangers: hidden from albums and from naming."""
    from albumfaces.people import ignore_person

    with app.open_store() as store:
        pid = ignore_person(store, person, ignored=not undo)
    click.echo(f"Person {pid} is {'shown again' if undo else 'ignored'}")


@main.command()
@click.argument("person")
@click.option("--open", "open_it", is_flag=True, help="Open the contact sheet in your viewer.")
@pass_app
@library_errors
def show(app: App, person, open_it) -> None:
    """Write a contact sheet of PERSON's faces and print its path."""
    from albumfaces.people import resolve_person

    with app.open_store() as store:
        pid = resolve_person(store, person)
        info = next(p for p in store.list_people() if p.id == pid)
        click.echo(str(_sheet(app, store, pid, info.name, open_it)))
