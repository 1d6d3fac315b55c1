"""The real pipeline on ../shared/data, through the CLI."""

import re
import sqlite3
from collections import defaultdict

from tests.conftest import SAMPLE, run, run_json, sample_labels


def face_counts(db) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for face in run_json(db, "faces"):
        counts[face["path"]] += 1
    return counts


def test_every_reference_face_of_the_sample_album_is_found(sample_scan):
    db, report = sample_scan
    labels = sample_labels()
    assert report["new"] == len(labels) and report["failed"] == 0
    counts = face_counts(db)
    missing = [
        (row["path"], counts[str(SAMPLE / row["path"])], row["reference_faces"])
        for row in labels
        if counts[str(SAMPLE / row["path"])] < int(row["reference_faces"])
    ]
    assert missing == []


def test_scan_json_has_the_documented_keys(sample_scan):
    _, report = sample_scan
    for key in (
        "new",
        "changed",
        "moved",
        "unchanged",
        "removed",
        "failed",
        "faces",
        "seconds",
        "failures",
    ):
        assert key in report


def test_rescan_of_the_unchanged_album_reads_nothing(sample_scan):
    db, _ = sample_scan
    report = run_json(db, "scan", SAMPLE)
    assert report["unchanged"] == len(sample_labels())
    assert report["new"] == report["changed"] == report["faces"] == 0


def test_all_eight_exif_orientations_give_the_same_upright_boxes(data, tmp_path):
    db = tmp_path / "faces.db"
    assert run(db, "scan", data / "edge-cases" / "orientation", "--json").exit_code == 0
    boxes = defaultdict(lambda: defaultdict(list))
    for face in run_json(db, "faces"):
        name = face["path"].rsplit("/", 1)[1]
        base, orientation = re.fullmatch(r"(.+)_orient(\d)\.jpg", name).groups()
        boxes[base][orientation].append(tuple(face["box"].values()))
    assert len(boxes) == 3
    for base, by_orientation in boxes.items():
        assert len(by_orientation) == 8, base
        upright = sorted(by_orientation["1"])
        assert upright, base
        for orientation, found in by_orientation.items():
            assert len(found) == len(upright), (base, orientation)
            for ours, ref in zip(sorted(found), upright, strict=True):
                assert max(abs(a - b) for a, b in zip(ours, ref, strict=True)) <= 2, (
                    base,
                    orientation,
                )


def test_bad_files_are_reported_one_line_each_and_the_scan_goes_on(data, tmp_path):
    db = tmp_path / "faces.db"
    bad = data / "edge-cases" / "bad"
    result = run(db, "scan", bad)
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("albumfaces: ")]
    reported = {line.split(": ")[1]: line for line in errors}
    for name, reason in [
        ("zero-bytes.jpg", "empty"),
        ("truncated.jpg", "truncated"),
        ("not-an-image.jpg", "not an image"),
        ("huge-dimensions.png", "decompression bomb"),
    ]:
        assert reason in reported[str(bad / name)]
    assert len(errors) == 4
    counts = face_counts(db)
    for name in ("cmyk-face.jpg", "grayscale-face.jpg", "rgba-32bit.png"):
        assert counts[str(bad / name)] == 1, name
    status = run_json(db, "status")
    assert status["failures"] == 4 and status["photos"] == 5


def test_nothing_scannable_exits_non_zero(data, tmp_path):
    bad = data / "edge-cases" / "bad" / "zero-bytes.jpg"
    result = run(tmp_path / "faces.db", "scan", bad, expect=1)
    assert "zero-bytes.jpg: empty file" in result.stderr
    assert "zero-bytes.jpg: empty file" in result.stderr


def test_database_passes_integrity_check(sample_scan):
    db, _ = sample_scan
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
