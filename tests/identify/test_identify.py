"""`albumfaces identify` on the sample album: names, strangers, face_recognition's mode."""

import json
import os
import shutil

import numpy as np
from PIL import Image, ImageOps

from tests.conftest import DATA, SAMPLE, run, run_json
from tests.photos import BIDEN, OBAMA


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
    for name in os.listdir(check):  # the order face_recognition walks the folder in
        faces = ref.get(checked.get(name, ""), [])
        if not faces:
            expected.append((f"check/{name}", "no_persons_found", None))
        for face in faces:
            hits = [
                (who, np.linalg.norm(np.array(enc) - np.array(face["encoding"])))
                for who, enc in ((os.path.splitext(n)[0], None) for n in os.listdir(known))
                for enc in [people[who]]
            ]
            hits = [(n, d) for n, d in hits if d <= 0.6] or [("unknown_person", None)]
            expected += [(f"check/{name}", n, d) for n, d in hits]
    monkeypatch.chdir(tmp_path)  # relative folders: printed as typed, like face_recognition
    args = ["--known", "known", "check", "--show-distance", "--face-model", "dlib"]
    result = run(tmp_path / "no.db", "identify", *args)
    assert result.stderr == ""  # face_recognition prints nothing else
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
    biden = SAMPLE / "2019/Campaign/biden.jpg"
    result = run(tmp_path / "no.db", "identify", "--known", known, biden, "--face-model", "dlib")
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
    lines = result.stderr.splitlines()
    assert lines[0] == "albumfaces: identified with face model intel (tolerance 1.05)"
    failures = [e for e in lines[1:] if e.startswith("albumfaces: ")]
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


FACE_RECOGNITION_KNOWN = {
    "obama.jpg": "2019/Campaign/obama.jpg",
    "biden.jpg": "2019/Campaign/biden.jpg",
    "kit.jpeg": "2019/Summer trip/john1.jpeg",
    "rose.jpg": "2019/Summer trip/rose1.jpg",
}
FACE_RECOGNITION_CHECKED = [
    "2019/Campaign/obama2.jpg",
    "2019/Campaign/obama3.jpg",
    "2019/Campaign/obama_and_biden.jpg",
    "2019/Campaign/biden2.jpg",
    "2019/Summer trip/john2.jpeg",
    "2019/Summer trip/johnsnow_test1.jpg",
    "2019/Summer trip/kit_with_rose.jpg",
    "2019/Summer trip/rose2.jpg",
    "2020/Home/alex-lacamoire.png",
    "2020/Home/alex_lacamoire1.jpg",
    "2020/Home/lin-manuel-miranda.png",
    "2020/Home/two_people.jpg",
]


# (name, photo, crop): Obama's face cut on the left and below, Biden's from above and right
PARTIAL_FACES = [
    ("obama_partial_face.jpg", "2019/Campaign/obama.jpg", (440, 0, 960, 360)),
    ("obama_partial_face2.jpg", "2019/Campaign/obama.jpg", (0, 190, 540, 600)),
    ("biden_partial_face.jpg", "2019/Campaign/biden.jpg", (300, 330, 690, 800)),
]


def face_recognition_command_line(known: str, check: str, tolerance: float) -> list[str]:
    """What `face_recognition known check --tolerance T --show-distance true` prints: its
    command line's steps (face_recognition 1.3.0's face_recognition_cli.py and api.py),
    made with dlib directly, as the reference albumfaces is held to."""
    import re

    import dlib
    from PIL import Image

    from albumfaces.recognition.dlib_parts import models_dir

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(str(models_dir() / "shape_predictor_5_face_landmarks.dat"))
    encoder = dlib.face_recognition_model_v1(
        str(models_dir() / "dlib_face_recognition_resnet_model_v1.dat")
    )

    def face_encodings(image):  # api.face_encodings(image): raw rectangles, one at a time
        return [
            np.array(encoder.compute_face_descriptor(image, predictor(image, rect), 1))
            for rect in detector(image, 1)
        ]

    def files(folder):
        return [
            os.path.join(root, f)
            for root, _, names in os.walk(folder)
            for f in names
            if re.match(r".*\.(jpg|jpeg|png)", f, flags=re.I)
        ]

    names, encodings, lines = [], [], []
    for file in files(known):
        found = face_encodings(np.array(Image.open(file).convert("RGB")))
        if len(found) > 1:
            lines.append(
                f"WARNING: More than one face found in {file}. Only considering the first face."
            )
        if not found:
            lines.append(f"WARNING: No faces found in {file}. Ignoring file.")
        else:
            names.append(os.path.splitext(os.path.basename(file))[0])
            encodings.append(found[0])
    for file in files(check):
        image = np.array(Image.open(file).convert("RGB"))
        if max(image.shape) > 1600:
            small = Image.fromarray(image)
            small.thumbnail((1600, 1600), Image.LANCZOS)
            image = np.array(small)
        unknown = face_encodings(image)
        for encoding in unknown:
            distances = np.linalg.norm(np.array(encodings) - encoding, axis=1)
            pairs = zip(names, distances, strict=True)
            hits = [f"{file},{n},{d}" for n, d in pairs if d <= tolerance]
            lines += hits or [f"{file},unknown_person,None"]
        if not unknown:
            lines.append(f"{file},no_persons_found,None")
    return lines


def test_known_mode_is_face_recognition_line_for_line_at_every_tolerance(
    data, tmp_path, monkeypatch
):
    (tmp_path / "known").mkdir()
    (tmp_path / "check").mkdir()
    for name, rel in FACE_RECOGNITION_KNOWN.items():
        shutil.copy2(SAMPLE / rel, tmp_path / "known" / name)
    for rel in FACE_RECOGNITION_CHECKED:
        shutil.copy2(SAMPLE / rel, tmp_path / "check" / rel.rsplit("/", 1)[1])
    # faces cut by the edge, like face_recognition's obama_partial_face.jpg: dlib's box
    # reaches past the photo, and the landmarks it is given decide the encoding
    for name, rel, crop in PARTIAL_FACES:
        with Image.open(SAMPLE / rel) as im:
            im.crop(crop).save(tmp_path / "check" / name, quality=95)
    monkeypatch.chdir(tmp_path)
    for tolerance in (0.4, 0.5, 0.6):
        args = ["--known", "known", "check", "--face-model", "dlib", "--show-distance"]
        ours = run(tmp_path / "no.db", "identify", *args, "--tolerance", tolerance)
        expected = face_recognition_command_line("known", "check", tolerance)
        assert ours.stdout.splitlines() == expected, tolerance
        assert (
            sum(",unknown_person," not in line for line in expected)
            > len(FACE_RECOGNITION_CHECKED) / 2
        )
