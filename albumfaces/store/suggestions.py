"""What the review page's suggestions read besides encodings: who is named or ignored, whom
the user confirmed, which faces were rejected for whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from albumfaces.models import Source
from albumfaces.store.sql import BEFORE_BIRTH, DISPLAY_NAME, IN_IDS, PRESENT, json_ids


@dataclass(frozen=True)
class PersonFlags:
    id: int
    named: bool
    ignored: bool
    name: str  # as shown: the user's name or the automatic one


class SuggestionQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def person_flags(self, person_ids: Iterable[int] | None = None) -> dict[int, PersonFlags]:
        """Everyone (or these people, those that still exist), named or not, ignored or not:
        without counting their faces, which takes a second for a person of 50,000."""
        where, params = _only("id", person_ids)
        rows = self.db.execute(
            f"SELECT id, name IS NOT NULL, ignored, {DISPLAY_NAME} FROM people p {where}", params
        )
        return {r[0]: PersonFlags(r[0], bool(r[1]), bool(r[2]), r[3]) for r in rows}

    def count_present_faces(self) -> int:
        return self.db.execute(f"SELECT count(*) FROM faces WHERE {PRESENT}").fetchone()[0]

    def confirmed_faces_of(self, person_ids: Iterable[int]) -> list[int]:
        """The faces the user put with these people."""
        rows = self.db.execute(
            f"SELECT face_id FROM assignments WHERE source = ? AND person_id {IN_IDS}",
            [Source.USER.value, json_ids(person_ids)],
        )
        return [r[0] for r in rows]

    def rejections_of(self, face_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
        """Each face (of these, or all) and the people it is not: those the user said, and
        those born after its photo was taken."""
        where, params = _only("face_id", face_ids)
        # the faces asked about are picked inside the births' join, not after it: a decision
        # asks about a few faces, and the join over every photo would run for each
        births = BEFORE_BIRTH + (f" AND f.id {IN_IDS}" if face_ids is not None else "")
        rejected: dict[int, set[int]] = {}
        for face, person in self.db.execute(
            f"SELECT face_id, person_id FROM rejections {where} UNION {births}",
            params * 2,
        ):
            rejected.setdefault(face, set()).add(person)
        return rejected

    def machine_faces_before(self, person_id: int, born: str) -> list[int]:
        """The faces the machine gave this person from photos taken before ``born``."""
        rows = self.db.execute(
            "SELECT a.face_id FROM assignments a JOIN faces f ON f.id = a.face_id "
            "JOIN photos ph ON ph.hash = f.photo_hash "
            "WHERE a.person_id = ? AND a.source != 'user' AND ph.taken_at < ?",
            [person_id, born],
        )
        return [r[0] for r in rows]

    def birth_facts(self, person_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """Each of these people's birth and their earliest dated photo (either may be None)."""
        ids = json_ids(person_ids)
        born = dict(self.db.execute(f"SELECT id, born FROM people WHERE id {IN_IDS}", [ids]))
        earliest = dict(
            self.db.execute(
                "SELECT a.person_id, min(ph.taken_at) FROM assignments a "
                "JOIN faces f ON f.id = a.face_id JOIN photos ph ON ph.hash = f.photo_hash "
                f"WHERE a.person_id {IN_IDS} GROUP BY a.person_id",
                [ids],
            )
        )
        return {p: (born.get(p), earliest.get(p)) for p in born}


def _only(column: str, ids: Iterable[int] | None) -> tuple[str, list]:
    """A WHERE clause keeping the rows whose ``column`` is one of ``ids`` (None: every row)."""
    return ("", []) if ids is None else (f"WHERE {column} {IN_IDS}", [json_ids(ids)])
