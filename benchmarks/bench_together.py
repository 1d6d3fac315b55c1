"""The photos two people share, on a million faces: `albumfaces photos --with A --with B`
(and `--only`, and its JSON) for two people of 6,000 faces each, in its own process.

1. The million-face store of bench_million (two faces a photo, 500,000 photos in nested
   folders), made with bulk inserts, with everyone assigned: 20,000 people of about 50
   faces, and Anna and Ben, 6,000 faces each, 1,000 photos of them together.
2. Each command runs as `albumfaces --db DB ...` in a fresh interpreter; the time is wall
   clock (the interpreter's start included) and the memory its peak RSS.

    python -m benchmarks.bench_together [--faces 1000000] [--db KEEP.db]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.store import Store
from benchmarks.bench_million import FACES_PER_PHOTO, make_store, report, timed

PEOPLE = 20_000
BIG = 6_000  # faces of Anna and of Ben
SHARED = 1_000  # photos of both


def assign(db: Path, faces: int) -> None:
    """Everyone's faces: face i of photo p is person (p * 2 + i) % PEOPLE, except Anna's and
    Ben's: the first SHARED photos hold both, then each has photos of their own."""
    with Store.open(db) as store, store.transaction():
        conn = store.db.conn
        conn.executemany(
            "INSERT INTO people (id, name, auto_name, user_made) VALUES (?, ?, ?, ?)",
            [(p + 1, None, f"person_{p + 1:05d}", 0) for p in range(PEOPLE)]
            + [(PEOPLE + 1, "Anna", None, 1), (PEOPLE + 2, "Ben", None, 1)],
        )
        anna, ben = PEOPLE + 1, PEOPLE + 2

        def person(face_id: int, photo: int, idx: int) -> int:
            if photo < SHARED:
                return (anna, ben)[idx]
            if photo < SHARED + (BIG - SHARED) and idx == 0:
                return anna
            if photo < SHARED + 2 * (BIG - SHARED) and idx == 0:
                return ben
            return (photo * FACES_PER_PHOTO + idx) % PEOPLE + 1

        rows = store.db.execute("SELECT id, photo_hash, idx FROM faces").fetchall()
        conn.executemany(
            "INSERT INTO assignments (face_id, person_id, source) VALUES (?, ?, 'cluster')",
            ((fid, person(fid, int(h[1:]), idx)) for fid, h, idx in rows),
        )
    assert len(rows) == faces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the store here (made once)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "together.db"
        if not db.exists():
            rng = np.random.default_rng(0)
            encodings = rng.normal(size=(args.faces, 128)).astype(np.float32)
            make_store(db, encodings)
            assign(db, args.faces)
        with Store.open(db) as store:
            sizes = {p.name: p.faces for p in store.list_people() if p.named}
            print(f"{args.faces:,} faces; Anna {sizes['Anna']:,} faces, Ben {sizes['Ben']:,}")
            pair = [PEOPLE + 1, PEOPLE + 2]
            for only in (False, True):
                started = time.perf_counter()
                found = store.photos_together(pair, only)
                took = (time.perf_counter() - started) * 1000
                print(f"  the query alone{' (only)' if only else ''}: {took:.0f} ms")
                assert len(found) == SHARED
        for label, extra in (("photos --with Anna --with Ben", ()), ("  --only", ("--only",))):
            for run in (1, 2):
                seconds, mb, out = timed(
                    db, "photos", "--with", "Anna", "--with", "Ben", *extra, "--json"
                )
                found = json.loads(out)
                report(f"{label} (run {run})", seconds, mb, f", {len(found):,} photos")
                assert len(found) == SHARED
        seconds, mb, _ = timed(db, "status")
        report("status (the interpreter and the CLI alone, for scale)", seconds, mb)


if __name__ == "__main__":
    main()
