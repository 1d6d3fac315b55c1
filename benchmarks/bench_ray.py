"""`scan --ray` against the local worker pool on album-12mp, and what 500,000 photos would take
on N machines.

1. album-12mp (16 phone photos of 12-16 MP) scanned into a fresh database, --runs times each:
   by the local pool (one worker a CPU), and through a local Ray instance (one actor a CPU).
   Images per second of each run, starting the workers and loading the models included;
   joining Ray (`ray.init`) is timed apart: a cluster is started once, not once a scan.
2. Per-photo costs, measured here: face finding on one CPU, the bytes the driver sends (the
   file) and gets back (the pickled result), the driver's reading and hashing, and its
   database writes. From those, an estimate of a 500,000-photo first scan on N machines:
   the slowest of the workers' CPU time, the driver's network link and the driver's own
   work (they overlap).

    python -m benchmarks.bench_ray [--runs 3] [--photos 500000] [--link-mbit 1000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.recognition import make_pipeline
from albumfaces.scan import scan_library
from albumfaces.scan.jobs import Job, scan_photo
from albumfaces.store import Store

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "album-12mp"
MACHINES = (1, 2, 4, 8, 16, 32, 64)
CPUS_PER_MACHINE = (2, 16)


def scan_seconds(ray_address: str | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "b.db") as store:
        started = time.perf_counter()
        report = scan_library(store, [str(DATA)], ScanOptions(ray_address=ray_address))
        seconds = time.perf_counter() - started
    assert report.failed == 0 and report.new == len(photos()), report
    return seconds, report.faces


def photos() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.is_file())


def throughput(runs: int) -> None:
    count = len(photos())
    for label, address in (("local worker pool", None), ("local Ray instance", "auto")):
        if address:
            import ray

            from albumfaces.scan.ray_jobs import connect

            started = time.perf_counter()
            cpus = connect(address)
            print(f"  joining Ray (ray.init, {cpus} CPUs): {time.perf_counter() - started:.1f} s")
        times = [scan_seconds(address)[0] for _ in range(runs)]
        rates = ", ".join(f"{count / t:.2f}" for t in times)
        print(
            f"  {label}: {count / statistics.median(times):.2f} images/s "
            f"(median of {runs}: {rates})",
            flush=True,
        )
    ray.shutdown()


def per_photo_costs() -> dict[str, float]:
    pipeline = make_pipeline(ScanSettings())
    cpu, sent, back, driver = [], [], [], []
    for path in photos():
        started = time.perf_counter()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        driver.append(time.perf_counter() - started)
        started = time.process_time()
        result = scan_photo(pipeline, Job(digest, str(path)))
        cpu.append(time.process_time() - started)
        sent.append(len(data))
        back.append(len(pickle.dumps(result)))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "w.db") as store:
        results = [scan_photo(pipeline, Job(f"h{i}", str(p))) for i, p in enumerate(photos())]
        started = time.perf_counter()
        with store.transaction():
            for result in results:
                store.save_photo(result.scan)
        write = (time.perf_counter() - started) / len(results)
    return {
        "cpu": statistics.mean(cpu),
        "sent": statistics.mean(sent),
        "back": statistics.mean(back),
        "driver": statistics.mean(driver) + write,
    }


def estimate(costs: dict[str, float], total: int, link_mbit: float) -> None:
    link = link_mbit * 1e6 / 8  # bytes a second
    network = total * (costs["sent"] + costs["back"]) / link
    driver = total * costs["driver"]
    print(
        f"  per photo: {costs['cpu']:.3f} CPU-s of face finding, {costs['sent'] / 1e6:.2f} MB "
        f"sent, {costs['back'] / 1e3:.1f} kB back, {costs['driver'] * 1e3:.1f} ms of the "
        f"driver's reading, hashing and writing"
    )
    print(
        f"  {total:,} photos: the driver's {link_mbit:.0f} Mbit/s link needs "
        f"{network / 3600:.1f} h, its own work {driver / 3600:.1f} h"
    )
    print("| machines | CPUs each | workers' CPU time | estimate (slowest of the three) |")
    print("|---|---|---|---|")
    for cpus in CPUS_PER_MACHINE:
        for machines in MACHINES:
            compute = total * costs["cpu"] / (machines * cpus)
            slowest = max((compute, "face finding"), (network, "network"), (driver, "driver"))
            print(
                f"| {machines} | {cpus} | {compute / 3600:.1f} h "
                f"| {slowest[0] / 3600:.1f} h ({slowest[1]}) |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--photos", type=int, default=500_000)
    parser.add_argument("--link-mbit", type=float, default=1000)
    args = parser.parse_args()
    print(f"album-12mp: {len(photos())} photos")
    throughput(args.runs)
    estimate(per_photo_costs(), args.photos, args.link_mbit)


if __name__ == "__main__":
    main()
