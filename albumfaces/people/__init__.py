"""People: clustering runs and the user's decisions (the only code that records them)."""

from albumfaces.people.clustering import recluster
from albumfaces.people.decisions import (
    Decision,
    add_face,
    check_drawn_box,
    mark_different,
    mark_not_faces,
    merge_people,
    move_faces,
    name_person,
    new_person,
    reject_faces,
    set_birth,
    set_cover,
    set_ignored,
    split_faces,
)
from albumfaces.people.journal import Reversal, history, redo, undo
from albumfaces.people.refs import NotFound, PeopleError, clean_name, resolve_person

__all__ = [
    "Decision",
    "add_face",
    "check_drawn_box",
    "NotFound",
    "PeopleError",
    "Reversal",
    "clean_name",
    "history",
    "mark_different",
    "mark_not_faces",
    "merge_people",
    "move_faces",
    "name_person",
    "new_person",
    "recluster",
    "redo",
    "reject_faces",
    "resolve_person",
    "set_birth",
    "set_cover",
    "set_ignored",
    "split_faces",
    "undo",
]
