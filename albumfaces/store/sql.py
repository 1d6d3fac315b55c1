"""The SQL pieces the query modules share: which faces count, how a person is called, and
the one way a list of ids is passed to SQLite."""

from __future__ import annotations

from collections.abc import Iterable

# A face counts as present while some file holds its photo.
PRESENT = (
    "faces.hidden = 0 AND EXISTS (SELECT 1 FROM files WHERE files.photo_hash = faces.photo_hash)"
)
# The same as a list SQLite builds once per query: faster when every face is checked.
PRESENT_PHOTOS = "(SELECT photo_hash FROM files)"
# Faces encoded by the library's model, the only ones ever compared: while a switch of model
# is under way, the photos not yet re-encoded wait. A library with no model yet compares all.
OF_LIBRARY_MODEL = (
    "faces.photo_hash IN (SELECT hash FROM photos WHERE face_model = coalesce("
    "(SELECT value FROM library WHERE name = 'face_model'), face_model))"
)
# "column IN_IDS" with json_ids(ids) as its parameter: the rows whose column is one of ids.
IN_IDS = "IN (SELECT value FROM json_each(?))"
USER_MADE = "(p.user_made = 1 OR p.name IS NOT NULL OR p.ignored = 1)"
# What a person is called wherever one is shown: the user's name, else the automatic one.
DISPLAY_NAME = "coalesce(p.name, p.auto_name, 'person_' || p.id)"
AUTO_NAME = "person_{:02d}"


def json_ids(ids: Iterable[int]) -> str:
    """Ids as one JSON array parameter (``json_each``): no limit on how many."""
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


# (face, person): a face of a photo taken before the person's birth, which the machine never
# gives them (propagation, clustering, "Is this …?"); the user's own assignments aside. A
# birth is stored as YYYY-MM-DD or YYYY, and taken_at as ISO 8601, so comparing the text
# compares the dates: a photo of 2018 is before a birth in "2019"; one of its 1 January is
# not. Photos without a date are not constrained.
BEFORE_BIRTH = """
    SELECT f.id AS face_id, p.id AS person_id FROM people p
    JOIN photos ph ON ph.taken_at < p.born
    JOIN faces f ON f.photo_hash = ph.hash
    WHERE p.born IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM assignments u
        WHERE u.face_id = f.id AND u.person_id = p.id AND u.source = 'user'
    )
"""
