"""The journal of the user's decisions, and the snapshots that make each one reversible.

A decision changes rows of four tables: people, assignments, rejections and different_people.
Before and after it, the rows it can touch are read (a :class:`Snapshot`); the journal keeps
the rows that differ. Undo writes the "before" rows back, redo the "after" rows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from sqlite_utils import Database

from albumfaces.models import JournalEntry, JournalKind, Touched
from albumfaces.store.clock import now as _now
from albumfaces.store.sql import IN_IDS, json_ids

PEOPLE_COLUMNS = (
    "id",
    "name",
    "auto_name",
    "ignored",
    "user_made",
    "created_at",
    "cover_face_id",
    "born",
)
ASSIGNMENT_COLUMNS = ("face_id", "person_id", "source", "distance", "assigned_at")
ENTRY_COLUMNS = "id, at, kind, command, summary, target, undone"
# Images are JSON lists in these column orders; None means "no such row".
Row = list | None


@dataclass
class Scope:
    """The people and faces a decision can change."""

    people: set[int] = field(default_factory=set)
    faces: set[int] = field(default_factory=set)


@dataclass
class Snapshot:
    people: dict[int, Row]
    assignments: dict[int, Row]
    rejections: dict[int, list]  # face -> [[person, rejected_at], ...]
    different: dict[int, list]  # person -> [[person_a, person_b, marked_at], ...]
    hidden: dict[int, Row] = field(default_factory=dict)  # face -> its box, if no face
    drawn: dict[int, Row] = field(default_factory=dict)  # face -> its row, if the user drew it


def diff_snapshots(before: Snapshot, after: Snapshot) -> dict:
    """What a decision changed, as stored in the journal. People rows are all kept (with a
    changed flag): undo needs an unchanged person back if the machine deleted it since."""
    people = [
        [pid, before.people.get(pid), after.people.get(pid), before.people.get(pid) != row]
        for pid, row in sorted(after.people.items())
    ]

    def changed(old: dict, new: dict) -> list:
        return [[k, old.get(k), new.get(k)] for k in sorted(new) if old.get(k) != new.get(k)]

    return {
        "people": people,
        "assignments": changed(before.assignments, after.assignments),
        "rejections": changed(before.rejections, after.rejections),
        "different": changed(before.different, after.different),
        "hidden": changed(before.hidden, after.hidden),
        "drawn": changed(before.drawn, after.drawn),
    }


def _entry(row) -> JournalEntry:
    """A journal row (``ENTRY_COLUMNS``) as a value."""
    i, at, kind, command, summary, target, undone = row
    return JournalEntry(i, at, JournalKind(kind), command, summary, target, bool(undone))


def has_effect(changes: dict) -> bool:
    kinds = ("assignments", "rejections", "different", "hidden", "drawn")
    return any(changes.get(k) for k in kinds) or any(flag for *_, flag in changes["people"])


class JournalQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def decision_scope(self, people: set[int], faces: set[int], whole_people: bool = True) -> Scope:
        """Everything a decision about ``people`` and ``faces`` can change: the faces (and,
        with ``whole_people``, every face of the people), those faces' rejections, and every
        person these rows refer to. A decision about some faces only (a move, a rejection)
        leaves the people's other faces alone: reading them all would cost a person of 50,000
        faces a second a decision."""
        faces = set(faces)
        people = set(people)
        ids = json_ids(people)
        if whole_people:
            for sql in (
                f"SELECT face_id FROM assignments WHERE person_id {IN_IDS}",
                f"SELECT face_id FROM rejections WHERE person_id {IN_IDS}",
            ):
                faces.update(r[0] for r in self.db.execute(sql, [ids]))
        face_ids = json_ids(faces)
        for sql in (
            f"SELECT person_id FROM assignments WHERE face_id {IN_IDS}",
            f"SELECT person_id FROM rejections WHERE face_id {IN_IDS}",
            f"SELECT id FROM people WHERE cover_face_id {IN_IDS}",
        ):
            people.update(r[0] for r in self.db.execute(sql, [face_ids]))
        ids = json_ids(people)
        for a, b in self.db.execute(
            f"SELECT person_a, person_b FROM different_people "
            f"WHERE person_a {IN_IDS} OR person_b {IN_IDS}",
            [ids, ids],
        ):
            people.update((a, b))
        return Scope(people, faces)

    def snapshot(self, scope: Scope) -> Snapshot:
        people, faces = json_ids(scope.people), json_ids(scope.faces)
        columns = ", ".join(PEOPLE_COLUMNS)
        rows = self.db.execute(f"SELECT {columns} FROM people WHERE id {IN_IDS}", [people])
        snap = Snapshot({pid: None for pid in scope.people}, {}, {}, {})
        snap.people.update({row[0]: list(row) for row in rows})
        columns = ", ".join(ASSIGNMENT_COLUMNS)
        snap.assignments = {fid: None for fid in scope.faces}
        for row in self.db.execute(
            f"SELECT {columns} FROM assignments WHERE face_id {IN_IDS}", [faces]
        ):
            snap.assignments[row[0]] = list(row)
        snap.rejections = {fid: [] for fid in scope.faces}
        for fid, pid, at in self.db.execute(
            f"SELECT face_id, person_id, rejected_at FROM rejections WHERE face_id {IN_IDS} "
            "ORDER BY face_id, person_id",
            [faces],
        ):
            snap.rejections[fid].append([pid, at])
        snap.different = {pid: [] for pid in scope.people}
        for row in self.db.execute(
            "SELECT person_a, person_b, marked_at FROM different_people "
            f"WHERE person_a {IN_IDS} OR person_b {IN_IDS} ORDER BY person_a, person_b",
            [people, people],
        ):
            for pid in row[:2]:
                if pid in snap.different:
                    snap.different[pid].append(list(row))
        snap.hidden = self.hidden_rows(scope.faces)
        snap.drawn = self.drawn_rows(scope.faces)
        return snap

    def restore(self, changes: dict, after: bool) -> list[str]:
        """Write back the rows of one side of a journal entry (``after``: redo, else undo).
        Returns what could not be restored, in words."""
        side = 2 if after else 1
        problems: list[str] = []
        gone_people = []
        taken_away = set()  # faces the user drew, taken away by this side: no problem there
        lost = set()  # drawn faces whose ids a rescan gave to detected ones: left alone
        for fid, *images in changes.get("drawn", []):  # first: other rows may refer to them
            if not self.put_drawn(fid, images[side - 1]):
                problems.append(
                    f"face {fid} you drew cannot be made again (its photo was scanned again "
                    "since): draw it once more"
                )
                lost.add(fid)
            if images[side - 1] is None:
                taken_away.add(fid)
        for pid, *images, changed in changes["people"]:
            image = images[side - 1]
            if image is None:
                if changed:
                    gone_people.append(pid)
            elif changed or not self._exists("people", "id", pid):
                problems += self._put_person(image)
        present = {
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM faces WHERE id {IN_IDS}",
                [json_ids(row[0] for key in ("assignments", "rejections") for row in changes[key])],
            )
        } - lost
        taken_away |= lost  # said once, above
        for fid, *images in changes["assignments"]:
            if fid not in present:
                if fid not in taken_away:
                    problems.append(f"face {fid} is gone (its photo was deleted or scanned again)")
                continue
            self.db.execute("DELETE FROM assignments WHERE face_id = ?", [fid])
            if images[side - 1] is not None:
                marks = ", ".join("?" * len(ASSIGNMENT_COLUMNS))
                columns = ", ".join(ASSIGNMENT_COLUMNS)
                self.db.execute(
                    f"INSERT INTO assignments ({columns}) VALUES ({marks})", images[side - 1]
                )
        for fid, *images in changes["rejections"]:
            if fid not in present:
                continue  # already said for its assignment, or nothing to say
            self.db.execute("DELETE FROM rejections WHERE face_id = ?", [fid])
            self.db.conn.executemany(
                "INSERT INTO rejections (face_id, person_id, rejected_at) VALUES (?, ?, ?)",
                [(fid, *row) for row in images[side - 1] or []],
            )
        for pid, *images in changes["different"]:
            self.db.execute("DELETE FROM different_people WHERE ? IN (person_a, person_b)", [pid])
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO different_people VALUES (?, ?, ?)", images[side - 1] or []
            )
        for fid, *images in changes.get("hidden", []):  # entries before m014 have none
            self.set_hidden(fid, images[side - 1], images[2 - side])
        for pid in gone_people:
            self.db.execute("DELETE FROM people WHERE id = ?", [pid])
        return problems

    def _put_person(self, image: list) -> list[str]:
        # an entry journaled before a column was added holds fewer: those it has are put back
        row = dict(zip(PEOPLE_COLUMNS[: len(image)], image, strict=True))
        problems = []
        if row["cover_face_id"] is not None and not self._exists(
            "faces", "id", row["cover_face_id"]
        ):
            problems.append(f"cover face {row['cover_face_id']} is gone")
            row["cover_face_id"] = None
        try:
            self._upsert_person(row)
        except sqlite3.IntegrityError:  # the name is someone else's now
            self._upsert_person({**row, "name": None})
            problems.append(f"person {row['id']} could not get back the name {image[1]!r}")
        return problems

    def _upsert_person(self, row: dict) -> None:
        """Insert or update a whole people row, without deleting it first (REPLACE would
        delete its assignments through the foreign keys)."""
        sets = ", ".join(f"{c} = excluded.{c}" for c in list(row)[1:])
        marks = ", ".join("?" * len(row))
        self.db.execute(
            f"INSERT INTO people ({', '.join(row)}) VALUES ({marks}) "
            f"ON CONFLICT (id) DO UPDATE SET {sets}",
            list(row.values()),
        )

    def _exists(self, table: str, column: str, value: int) -> bool:
        sql = f"SELECT 1 FROM {table} WHERE {column} = ?"
        return self.db.execute(sql, [value]).fetchone() is not None

    # -- the journal itself ------------------------------------------------------------------

    def record_journal(
        self,
        kind: JournalKind,
        command: str,
        summary: str,
        changes: dict | None = None,
        target: int | None = None,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO journal (at, kind, command, summary, target, changes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [_now(), kind, command, summary, target, json.dumps(changes) if changes else None],
        )
        return cursor.lastrowid

    def journal_entries(self, limit: int | None = None) -> list[JournalEntry]:
        rows = self.db.execute(
            f"SELECT {ENTRY_COLUMNS} FROM journal ORDER BY id DESC LIMIT ?",
            [-1 if limit is None else limit],
        )
        return [_entry(row) for row in rows]

    def journal_changes(self, entry_id: int) -> dict:
        row = self.db.execute("SELECT changes FROM journal WHERE id = ?", [entry_id]).fetchone()
        return json.loads(row[0])

    def last_active_decision(self) -> JournalEntry | None:
        """The decision undo takes back next: the newest one in effect."""
        return self._one_decision("undone = 0 ORDER BY id DESC")

    def next_redo(self) -> JournalEntry | None:
        """The decision redo brings back next: the last one undone, unless a decision was made
        since (then there is nothing to redo, as in any editor)."""
        return self._one_decision(
            "undone = 1 AND id > (SELECT coalesce(max(id), 0) FROM journal "
            "WHERE kind = 'decision' AND undone = 0) ORDER BY id ASC"
        )

    def _one_decision(self, condition: str) -> JournalEntry | None:
        row = self.db.execute(
            f"SELECT {ENTRY_COLUMNS} FROM journal WHERE kind = 'decision' AND {condition} LIMIT 1"
        ).fetchone()
        return None if row is None else _entry(row)

    def touched_after(self, entry_id: int) -> Touched | None:
        """Everyone and every face whose row, assignment or rejections the journal entries
        after ``entry_id`` (or the decisions their undos and redos acted on) changed; None if
        there are no such entries."""
        rows = self.db.execute(
            "SELECT coalesce(t.changes, j.changes) FROM journal j "
            "LEFT JOIN journal t ON t.id = j.target WHERE j.id > ?",
            [entry_id],
        ).fetchall()
        if not rows:
            return None
        touched = Touched(set(), set())
        for (changes,) in rows:
            if not changes:
                continue
            changed = json.loads(changes)
            touched.people.update(pid for pid, *_ in changed["people"])
            for key in ("assignments", "rejections"):
                touched.faces.update(fid for fid, *_ in changed[key])
        return touched

    def last_journal_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM journal").fetchone()[0]

    def last_user_decision_id(self) -> int:
        """The journal's last entry other than names a scan read from photos' XMP (those
        name new faces only, which an incremental clustering run places anyway)."""
        return self.db.execute(
            "SELECT coalesce(max(id), 0) FROM journal WHERE command != 'scan'"
        ).fetchone()[0]

    def set_undone(self, entry_id: int, undone: bool) -> None:
        self.db.execute("UPDATE journal SET undone = ? WHERE id = ?", [int(undone), entry_id])
