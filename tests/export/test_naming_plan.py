from albumfaces.export.naming import entry_name, folder_name
from albumfaces.export.plan import plan_export
from albumfaces.models import AlbumPhoto, ExportRecord


def test_folder_names_are_safe_and_reversibly_distinct():
    assert folder_name("a/b") == "a%2Fb"
    assert folder_name("a_b") == "a_b"
    assert folder_name("a%2Fb") == "a%252Fb"
    assert folder_name("..") == "%2E%2E"
    assert folder_name(".hidden") == "%2Ehidden"
    assert folder_name("김민준") == "김민준"
    assert folder_name("x" * 400) != folder_name("x" * 401)
    assert len(folder_name("가" * 400).encode()) <= 200


def test_entry_names_sort_by_date_and_never_collide():
    a = entry_name("/p/2019/IMG_0001.JPG", "aaaaaaaa11", "2019-06-01T12:03:01")
    b = entry_name("/p/2020/IMG_0001.JPG", "bbbbbbbb22", "2019-06-01T12:03:01")
    assert a == "2019-06-01_120301_IMG_0001_aaaaaaaa.JPG"
    assert a != b
    assert entry_name("/p/x.jpg", "cccccccc", None).startswith("undated_")


def photo(pid, h, name="Alice", src=None, named=True):
    return AlbumPhoto(pid, named, name, h, src or f"/lib/{h}.jpg", "2020-01-01T00:00:00")


def test_first_export_adds_everything_and_second_changes_nothing():
    photos = [photo(1, "h1"), photo(1, "h2"), photo(2, "h1", "Bob")]
    plan = plan_export(photos, {}, "symlink")
    assert len(plan.add) == 3 and not plan.remove and not plan.renames
    records = {
        e.rel_path: ExportRecord(e.rel_path, e.person_id, e.photo_hash, e.source, "symlink", "x")
        for e in plan.add
    }
    again = plan_export(photos, records, "symlink")
    assert again.empty and len(again.unchanged) == 3


def test_renamed_person_renames_the_folder():
    records = {"Alice/e.jpg": ExportRecord("Alice/e.jpg", 1, "h1", "/lib/h1.jpg", "symlink")}
    plan = plan_export([photo(1, "h1", "Alicia")], records, "symlink")
    assert plan.renames == [("Alice", "Alicia")]
    assert not plan.add and [r.rel_path for r in plan.unchanged] == ["Alicia/e.jpg"]


def test_folder_is_not_renamed_onto_an_existing_folder():
    records = {"Alice/e.jpg": ExportRecord("Alice/e.jpg", 1, "h1", "/lib/h1.jpg", "symlink")}
    plan = plan_export(
        [photo(1, "h1", "Alicia")], records, "symlink", on_disk=frozenset({"Alice", "Alicia"})
    )
    assert not plan.renames and len(plan.add) == 1 and len(plan.remove) == 1


def test_a_moved_photo_keeps_its_entry_name_and_gets_a_new_target():
    records = {"Alice/e.jpg": ExportRecord("Alice/e.jpg", 1, "h1", "/lib/old.jpg", "symlink")}
    plan = plan_export([photo(1, "h1", src="/lib/new.jpg")], records, "symlink")
    assert [e.rel_path for e in plan.add] == ["Alice/e.jpg"]
    assert [r.rel_path for r in plan.remove] == ["Alice/e.jpg"]


def test_person_filter_leaves_other_albums_alone():
    records = {"Bob/e.jpg": ExportRecord("Bob/e.jpg", 2, "h9", "/lib/h9.jpg", "symlink")}
    plan = plan_export([photo(1, "h1")], records, "symlink", people={1})
    assert not plan.remove and len(plan.add) == 1


def test_a_name_like_an_automatic_name_does_not_share_its_folder():
    photos = [photo(1, "h1", "person_01"), photo(2, "h2", "person_01", named=False)]
    folders = {
        e.person_id: e.rel_path.split("/")[0] for e in plan_export(photos, {}, "symlink").add
    }
    assert folders[1] == "person_01" and folders[2] == "person_01 (id 2)"
