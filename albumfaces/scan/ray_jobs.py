"""Scanning on a Ray cluster: decoding, detection and encoding as tasks on the cluster's workers.

The machine that runs `scan` (the driver) keeps the walk, the hashing, the cache decisions and
the only SQLite writer: this module only replaces the local worker pool of
:func:`albumfaces.scan.jobs.run_jobs`. The driver reads each photo (and its XMP sidecars and
Takeout JSON) and sends the bytes with the job, so the workers need no shared file system; a
worker writes them
to a private temporary folder under the photo's own file name and scans that exactly as a
local worker scans the original. Each worker is a Ray actor that loads the models once.

Bounds: at most ``IN_FLIGHT_PER_WORKER`` jobs per worker are sent ahead, so the driver holds
a few photos in memory, and killing it loses only those (the next scan does them). A worker
that dies is restarted by Ray and its job sent again, up to ``TASK_RETRIES`` times; after that
the photo is reported as failed and the scan goes on.

Ray is imported here only, and only when `--ray` is given: it is an optional dependency.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import deque
from collections.abc import Iterator

from albumfaces.errors import AlbumfacesError
from albumfaces.models import MediaType, ScanSettings
from albumfaces.recognition.files import ModelsMissing
from albumfaces.scan.jobs import Job, JobResult, PipelineFactory, scan_photo
from albumfaces.takeout import takeout_json
from albumfaces.xmp.regions import sidecars_of

INSTALL_HINT = "scanning on a Ray cluster needs Ray: pip install 'albumfaces[ray]'"
# Jobs sent ahead to each worker: one being scanned, one on its way.
IN_FLIGHT_PER_WORKER = 2
# A job whose worker died is sent again this many times before the photo counts as failed.
TASK_RETRIES = 2
# `--ray auto`: a Ray instance already running on this machine, or a new local one.
AUTO = "auto"


class RayUnavailable(AlbumfacesError):
    """Ray is not installed, or the cluster cannot be reached."""


@dataclasses.dataclass(frozen=True)
class Parcel:
    """A job with the bytes of its file and sidecars, as the driver sends it."""

    job: Job
    name: str  # the file's own name: its suffix tells the format, its sidecars follow it
    data: object  # the file's bytes, or a Ray reference to them (a video's stretches share it)
    sidecars: tuple[tuple[str, bytes], ...] = ()

    def without_data(self) -> Parcel:
        """Sent beside the data, so that a reference is resolved by Ray, not pickled."""
        return dataclasses.replace(self, data=None)


class ScanWorker:
    """A Ray actor: one face pipeline, loaded once, scanning parcels."""

    def __init__(self, settings: ScanSettings, make_pipeline: PipelineFactory):
        self.pipeline = make_pipeline(settings)

    def pid(self) -> int:
        return os.getpid()

    def scan(self, parcel: Parcel, data: bytes) -> JobResult:
        with tempfile.TemporaryDirectory(prefix="albumfaces-") as folder:
            local = os.path.join(folder, parcel.name)
            for name, content in ((parcel.name, data), *parcel.sidecars):
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(content)
            job = dataclasses.replace(parcel.job, path=local)
            if job.live_clip:  # sent beside the photo, under its own name
                job = dataclasses.replace(
                    job, live_clip=os.path.join(folder, os.path.basename(job.live_clip))
                )
            result = scan_photo(self.pipeline, job)
        error = result.error and result.error.replace(local, parcel.job.path)
        return dataclasses.replace(result, job=parcel.job, error=error)


def _worker_environment() -> dict:
    """Where the workers find the face model's files, when this machine was told."""
    from albumfaces.recognition.files import MODELS_ENV

    folder = os.environ.get(MODELS_ENV)
    return {"env_vars": {MODELS_ENV: folder}} if folder else {}


def connect(address: str) -> int:
    """Join the Ray cluster at ``address`` (or ``auto``); returns its CPUs, one worker each."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable(INSTALL_HINT) from None
    if not ray.is_initialized():
        try:
            ray.init(
                address=None if address == AUTO else address,
                include_dashboard=False,
                log_to_driver=False,
                runtime_env=_worker_environment(),
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(f"cannot join the Ray cluster at {address}: {exc}") from None
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_jobs_on_ray(
    jobs: list[Job], settings: ScanSettings, workers: int, make_pipeline: PipelineFactory
) -> Iterator[JobResult]:
    """Yield one result per job, in completion order, from ``workers`` Ray actors."""
    import ray

    remote = ray.remote(ScanWorker).options(
        num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES
    )
    actors = [remote.remote(settings, make_pipeline) for _ in range(min(workers, len(jobs)))]
    waiting = deque(jobs)
    pending: dict = {}  # Ray reference -> (job, actor)
    load = {i: 0 for i in range(len(actors))}
    videos = _SharedVideos(jobs)
    try:
        while waiting or pending:
            while waiting and min(load.values()) < IN_FLIGHT_PER_WORKER:
                job = waiting.popleft()
                parcel = _pack(job, videos)
                if isinstance(parcel, JobResult):
                    yield parcel
                    continue
                actor = min(load, key=load.get)
                ref = actors[actor].scan.remote(parcel.without_data(), parcel.data)
                pending[ref] = (job, actor)
                load[actor] += 1
            if not pending:
                continue
            (ready,), _ = ray.wait(list(pending), num_returns=1)
            job, actor = pending.pop(ready)
            load[actor] -= 1
            videos.done(job)
            yield _result(ray, ready, job)
    finally:
        for actor in actors:
            ray.kill(actor)


def _result(ray, ref, job: Job) -> JobResult:
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, ModelsMissing):
            raise exc.cause from None
        return JobResult(job, error=f"face pipeline failed on a Ray worker: {exc.cause!r}")
    except ray.exceptions.RayError as exc:
        return JobResult(
            job, error=f"the Ray worker scanning it was lost ({type(exc).__name__}) on every try"
        )


def _pack(job: Job, videos: _SharedVideos) -> Parcel | JobResult:
    """The parcel for ``job``, or the reason its file could not be read here."""
    name = os.path.basename(job.path)
    try:
        data = videos.data(job) if job.media == MediaType.VIDEO else _read(job.path)
        beside = [*sidecars_of(job.path), *filter(None, [takeout_json(job.path), job.live_clip])]
        sidecars = tuple((os.path.basename(p), _read(p)) for p in beside)
    except OSError as exc:
        return JobResult(job, error=f"cannot read: {exc.strerror or exc}")
    return Parcel(job, name, data, sidecars)


def _read(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


class _SharedVideos:
    """A video cut into stretches is put in Ray's object store once, for all of them, and
    dropped when its last stretch is back."""

    def __init__(self, jobs: list[Job]):
        self.left: dict[str, int] = {}
        for job in jobs:
            if job.media == MediaType.VIDEO:
                self.left[job.hash] = self.left.get(job.hash, 0) + 1
        self.refs: dict[str, object] = {}

    def data(self, job: Job):
        import ray

        if job.hash not in self.refs:
            self.refs[job.hash] = ray.put(_read(job.path))
        return self.refs[job.hash]

    def done(self, job: Job) -> None:
        if job.media == MediaType.VIDEO:
            self.left[job.hash] -= 1
            if self.left[job.hash] == 0:
                self.refs.pop(job.hash, None)
