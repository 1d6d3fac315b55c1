"""Suggestions for the review page: "Is this Anna?" and "Same person?", kept up to date.

The user answers them with the ordinary decisions (move, reject, merge, different), so an
answer is journaled, undoable, and remembered: a rejected face is never suggested for that
person again, and people marked as different are never proposed as the same again.

:class:`LiveSuggestions` makes both lists once from every encoding (and again after a scan or
a clustering run), then takes in each decision from the journal: the faces and people it
touched are read again, and only what they can change is searched again
(:mod:`albumfaces.people.face_matches`, :mod:`albumfaces.people.people_matches`). Decisions
made elsewhere (the CLI, another server thread) are taken in the same way.
"""

from __future__ import annotations

import math
import threading
from dataclasses import replace

import numpy as np

from albumfaces.births import contradict
from albumfaces.cluster.knn import TRAIN_PER_LIST, IdIndex, train_parts
from albumfaces.models import Marks, Touched
from albumfaces.people.face_matches import (
    SUGGESTION_PROBES,
    FaceMatches,
    FaceSuggestion,
    FaceTable,
    anchors,
)
from albumfaces.people.people_matches import PeopleMatches, PeopleSuggestion
from albumfaces.recognition.profiles import Metric, face_model
from albumfaces.store import Store
from albumfaces.store.encodings import EncodingChunk
from albumfaces.store.suggestions import PersonFlags

__all__ = ["FaceSuggestion", "LiveSuggestions", "PeopleSuggestion"]

SUGGESTIONS_SHOWN = 100
SUGGESTION_MARGIN = 2  # suggestions asked for a list: some may be left out by births or names
NO_FACTS = (None, None)
# Up to this many faces, every undecided face is compared with every confirmed face (one
# part): a decision that confirms faces compares them all again, a fraction of a second.
EXACT_FACES = 20_000


def _named(flags: dict[int, PersonFlags]) -> set[int]:
    return {p for p, f in flags.items() if f.named and not f.ignored}


class LiveSuggestions:
    """Both lists and everyone's typical face for one database, shared by a server's
    threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.marks: Marks | None = None
        self.faces: FaceMatches | None = None
        self.people: PeopleMatches | None = None

    def is_this(self, store: Store, limit: int = SUGGESTIONS_SHOWN) -> list[FaceSuggestion]:
        """ "Is this Anna?": undecided faces close to named people's confirmed faces, nearest
        first; never a face for a person it was rejected for, nor for one its photo's Takeout
        names leave out."""
        with self.lock:
            self._sync(store)
            found = self.faces.top(limit * SUGGESTION_MARGIN)
        face_names = store.face_photo_names([s.face_id for s in found])
        if face_names:
            people = store.person_flags({s.person_id for s in found})
            named = {p: f.name for p, f in people.items() if f.named}
            found = [
                s
                for s in found
                if s.face_id not in face_names or named.get(s.person_id) in face_names[s.face_id]
            ]
        return found[:limit]

    def same_person(self, store: Store, limit: int = SUGGESTIONS_SHOWN) -> list[PeopleSuggestion]:
        """ "Same person?": close pairs of people not marked as different, closest first;
        never two whose births and photos say they cannot be one (siblings)."""
        with self.lock:
            self._sync(store)
            pairs = self.people.top(store.different_pairs(), limit * SUGGESTION_MARGIN)
        facts = store.birth_facts({p for s in pairs for p in (s.keep, s.other)})
        kept = [
            s
            for s in pairs
            if not contradict(facts.get(s.keep, NO_FACTS), facts.get(s.other, NO_FACTS))
        ]
        return kept[:limit]

    def closest_to(self, store: Store, person: int, among: set[int]) -> list[int]:
        """``among``, the closest to ``person``'s typical face first (merge candidates)."""
        with self.lock:
            self._sync(store)
            return self.people.closest_to(person, among)

    def _sync(self, store: Store) -> None:
        changes = store.changes_since(self.marks)
        if changes.everything:
            self._build(store)
        elif changes.touched is not None:
            self._take_in(store, changes.touched)
        self.marks = changes.marks

    def _build(self, store: Store) -> None:
        """Both lists from scratch: every encoding read twice, a chunk at a time."""
        flags = store.person_flags()
        named = _named(flags)
        model = face_model(store.face_model())
        distances = model.distances
        people = PeopleMatches(
            flags, model.dimensions, distances.people_suggestion, model.metric == Metric.COSINE
        )
        count = store.count_present_faces()
        parted = count > EXACT_FACES
        stride = max(1, count // max(1, round(math.sqrt(count)) * TRAIN_PER_LIST))
        tables, confirmed, sample, seen = [], [], [], 0
        for chunk in store.encoding_chunks():
            people.add(chunk)
            tables.append(FaceTable(chunk.face_ids, chunk.person_ids, chunk.confirmed))
            confirmed.append(chunk.subset(anchors(chunk.confirmed, chunk.person_ids, named)))
            if parted:  # every stride-th face of the library, for k-means
                # a copy: a slice would keep the whole chunk alive
                sample.append(chunk.encodings[(-seen) % stride :: stride].copy())
            seen += len(chunk.face_ids)
        centres = train_parts(np.concatenate(sample), count) if parted else None
        index = IdIndex(model.dimensions, centres, SUGGESTION_PROBES)
        for part in confirmed:
            index.add(part.face_ids, part.encodings)
        del confirmed
        table = FaceTable.joined(tables)
        self.faces = FaceMatches(
            table, index, named, store.rejections_of(), distances.face_suggestion
        )
        for chunk in store.encoding_chunks(user=False):
            self.faces.match(chunk)
        people.find_all()
        self.people = people

    def _take_in(self, store: Store, touched: Touched) -> None:
        """Decisions since the last marks: only what they touched is read and searched."""
        table = self.faces.table
        flags = store.person_flags(touched.people)
        named = (self.faces.named - touched.people) | _named(flags)
        flipped = named ^ self.faces.named
        face_ids = touched.faces | set(store.confirmed_faces_of(flipped))
        chunks = list(store.encoding_chunks(face_ids=face_ids))
        changed = EncodingChunk.joined(chunks, store.encoding_dimensions())
        # a face scanned since the lists were made waits for the next build
        changed = changed.subset(np.isin(changed.face_ids, table.ids))
        before = replace(changed, person_ids=table.person[table.positions(changed.face_ids)])
        people = touched.people | set(changed.person_ids.tolist()) - {-1}
        flags.update(store.person_flags(people - touched.people))
        self.people.set_flags(flags, people)
        self.people.add(before, -1)
        self.people.add(changed)
        self.faces.update(
            changed,
            named,
            store.rejections_of(touched.faces),
            lambda ids: store.encoding_chunks(face_ids=ids.tolist()),
        )
        self.people.refind(people | set(before.person_ids.tolist()) - {-1})
