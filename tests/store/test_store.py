import stat

import pytest

from albumfaces.store import Store, StoreBusy


def test_database_is_private_to_its_owner(tmp_path):
    path = tmp_path / "new" / "faces.db"
    with Store.open(path):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "faces.db"
    with Store.open(path) as store:
        names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    with Store.open(path) as store:
        again = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    assert names == again == ["m001_initial", "m002_people", "m003_exports"]


def test_second_writer_is_refused_with_a_message(tmp_path):
    path = tmp_path / "faces.db"
    with Store.open(path) as first, Store.open(path) as second:
        with first.exclusive():
            with pytest.raises(StoreBusy, match="in use by another albumfaces run"):
                with second.exclusive():
                    pass
        with second.exclusive():  # free again once the first is done
            pass
