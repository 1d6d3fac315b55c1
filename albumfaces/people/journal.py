"""Recording decisions, and taking them back: history, undo and redo.

Every decision runs inside :func:`journaled`, which reads the rows it can change before and
after, and writes what changed to the journal in the same transaction as the change itself.
Undo writes the "before" rows back; redo the "after" rows. Both are journaled too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from albumfaces.models import JournalEntry, JournalKind
from albumfaces.store import Store
from albumfaces.store.journal import Scope, diff_snapshots, has_effect
from albumfaces.words import sentence


@dataclass
class Recorder:
    """Handed to the body of a journaled decision: it sets the summary and names the people
    it creates."""

    summary: str = ""
    entry_id: int | None = None  # set once recorded; None if the decision changed nothing
    created_people: set[int] = field(default_factory=set)
    created_faces: set[int] = field(default_factory=set)

    def created(self, person_id: int) -> None:
        self.created_people.add(person_id)

    def created_face(self, face_id: int) -> None:
        self.created_faces.add(face_id)


@contextmanager
def journaled(
    store: Store,
    command: str,
    people: Iterable[int] = (),
    faces: Iterable[int] = (),
    whole_people: bool = True,
) -> Iterator[Recorder]:
    """Run a decision about ``people`` and ``faces`` as one transaction, journaled.
    ``whole_people`` False: the decision changes no face of the people but ``faces``."""
    recorder = Recorder()
    with store.transaction():
        scope = store.decision_scope(set(people), set(faces), whole_people)
        before = store.snapshot(scope)
        yield recorder
        after_scope = Scope(
            scope.people | recorder.created_people, scope.faces | recorder.created_faces
        )
        changes = diff_snapshots(before, store.snapshot(after_scope))
        if has_effect(changes):
            recorder.entry_id = store.record_journal(
                JournalKind.DECISION, command, recorder.summary, changes
            )


@dataclass(frozen=True)
class Reversal:
    """One decision undone or redone, and what of it could not be restored."""

    entry: JournalEntry
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if not self.problems:
            return self.entry.summary
        return f"{self.entry.summary} (could not restore: {'; '.join(self.problems)})"

    @property
    def sentence(self) -> str:
        return sentence(self.summary)

    def to_dict(self) -> dict:
        """As ``undo --json`` and ``POST /api/undo`` answer it."""
        return {
            "id": self.entry.id,
            "summary": self.entry.summary,
            "sentence": self.sentence,
            "could_not": list(self.problems),
        }


def history(store: Store, limit: int | None = None) -> list[JournalEntry]:
    """Recent decisions, undos and redos, newest first."""
    return store.journal_entries(limit)


def undo(store: Store, count: int = 1) -> list[Reversal]:
    """Take back the last ``count`` decisions in effect, newest first, exactly."""
    return _reverse(store, count, redo=False)


def redo(store: Store, count: int = 1) -> list[Reversal]:
    """Make again the last ``count`` undone decisions, unless a decision was made since."""
    return _reverse(store, count, redo=True)


def _reverse(store: Store, count: int, redo: bool) -> list[Reversal]:
    done = []
    for _ in range(count):
        with store.transaction():
            entry = store.next_redo() if redo else store.last_active_decision()
            if entry is None:
                break
            problems = store.restore(store.journal_changes(entry.id), after=redo)
            store.set_undone(entry.id, not redo)
            reversal = Reversal(entry, tuple(problems))
            kind, verb = (JournalKind.REDO, "redid") if redo else (JournalKind.UNDO, "undid")
            store.record_journal(kind, kind.value, f"{verb}: {reversal.summary}", target=entry.id)
        done.append(reversal)
    return done
