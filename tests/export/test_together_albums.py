"""`export --together "A+B"` and `organize --together`: an album "A & B" of the photos they
share, kept up to date incrementally like a person's, with the same safety: only our own
links are ever removed. On the fake pipeline's family (tests/family.py)."""

from __future__ import annotations

import os

from click.testing import CliRunner

from albumfaces.cli import main
from albumfaces.export import export_albums
from albumfaces.people import name_person
from albumfaces.store import Store
from tests.fakes import BLUE, RED, make_photo
from tests.family import DAY, FIRST_DAY, make_family, scan_family


def album(dest, folder) -> set[str]:
    """The photos an album's links lead to, by file name."""
    path = dest / folder
    return {os.path.basename(os.path.realpath(path / n)) for n in os.listdir(path)}


def test_a_shared_album_follows_every_change_and_leaves_foreign_files(tmp_path):
    db, root, names = make_family(tmp_path)
    dest = tmp_path / "albums"
    pair = [names["Anna"], names["Ben"]]
    with Store.open(db) as store:
        report = export_albums(store, dest, together=[pair])
        assert album(dest, "Anna & Ben") == {
            "anna_and_ben.png",
            "anna_ben_dan.png",
            "both_and_cleo.png",
        }
        assert report.folders == 4  # Anna, Ben, Cleo, and theirs
        assert export_albums(store, dest, together=[pair]).added == 0  # up to date
    (dest / "Anna & Ben" / "my notes.txt").write_text("mine")
    new = make_photo(root / "beach.png", [(RED, 30, 60, 42), (BLUE, 150, 50, 42)])
    os.utime(new, (FIRST_DAY + 30 * DAY,) * 2)
    scan_family(db, root)
    with Store.open(db) as store:
        again = export_albums(store, dest, together=[pair])
        assert (again.added, again.removed) == (3, 0)  # Anna's, Ben's and theirs
        assert "beach.png" in album(dest, "Anna & Ben")
        name_person(store, names["Ben"], "Benjamin")
        renamed = export_albums(store, dest, together=[pair])
        assert not (dest / "Anna & Ben").exists() and renamed.renamed == 2
        assert (dest / "Anna & Benjamin" / "my notes.txt").read_text() == "mine"
        # asked no more: our links go, the user's file stays
        export_albums(store, dest)
        assert os.listdir(dest / "Anna & Benjamin") == ["my notes.txt"]


def test_a_dry_run_of_a_new_shared_album_changes_nothing(tmp_path):
    db, _, names = make_family(tmp_path)
    dest = tmp_path / "albums"
    with Store.open(db) as store:
        dry = export_albums(store, dest, together=[[names["Anna"], names["Ben"]]], dry_run=True)
        assert dry.added and not dest.exists()
        rows = store.db.execute("SELECT count(*) FROM together_albums").fetchone()[0]
        assert rows == 0  # nothing in the database either


def test_the_commands_take_together_and_refuse_one_person(tmp_path):
    db, _, _ = make_family(tmp_path)
    db, dest = str(db), tmp_path / "albums"
    runner = CliRunner()
    made = runner.invoke(main, ["--db", db, "export", str(dest), "--together", "anna + Cleo"])
    assert made.exit_code == 0, made.output
    assert album(dest, "Anna & Cleo") == {"both_and_cleo.png"}
    alone = runner.invoke(main, ["--db", db, "export", str(dest), "--together", "Anna"])
    assert alone.exit_code == 2 and "two people or more" in alone.output
    nobody = runner.invoke(main, ["--db", db, "export", str(dest), "--together", "Anna+Zoe"])
    assert nobody.exit_code == 1 and "no person 'Zoe'" in nobody.output
    help_text = runner.invoke(main, ["organize", "--help"]).output
    assert "--together A+B" in help_text
