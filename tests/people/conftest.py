import json
import sqlite3

import pytest

from tests.conftest import SAMPLE, run


@pytest.fixture
def people_db(sample_scan, tmp_path):
    """A copy of the scanned sample album, clustered with the defaults."""
    db = tmp_path / "faces.db"
    with sqlite3.connect(sample_scan[0]) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    db.chmod(0o600)
    result = run(db, "cluster", "--json")
    assert result.exit_code == 0, result.output
    return db


def faces_of(db, rel: str) -> list[dict]:
    """Faces of one sample-album photo, as `faces --json` shows them."""
    path = str(SAMPLE / rel)
    return [f for f in json.loads(run(db, "faces", "--json").output) if f["path"] == path]


def person_of(db, rel: str) -> int | None:
    (face,) = faces_of(db, rel)
    return face["person_id"]


def people(db) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(run(db, "people", "--json").output)}
