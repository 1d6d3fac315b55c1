"""Motion photos (a JPEG with an MP4 after its still) and the identifiers of Live Photos, read
as phones write them; exiftool, when installed, judges that the test files say what we read."""

from __future__ import annotations

import json
import subprocess

import pytest
from PIL import Image

from albumfaces.media.images import embedded_xmp
from albumfaces.media.live import apple_content_id, clip_facts, photo_facts
from albumfaces.media.motion import Stretch, motion_part
from albumfaces.models import ClipSource, MotionKind, ScanOptions, ScanSettings
from albumfaces.scan import scan_library
from tests.fakes import RED, FakePipeline, make_photo
from tests.media.phone import apple_maker_note, live_photo, motion_photo, save_clip
from tests.xmp.helpers import EXIFTOOL

STYLES = ("container", "microvideo", "samsung")
WHO = {"container": MotionKind.GOOGLE, "microvideo": MotionKind.GOOGLE}


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    folder = tmp_path_factory.mktemp("motion")
    picture = make_photo(folder / "frame.png", [(RED, 40, 40, 30)])
    return save_clip(folder / "clip.mp4", picture, seconds=1.0)


@pytest.fixture
def picture(tmp_path):
    return make_photo(tmp_path / "still.png", [(RED, 100, 50, 40)], size=(320, 240))


def exiftool_json(path, *tags) -> dict:
    """What exiftool reads of ``tags`` in ``path``: the outside judge of our test files."""
    out = subprocess.run(
        [EXIFTOOL, "-j", "-struct", "-n", *tags, str(path)], capture_output=True, check=True
    )
    found = json.loads(out.stdout)[0]
    found.pop("SourceFile")
    return found


def part_of(path):
    with Image.open(path) as im:
        return motion_part(str(path), embedded_xmp(im))


@pytest.mark.parametrize("style", STYLES)
def test_the_video_after_the_still_is_found_whole(tmp_path, picture, video, style):
    photo = motion_photo(tmp_path / "PXL_0001.jpg", picture, video, style)
    part = part_of(photo)
    assert part.kind == WHO.get(style, MotionKind.SAMSUNG) and part.whole
    assert part.length == video.stat().st_size
    assert photo.read_bytes()[part.offset : part.offset + part.length] == video.read_bytes()
    with Stretch(ClipSource(str(photo), part.offset, part.length)) as stretch:
        assert stretch.read() == video.read_bytes()  # FFmpeg reads exactly the video
    if EXIFTOOL is None:
        pytest.skip("exiftool not installed (libimage-exiftool-perl)")
    if style == "samsung":  # exiftool takes the video out of Samsung's trailer: ours
        taken = subprocess.run(
            [EXIFTOOL, "-b", "-EmbeddedVideoFile", str(photo)], capture_output=True, check=True
        )
        assert taken.stdout == video.read_bytes()
        return
    said = exiftool_json(photo, "-XMP-GCamera:all", "-XMP-Container:Directory")
    if style == "microvideo":
        assert (said["MicroVideo"], said["MicroVideoOffset"]) == (1, part.length)
    else:
        lengths = [item["Item"]["Length"] for item in said["Directory"]]
        assert (said["MotionPhoto"], lengths[-1]) == (1, part.length)


def test_a_cut_short_video_is_said_and_a_photo_without_one_is_none(tmp_path, picture, video):
    photo = motion_photo(tmp_path / "PXL_0001.jpg", picture, video, "container")
    photo.write_bytes(photo.read_bytes()[:-1000])
    cut = part_of(photo)
    assert cut.kind == MotionKind.GOOGLE and not cut.whole
    plain = tmp_path / "plain.jpg"
    Image.open(picture).save(plain)
    plain.write_bytes(plain.read_bytes() + b"\x00" * 64 + b"some program's bytes")
    assert part_of(plain) is None


def scan(store, folder, **settings):
    options = ScanOptions(ScanSettings(face_model="dlib", **settings), workers=1)
    return scan_library(store, [str(folder)], options, make_pipeline=FakePipeline)


def test_a_motion_photo_is_scanned_as_its_still_and_counted(tmp_path, store, picture, video):
    folder = tmp_path / "photos"
    folder.mkdir()
    motion_photo(folder / "PXL_0001.jpg", picture, video, "container")
    motion_photo(folder / "SAMSUNG.jpg", picture, video, "samsung")
    Image.open(picture).convert("RGB").save(folder / "still.jpg", quality=95)
    report = scan(store, folder)
    assert (report.new, report.failed, report.videos, report.warnings) == (3, 0, 0, [])
    faces = {}
    for face in store.iter_faces():
        faces.setdefault(face.path.rsplit("/", 1)[1], []).append(face.box)
    assert faces["PXL_0001.jpg"] == faces["SAMSUNG.jpg"] == faces["still.jpg"]
    assert (report.motion_photos, store.status().motion_photos) == (2, 2)


def test_a_cut_short_motion_photo_is_a_photo_with_a_warning(tmp_path, store, picture, video):
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = motion_photo(folder / "PXL_0001.jpg", picture, video, "microvideo")
    photo.write_bytes(photo.read_bytes()[:-500])
    report = scan(store, folder, live_clips=True)
    assert (report.new, report.failed, report.faces) == (1, 0, 1)
    (warning,) = report.warnings
    assert warning.path == str(photo) and "cut short" in warning.reason
    assert "\n" not in warning.reason


def test_photos_stored_before_are_looked_at_once(tmp_path, store, picture, video):
    folder = tmp_path / "photos"
    folder.mkdir()
    motion_photo(folder / "PXL_0001.jpg", picture, video, "container")
    scan(store, folder)
    with store.transaction():  # as a library scanned by an earlier albumfaces has it
        store.db.execute("UPDATE photos SET motion = NULL, motion_offset = NULL")
    assert store.status().motion_photos == 0
    again = scan(store, folder)
    assert (again.rescanned, again.unchanged, again.motion_photos) == (0, 1, 1)
    assert store.motion_source(next(iter(store.load_photos()))).embedded


def test_identifiers_read_as_exiftool_reads_them(tmp_path, picture):
    still, clip = live_photo(tmp_path, "IMG_0001", picture, content_id="ABCD-1234-EF56")
    assert photo_facts(str(still)).content_id == "ABCD-1234-EF56"
    facts = clip_facts(str(clip))
    assert (facts.content_id, facts.duration) == ("ABCD-1234-EF56", 2.0)
    assert (facts.local_time, facts.utc_time) == ("2023-05-01T12:34:55", "2023-05-01T03:34:55")
    if EXIFTOOL is None:
        pytest.skip("exiftool not installed (libimage-exiftool-perl)")
    assert exiftool_json(still, "-Apple:MediaGroupUUID") == {"MediaGroupUUID": "ABCD-1234-EF56"}
    said = exiftool_json(clip, "-Keys:ContentIdentifier")
    assert said == {"ContentIdentifier": "ABCD-1234-EF56"}
    # and what exiftool writes into the maker note is what we read
    subprocess.run(
        [EXIFTOOL, "-q", "-overwrite_original", "-Apple:MediaGroupUUID=9F00-EXIF-TOOL", still],
        check=True,
    )
    assert photo_facts(str(still)).content_id == "9F00-EXIF-TOOL"


def test_a_maker_note_in_either_byte_order_or_damaged():
    note = apple_maker_note("ABCD-1234")
    assert apple_content_id(note) == "ABCD-1234"
    little = bytearray(note)
    little[12:14] = b"II"
    little[14:16] = (1).to_bytes(2, "little")
    little[16:28] = b"".join(
        int.from_bytes(note[16 + a : 16 + b], "big").to_bytes(b - a, "little")
        for a, b in ((0, 2), (2, 4), (4, 8), (8, 12))
    )
    assert apple_content_id(bytes(little)) == "ABCD-1234"
    assert apple_content_id(note[:20]) is None  # cut inside its IFD
    assert apple_content_id(b"Nikon\x00" + note[6:]) is None
