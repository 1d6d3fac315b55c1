"""Identify's face work on worker processes: the models are loaded once per worker, photos
are decoded and their faces found there, so several clients are served at once and a photo
that crashes a decoder takes down a worker, not the server.

The queue is bounded: a request that finds every worker busy and ``queue`` requests already
waiting is refused at once (503) rather than piling up."""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import signal
import threading
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from http import HTTPStatus

import numpy as np

from albumfaces.errors import AlbumfacesError, Unavailable
from albumfaces.models import Box, DetectedFace, ScanSettings

HTTP_BAD_REQUEST = 400
HTTP_UNSUPPORTED_MEDIA_TYPE = 415
HTTP_UNAVAILABLE = 503


class Busy(Unavailable):
    """Every worker is busy and the queue is full."""


class WorkerLost(AlbumfacesError):
    """A worker process died while working on the request (it is replaced)."""

    http_status = HTTPStatus.INTERNAL_SERVER_ERROR


@dataclass(frozen=True)
class Refused:
    """An upload that is not a photo the pipeline can use, with the HTTP status and why."""

    status: int
    reason: str


@dataclass(frozen=True)
class FoundFaces:
    """What a worker found in an uploaded photo (upright pixels of the full-size photo)."""

    width: int
    height: int
    boxes: list[Box]
    encodings: np.ndarray


_pipeline = None


def _start_worker(settings: ScanSettings) -> None:
    global _pipeline
    from PIL import Image

    from albumfaces.recognition import make_pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    # an upload is refused above Pillow's pixel limit, not merely warned about
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    _pipeline = make_pipeline(settings)
    _pipeline.load_models()


def _ready() -> bool:
    return _pipeline is not None


def _open_upload(data: bytes, settings: ScanSettings):
    """The upload decoded upright, or why it cannot be: empty, truncated, too many pixels
    (400), or not an image at all (415)."""
    from PIL import Image, UnidentifiedImageError

    from albumfaces.media.images import ImageError, failure_reason, load_upright, register_formats

    if not data:
        return Refused(HTTP_BAD_REQUEST, "empty upload (0 bytes)")
    register_formats()
    try:
        with Image.open(io.BytesIO(data)):
            pass  # the header alone: is it an image, and of a sane size?
    except UnidentifiedImageError:
        return Refused(HTTP_UNSUPPORTED_MEDIA_TYPE, "not an image format that can be read")
    except Exception as exc:  # noqa: BLE001 - a bomb or a broken header: the upload's fault
        return Refused(HTTP_BAD_REQUEST, failure_reason(exc))
    try:
        return load_upright(io.BytesIO(data), settings)
    except ImageError as exc:
        return Refused(HTTP_BAD_REQUEST, str(exc))


def find_faces(data: bytes) -> FoundFaces | Refused:
    """In a worker: the faces of an uploaded photo."""
    image = _open_upload(data, _pipeline.settings)
    if isinstance(image, Refused):
        return image
    faces = _pipeline.find_faces(image)
    encodings = np.array([f.encoding for f in faces], dtype=np.float64)
    return FoundFaces(image.width, image.height, [f.box for f in faces], encodings)


def face_on_box(path: str, box: Box) -> DetectedFace | Refused:
    """In a worker: the face the user drew on a stored photo (read from the path the
    database holds for it), encoded by the library's model."""
    from albumfaces.media.images import ImageError
    from albumfaces.scan.drawn import encode_drawn

    try:
        return encode_drawn(_pipeline, path, box)
    except ImageError as exc:
        return Refused(HTTP_BAD_REQUEST, str(exc))


def annotate(data: bytes, labels: list) -> bytes | Refused:
    """In a worker: the uploaded photo, upright, with its faces boxed and labelled (JPEG)."""
    from albumfaces.identify.annotate import annotated_jpeg

    image = _open_upload(data, _pipeline.settings)
    if isinstance(image, Refused):
        return image
    jpeg, _notes = annotated_jpeg(image, labels)
    return jpeg


class WorkerPool:
    """Worker processes (spawned: a forked child would inherit the server's threads and
    database connections) with a bounded number of requests in flight."""

    def __init__(self, settings: ScanSettings, workers: int, queue: int):
        self.settings = settings
        self.workers = workers
        self.capacity = workers + queue
        self.lock = threading.Lock()
        self.in_flight = 0
        self.executor: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self.lock:
            if self.executor is None:
                self.executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.settings,),
                )
            return self.executor

    def start(self) -> None:
        """Start every worker and load its models now, so the first request is quick."""
        executor = self._executor()
        for waiting in [executor.submit(_ready) for _ in range(self.workers)]:
            waiting.result()

    def _release(self, _done: Future) -> None:
        with self.lock:
            self.in_flight -= 1

    async def run(self, func, *args):
        """``func(*args)`` on a worker. Raises :class:`Busy` when the queue is full, and
        :class:`WorkerLost` when the worker died (the pool is then made anew)."""
        with self.lock:
            if self.in_flight >= self.capacity:
                raise Busy(
                    f"all {self.workers} workers are busy and {self.capacity - self.workers} "
                    "requests are waiting; try again shortly"
                )
            self.in_flight += 1
        executor = self._executor()
        try:
            job = executor.submit(func, *args)
        except BrokenProcessPool:
            self._release(None)
            self._replace(executor)
            raise WorkerLost(
                "the face workers had stopped; they were restarted: try again"
            ) from None
        # the slot is freed when the work ends, even if the request gave up waiting for it
        job.add_done_callback(self._release)
        try:
            return await asyncio.wrap_future(job)
        except BrokenProcessPool:
            self._replace(executor)
            raise WorkerLost(
                "a face worker stopped while reading this photo (it was restarted)"
            ) from None

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self.lock:
            if self.executor is broken:
                self.executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        with self.lock:
            executor, self.executor = self.executor, None
        if executor is not None:
            for process in list((executor._processes or {}).values()):
                process.terminate()  # a worker deep in a big photo would make Ctrl-C wait
            executor.shutdown(wait=True, cancel_futures=True)
