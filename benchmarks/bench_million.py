"""A million faces on one machine: clustering and every listing command, timed end to end.

1. A store of --faces faces, two a photo, in nested folders: synthetic encodings of known
   structure (bench_cluster_scale.synthetic), plus the real lfw-dev encodings with --lfw-db.
   Made with bulk inserts (a scan of 500,000 photos would take days), once; --db keeps it.
2. Each command runs as `albumfaces --db DB ...` in its own process; the time is wall clock
   and the memory that process's peak RSS (VmHWM), so one command's memory is not hidden
   by another's.
   - `cluster` (full: the first run), then 20 people named, `cluster` again (full, with
     propagation), then --new photos added and `cluster` (incremental), and `cluster --full`.
   - `status`, `people --json`, `faces --json` (and the time to its first line),
     `export --dry-run` (the planning of an export), and the review page's people list and
     largest person, from `albumfaces review` over 127.0.0.1.

    python -m benchmarks.bench_million [--faces 1000000] [--db /tmp/million.db] [--lfw-db DB]
                                       [--face-model dlib|intel]

With ``--face-model intel`` the faces are the default model's: 256-d unit vectors (synthetic
ones spaced as its real encodings are, see ``unit_synthetic``), and the library records it,
so every command runs with that model's distances.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.store import Store
from albumfaces.store.codec import encode_vector
from benchmarks.bench_cluster_scale import lfw_encodings, synthetic

FACES_PER_PHOTO = 2
PHOTOS_PER_FOLDER = 500
NAMED = 20


def unit_synthetic(count: int, dimensions: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """:func:`synthetic`'s identities as unit vectors: people ~1.41 apart (orthogonal), faces of
    one person ~0.8 apart, as face-reidentification-retail-0095's faces of one person are."""
    _, truth = synthetic(count)
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(truth.max() + 1, dimensions))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    # per-dimension noise s: two noisy copies of a unit centre meet at cos = 1 / (1 + d s^2)
    noise = np.sqrt((1 / (1 - 0.8**2 / 2) - 1) / dimensions)
    points = centres[truth] + rng.normal(scale=noise, size=(count, dimensions))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float32), truth


def make_store(db: Path, encodings: np.ndarray, first_photo: int = 0, model="dlib") -> None:
    """Photos of two faces each, in /library/<year>/<folder>/, added to ``db``."""
    rng = np.random.default_rng(first_photo)
    order = rng.permutation(len(encodings))  # a photo holds two unrelated people
    photos = len(encodings) // FACES_PER_PHOTO
    with Store.open(db) as store, store.transaction():
        store.set_face_model(model, encodings.shape[1])
        db_ = store.db
        numbers = range(first_photo, first_photo + photos)
        db_.conn.executemany(
            "INSERT INTO photos (hash, width, height, format, settings_key, scanned_at, media, "
            "face_model) VALUES (?, 4000, 3000, 'JPEG', 'bench', '2026-11-22', 'photo', ?)",
            ((f"h{n:08d}", model) for n in numbers),
        )
        db_.conn.executemany(
            "INSERT INTO files (path, size, mtime_ns, kind, photo_hash, seen_at) "
            "VALUES (?, 1, 1, 'photo', ?, '2026-11-22')",
            (
                (
                    f"/library/{2000 + n // 50_000}/{n // PHOTOS_PER_FOLDER:05d}/{n:08d}.jpg",
                    f"h{n:08d}",
                )
                for n in numbers
            ),
        )
        db_.conn.executemany(
            'INSERT INTO faces (photo_hash, idx, top, "right", bottom, "left", landmarks, '
            "encoding, score) VALUES (?, ?, ?, ?, ?, ?, '[]', ?, 1.0)",
            (
                (
                    f"h{first_photo + i // FACES_PER_PHOTO:08d}",
                    i % FACES_PER_PHOTO,
                    100,
                    300 + 400 * (i % FACES_PER_PHOTO),
                    300,
                    100 + 400 * (i % FACES_PER_PHOTO),
                    encode_vector(encodings[j]),
                )
                for i, j in enumerate(order)
            ),
        )


# Runs the CLI in a fresh interpreter that reports its own peak RSS (VmHWM) on stderr at exit.
# (os.wait4's ru_maxrss would not do: Linux carries the parent's peak over fork and exec.)
_MEASURED = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM'):\n"
    "            sys.stderr.write('peak-kb ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['albumfaces', *sys.argv[1:]]\n"
    "runpy.run_module('albumfaces', run_name='__main__')\n"
)


def timed(db: Path, *args: str, first_line: bool = False) -> tuple[float, float, str]:
    """Run `albumfaces --db DB args` in its own process: seconds, peak MB, stdout (with
    ``first_line``, also prints the seconds to the first line of output)."""
    command = [sys.executable, "-c", _MEASURED, "--db", str(db), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE if first_line else out, stderr=err
        )
        if first_line:
            process.stdout.readline()
            print(f"    first line after {time.perf_counter() - started:.2f} s")
            for chunk in iter(lambda: process.stdout.read(1 << 20), b""):
                out.write(chunk)
        status = process.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if status != 0:
        raise SystemExit(f"albumfaces {' '.join(args)} failed ({status}): {errors}")
    peak = [int(line.split()[1]) for line in errors.splitlines() if line.startswith("peak-kb ")]
    return seconds, peak[-1] / 1024, text


def report(label: str, seconds: float, mb: float, extra: str = "") -> None:
    print(f"  {label}: {seconds:.1f} s, peak {mb:.0f} MB{extra}", flush=True)


def cluster(db: Path, label: str, *args: str) -> None:
    seconds, mb, out = timed(db, "cluster", "--json", *args)
    result = json.loads(out)
    report(
        label,
        seconds,
        mb,
        f" ({result['mode']}: {result['reason']}; {result['people']} people, "
        f"{result['propagated']} propagated, {result['clustered']} clustered, "
        f"run {result['seconds']:.1f} s)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=1_000, help="faces added after clustering")
    parser.add_argument("--db", type=Path, default=Path("/tmp/million.db"))
    parser.add_argument("--lfw-db", type=Path)
    parser.add_argument("--review-only", action="store_true", help="only the review server")
    parser.add_argument("--face-model", default="dlib", choices=["dlib", "intel"])
    args = parser.parse_args()
    if args.review_only:
        suggestion_pages(args.db)
        return
    fresh = not args.db.exists()
    if fresh:
        dimensions = 256 if args.face_model == "intel" else 128
        real = lfw_encodings(args.lfw_db) if args.lfw_db else np.zeros((0, dimensions), np.float32)
        make = unit_synthetic if args.face_model == "intel" else synthetic
        fake, truth = make(args.faces + args.new - len(real))
        everything = np.vstack([fake, real])
        rng = np.random.default_rng(1)
        later = np.zeros(len(everything), bool)
        later[rng.choice(len(everything), args.new, replace=False)] = True
        np.save(args.db.with_suffix(".later.npy"), everything[later])
        started = time.perf_counter()
        make_store(args.db, everything[~later], model=args.face_model)
        print(
            f"store of {args.faces:,} faces ({len(real):,} real) made in "
            f"{time.perf_counter() - started:.0f} s"
        )
    print(f"{args.db} ({args.db.stat().st_size / 1e9:.1f} GB)")
    if fresh:
        cluster(args.db, "cluster, first run")
        named = json.loads(timed(args.db, "people", "--json")[2])[:NAMED]
        for person in named:
            timed(args.db, "name", str(person["id"]), f"Person {person['id']}")
        cluster(args.db, f"cluster after naming {NAMED} people")
        later = np.load(args.db.with_suffix(".later.npy"))
        make_store(args.db, later, first_photo=10**7, model=args.face_model)
        cluster(args.db, f"cluster after {len(later):,} new faces")
        cluster(args.db, "cluster --full", "--full")
    report("status", *timed(args.db, "status")[:2])
    seconds, mb, out = timed(args.db, "people", "--json")
    report("people --json", seconds, mb, f" ({len(json.loads(out)):,} people)")
    seconds, mb, out = timed(args.db, "faces", "--json", first_line=True)
    report("faces --json", seconds, mb, f" ({out.count(chr(10)):,} lines)")
    with tempfile.TemporaryDirectory() as out_dir:
        seconds, mb, out = timed(args.db, "export", out_dir, "--dry-run", "--json")
        report("export --dry-run (planning)", seconds, mb, f" ({len(out):,} bytes of plan)")
    print("review page (`albumfaces review`, over 127.0.0.1):", flush=True)
    from benchmarks.bench_review import pages

    pages(0, 0, args.db)
    suggestion_pages(args.db)


def suggestion_pages(db: Path) -> None:
    """The review page's suggestion lists and unassigned faces: made at the server's start,
    then answered one after another (each answer, then the list again), then undone."""
    import httpx

    from benchmarks.bench_review import peak_mb, start
    from benchmarks.bench_review import timed as fetch

    started = time.perf_counter()
    proc, url = start(db)
    try:
        with httpx.Client(timeout=600) as client:
            client.get(url)  # the token becomes a cookie
            base, token = url.split("/?")[0], url.split("token=")[1]
            client.get(base + "/is-this").raise_for_status()
            ready = time.perf_counter() - started
            print(f"  suggestions ready {ready:.1f} s after the server started (in background)")
            for label, path in (
                ('"Is this …?" page', "/is-this"),
                ('"Same person?" page', "/same"),
                ("unassigned faces page", "/unassigned"),
            ):
                first, then = fetch(client, base + path, runs=2)
                print(f"  {label}: first {first * 1000:.0f} ms, then {then * 1000:.0f} ms")
            answer_one_after_another(client, base, token)
        print(
            f"  server memory: peak resident {peak_mb(proc.pid):.0f} MB (with the database's "
            f"memory-mapped pages, shared with the OS cache); its own now "
            f"{peak_mb(proc.pid, 'RssAnon'):.0f} MB"
        )
    finally:
        proc.terminate()
        proc.wait()


# Answers of each kind timed (each is undone at the end).
ANSWERS = 5


def answer_one_after_another(client, base: str, token: str) -> None:
    """Yes and no to "Is this …?", different and merge to "Same person?": the answer (POST)
    and the list after it (GET), medians; then every answer undone."""
    from albumfaces.web.guard import CSRF_HEADER, csrf_token

    headers = {CSRF_HEADER: csrf_token(token)}

    def post(path: str, body: dict) -> float:
        began = time.perf_counter()
        client.post(base + path, json=body, headers=headers).raise_for_status()
        return time.perf_counter() - began

    def listed(path: str) -> tuple[float, list]:
        began = time.perf_counter()
        response = client.get(base + path)
        response.raise_for_status()
        return time.perf_counter() - began, response.json()

    answers = {
        '"Is this …?" yes': lambda s: post(
            "/api/faces/move", {"faces": [s["face_id"]], "person": s["person_id"]}
        ),
        '"Is this …?" no': lambda s: post(
            "/api/faces/reject", {"faces": [s["face_id"]], "person": s["person_id"]}
        ),
        '"Same person?" no (different)': lambda s: post(
            "/api/different", {"people": [s["keep"], s["other"]]}
        ),
        '"Same person?" yes (merge)': lambda s: post(
            f"/api/people/{s['other']}/merge", {"into": s["keep"]}
        ),
    }
    made = 0
    for label, answer in answers.items():
        path = "/api/suggestions/faces" if "Is this" in label else "/api/suggestions/people"
        posts, lists = [], []
        _, shown = listed(path)
        for _ in range(ANSWERS):
            posts.append(answer(shown[0]))
            made += 1
            took, shown = listed(path)
            lists.append(took)
        print(
            f"  {label}: answer {statistics.median(posts) * 1000:.0f} ms, "
            f"the list after it {statistics.median(lists) * 1000:.0f} ms (median of {ANSWERS})"
        )
    undo = [post("/api/undo", {}) for _ in range(made)]
    took, _ = listed("/api/suggestions/people")
    print(
        f"  undo of those {made} answers: {statistics.median(undo) * 1000:.0f} ms each, "
        f"the list after them {took * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
