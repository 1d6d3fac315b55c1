"""The server's view of everyone stays exactly what the database says, whoever changes it."""

from albumfaces.service import review
from albumfaces.store import Store
from tests.conftest import run


def fresh(db) -> list[dict]:
    """What /api/people must answer, computed from scratch."""
    with Store.open(db) as store:
        cards = review.people_to_review(store.list_people(), store.shown_faces(), True)
        return [c.to_dict() for c in cards]


def served(client) -> list[dict]:
    response = client.get("/api/people", params={"ignored": "1"})
    assert response.status_code == 200
    return response.json()


def test_the_people_list_follows_every_kind_of_change(client, people_db_copy):
    db = people_db_copy
    assert served(client) == fresh(db)
    first, second, third = served(client)[:3]
    assert client.post(f"/api/people/{first['id']}/name", json={"name": "Anna"}).status_code == 200
    assert served(client) == fresh(db)  # a decision made through the server
    run(db, "merge", second["id"], "Anna")  # a decision made by another process
    assert served(client) == fresh(db)
    assert all(p["id"] != second["id"] for p in served(client))
    run(db, "split", first["id"], *_faces(db, first["id"])[:1], "--name", "Split")
    assert served(client) == fresh(db)
    run(db, "undo", "2")
    assert served(client) == fresh(db)
    run(db, "cluster", "--threshold", "1.0")  # the machine's change: everyone is read again
    assert served(client) == fresh(db)
    run(db, "ignore", third["id"])
    run(db, "reject", *_faces(db, first["id"])[:2])
    assert served(client) == fresh(db)
    assert client.post("/api/undo", json={"count": 3}).status_code == 200
    assert served(client) == fresh(db)


def _faces(db, person: int) -> list[int]:
    with Store.open(db) as store:
        return store.person_face_ids(person)


def test_an_empty_library_says_what_to_do(tmp_path):
    import httpx

    from albumfaces.web.server import ReviewServer

    db = tmp_path / "empty.db"
    (tmp_path / "no-photos").mkdir()
    run(db, "scan", tmp_path / "no-photos")  # makes the database, finds nothing
    server = ReviewServer(db)
    server.start_in_thread()
    try:
        with httpx.Client(follow_redirects=True, timeout=30) as client:
            page = client.get(server.url)
            assert page.status_code == 200 and "No people yet" in page.text
            for path in ("/is-this", "/same", "/unassigned", "/api/people"):
                assert client.get(server.base + path).status_code == 200, path
    finally:
        server.stop()
