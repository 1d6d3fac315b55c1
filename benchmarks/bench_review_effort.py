"""Review effort: how many actions a person needs to name everyone in a labelled library.

A simulated user who knows the true identities (a folder laid out like lfw-dev:
``people/<Name>/…`` and ``strangers/``) works until every identity with at least two photos
is named and at least 99% of the labelled faces (the largest face of each photo under
``people/``) belong to the person of their name. Every decision is one action.

- The review page's user works through the page's HTTP API (the same routes the page's
  script calls) on a real server on 127.0.0.1: merges the "Same person?" pairs that are one
  identity; names the largest unnamed person by its majority identity, or merges it into
  the person already of that name, after splitting off or moving its wrong faces in bulk;
  says yes to the right "Is this …?" suggestions; and names or moves in bulk the labelled
  faces still in nobody.
- The CLI user has what the CLI offered before the review page: `name`, `merge`, and
  `move`/`reject` of one face at a time, and no way to make a person of faces that are in
  nobody.

Beside the actions: the faces the user had to pick out by hand. Splitting 15 faces out of a
person of 161 is one action, but 15 faces found among 161 look-alikes; a "yes" to "Is this
…?" picks the one face it shows; naming or merging a whole person picks none.

    python -m benchmarks.bench_review_effort [--sets asian-dev lfw-dev] [--models intel dlib]
                                             [--keep DIR]

``--keep`` keeps each scan there as ``<set>-<model>.db`` (bench_face_models' names: its
scans are reused).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from albumfaces import people as decisions
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import recluster
from albumfaces.scan import scan_library
from albumfaces.store import Store
from albumfaces.web.server import ReviewServer
from benchmarks.bench_face_models import each_set, set_options

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GOAL = 0.99
# decisions whose faces the user picks one by one (a move, a split, a new person, a "yes")
PICKING = {"move", "split", "new person", "is this: yes"}


class Truth:
    """What the simulated user knows: the identity of each labelled face."""

    def __init__(self, store: Store):
        largest: dict[str, tuple[int, int]] = {}
        for face in store.iter_faces():
            parts = Path(face.path).parts
            if parts[-3] != "people":
                continue
            area = face.box.width * face.box.height
            if face.path not in largest or area > largest[face.path][0]:
                largest[face.path] = (area, face.id)
        self.identity = {fid: Path(path).parts[-2] for path, (_, fid) in largest.items()}
        photos = Counter(Path(p).parts[-2] for p in largest)
        self.identities = {name for name, n in photos.items() if n >= 2}

    def score(self, store: Store) -> tuple[float, int]:
        """Share of labelled faces in the person of their name; identities named."""
        names = {f.id: f.person for f in store.iter_faces() if f.person_id is not None}
        named = {p.name for p in store.list_people() if p.named}
        right = sum(names.get(fid) == who for fid, who in self.identity.items())
        return right / len(self.identity), len(self.identities & named)

    def done(self, store: Store) -> bool:
        share, named = self.score(store)
        return share >= GOAL and named == len(self.identities)


class PageUser:
    """Decisions through the HTTP API, as the page's script makes them."""

    def __init__(self, server: ReviewServer, truth: Truth):
        self.client = httpx.Client(
            base_url=server.base, headers={"Authorization": f"Bearer {server.token}"}, timeout=60
        )
        self.truth = truth
        self.actions = Counter()
        self.picks = 0  # faces picked out by hand

    def post(self, kind: str, path: str, body: dict) -> dict:
        response = self.client.post(path, json=body)
        response.raise_for_status()
        self.actions[kind] += 1
        if kind in PICKING:
            self.picks += len(body["faces"])
        return response.json()

    def get(self, path: str, **params):
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def named(self) -> dict[str, int]:
        return {p["name"]: p["id"] for p in self.get("/api/people", ignored="1") if p["named"]}

    def faces_of(self, person: int) -> list[int]:
        found, offset = [], 0
        while offset is not None:
            page = self.get(f"/api/people/{person}/faces", offset=offset)
            found += [f["id"] for f in page["faces"]]
            offset = page["next_offset"]
        return found

    def review_queue(self) -> None:
        """Who is this? The largest unnamed person first, until none has a labelled face."""
        seen: set[int] = set()
        while True:
            queue = [
                p
                for p in self.get("/api/people")
                if not p["named"] and not p["ignored"] and p["id"] not in seen
            ]
            if not queue:
                return
            person = queue[0]["id"]
            seen.add(person)
            faces = self.faces_of(person)
            who = Counter(self.truth.identity[f] for f in faces if f in self.truth.identity)
            if not who:
                continue  # strangers and background faces: nothing to name
            majority = who.most_common(1)[0][0]
            self.fix_wrong_faces(person, faces, majority)
            names = self.named()
            if majority in names:
                self.post("merge", f"/api/people/{person}/merge", {"into": names[majority]})
            else:
                self.post("name", f"/api/people/{person}/name", {"name": majority})

    def fix_wrong_faces(self, person: int, faces: list[int], majority: str) -> None:
        """Faces of other identities leave first, in bulk: to the person of their name, or
        split off as that person."""
        wrong: dict[str, list[int]] = defaultdict(list)
        for f in faces:
            who = self.truth.identity.get(f)
            if who is not None and who != majority:
                wrong[who].append(f)
        names = self.named()
        for who, group in sorted(wrong.items()):
            if who in names:
                self.post("move", "/api/faces/move", {"faces": group, "person": names[who]})
            else:
                self.post("split", f"/api/people/{person}/split", {"faces": group, "name": who})

    def majority(self, person: int) -> str | None:
        who = Counter(
            self.truth.identity[f] for f in self.faces_of(person) if f in self.truth.identity
        )
        return who.most_common(1)[0][0] if who else None

    def same_person(self) -> None:
        """ "Same person?" first: pairs that are one identity are merged (the user sees the
        two faces side by side); the rest are left for later."""
        gone: set[int] = set()
        for s in self.get("/api/suggestions/people"):
            if s["keep"] in gone or s["other"] in gone:
                continue
            who = self.majority(s["keep"])
            if who is not None and who == self.majority(s["other"]):
                self.post("same person", f"/api/people/{s['other']}/merge", {"into": s["keep"]})
                gone.add(s["other"])

    def is_this(self) -> None:
        """Yes to the suggestions that are right; the wrong ones are skipped (no action)."""
        for s in self.get("/api/suggestions/faces"):
            if self.truth.identity.get(s["face_id"]) == s["person"]:
                body = {"faces": [s["face_id"]], "person": s["person_id"]}
                self.post("is this: yes", "/api/faces/move", body)

    def leftovers(self, store: Store) -> None:
        """Labelled faces still in nobody or in an unnamed person, in bulk by identity."""
        misplaced: dict[str, list[int]] = defaultdict(list)
        for face in store.iter_faces():
            who = self.truth.identity.get(face.id)
            if who is not None and face.person != who:
                misplaced[who].append(face.id)
        names = self.named()
        for who, group in sorted(misplaced.items()):
            if who in names:
                self.post("move", "/api/faces/move", {"faces": group, "person": names[who]})
            else:
                self.post("new person", "/api/faces/new-person", {"faces": group, "name": who})


def page_user(db: Path, truth: Truth) -> tuple[Counter, int]:
    server = ReviewServer(db)
    server.start_in_thread()
    try:
        user = PageUser(server, truth)
        user.same_person()
        user.review_queue()
        user.is_this()
        with Store.open(db) as store:
            if not truth.done(store):
                user.leftovers(store)
        return user.actions, user.picks
    finally:
        server.stop()


def cli_user(store: Store, truth: Truth) -> tuple[Counter, int]:
    """The same knowledge with the CLI as it was: one face per move or reject, no split
    (each of them a face picked by hand)."""
    actions: Counter = Counter()
    names: dict[str, int] = {}
    for person in [p for p in store.list_people() if p.faces and not p.named]:
        faces = store.person_face_ids(person.id)
        who = Counter(truth.identity[f] for f in faces if f in truth.identity)
        if not who:
            continue
        majority = who.most_common(1)[0][0]
        for f in faces:  # wrong faces: one `reject` each (they go to nobody)
            if truth.identity.get(f, majority) != majority:
                decisions.reject_faces(store, [f])
                actions["reject"] += 1
        if majority in names:
            decisions.merge_people(store, [person.id], names[majority])
            actions["merge"] += 1
        else:
            decisions.name_person(store, person.id, majority)
            names[majority] = person.id
            actions["name"] += 1
    for face in store.iter_faces():  # the rest: one `move` each, where a person exists
        who = truth.identity.get(face.id)
        if who is not None and face.person != who and who in names:
            decisions.move_faces(store, [face.id], names[who])
            actions["move"] += 1
    return actions, actions["reject"] + actions["move"]


def report(label: str, done: tuple[Counter, int], store: Store, truth: Truth) -> None:
    actions, picks = done
    share, named = truth.score(store)
    total = sum(actions.values())
    per = total / len(truth.identities)
    detail = ", ".join(f"{k} {v}" for k, v in sorted(actions.items()))
    print(f"{label}: {total} actions ({detail}), {per:.2f} per identity")
    print(f"  faces picked out by hand: {picks} ({picks / len(truth.identities):.2f} per identity)")
    print(
        f"  then {share:.1%} of labelled faces right, {named} of {len(truth.identities)} "
        f"identities named{'' if truth.done(store) else ' (goal not reached)'}"
    )


def measure(model: str, dataset: str, folder: Path) -> None:
    scanned = folder / f"{dataset}-{model}.db"
    with Store.open(scanned) as store:
        if store.status().photos == 0:
            scan_library(store, [str(DATA / dataset)], ScanOptions(ScanSettings(face_model=model)))
    runs = {}
    for label in ("review page", "CLI before it"):
        db = folder / f"effort-{dataset}-{model}-{label}.db"
        db.unlink(missing_ok=True)
        with sqlite3.connect(scanned) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        with Store.open(db) as store:
            recluster(store)  # the defaults, as `organize` leaves a library
            runs[label] = (db, Truth(store))
    identities = len(runs["review page"][1].identities)
    labelled = len(runs["review page"][1].identity)
    print(f"\n{dataset}, face model {model}: {labelled} labelled faces, {identities} identities")
    db, truth = runs["review page"]
    done = page_user(db, truth)
    with Store.open(db) as store:
        report("review page", done, store, truth)
    db, truth = runs["CLI before it"]
    with Store.open(db) as store:
        report("CLI before it", cli_user(store, truth), store, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    set_options(parser)
    args = parser.parse_args()
    each_set(args, measure)
    if args.keep:
        shutil.rmtree(args.keep / "crops", ignore_errors=True)


if __name__ == "__main__":
    main()
