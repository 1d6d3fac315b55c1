"""`albumfaces identify` on the sample album: names, strangers, face_recognition's mode."""

import json
import shutil

import numpy as np
from PIL import Image, ImageOps

from tests.conftest import DATA, SAMPLE, run, run_json
from tests.people.test_people_e2e import BIDEN, OBAMA


def test_identify_names_the_people_you_named(named_db, new_photos):
    lines = run(named_db, "identify", new_photos).stdout.splitlines()
    assert lines == [
        f"{new_photos}/nobody.jpg,no_persons_found",
        f"{new_photos}/obama-mirrored.jpg,Barack Obama",
        f"{new_photos}/stranger.jpg,unknown_person",
    ]
    with_distance = run(named_db, "identify", new_photos / "obama-mirrored.jpg", "--show-distance")
    path, name, distance = with_distance.stdout.strip().split(",")
    assert name == "Barack Obama" and 0 < float(distance) < 0.52


def test_identify_json_and_stored_nothing(named_db, new_photos):
    before = run_json(named_db, "status")
    photos = run_json(named_db, "identify", new_photos)
    assert run_json(named_db, "status") == before  # nothing was stored
    by_name = {p["path"].rsplit("/", 1)[1]: p for p in photos}
    assert set(by_name) == {"nobody.jpg", "obama-mirrored.jpg", "stranger.jpg"}
    (face,) = by_name["obama-mirrored.jpg"]["faces"]
    assert face["name"] == "Barack Obama" and face["person_id"] is not None
    assert set(face["box"]) == {"top", "right", "bottom", "left"} and face["runner_up"] is None
    assert by_name["nobody.jpg"]["faces"] == []
    assert by_name["stranger.jpg"]["faces"][0]["name"] is None
    assert by_name["obama-mirrored.jpg"]["width"] > 0


def test_known_mode_prints_what_face_recognition_prints(data, tmp_path, monkeypatch):
    known, check = tmp_path / "known", tmp_path / "check"
    known.mkdir()
    check.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama.jpg", known / "obama.jpg")
    shutil.copy2(SAMPLE / "2019/Campaign/biden.jpg", known / "biden.jpg")
    # photos to check of at most 1600 px: face_recognition's command line shrinks larger
    # ones, while its reference encodings below were computed at full size
    checked = {
        "2008_002470.jpg": "2021/Family dinner/2008_002470.jpg",
        "obama-again.jpg": "2019/Campaign/obama.jpg",
        "two_people.jpg": "2020/Home/two_people.jpg",
    }
    for name, rel in checked.items():
        shutil.copy2(SAMPLE / rel, check / name)
    shutil.copy2(SAMPLE / "misc/noface_9.jpg", check / "noface.jpg")
    # what face_recognition's command line prints, from its own encodings
    with open(DATA / "reference" / "face_recognition_encodings.json") as f:
        ref = {i["path"].split("sample-album/")[1]: i["faces"] for i in json.load(f)["images"]}
    people = {
        "biden": ref["2019/Campaign/biden.jpg"][0]["encoding"],
        "obama": ref["2019/Campaign/obama.jpg"][0]["encoding"],
    }
    expected = []
    for name in sorted([*checked, "noface.jpg"]):
        faces = ref.get(checked.get(name, ""), [])
        if not faces:
            expected.append((f"check/{name}", "no_persons_found", None))
        for face in faces:
            hits = [
                (who, np.linalg.norm(np.array(enc) - np.array(face["encoding"])))
                for who, enc in sorted(people.items())
            ]
            hits = [(n, d) for n, d in hits if d <= 0.6] or [("unknown_person", None)]
            expected += [(f"check/{name}", n, d) for n, d in hits]
    monkeypatch.chdir(tmp_path)  # relative folders: printed as typed, like face_recognition
    result = run(tmp_path / "no.db", "identify", "--known", "known", "check", "--show-distance")
    got = [line.split(",") for line in result.stdout.splitlines()]
    assert [(p, n) for p, n, _ in got] == [(p, n) for p, n, _ in expected]
    for (_, _, d), (_, _, want) in zip(got, expected, strict=True):
        if want is None:
            assert d == "None"
        else:
            assert abs(float(d) - want) < 1e-6  # the same encodings as face_recognition's
    assert not (tmp_path / "no.db").exists()  # --known needs no library


def test_known_mode_warns_as_face_recognition_does(data, tmp_path):
    known = tmp_path / "known"
    known.mkdir()
    shutil.copy2(SAMPLE / "2020/Home/two_people.jpg", known / "pair.jpg")
    shutil.copy2(SAMPLE / "misc/noface_9.jpg", known / "nobody.jpg")
    result = run(
        tmp_path / "no.db", "identify", "--known", known, SAMPLE / "2019/Campaign/biden.jpg"
    )
    pair = known / "pair.jpg"
    assert (
        f"WARNING: More than one face found in {pair}. Only considering the first face."
        in result.stdout
    )
    assert f"WARNING: No faces found in {known / 'nobody.jpg'}. Ignoring file." in result.stdout


def test_annotated_copies_name_the_faces_in_any_script(named_db, new_photos, tmp_path):
    shutil.copy2(SAMPLE / BIDEN[1], new_photos / "biden.jpg")
    out = tmp_path / "annotated"
    result = run(named_db, "identify", new_photos, "--annotate", out)
    assert "no installed font" not in result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["biden.jpg", "nobody.jpg", "obama-mirrored.jpg", "stranger.jpg"]
    with (
        Image.open(out / "biden.jpg") as annotated,
        Image.open(new_photos / "biden.jpg") as original,
    ):
        assert annotated.size == ImageOps.exif_transpose(original).size
        # a label was drawn: the annotated copy differs from the photo below the face
        assert (
            np.abs(
                np.asarray(annotated, float)
                - np.asarray(ImageOps.exif_transpose(original).convert("RGB"), float)
            ).mean()
            > 0.5
        )
    assert (new_photos / "biden.jpg").stat().st_size == (SAMPLE / BIDEN[1]).stat().st_size


def test_bad_files_are_one_line_failures_and_the_run_goes_on(named_db, data):
    bad = data / "edge-cases" / "bad"
    result = run(named_db, "identify", bad)
    failures = [e for e in result.stderr.splitlines() if e.startswith("albumfaces: ")]
    assert len(failures) == 4 and any("zero-bytes.jpg: empty file" in e for e in failures)
    assert any("grayscale-face.jpg," in line for line in result.stdout.splitlines())
    only_bad = run(named_db, "identify", bad / "truncated.jpg", expect=1)
    assert "truncated.jpg" in only_bad.stderr


def test_identify_needs_a_library_or_known_faces(tmp_path):
    result = run(tmp_path / "missing.db", "identify", SAMPLE / OBAMA[0], expect=1)
    assert "no database at" in result.stderr


def test_a_file_that_cannot_be_read_to_tell_is_a_failure_and_the_run_goes_on(
    named_db, new_photos, monkeypatch
):
    from albumfaces.media import images

    unreadable = new_photos / "scan.data"  # unknown suffix: its content must be read to tell
    shutil.copy2(SAMPLE / OBAMA[0], unreadable)
    real_open = images.Image.open

    def refuse(path, *args, **kwargs):
        if str(path) == str(unreadable):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(images.Image, "open", refuse)
    result = run(named_db, "identify", new_photos)
    assert f"albumfaces: {unreadable}: cannot read: permission denied" in result.stderr
    assert f"{new_photos}/obama-mirrored.jpg,Barack Obama" in result.stdout.splitlines()
