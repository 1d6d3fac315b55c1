"""Load on `albumfaces serve`: 8 clients send 400 photos to POST /api/identify at once.

The library is the sample album, scanned, clustered and named from its labels.csv (each
person by the majority identity of their faces in one-person photos). The photos sent are
every photo of ``sample-album`` (phone photos of 12 and 24 MP, HEIC, PNG, group photos,
photos without faces) and the 16 phone photos of ``album-12mp``, in turn. Each answer must
equal what identify finds in-process for the same photo (the CLI's ``identify --json``).

The server runs as `albumfaces serve` does, on 127.0.0.1 only, and the run is bounded in
count (``--requests``) and time (``--deadline``). Prints throughput, latency (p50, p95),
the peak memory of the server and of each worker, and how many answers were wrong or failed.

    python benchmarks/bench_serve.py [--clients 8] [--requests 400] [--workers N]
"""

from __future__ import annotations

import argparse
import csv
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from albumfaces import people as decisions
from albumfaces.identify import Identifier, known_from_library
from albumfaces.identify.report import photo_json
from albumfaces.media.images import is_image_file
from albumfaces.models import ScanSettings
from albumfaces.people import recluster
from albumfaces.scan import scan_library
from albumfaces.store import Store

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LOOPBACK = "127.0.0.1"


def build_library(db: Path) -> dict[str, str]:
    """Scan, cluster and name the sample album from its labels. Returns {path: identity}
    of the one-person photos."""
    album = DATA / "sample-album"
    with open(album / "labels.csv") as f:
        alone = {
            str(album / row["path"]): row["people"]
            for row in csv.DictReader(f)
            if row["people"] and ";" not in row["people"] and row["reference_faces"] == "1"
        }
    with Store.open(db) as store:
        scan_library(store, [str(album)])
        recluster(store)
        votes: dict[int, Counter] = {}
        for face in store.iter_faces():
            if face.person_id is not None and face.path in alone:
                votes.setdefault(face.person_id, Counter())[alone[face.path]] += 1
        named: dict[str, int] = {}
        for person, counter in sorted(votes.items()):
            identity = counter.most_common(1)[0][0]
            if identity in named:
                decisions.merge_people(store, [person], named[identity])
            else:
                decisions.name_person(store, person, identity)
                named[identity] = person
    return alone


def photos_to_send() -> list[Path]:
    roots = [DATA / "sample-album", DATA / "album-12mp"]
    found = [p for r in roots for p in sorted(r.rglob("*")) if p.is_file()]
    return [p for p in found if is_image_file(str(p))]


def expected_answers(db: Path, photos: list[Path]) -> dict[Path, dict]:
    """What identify finds in-process, as ``identify --json`` prints it (named by file)."""
    with Store.open(db, create=False) as store:
        known = known_from_library(store)
    identifier = Identifier(known, ScanSettings(), 0.52, compat=False)
    answers = {}
    for photo in photos:
        result = identifier.identify(str(photo))
        answers[photo] = {**photo_json(result, known.names, True), "path": photo.name}
    return answers


def start_server(db: Path, workers: int) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "albumfaces", "--db", str(db), "serve"]
    command += ["--host", LOOPBACK, "--port", "0", "--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    base = re.search(r"(http://127\.0\.0\.1:\d+)/api", proc.stdout.readline()).group(1)
    return proc, base


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found = (task / "children").read_text().split()
        children += [int(c) for c in found]
    return children + [d for c in children for d in descendants(c)]


def is_worker(pid: int) -> bool:
    return b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()


def load(base: str, token: str, photos, answers, clients: int, requests: int, deadline: float):
    """Send ``requests`` photos from ``clients`` threads; (latencies, statuses, wrong)."""
    jobs: queue.Queue = queue.Queue()
    for i in range(requests):
        jobs.put(photos[i % len(photos)])
    bodies = {p: p.read_bytes() for p in photos}
    latencies, statuses, wrong = [], Counter(), []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline

    def client() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
            while time.monotonic() < stop_at:
                try:
                    photo = jobs.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                answer = c.post("/api/identify", files={"image": (photo.name, bodies[photo])})
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    statuses[answer.status_code] += 1
                    if answer.status_code != 200 or answer.json() != answers[photo]:
                        wrong.append((photo.name, answer.status_code, answer.text[:200]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--deadline", type=float, default=900, help="seconds at most")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.db"
        alone = build_library(db)
        photos = photos_to_send()
        answers = expected_answers(db, photos)
        labelled = [p for p in photos if str(p) in alone and answers[p]["faces"]]
        right = sum(answers[p]["faces"][0]["name"] == alone[str(p)] for p in labelled)
        print(
            f"library: {len(photos)} photos to send; identify names {right} of "
            f"{len(labelled)} one-person photos by their label"
        )
        proc, base = start_server(db, args.workers)
        try:
            token = subprocess.run(
                [sys.executable, "-m", "albumfaces", "--db", str(db), "token"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            started = time.perf_counter()
            latencies, statuses, wrong = load(
                base, token, photos, answers, args.clients, args.requests, args.deadline
            )
            seconds = time.perf_counter() - started
            server_mb = peak_mb(proc.pid)
            children = descendants(proc.pid)
            # spawn starts a resource tracker process besides the workers
            worker_mb = [peak_mb(c) for c in children if is_worker(c)]
            other_mb = sum(peak_mb(c) for c in children if not is_worker(c))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    done = len(latencies)
    ordered = sorted(latencies)
    print(
        f"requests: {done} of {args.requests} from {args.clients} clients, "
        f"{args.workers} workers, in {seconds:.1f} s: {done / seconds:.2f} photos/s"
    )
    print(
        f"latency: p50 {statistics.median(ordered):.2f} s, "
        f"p95 {ordered[int(0.95 * (done - 1))]:.2f} s, max {ordered[-1]:.2f} s"
    )
    print(f"statuses: {dict(statuses)}; wrong or failed answers: {len(wrong)}")
    for name, status, text in wrong[:10]:
        print(f"  {name}: {status} {text}")
    print(
        f"peak memory: server {server_mb:.0f} MB, workers "
        f"{', '.join(f'{m:.0f}' for m in worker_mb)} MB, "
        f"resource tracker {other_mb:.0f} MB, "
        f"total {server_mb + sum(worker_mb) + other_mb:.0f} MB"
    )
    if wrong or done < args.requests:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
