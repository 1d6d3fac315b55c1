"""Names from Google Photos: a Takeout-shaped copy of lfw-dev, scanned and clustered, and
the share of labelled faces named right, named wrong (the target is none) and left unnamed.

The copy: every photo of lfw-dev as it is, each with the JSON Takeout writes beside it
(`NAME.supplemental-metadata.json`, cut as Takeout cuts long names) naming its person
(strangers: no one), plus --groups group photos made of two or three lfw-dev photos side by
side, each JSON naming those two or three. A labelled face is the largest face of a photo
(of each part of a group photo).

    python -m benchmarks.bench_takeout [--groups 80] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import recluster
from albumfaces.scan import scan_library
from albumfaces.store import Store
from benchmarks.bench_review_effort import DATA

TILE = 250  # lfw-dev photos are 250 x 250
TAKEOUT_STEM = 46  # Takeout's JSON names: at most 46 characters before ".json"
FIRST_DAY = 1_400_000_000


def write_json(photo: Path, names: list[str], stamp: int) -> None:
    data = {
        "title": photo.name,
        "people": [{"name": n} for n in names],
        "photoTakenTime": {"timestamp": str(stamp), "formatted": ""},
    }
    # as Takeout names it: the name before ".json" cut to 46 characters
    name = (photo.name + ".supplemental-metadata")[:TAKEOUT_STEM] + ".json"
    photo.with_name(name).write_text(json.dumps(data))


def make_copy(root: Path, groups: int, rng) -> dict[tuple[str, int], str]:
    """The Takeout-shaped folder; returns the label of each (photo path, part): the identity
    in that part (part 0 of an ordinary photo)."""
    labels = {}
    people = sorted((DATA / "lfw-dev" / "people").iterdir())
    for n, folder in enumerate(people):
        for photo in sorted(folder.iterdir()):
            target = root / "Google Photos" / folder.name / photo.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(photo, target)
            write_json(target, [folder.name], FIRST_DAY + n * 86_400)
            labels[(str(target), 0)] = folder.name
    for photo in sorted((DATA / "lfw-dev" / "strangers").rglob("*.jpg")):
        target = root / "Google Photos" / "strangers" / photo.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(photo, target)
        write_json(target, [], FIRST_DAY)
    for g in range(groups):
        chosen = rng.choice(len(people), size=int(rng.integers(2, 4)), replace=False)
        parts = [sorted(people[i].iterdir())[0] for i in chosen]
        image = Image.new("RGB", (TILE * len(parts), TILE))
        for k, part in enumerate(parts):
            image.paste(Image.open(part).convert("RGB"), (k * TILE, 0))
        target = root / "Google Photos" / "groups" / f"group_{g:03d}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, quality=92)
        write_json(target, [people[i].name for i in chosen], FIRST_DAY + g)
        for k, i in enumerate(chosen):
            labels[(str(target), k)] = people[i].name
    return labels


def labelled_faces(store: Store, labels) -> dict[int, str]:
    """The largest face of each labelled photo (or part), and its identity."""
    largest: dict[tuple[str, int], tuple[int, int]] = {}
    for face in store.iter_faces():
        part = face.box.left + face.box.width // 2
        key = (face.path, part // TILE if "groups" in face.path else 0)
        if key not in labels:
            continue
        area = face.box.width * face.box.height
        if key not in largest or area > largest[key][0]:
            largest[key] = (area, face.id)
    return {fid: labels[key] for key, (_, fid) in largest.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=80)
    parser.add_argument("--keep", type=Path, help="keep the copy and its database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        root = base / "Takeout"
        if root.exists():
            shutil.rmtree(root)
        labels = make_copy(root, args.groups, np.random.default_rng(0))
        db = base / "takeout.db"
        db.unlink(missing_ok=True)
        with Store.open(db) as store:
            scanned = scan_library(store, [str(root)], ScanOptions(ScanSettings()))
            clustered = recluster(store)
            truth = labelled_faces(store, labels)
            names = {f.id: (f.person, f.person_id) for f in store.iter_faces()}
            named = {p.id for p in store.list_people() if p.named}
        outcome = Counter()
        for fid, who in truth.items():
            person, pid = names[fid]
            outcome["right" if person == who else "wrong" if pid in named else "unnamed"] += 1
        total = sum(outcome.values())
        print(
            f"{scanned.new} files, {scanned.faces} faces; {scanned.takeout_photos} photos with a "
            f"Takeout JSON, {scanned.takeout_named} faces named at scan; clustering named "
            f"{clustered.names_imported} people, {len(clustered.names_unclear)} names unclear"
        )
        for what in ("right", "wrong", "unnamed"):
            print(
                f"  labelled faces named {what}: {outcome[what]} of {total}"
                f" ({outcome[what] / total:.1%})"
            )
        reasons = Counter(u["reason"].split(" (")[0].split(":")[0] for u in clustered.names_unclear)
        for reason, n in reasons.most_common(5):
            print(f"    unclear: {n} × {reason}")


if __name__ == "__main__":
    main()
