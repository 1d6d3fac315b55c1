import json

import pytest

from tests.conftest import SAMPLE, run


@pytest.fixture
def people_db(people_db_copy):
    """A copy of the scanned sample album, clustered with the defaults."""
    return people_db_copy


def faces_of(db, rel: str) -> list[dict]:
    """Faces of one sample-album photo, as `faces --json` shows them."""
    path = str(SAMPLE / rel)
    return [f for f in json.loads(run(db, "faces", "--json").output) if f["path"] == path]


def person_of(db, rel: str) -> int | None:
    (face,) = faces_of(db, rel)
    return face["person_id"]


def people(db) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(run(db, "people", "--json").output)}
