"""People: clustering runs and the user's decisions (the only code that records them)."""

from albumfaces.people.clustering import recluster
from albumfaces.people.decisions import (
    PeopleError,
    ignore_person,
    merge_people,
    move_face,
    name_person,
    reject_face,
    resolve_person,
)

__all__ = [
    "PeopleError",
    "ignore_person",
    "merge_people",
    "move_face",
    "name_person",
    "recluster",
    "reject_face",
    "resolve_person",
]
