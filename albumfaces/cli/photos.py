"""``albumfaces photos --with NAME --with NAME [--only]``: the photos people share."""

from __future__ import annotations

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


@click.command()
@click.option(
    "--with",
    "people",
    multiple=True,
    required=True,
    metavar="PERSON",
    help="A person who must be in the photo (repeatable: all of them must be).",
)
@click.option(
    "--only",
    is_flag=True,
    help="And no one else albumfaces knows (strangers and ignored people aside).",
)
@json_option
@pass_app
@library_errors
def photos(app: App, people, only, as_json) -> None:
    """The photos in which every person given appears, newest first, with their dates.

    --json gives each photo's content hash, path, date, size and the ids of those people's
    faces in it."""
    from albumfaces.service.together import chosen_people, photos_together, together_words
    from albumfaces.words import sentence

    with app.open_store() as store:
        ids = [person_id(store, ref) for ref in people]
        chosen = chosen_people(store, ids)
        found = photos_together(store, ids, only)
    if as_json:
        echo_json([p.to_dict() for p in found])
        return
    for photo in found:
        echo_text(f"{(photo.taken_at or 'undated')[:10]}  {photo.path}")
    echo_text(sentence(together_words(chosen, len(found), only)))


COMMANDS = [photos]
