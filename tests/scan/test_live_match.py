"""The rule that pairs a Live Photo's clip with its photo: pure, facts in, a pair out."""

from __future__ import annotations

import pytest

from albumfaces.media.live import ClipFacts, PhotoFacts
from albumfaces.models import PairHow
from albumfaces.scan.live import ClipCandidate, PhotoCandidate, match_clip

FILE_TIME = "2024-01-01T00:00:00"  # when the files were copied: not when they were taken


def photo(path="/p/IMG_0001.HEIC", content_id=None, taken="2023-05-01T12:34:56"):
    return PhotoCandidate(path, PhotoFacts(content_id, taken), FILE_TIME)


def clip(path="/p/IMG_0001.MOV", content_id=None, seconds=2.5, local=None, utc=None):
    return ClipCandidate(path, ClipFacts(content_id, seconds, local, utc), FILE_TIME)


@pytest.mark.parametrize(
    ("local", "utc", "paired"),
    [
        ("2023-05-01T12:34:55", None, True),  # Apple's local date: a second before the still
        (None, "2023-05-01T03:34:55", True),  # UTC only: Seoul is 9 hours on
        (None, "2023-05-01T17:04:55", True),  # India-style zone, half an hour off the hour
        (None, "2023-05-01T03:44:55", False),  # ten minutes off any zone
        ("2023-05-01T12:40:00", None, False),  # another moment
        (None, "2023-05-03T03:34:55", False),  # two days apart is no zone
    ],
)
def test_the_moment_decides_when_no_identifier_does(local, utc, paired):
    found = match_clip(clip(local=local, utc=utc), [photo()])
    assert (found is not None) == paired
    if paired:
        assert found.how == PairHow.NAME_AND_TIME


def test_the_identifier_pairs_any_names_and_parts_different_ones():
    renamed = match_clip(clip("/p/IMG_7777.MOV", "ID-1"), [photo("/p/party.heic", "ID-1")])
    assert renamed.how == PairHow.CONTENT_ID and renamed.photo_path == "/p/party.heic"
    same_name = clip(content_id="ID-1", local="2023-05-01T12:34:55")
    assert match_clip(same_name, [photo(content_id="ID-2")]) is None


def test_a_long_clip_or_another_name_is_no_live_photo():
    at_once = "2023-05-01T12:34:55"
    assert match_clip(clip(seconds=9.0, local=at_once), [photo()]) is None
    assert match_clip(clip("/p/IMG_0002.MOV", local=at_once), [photo()]) is None
    assert match_clip(clip(seconds=0.0, local=at_once), [photo()]) is None  # no duration


def test_of_two_stills_of_one_name_the_cameras_own_gets_the_clip():
    stills = [photo("/p/IMG_0001.JPG"), photo("/p/IMG_0001.HEIC")]
    found = match_clip(clip(local="2023-05-01T12:34:55"), stills)
    assert found.photo_path == "/p/IMG_0001.HEIC"


def test_files_without_dates_go_by_their_times():
    undated = PhotoCandidate("/p/IMG_0001.HEIC", PhotoFacts(None, None), FILE_TIME)
    assert match_clip(clip(), [undated]) is not None  # both copied at the same moment
