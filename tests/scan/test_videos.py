"""Videos in a scan: clips made from sample-album photos (who is in them, and when, is
known), the shared crowd clip, and the shared bad clips."""

from __future__ import annotations

import shutil

import pytest

from albumfaces.media.images import ImageError
from albumfaces.media.videos import _check
from albumfaces.models import MediaType, ScanOptions, ScanSettings
from albumfaces.scan import jobs, scan_library
from albumfaces.store import Store
from tests.conftest import DATA, run, run_json
from tests.scan.clips import BIDEN_PHOTO, OBAMA_PHOTO, Shot, make_clip, with_unknown_codec

BAD_VIDEOS = DATA / "edge-cases" / "bad-video"


@pytest.fixture
def clips(data, tmp_path):
    """A folder with a clip of Obama (0-4 s) then Biden (4-8 s)."""
    folder = tmp_path / "clips"
    folder.mkdir()
    make_clip(folder / "two.mp4", [Shot(OBAMA_PHOTO, 4), Shot(BIDEN_PHOTO, 4)])
    return folder


def video_faces(db) -> list[dict]:
    return [f for f in run_json(db, "faces") if f["media"] == "video"]


def test_a_clip_keeps_a_few_faces_a_person_each_at_its_time(clips, tmp_path):
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", clips, "--json")
    assert report["videos"] == 1 and report["video_seconds"] == pytest.approx(8.0, abs=0.3)
    assert report["video_faces_detected"] == 8  # one face a sampled second
    assert run_json(db, "status")["videos"] == 1
    faces = video_faces(db)
    first = [f for f in faces if f["time"] < 4]  # Obama's part of the clip
    second = [f for f in faces if f["time"] >= 4]
    assert 1 <= len(first) <= 3 and 1 <= len(second) <= 3
    # spread over the time each is seen, not the first frames only
    assert max(f["time"] for f in first) >= 2 and max(f["time"] for f in second) >= 6
    photo_faces = run_json(db, "faces")
    assert all(f["time"] is None for f in photo_faces if f["media"] == "photo")


def test_the_rotation_phones_record_is_applied(data, tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    make_clip(folder / "plain.mp4", [Shot(OBAMA_PHOTO, 2)])
    make_clip(folder / "held-upright.mp4", [Shot(OBAMA_PHOTO, 2)], sideways=True)
    db = tmp_path / "faces.db"
    run(db, "scan", folder)
    by_clip = {}
    for face in video_faces(db):
        by_clip.setdefault(face["path"].rsplit("/", 1)[1], []).append(face["box"])
    assert by_clip["held-upright.mp4"] == by_clip["plain.mp4"]  # upright boxes, same face


def test_bad_videos_fail_in_one_line_each_and_the_scan_goes_on(data, clips, tmp_path):
    for bad in BAD_VIDEOS.iterdir():
        shutil.copy2(bad, clips / bad.name)
    db = tmp_path / "faces.db"
    result = run(db, "scan", clips)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("albumfaces: ") for line in lines)
    reasons = {line.split(": ")[1].rsplit("/", 1)[1]: line for line in lines}
    assert "empty file" in reasons["zero-bytes.mp4"]
    assert "no video stream" in reasons["audio-only.m4a"]
    assert "not a video" in reasons["not-a-video.mp4"]
    assert "truncated" in reasons["truncated.mp4"]
    assert video_faces(db)  # the good clip was scanned
    assert run_json(db, "status")["failures"] == 4


def test_a_codec_no_decoder_knows_is_a_failure(data, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    with_unknown_codec(make_clip(folder / "camera.mp4", [Shot(OBAMA_PHOTO, 1)]))
    result = run(tmp_path / "faces.db", "scan", folder, expect=1)  # nothing could be scanned
    assert result.stderr.strip() == (
        f"albumfaces: {folder / 'camera.mp4'}: the video's codec is not one FFmpeg can decode"
    )


def test_a_clip_cut_off_keeps_the_faces_of_the_frames_it_has(clips, tmp_path):
    whole = (clips / "two.mp4").read_bytes()
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "cut.mp4").write_bytes(whole[: len(whole) * 6 // 10])
    db = tmp_path / "faces.db"
    result = run(db, "scan", cut)
    assert "cut.mp4: decoded to" in result.stderr and "kept the faces" in result.stderr
    faces = video_faces(db)
    assert faces and all(f["time"] < 4 for f in faces)  # Obama's part, nothing after the cut
    assert run_json(db, "status")["failures"] == 0  # stored, not failed


def test_a_clip_is_cached_by_content_and_a_moved_clip_is_not_read_again(clips, tmp_path):
    db = tmp_path / "faces.db"
    run(db, "scan", clips)
    faces = video_faces(db)
    unchanged = run_json(db, "scan", clips, "--json")
    assert unchanged["unchanged"] == 1 and unchanged["videos"] == 0  # the stat fast path
    (clips / "two.mp4").rename(clips / "renamed.mp4")
    moved = run_json(db, "scan", clips, "--json")
    assert (moved["moved"], moved["new"], moved["removed"], moved["videos"]) == (1, 0, 0, 0)
    assert [f["id"] for f in video_faces(db)] == [f["id"] for f in faces]


def test_changing_video_fps_rescans_videos_only(clips, tmp_path):
    shutil.copy2(OBAMA_PHOTO, clips / "obama.jpg")
    db = tmp_path / "faces.db"
    run(db, "scan", clips)
    photo_ids = [f["id"] for f in run_json(db, "faces") if f["media"] == "photo"]
    again = run_json(db, "scan", clips, "--video-fps", "2", "--json")
    assert again["rescanned"] == 1 and again["videos"] == 1 and again["unchanged"] == 1
    assert again["video_faces_detected"] == 16  # two frames a second now
    assert [f["id"] for f in run_json(db, "faces") if f["media"] == "photo"] == photo_ids
    assert run_json(db, "scan", clips, "--video-fps", "2", "--json")["rescanned"] == 0


def test_no_videos_neither_scans_nor_forgets_them(clips, tmp_path):
    db = tmp_path / "faces.db"
    first = run_json(db, "scan", clips, "--no-videos", "--json")
    assert first["new"] == 0 and run_json(db, "status")["files"] == 0
    run(db, "scan", clips)
    kept = video_faces(db)
    assert kept
    run(db, "scan", clips, "--no-videos", "--video-fps", "3")
    assert video_faces(db) == kept


def test_progress_counts_a_clip_by_the_frames_it_samples(clips, store):
    shutil.copy2(OBAMA_PHOTO, clips / "obama.jpg")
    seen = []
    scan_library(
        store,
        [str(clips)],
        ScanOptions(workers=1),
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    detecting = [(d, t) for stage, d, t in seen if stage == "detecting"]
    # one photo, and a clip of 8 s at 1 frame a second: 9 units of work in all
    assert {t for _, t in detecting} == {9} and detecting[-1] == (9, 9)
    assert len(detecting) == 2


def test_a_header_claiming_an_absurd_size_is_refused():
    with pytest.raises(ImageError, match="refused"):
        _check(100_000, 100_000, 5.0)
    with pytest.raises(ImageError, match="duration"):
        _check(1920, 1080, 1e9)


def test_the_crowd_clip(data, tmp_path):
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", DATA / "videos", "--json")
    assert report["videos"] == 1 and report["failed"] == 0
    faces = video_faces(db)
    assert 0 < len(faces) <= report["video_faces_detected"]
    assert all(0 <= f["time"] <= 4.3 for f in faces)


def test_stretches_scanned_side_by_side_keep_the_faces_of_one_pass(clips, tmp_path, monkeypatch):
    """A long clip is cut into stretches for the workers; the faces kept are the same."""

    def kept(workers: int, name: str) -> list[tuple]:
        with Store.open(tmp_path / name) as store:
            report = scan_library(store, [str(clips)], ScanOptions(workers=workers))
            assert report.video_faces_detected == 8 and not report.warnings
            return [(f.time, f.box) for f in store.iter_faces()]

    one_pass = kept(1, "one.db")
    monkeypatch.setattr(jobs, "CLIP_STRETCH_SECONDS", 3.0)  # 8 s: 3 stretches, 4 for 2 workers
    clip = str(clips / "two.mp4")
    assert len(jobs.jobs_for("h", clip, 0, MediaType.VIDEO, ScanSettings(), 2)) == 4
    assert kept(2, "stretches.db") == one_pass


@pytest.mark.parametrize(
    ("name", "codec", "pix_fmt"),
    [
        ("transport.ts", "libx264", "yuv420p"),  # starts at 1.4 s, no index to seek in
        ("phone.mov", "libx265", "yuv420p10le"),  # HEVC, 10 bits, as recent iPhones record
        ("web.webm", "libvpx-vp9", "yuv420p"),
        ("old.avi", "mpeg4", "yuv420p"),
    ],
)
def test_other_containers_and_codecs_give_the_same_faces(
    data, tmp_path, monkeypatch, name, codec, pix_fmt
):
    """Cut into stretches (seeking, or decoding from the start where seeking cannot work),
    with times counted from the clip's first frame."""
    monkeypatch.setattr(jobs, "CLIP_STRETCH_SECONDS", 3.0)
    folder = tmp_path / "clips"
    folder.mkdir()
    shots = [Shot(OBAMA_PHOTO, 4), Shot(BIDEN_PHOTO, 4)]
    make_clip(folder / "reference.mp4", shots)
    # MPEG-4 Part 2 defaults to 200 kbit/s, too blocky for the smaller face
    make_clip(folder / name, shots, codec=codec, pix_fmt=pix_fmt, bit_rate=2_000_000)
    with Store.open(tmp_path / "faces.db") as store:
        report = scan_library(store, [str(folder)], ScanOptions(workers=2))
        assert not report.failures and not report.warnings
        kept: dict[str, list] = {}
        for face in store.iter_faces():
            kept.setdefault(face.path.rsplit("/", 1)[1], []).append((face.time, face.box))
    assert [t for t, _ in kept[name]] == [t for t, _ in kept["reference.mp4"]]
    for (_, box), (_, ref) in zip(kept[name], kept["reference.mp4"], strict=True):
        assert box.iou(ref) > 0.8  # the same faces, through another codec's losses
