"""Speed of the review page on a big library, and of face crops from 12 MP photos.

1. Pages: a store of --faces synthetic faces in --people people (one of them with 5,000
   faces, a third of them named), served by `albumfaces review` in its own process. Times the
   people page and the first page of the 5,000-face person (cold, then the median of 5), over
   127.0.0.1, and reads the server's peak memory.
2. Crops: album-12mp scanned, then --crops crop requests (its faces, and boxes moved a few
   pixels so each is a distinct crop), 6 at a time like a browser: cold, then cached.

    python benchmarks/bench_review.py [--faces 100000] [--people 5000] [--crops 100]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np

from albumfaces.models import Box, DetectedFace, FileKind, FileRecord, PhotoScan, Source
from albumfaces.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
BIG_PERSON = 5000
BROWSER_CONNECTIONS = 6


def build(db: Path, faces: int, people: int) -> int:
    """The store; returns the id of the 5,000-face person."""
    rng = np.random.default_rng(0)
    sizes = [BIG_PERSON] + [(faces - BIG_PERSON) // (people - 1)] * (people - 1)
    sizes[-1] += faces - sum(sizes)
    centres = rng.normal(size=(people, 128)) * (0.7 / np.sqrt(128))
    with Store.open(db) as store, store.transaction():
        store.set_face_model("dlib", 128)  # the synthetic vectors are dlib-sized
        n = 0
        for person, size in enumerate(sizes):
            name = f"Person {person}" if person % 3 == 0 else None
            pid = store.create_person(
                name=name, auto_name=f"person_{person:04d}", user_made=bool(name)
            )
            ids = []
            for _ in range(size):
                encoding = centres[person] + rng.normal(scale=0.35 / 16, size=128)
                face = DetectedFace(Box(0, 10, 10, 0), (), encoding.astype(np.float32))
                ids += store.save_photo(PhotoScan(f"h{n:08d}", 10, 10, "JPEG", "k", (face,)))
                n += 1
            source = Source.USER if name else Source.CLUSTER
            store.assign(ids, pid, source)
            if person == 0:
                big = pid
        store.save_files(
            FileRecord(f"/bench/{i}.jpg", 1, 1, FileKind.PHOTO, f"h{i:08d}") for i in range(n)
        )
    return big


def start(db: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "albumfaces", "--db", str(db), "review", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = re.search(r"(http://\S+)", proc.stdout.readline()).group(1)
    return proc, url


def peak_mb(pid: int, field: str = "VmHWM") -> float:
    """A memory figure of /proc/PID/status in MB: VmHWM, the peak resident set (with the
    database's memory-mapped pages); RssAnon, the process's own memory now."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", status).group(1)) / 1024


def timed(client: httpx.Client, path: str, runs: int = 5) -> tuple[float, float]:
    """Seconds of the first request, and the median of the next ``runs``."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return times[0], statistics.median(times[1:])


def pages(faces: int, people: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp) / "big.db"
        started = time.perf_counter()
        if db.exists():  # built by an earlier run with --db
            with Store.open(db) as store:
                largest = max(store.list_people(), key=lambda p: p.faces)
                big, big_faces = largest.id, largest.faces
                faces, people = store.status().faces, len(store.list_people())
        else:
            big, big_faces = build(db, faces, people), BIG_PERSON
        took = time.perf_counter() - started
        print(f"store: {faces} faces in {people} people, ready in {took:.0f} s")
        proc, url = start(db)
        try:
            with httpx.Client(timeout=120) as client:
                assert client.get(url).status_code == 303  # the token becomes a cookie
                base, token = url.split("/?")[0], url.split("token=")[1]
                started = time.perf_counter()
                client.get(f"{base}/").raise_for_status()
                cold = (time.perf_counter() - started) * 1000
                print(f"people page, cold (lists everyone): {cold:.0f} ms")
                after_decision(client, base, token)
                for label, path in (
                    ("people page", f"{base}/"),
                    ("API people list", f"{base}/api/people"),
                    (f"person page ({big_faces:,} faces, first page)", f"{base}/people/{big}"),
                    ("API first page of faces", f"{base}/api/people/{big}/faces"),
                    (
                        "merge candidates (after the page)",
                        f"{base}/api/people/{big}/merge-candidates",
                    ),  # noqa: E501
                ):
                    cold, warm = timed(client, path)
                    print(f"{label}: first {cold * 1000:.0f} ms, then median {warm * 1000:.0f} ms")
            print(f"server peak memory: {peak_mb(proc.pid):.0f} MB")
        finally:
            proc.terminate()
            proc.wait()


def after_decision(client: httpx.Client, base: str, token: str, rounds: int = 5) -> None:
    """The people page right after a decision (everyone is listed again): a rename, the
    page, its undo, the page again; the median of ``rounds``."""
    from albumfaces.web.guard import CSRF_HEADER, csrf_token

    headers = {CSRF_HEADER: csrf_token(token)}
    person = client.get(f"{base}/api/people").json()[0]["id"]
    times = []
    for _ in range(rounds):
        for path, body in ((f"/api/people/{person}/name", {"name": "Bench"}), ("/api/undo", {})):
            client.post(base + path, json=body, headers=headers).raise_for_status()
            started = time.perf_counter()
            client.get(f"{base}/").raise_for_status()
            times.append(time.perf_counter() - started)
    print(f"people page right after a decision: median {statistics.median(times) * 1000:.0f} ms")


def lean_fetch_all(port: int, token: str, paths: list[str]) -> float:
    """Seconds to fetch ``paths`` over 6 kept-alive connections, as a browser does, with a
    client lean enough that the server's time shows (http.client, a thread a connection)."""
    import http.client
    import socket

    def worker(share: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        headers = {"Host": f"127.0.0.1:{port}", "Cookie": f"albumfaces_token={token}"}
        for path in share:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, path
        conn.close()

    shares = [paths[i::BROWSER_CONNECTIONS] for i in range(BROWSER_CONNECTIONS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
        list(pool.map(worker, shares))
    return time.perf_counter() - started


def crops(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "12mp.db"
        scan = [sys.executable, "-m", "albumfaces", "--db", str(db), "scan"]
        subprocess.run([*scan, str(DATA / "album-12mp"), "--json"], check=True, capture_output=True)
        ids, real = add_shifted_faces(db, count)
        print(f"crops: {len(ids)} faces ({real} real) in 16 photos of 12-16 MP")
        proc, url = start(db)
        try:
            base, token = url.split("/?")[0], url.split("token=")[1]
            port = int(base.rsplit(":", 1)[1])
            paths = [f"/api/faces/{face}/crop" for face in ids]
            for label in ("cold (made from the photos)", "cached"):
                seconds = lean_fetch_all(port, token, paths)
                print(f"{len(ids)} crops {label}: {seconds * 1000:.0f} ms")
            with httpx.Client(timeout=120, cookies={"albumfaces_token": token}) as client:
                started = time.perf_counter()
                with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
                    list(pool.map(lambda p: client.get(base + p).raise_for_status(), paths))
                took = (time.perf_counter() - started) * 1000
                print(f"{len(ids)} crops cached, through httpx (a slower client): {took:.0f} ms")
        finally:
            proc.terminate()
            proc.wait()


def add_shifted_faces(db: Path, count: int) -> tuple[list[int], int]:
    """Distinct crops of the same photos: each real face's box moved by a few pixels."""
    with Store.open(db) as store:
        real = list(store.iter_faces())
        with store.transaction():
            for i in range(count - len(real)):
                f = real[i % len(real)]
                shift = 3 * (i // len(real) + 1)
                store.db.execute(
                    "INSERT INTO faces (photo_hash, idx, top, right, bottom, left, landmarks,"
                    " encoding, score) SELECT photo_hash, ?, top + ?, right + ?, bottom + ?,"
                    " left + ?, landmarks, encoding, score FROM faces WHERE id = ?",
                    [1000 + i, shift, shift, shift, shift, f.id],
                )
        return [f.id for f in store.iter_faces()][:count], len(real)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faces", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--crops", type=int, default=100)
    parser.add_argument("--db", type=Path, help="keep the big store here (reused if it exists)")
    args = parser.parse_args()
    pages(args.faces, args.people, args.db)
    crops(args.crops)


if __name__ == "__main__":
    main()
