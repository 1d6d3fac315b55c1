"""What birth dates buy: wrong names and wrong suggestions on lfw-dev, with and without them.

lfw-dev's photos have no dates, so they are invented (seeded): every identity a birth year
from 1950 to 2000 and photos spread over the ten years after it. The closest look-alike
identities (by their faces' mean, the default model's vectors) are made SIBLINGS pairs:
consecutive birth years, the elder's photos in the two years from their birth (so about
half from before the younger was born), the younger's in the two years from theirs.

The user names every identity of two photos or more by its first two labelled faces (the
largest face of a photo under people/<Name>/), then `cluster --full` gives names to the rest.
Then, once without births and once with every identity's birth given:
- wrong names: labelled faces the machine gave to a named person of another identity
  (and, of those, faces given to the sibling);
- "Is this …?": suggestions of a face to a person of another identity;
- "Same person?": proposed pairs of two named identities (every one is wrong: each identity
  was named once), and of those, sibling pairs.

    python -m benchmarks.bench_births [--db LFW.db] [--pairs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from albumfaces.models import ScanOptions, ScanSettings, Source
from albumfaces.people import new_person, recluster, set_birth
from albumfaces.people.suggest import LiveSuggestions
from albumfaces.scan import scan_library
from albumfaces.store import Store
from benchmarks.bench_review_effort import DATA, Truth

SUGGESTIONS = 100_000  # every suggestion, not the page's first 100
YEAR_SECONDS = 365.25 * 86_400


def scan(db: Path) -> None:
    with Store.open(db) as store:
        options = ScanOptions(ScanSettings(face_model="intel"))
        report = scan_library(store, [str(DATA / "lfw-dev")], options)
        print(f"scan: {report.new} photos, {report.faces} faces in {report.seconds:.0f} s")


def centres(store: Store, truth: Truth) -> dict[str, np.ndarray]:
    faces = defaultdict(list)
    for face in store.iter_faces(with_encodings=True):
        if face.id in truth.identity:
            faces[truth.identity[face.id]].append(face.encoding)
    return {name: np.mean(v, axis=0) for name, v in faces.items() if name in truth.identities}


def sibling_pairs(means: dict[str, np.ndarray], count: int) -> list[tuple[str, str]]:
    """The ``count`` closest disjoint pairs of identities."""
    names = sorted(means)
    matrix = np.stack([means[n] for n in names])
    distances = np.linalg.norm(matrix[:, None] - matrix[None], axis=2)
    order = np.dstack(np.unravel_index(np.argsort(distances, axis=None), distances.shape))[0]
    pairs, used = [], set()
    for i, j in order:
        if i < j and names[i] not in used and names[j] not in used:
            pairs.append((names[i], names[j]))
            used |= {names[i], names[j]}
            if len(pairs) == count:
                break
    return pairs


def invent_dates(store: Store, truth: Truth, pairs, rng) -> dict[str, str]:
    """Births of every identity, and the photos' dates (written as the scan would)."""
    identities = sorted({*truth.identity.values()})
    births = {name: int(rng.integers(1950, 2000)) for name in identities}
    span = dict.fromkeys(identities, 10.0)
    for elder, younger in pairs:
        births[younger] = births[elder] + 1
        span[elder] = span[younger] = 2.0
    by_path = {}
    for face in store.iter_faces():
        who = truth.identity.get(face.id)
        if who is None or face.path in by_path:
            continue
        start = dt.datetime(births[who], 1, 1).timestamp()
        taken = start + rng.uniform(0, span[who]) * YEAR_SECONDS
        by_path[face.path] = (face.photo_hash, dt.datetime.fromtimestamp(taken).isoformat())
    with store.transaction():
        store.set_taken_at({h: when for h, when in by_path.values()})
    return {name: f"{year:04d}" for name, year in births.items()}


def name_everyone(store: Store, truth: Truth) -> dict[str, int]:
    first = defaultdict(list)
    for fid, who in sorted(truth.identity.items()):
        if who in truth.identities and len(first[who]) < 2:
            first[who].append(fid)
    return {who: new_person(store, faces, who).person_id for who, faces in first.items()}


def measure(store: Store, truth: Truth, people: dict[str, int], pairs) -> dict[str, int]:
    recluster(store, full=True)
    identity_of = {pid: who for who, pid in people.items()}
    siblings = {frozenset(p) for p in pairs}
    wrong = to_sibling = 0
    for face in store.iter_faces():
        who = truth.identity.get(face.id)
        if who is None or face.source == Source.USER or face.person_id not in identity_of:
            continue
        if identity_of[face.person_id] != who:
            wrong += 1
            to_sibling += frozenset((who, identity_of[face.person_id])) in siblings
    live = LiveSuggestions()
    is_this = sum(
        1
        for s in live.is_this(store, SUGGESTIONS)
        if s.face_id in truth.identity and identity_of.get(s.person_id) != truth.identity[s.face_id]
    )
    named_pairs = [
        (identity_of[s.keep], identity_of[s.other])
        for s in live.same_person(store, SUGGESTIONS)
        if s.keep in identity_of and s.other in identity_of
    ]
    return {
        "wrong names": wrong,
        "  of them, the sibling's": to_sibling,
        "wrong 'Is this …?'": is_this,
        "'Same person?' of two named identities": len(named_pairs),
        "  of them, siblings": sum(frozenset(p) in siblings for p in named_pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the lfw-dev scan (made once, kept)")
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "lfw.db"
        if not db.exists():
            scan(db)
        results = {}
        for births_given in (False, True):
            copy = Path(tmp) / f"run-{births_given}.db"
            shutil.copy(db, copy)
            with Store.open(copy) as store:
                truth = Truth(store)
                rng = np.random.default_rng(0)
                pairs = sibling_pairs(centres(store, truth), args.pairs)
                births = invent_dates(store, truth, pairs, rng)
                people = name_everyone(store, truth)
                if births_given:
                    for who, pid in people.items():
                        set_birth(store, pid, births[who])
                results[births_given] = measure(store, truth, people, pairs)
        print(f"{len(truth.identities)} identities named, {len(pairs)} sibling pairs")
        print(f"{'':42} {'without births':>15} {'with births':>12}")
        for key in results[False]:
            print(f"{key:42} {results[False][key]:>15} {results[True][key]:>12}")


if __name__ == "__main__":
    main()
