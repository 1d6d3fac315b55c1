"""The HTTP API as a script uses it: every route needs the token, every route is in the
OpenAPI description and answers what it says, decisions by Bearer token change what
identify answers, and `albumfaces token` / `serve` as a person runs them."""

from __future__ import annotations

import re
import stat

import httpx
import jsonschema
import pytest
from openapi_spec_validator import validate

from albumfaces.web.openapi import description
from albumfaces.web.token import token_path
from tests.conftest import run
from tests.people.conftest import person_of
from tests.photos import BIDEN, OBAMA
from tests.web.conftest import albumfaces_running, ctrl_c
from tests.web.serve_fixtures import api_server, bearer, upload

HASH = "0" * 64


def concrete(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def operations(doc: dict) -> list[tuple[str, str, dict]]:
    """Every (METHOD, path, operation) the description names."""
    return [
        (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
    ]


def ok_status(op: dict) -> int:
    return min(int(s) for s in op["responses"] if s.startswith("2"))


def answer_type(op: dict) -> str | None:
    """What a good answer is: "json", "html", "jpeg", or None (no body)."""
    content = op["responses"][str(ok_status(op))].get("content", {})
    for kind, name in (("text/html", "html"), ("application/json", "json")):
        if kind in content:
            return name
    return "jpeg" if "image/jpeg" in content else None


def answer_schema(doc: dict, op_path: str, method: str):
    responses = doc["paths"][op_path][method.lower()]["responses"]
    schema = responses["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


def ids_of(client, db) -> dict:
    obama = person_of(db, OBAMA[0])
    faces = client.get(f"/api/people/{obama}/faces").json()["faces"]
    return {"person_id": obama, "face_id": faces[0]["id"], "photo_hash": faces[0]["photo"]}


@pytest.fixture
def server(named_db):
    with api_server(named_db) as running:
        yield running


# The API scripts rely on (and the page's script calls): a route gone or moved fails here.
PROMISED = {
    ("GET", "/api/people"),
    ("GET", "/api/people/{person_id}"),
    ("GET", "/api/people/{person_id}/faces"),
    ("GET", "/api/people/{person_id}/merge-candidates"),
    ("GET", "/api/faces/{face_id}"),
    ("GET", "/api/faces/{face_id}/crop"),
    ("GET", "/api/photos/{photo_hash}"),
    ("GET", "/api/photos/{photo_hash}/image"),
    ("GET", "/api/unassigned"),
    ("GET", "/api/suggestions/faces"),
    ("GET", "/api/suggestions/people"),
    ("GET", "/api/history"),
    ("GET", "/api/openapi.json"),
    ("POST", "/api/people/{person_id}/name"),
    ("POST", "/api/people/{person_id}/merge"),
    ("POST", "/api/people/{person_id}/ignore"),
    ("POST", "/api/people/{person_id}/cover"),
    ("POST", "/api/people/{person_id}/born"),
    ("GET", "/api/photos"),
    ("POST", "/api/people/{person_id}/split"),
    ("POST", "/api/faces/move"),
    ("POST", "/api/faces/reject"),
    ("POST", "/api/faces/new-person"),
    ("POST", "/api/faces/not-a-face"),
    ("POST", "/api/photos/{photo_hash}/faces"),
    ("POST", "/api/different"),
    ("POST", "/api/undo"),
    ("POST", "/api/redo"),
    ("POST", "/api/identify"),
}


def test_the_description_is_generated_valid_and_has_every_promised_route(server):
    doc = description(server.app)
    validate(doc)
    described = {(method, path) for method, path, _ in operations(doc)}
    assert PROMISED <= described
    assert all(path.startswith("/api/") for m, path in described - PROMISED if m == "POST") is True
    for _, path, op in operations(doc):
        assert op["summary"] and "401" in op["responses"], path
        assert "422" not in op["responses"], path  # this API answers 400, in its one shape
    schemas = doc["components"]["schemas"]
    assert {"Person", "Face", "Decision", "Error"} <= set(schemas)
    with bearer(server) as client:
        assert client.get("/api/openapi.json").json() == doc
        assert client.get("/docs").status_code == 404  # no CDN-loaded docs page


def test_every_route_refuses_a_missing_or_wrong_token_with_no_data(server, tmp_path):
    ids = {"person_id": 1, "face_id": 1, "photo_hash": HASH}
    for method, path, _ in operations(description(server.app)):
        url = server.base + concrete(path, ids)
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
            answer = httpx.request(method, url, headers=headers, json={})
            assert answer.status_code == 401, (path, headers)
            assert list(answer.json()) == ["error"] and "token" in answer.json()["error"]


def test_every_reading_route_answers_what_the_description_says(server):
    with bearer(server) as client:
        ids = ids_of(client, server.db_path)
        doc = description(server.app)
        for method, path, op in operations(doc):
            if method != "GET":
                continue
            required = {  # a route that needs people (?with=) is asked about the first one
                q["name"]: ids["person_id"]
                for q in op.get("parameters", [])
                if q["in"] == "query" and q.get("required")
            }
            answer = client.get(concrete(path, ids), params=required, follow_redirects=False)
            assert answer.status_code == ok_status(op), (path, answer.text)
            kind = answer_type(op)
            if kind == "html":
                assert answer.headers["content-type"].startswith("text/html")
            elif kind == "jpeg":
                assert answer.headers["content-type"] == "image/jpeg"
                assert answer.content[:2] == b"\xff\xd8"
            elif kind == "json":
                jsonschema.validate(answer.json(), answer_schema(doc, path, "GET"))
        assert client.get("/api/people/999999").status_code == 404
        assert client.get(f"/api/photos/{HASH}").status_code == 404
        assert client.get("/api/faces/1/crop", params={"size": 7}).status_code == 400


def test_a_script_names_and_corrects_people_and_identify_follows(server, new_photos):
    """Every decision route with a Bearer token (no cookie, no CSRF token, as a script
    sends it), each answer as described; identify answers the new names at once."""
    db = server.db_path
    with bearer(server) as client:
        ids = ids_of(client, db)
        obama, biden = ids["person_id"], person_of(db, BIDEN[0])
        other = person_of(db, "2019/Summer trip/rose1.jpg")
        faces = [f["id"] for f in client.get(f"/api/people/{obama}/faces").json()["faces"]]
        doc = description(server.app)

        def post(path: str, body: dict, op_path: str):
            answer = client.post(path, json=body)
            assert answer.status_code == 200, (path, answer.text)
            jsonschema.validate(answer.json(), answer_schema(doc, op_path, "POST"))
            return answer.json()

        p = "/api/people/{person_id}"
        post(f"/api/people/{obama}/name", {"name": "Barack"}, p + "/name")
        assert upload(client, new_photos / "obama-mirrored.jpg").json()["faces"][0]["name"] == (
            "Barack"
        )
        post(f"/api/people/{obama}/cover", {"face": faces[1]}, p + "/cover")
        post(f"/api/people/{obama}/born", {"born": "1961-08-04"}, p + "/born")
        # a detection marked as no face, then drawn again: the face is made on its box
        missed = client.get(f"/api/faces/{faces[0]}").json()
        post("/api/faces/not-a-face", {"faces": [faces[0]]}, "/api/faces/not-a-face")
        drawn = post(
            f"/api/photos/{missed['photo']}/faces",
            {"box": missed["box"], "name": "barack"},  # found as every front end finds people
            "/api/photos/{photo_hash}/faces",
        )
        assert drawn["person_id"] == obama and drawn["sentence"].startswith("Drew face ")
        tiny = {"box": {"top": 0, "right": 5, "bottom": 5, "left": 0}}
        refused = client.post(f"/api/photos/{missed['photo']}/faces", json=tiny)
        assert refused.status_code == 400 and "20 pixels" in refused.json()["error"]
        page = client.get(f"/api/people/{obama}/faces").json()
        assert page["person"]["born"] == "1961-08-04"
        assert all(f["age"] is not None and f["age"] >= 47 for f in page["faces"])  # from 2009
        bad = client.post(f"/api/people/{obama}/born", json={"born": "tomorrow"})
        assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
        post(f"/api/people/{other}/ignore", {"ignored": True}, p + "/ignore")
        post("/api/different", {"people": [obama, biden]}, "/api/different")
        split = post(f"/api/people/{obama}/split", {"faces": [faces[-1]]}, p + "/split")
        post("/api/faces/move", {"faces": [faces[-1]], "person": obama}, "/api/faces/move")
        post("/api/faces/reject", {"faces": [faces[-1]]}, "/api/faces/reject")
        post("/api/faces/new-person", {"faces": [faces[-1]], "name": "x"}, "/api/faces/new-person")
        post(f"/api/people/{split['person_id']}/merge", {"into": obama}, p + "/merge")
        undone = post("/api/undo", {"count": 12}, "/api/undo")
        assert len(undone) == 12
        assert upload(client, new_photos / "obama-mirrored.jpg").json()["faces"][0]["name"] == (
            "Barack Obama"
        )
        post("/api/redo", {"count": 1}, "/api/redo")
        assert client.get(f"/api/people/{obama}").json()["name"] == "Barack"
        found = client.get("/api/people", params={"name": "Barack"}).json()
        assert [p["id"] for p in found] == [obama]
        # one resolver for every front end: as the CLI, case is ignored, an id works
        for typed in ("barack", " BARACK ", str(obama)):
            found = client.get("/api/people", params={"name": typed}).json()
            assert [p["id"] for p in found] == [obama], typed
        assert client.get("/api/people", params={"name": "Nobody"}).json() == []
        bad = client.post(f"/api/people/{obama}/name", json={"name": 3})
        assert bad.status_code == 400 and "text" in bad.json()["error"]
        # one rule for names: control characters out, whitespace folded, 200 at most
        cleaned = client.post(f"/api/people/{obama}/name", json={"name": "a\u0000b\nc"})
        assert cleaned.status_code == 200
        assert client.get(f"/api/people/{obama}").json()["name"] == "ab c"
        long = client.post(f"/api/people/{obama}/name", json={"name": "x" * 10_000})
        assert long.status_code == 400
        assert "at most 200 characters (this one has 10,000)" in long.json()["error"]
        assert client.get(f"/api/people/{obama}").json()["name"] == "ab c"  # nothing changed


def test_the_token_is_made_once_kept_private_and_rotated(server):
    db = server.db_path
    first = run(db, "token").stdout.strip()
    assert first == server.token and run(db, "token").stdout.strip() == first
    assert stat.S_IMODE(token_path(db).stat().st_mode) == 0o600
    with bearer(server) as old:
        assert old.get("/api/people").status_code == 200
        rotated = run(db, "token", "--rotate")
        new = rotated.stdout.strip()
        assert new != first and "no longer works" in rotated.stderr
        # a running server takes the new token at once, and refuses the old one
        assert old.get("/api/people").status_code == 401
    with bearer(server) as fresh:
        assert fresh.headers["authorization"] == f"Bearer {new}"
        assert fresh.get("/api/people").status_code == 200


def test_no_token_for_a_missing_database(tmp_path):
    result = run(tmp_path / "none.db", "token", expect=1)
    assert "no database at" in result.stderr and not token_path(tmp_path / "none.db").exists()


def test_serve_on_the_network_warns_answers_and_stops_on_ctrl_c(named_db):
    serve = ["serve", "--host", "0.0.0.0", "--port", "0", "--workers", "1"]
    with albumfaces_running(named_db, *serve) as proc:
        line = proc.stdout.readline()
        port = re.search(r"http://0\.0\.0\.0:(\d+)/api", line).group(1)
        token = run(named_db, "token").stdout.strip()
        url = f"http://127.0.0.1:{port}/api/people"
        assert httpx.get(url).status_code == 401
        people = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert people.status_code == 200 and "Barack Obama" in {p["name"] for p in people.json()}
        out, err = ctrl_c(proc)
    assert "reachable from the network" in err
    assert token not in out + err  # the token is never printed
