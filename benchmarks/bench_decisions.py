"""Decisions on big people: merge, undo and redo of people with thousands of faces.

Builds a store of synthetic faces (no photos are read), two people of --faces faces each, and
times a merge, its undo and its redo, the journal's size, and a split of half a person.
Prints one line per figure.

    python benchmarks/bench_decisions.py --faces 5000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.models import Box, DetectedFace, FileKind, FileRecord, PhotoScan, Source
from albumfaces.people import merge_people, name_person, redo, split_faces, undo
from albumfaces.store import Store


def build(store: Store, faces_each: int) -> tuple[int, int]:
    """Two people of ``faces_each`` faces, one face per photo, the first one named."""
    rng = np.random.default_rng(0)
    people = []
    with store.transaction():
        for who in range(2):
            ids = []
            for i in range(faces_each):
                digest = f"{who}-{i:08d}"
                face = DetectedFace(Box(0, 10, 10, 0), (), rng.normal(size=128).astype("f4"))
                ids += store.save_photo(PhotoScan(digest, 10, 10, "JPEG", "k", (face,)))
                store.save_files([FileRecord(f"/p/{digest}.jpg", 1, 1, FileKind.PHOTO, digest)])
            person = store.create_person(auto_name=f"person_{who + 1:02d}")
            store.assign(ids, person, Source.CLUSTER, 0.3)
            people.append(person)
    return people[0], people[1]


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - started:.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faces", type=int, default=5000, help="faces of each person")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        anna, other = build(store, args.faces)
        print(f"people: 2 of {args.faces} faces each")
        timed("name a person", lambda: name_person(store, anna, "Anna"))
        timed(f"merge {args.faces} faces into Anna", lambda: merge_people(store, [other], anna))
        (size,) = store.db.execute("SELECT sum(length(changes)) FROM journal").fetchone()
        print(f"journal size: {size / 1e6:.2f} MB")
        timed("undo the merge", lambda: undo(store))
        assert store.get_person(other).faces == args.faces
        timed("redo the merge", lambda: redo(store))
        half = store.person_face_ids(anna)[: args.faces]
        timed(f"split {len(half)} faces off Anna", lambda: split_faces(store, anna, half))
        timed("undo all 3 decisions", lambda: undo(store, 3))
        assert store.get_person(other).faces == args.faces
        assert store.get_person(anna).named is False


if __name__ == "__main__":
    main()
