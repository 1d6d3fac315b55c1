import pytest

from tests.conftest import SAMPLE, run_json


@pytest.fixture
def people_db(people_db_copy):
    """A copy of the scanned sample album, clustered with the defaults."""
    return people_db_copy


def faces_of(db, rel: str) -> list[dict]:
    """Faces of one sample-album photo, as `faces --json` shows them."""
    path = str(SAMPLE / rel)
    return [f for f in run_json(db, "faces") if f["path"] == path]


def person_of(db, rel: str) -> int | None:
    (face,) = faces_of(db, rel)
    return face["person_id"]


def people(db) -> dict[str, dict]:
    return {p["name"]: p for p in run_json(db, "people")}
