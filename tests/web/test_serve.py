"""`POST /api/identify` on a real server on 127.0.0.1: the answers of `identify --json`,
annotated photos, and every kind of bad upload, with the server answering rightly after."""

from __future__ import annotations

import io
import os
import socket
import threading
import time

import httpx
import pytest
from PIL import Image

from albumfaces.identify.annotate import KNOWN_COLOUR
from albumfaces.web.limits import ServerOptions
from tests.conftest import DATA, SAMPLE, clustered_copy, name_obama_and_biden, run_json
from tests.web.serve_fixtures import TEST_MAX_UPLOAD, api_server, bearer, upload

BAD = DATA / "edge-cases" / "bad"
PHONE_PHOTO = DATA / "album-12mp" / "IMG_0101.JPG"


@pytest.fixture(scope="module")
def served(sample_scan, tmp_path_factory):
    db = clustered_copy(sample_scan, tmp_path_factory.mktemp("served"))
    name_obama_and_biden(db)
    with api_server(db) as server:
        yield server


@pytest.fixture(scope="module")
def client(served):
    with bearer(served) as c:
        yield c


def answers_rightly(client, new_photos) -> None:
    """The server still names a photo of a named person."""
    found = upload(client, new_photos / "obama-mirrored.jpg")
    assert found.status_code == 200, found.text
    assert [f["name"] for f in found.json()["faces"]] == ["Barack Obama"]


def test_identify_answers_what_identify_json_prints(served, client, new_photos):
    for photo in sorted(new_photos.glob("*.jpg")):
        answer = upload(client, photo)
        assert answer.status_code == 200, answer.text
        assert answer.headers["cache-control"] == "no-store"
        (expected,) = run_json(served.db_path, "identify", photo)
        assert answer.json() == {**expected, "path": photo.name}
    by_name = {p.name: upload(client, p).json() for p in new_photos.glob("*.jpg")}
    assert [f["name"] for f in by_name["obama-mirrored.jpg"]["faces"]] == ["Barack Obama"]
    assert [f["name"] for f in by_name["stranger.jpg"]["faces"]] == [None]
    assert by_name["nobody.jpg"]["faces"] == []


def test_identify_names_in_any_script_and_full_size_boxes(client):
    answer = upload(client, SAMPLE / "2020/Home/two_people.jpg").json()
    assert sorted(f["name"] for f in answer["faces"]) == ["Barack Obama", "조 바이든"]
    phone = upload(client, PHONE_PHOTO).json()
    with Image.open(PHONE_PHOTO) as im:
        assert (phone["width"], phone["height"]) == im.size  # full size, not the reduced copy
    assert all(f["box"]["right"] <= phone["width"] for f in phone["faces"])


def test_annotate_answers_the_photo_with_boxes_and_names(client):
    photo = SAMPLE / "2020/Home/two_people.jpg"
    answer = upload(client, photo, annotate=True)
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(answer.content)) as drawn, Image.open(photo) as original:
        assert drawn.format == "JPEG" and drawn.size == original.size
        faces = upload(client, photo).json()["faces"]
        box = faces[0]["box"]
        # the box is drawn: the middle of its top line is the known-face green
        pixel = drawn.convert("RGB").getpixel(((box["left"] + box["right"]) // 2, box["top"] + 2))
        assert all(abs(a - b) < 30 for a, b in zip(pixel, KNOWN_COLOUR, strict=True)), pixel


@pytest.mark.parametrize(
    ("name", "status", "reason"),
    [
        ("zero-bytes.jpg", 400, "empty upload"),
        ("truncated.jpg", 400, "truncated"),
        ("not-an-image.jpg", 415, "not an image"),
        ("huge-dimensions.png", 400, "decompression bomb"),
    ],
)
def test_a_bad_upload_gets_its_reason_and_the_server_goes_on(
    client, new_photos, name, status, reason
):
    answer = upload(client, BAD / name)
    assert answer.status_code == status
    assert answer.json()["error"].startswith(f"{name}: ") and reason in answer.json()["error"]
    answers_rightly(client, new_photos)


def test_uploads_that_are_not_forms_or_lack_the_photo(client, new_photos):
    raw = client.post("/api/identify", content=b"\xff\xd8", headers={"content-type": "image/jpeg"})
    assert raw.status_code == 415 and "multipart/form-data" in raw.json()["error"]
    other_field = client.post("/api/identify", files={"photo": ("a.jpg", b"123")})
    assert other_field.status_code == 400 and "'image'" in other_field.json()["error"]
    broken = client.post(
        "/api/identify",
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nab",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status_code == 400
    answers_rightly(client, new_photos)


def test_uploads_over_the_limit_get_413_with_or_without_a_length(client, new_photos):
    too_big = os.urandom(TEST_MAX_UPLOAD + 1)
    said = client.post("/api/identify", files={"image": ("big.jpg", too_big)})
    assert said.status_code == 413 and "bytes" in said.json()["error"]

    def chunks():  # no Content-Length: the server must count as it reads
        for start in range(0, len(too_big), 256 * 1024):
            yield too_big[start : start + 256 * 1024]

    boundary = b"b0undary"
    head = b'--b0undary\r\nContent-Disposition: form-data; name="image"; filename="b.jpg"\r\n\r\n'

    def form():
        yield head
        yield from chunks()
        yield b"\r\n--" + boundary + b"--\r\n"

    chunked = client.post(
        "/api/identify",
        content=form(),
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert chunked.status_code == 413
    decision = client.post(PERSON_NAME_PATH, content=b"x" * (64 * 1024 + 1))
    assert decision.status_code == 413  # decisions are small: their bodies are bounded too
    answers_rightly(client, new_photos)


PERSON_NAME_PATH = "/api/people/1/name"


def test_beyond_the_queue_requests_get_503_at_once(client, new_photos):
    """One worker, one waiting place: of eight photos sent at once, some are refused at
    once (503 with Retry-After) instead of piling up; those taken are answered rightly."""
    answers: list[httpx.Response] = []

    def send():
        with httpx.Client(base_url=str(client.base_url), headers=client.headers, timeout=60) as c:
            answers.append(upload(c, PHONE_PHOTO))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) == {200, 503}, statuses
    refused = [a for a in answers if a.status_code == 503]
    assert all(a.headers["retry-after"] and "busy" in a.json()["error"] for a in refused)
    served = [a.json() for a in answers if a.status_code == 200]
    assert all(s == served[0] for s in served)
    answers_rightly(client, new_photos)


def test_a_worker_that_dies_is_replaced(served, client, new_photos):
    workers = served.app.state.workers
    for process in list(workers.executor._processes.values()):
        os.kill(process.pid, 9)
    time.sleep(0.5)
    first = upload(client, new_photos / "obama-mirrored.jpg")
    assert first.status_code in (200, 500)
    if first.status_code == 500:
        assert "restarted" in first.json()["error"]
    answers_rightly(client, new_photos)


def test_every_request_has_a_time_limit(named_db, new_photos):
    """A client that sends its body too slowly gets 504, and the server goes on."""
    options = ServerOptions(workers=1, request_seconds=3.0, start_workers=True)
    with api_server(named_db, options) as server, bearer(server) as client:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as slow:
            head = (
                f"POST /api/identify HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                f"Authorization: Bearer {server.token}\r\nContent-Length: 1000\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n\r\n--x\r\n"
            )
            slow.sendall(head.encode())
            reply = b""
            while b"}" not in reply:  # waits: the server answers when time is up
                chunk = slow.recv(4096)
                if not chunk:
                    break
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 504") and b"within 3 s" in reply
        answers_rightly(client, new_photos)


def test_a_switch_of_face_model_under_a_running_server_is_refused_not_mixed(
    served, client, new_photos
):
    from albumfaces.store import Store

    with Store.open(served.db_path) as store:
        with store.transaction():  # what `scan --face-model dlib` records before its photos
            store.set_face_model("dlib", 128)
            store.count_machine_change()
    try:
        answer = upload(client, new_photos / "obama-mirrored.jpg")
        assert answer.status_code == 503
        assert "switched to face model dlib" in answer.json()["error"]
        assert "start the server again" in answer.json()["error"]
    finally:
        with Store.open(served.db_path) as store:
            with store.transaction():
                store.set_face_model("intel", 256)
                store.count_machine_change()
    answers_rightly(client, new_photos)
