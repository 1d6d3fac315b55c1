"""The review server's guards, over real HTTP on 127.0.0.1: token, CSRF, Host, paths."""

import http.client
import sqlite3
import stat

import httpx
import pytest

from albumfaces.web.guard import TOKEN_COOKIE


def raw_get(server, path: str, host: str | None = None, cookie: str | None = None):
    """A request sent byte for byte as written (httpx would normalise ``..`` away)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{server.port}"}
    if cookie:
        headers["Cookie"] = f"{TOKEN_COOKIE}={cookie}"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize("path", ["/", "/api/people", "/api/faces/1/crop", "/static/review.js"])
def test_nothing_without_the_token(server, path):
    response = httpx.get(server.base + path)
    assert response.status_code == 401 and b"token required" in response.content
    wrong = httpx.get(server.base + path, params={"token": "guess"})
    assert wrong.status_code == 401


def test_the_token_becomes_a_strict_httponly_cookie_and_leaves_the_address(server):
    response = httpx.get(server.url)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"{TOKEN_COOKIE}={server.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_changes_need_post_and_the_csrf_token(server, client):
    people = client.get("/api/people").json()
    person = people[0]["id"]
    without = httpx.post(
        f"{server.base}/api/people/{person}/name",
        json={"name": "Anna"},
        cookies={TOKEN_COOKIE: server.token},
    )
    assert without.status_code == 403 and "CSRF" in without.json()["error"]
    assert client.get(f"/api/people/{person}/name").status_code == 405
    foreign = client.post(
        f"/api/people/{person}/name",
        json={"name": "Anna"},
        headers={"Origin": "http://evil.example"},
    )
    assert foreign.status_code == 403
    done = client.post(f"/api/people/{person}/name", json={"name": "Anna"})
    assert done.status_code == 200 and done.json()["summary"].endswith("as Anna")
    scripted = httpx.post(
        f"{server.base}/api/undo", headers={"Authorization": f"Bearer {server.token}"}
    )
    assert scripted.status_code == 200 and scripted.json()[0]["summary"].endswith("as Anna")
    assert client.get(f"/api/people/{person}").json()["named"] is False


def test_a_foreign_host_gets_nothing(server):
    status, body = raw_get(server, f"/?token={server.token}", host="evil.example")
    assert status == 403 and b"unknown Host" in body
    status, _ = raw_get(
        server, "/api/people", host=f"attacker.example:{server.port}", cookie=server.token
    )
    assert status == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/faces/../../../../etc/passwd",
        "/api/faces/%2e%2e%2f%2e%2e%2fetc%2fpasswd/crop",
        "/api/faces/..%2F..%2Fetc%2Fpasswd/crop",
        "/api/faces//etc/passwd/crop",
        "/api/faces/%2Fetc%2Fpasswd/crop",
        "/static/../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fstore%2f__init__.py",
        "/api/faces/1e3/crop",
    ],
)
def test_paths_from_the_request_never_reach_a_file(server, path):
    status, body = raw_get(server, path, cookie=server.token)
    assert status in (400, 404) and b"root:" not in body


def test_crops_are_served_by_id_private_and_not_cached(server, client, people_db_copy):
    face = client.get("/api/people").json()[0]["face_id"]
    response = client.get(f"/api/faces/{face}/crop", params={"path": "/etc/passwd"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "no-store" and response.content[:2] == b"\xff\xd8"
    crops = people_db_copy.parent / "crops"
    assert stat.S_IMODE(crops.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in crops.iterdir())
    assert client.get("/api/faces/999999/crop").status_code == 404
    assert client.get(f"/api/faces/{face}/crop", params={"size": 5000}).status_code == 400


def test_bad_requests_get_clear_errors(client):
    person = client.get("/api/people").json()[0]["id"]
    assert (
        client.post("/api/faces/reject", content=b"not json")
        .json()["error"]
        .startswith("the request body")
    )
    too_big = client.post("/api/faces/reject", content=b"x" * 70_000)
    assert too_big.status_code == 413
    unknown = client.post("/api/people/999999/name", json={"name": "X"})
    assert unknown.status_code == 404 and "no person 999999" in unknown.json()["error"]
    wrong = client.post(f"/api/people/{person}/merge", json={"into": "Anna"})
    assert wrong.status_code == 400 and "whole number" in wrong.json()["error"]


def test_a_decision_while_another_process_writes_says_so(client, people_db_copy):
    person = client.get("/api/people").json()[0]["id"]
    other = sqlite3.connect(people_db_copy, timeout=1)
    other.execute("BEGIN IMMEDIATE")  # like a scan writing a batch
    try:
        busy = client.post(f"/api/people/{person}/name", json={"name": "Anna"})
    finally:
        other.rollback()
        other.close()
    assert busy.status_code == 503 and "busy" in busy.json()["error"]
    assert client.get("/api/people").status_code == 200  # reading never waits
    assert client.post(f"/api/people/{person}/name", json={"name": "Anna"}).status_code == 200


def test_photos_are_served_by_content_hash_only(client):
    face = client.get("/api/faces/" + str(client.get("/api/people").json()[0]["face_id"])).json()
    photo = face["photo"]
    info = client.get(f"/api/photos/{photo}").json()
    assert info["hash"] == photo and any(f["id"] == face["id"] for f in info["faces"])
    image = client.get(f"/api/photos/{photo}/image")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "no-store"
    for bad in ("0" * 64, "x" * 64, photo[:10], photo.upper()):
        assert client.get(f"/api/photos/{bad}/image").status_code == 404
    assert client.get(f"/api/photos/{photo}/image", params={"size": 99999}).status_code == 400
