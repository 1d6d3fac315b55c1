"""The default face model on real photos: what it finds, how it aligns, what its vectors say."""

from __future__ import annotations

import numpy as np
import pytest

from albumfaces.cluster.carry import CARRY_OVER_MIN_IOU
from albumfaces.media.images import load_upright
from albumfaces.models import ScanSettings
from albumfaces.recognition import make_pipeline
from albumfaces.recognition.align import (
    REIDENTIFICATION_TEMPLATE,
    aligned_face,
    similarity_transform,
)
from albumfaces.recognition.openvino_parts import SURE_CONFIDENCE
from albumfaces.recognition.profiles import INTEL
from tests.conftest import SAMPLE

SETTINGS = ScanSettings(face_model="intel")


@pytest.fixture(scope="module")
def pipeline(data):
    found = make_pipeline(SETTINGS)
    found.load_models()
    return found


def faces(pipeline, rel):
    return pipeline.find_faces(load_upright(SAMPLE / rel, SETTINGS))


def test_vectors_are_256_d_unit_and_tell_people_apart(pipeline):
    (obama,) = faces(pipeline, "2019/Campaign/obama.jpg")
    (obama2,) = faces(pipeline, "2019/Campaign/obama2.jpg")
    (biden,) = faces(pipeline, "2019/Campaign/biden.jpg")
    for face in (obama, obama2, biden):
        assert face.encoding.shape == (256,) and face.encoding.dtype == np.float32
        assert abs(np.linalg.norm(face.encoding) - 1) < 1e-5
        assert len(face.landmarks) == 5
    same = np.linalg.norm(obama.encoding - obama2.encoding)
    different = np.linalg.norm(obama.encoding - biden.encoding)
    assert same < INTEL.distances.cluster < different


def test_the_detector_finds_a_masked_face_hog_misses(pipeline, data):
    # couple_1: two masked faces; HOG finds one at 1280 px, Intel's detector both
    dlib_faces = make_pipeline(ScanSettings(face_model="dlib")).find_faces(
        load_upright(SAMPLE / "2022/Hiking/couple_1.jpg", SETTINGS)
    )
    found = faces(pipeline, "2022/Hiking/couple_1.jpg")
    assert len(dlib_faces) == 1 and len(found) == 2
    # the face both find is where HOG puts it: decisions carry over between the models
    same = [f for f in found if f.box.iou(dlib_faces[0].box) >= CARRY_OVER_MIN_IOU]
    assert len(same) == 1
    (extra,) = [f for f in found if f not in same]
    assert extra.box.iou(same[0].box) < 0.05 and extra.box.width > 200


def test_an_unsure_detection_counts_only_where_hog_sees_a_face(pipeline):
    # noface_19: flowers that Intel's detector scores 0.62 and 0.67
    image = load_upright(SAMPLE / "misc/noface_19.jpg", SETTINGS)
    unsure = pipeline.detector.retail.detect(image)
    assert unsure and all(d.score < SURE_CONFIDENCE for d in unsure)
    assert pipeline.find_faces(image) == []


def test_no_face_is_found_where_there_is_none(pipeline):
    for rel in ("misc/noface_9.jpg", "misc/noface_19.jpg", "misc/noface_13.jpg"):
        assert faces(pipeline, rel) == [], rel


def test_a_dlib_photos_boxes_are_kept_and_the_missed_face_added(pipeline):
    image = load_upright(SAMPLE / "2022/Hiking/couple_1.jpg", SETTINGS)
    dlib = make_pipeline(ScanSettings(face_model="dlib")).find_faces(image)
    hog = [(face.box, face.score) for face in dlib]  # what a dlib scan of the photo stored
    again = pipeline.find_faces(image, hog)
    assert len(again) == 2 and again[0].box == dlib[0].box  # kept, then the masked face
    fresh = pipeline.encode_at(image, [dlib[0].box])[0]
    assert np.abs(again[0].encoding - fresh.encoding).max() < 1e-5


def test_similarity_transform_recovers_rotation_scale_and_shift():
    angle, scale, shift = 0.3, 1.7, np.array([12.0, -5.0])
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    points = np.array([[0, 0], [10, 0], [5, 6], [2, 9], [8, 9]], float)
    moved = points @ (scale * rotation).T + shift
    matrix = similarity_transform(points, moved)
    assert np.allclose(matrix[:, :2], scale * rotation) and np.allclose(matrix[:, 2], shift)


def test_an_aligned_face_has_its_landmarks_on_the_template(pipeline):
    image = load_upright(SAMPLE / "2019/Campaign/obama.jpg", SETTINGS)
    (face,) = pipeline.find_faces(image)
    pixels = image.pixels
    scale = pixels.shape[1] / image.width
    marks = np.array([(p.x * scale, p.y * scale) for p in face.landmarks])
    chip = aligned_face(pixels, marks, REIDENTIFICATION_TEMPLATE, 128)
    from albumfaces.models import Box

    (again,) = pipeline.aligner.landmarks(chip, [Box(0, 128, 128, 0)])
    # the landmark model, run on the aligned chip, finds the points where the template is
    assert np.abs(again - REIDENTIFICATION_TEMPLATE * 128).max() < 8


def test_running_the_model_sends_and_writes_no_telemetry(pipeline, tmp_path):
    # `import openvino` loads its conversion tools, whose telemetry would send a usage event
    # and write a client id under ~/intel: with albumfaces, consent is declined and nothing
    # is written
    import os
    import subprocess
    import sys

    code = (
        "from albumfaces.models import ScanSettings;"
        "from albumfaces.recognition import make_pipeline;"
        "from albumfaces.media.images import load_upright;"
        "s = ScanSettings(face_model='intel'); p = make_pipeline(s); p.load_models();"
        f"p.find_faces(load_upright({str(SAMPLE / '2019/Campaign/obama.jpg')!r}, s));"
        "import openvino_telemetry as t, os; print(t.Telemetry().consent, os.environ.get('CI'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["HOME"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["False", "None"]  # declined, and the variable put back
    assert not (tmp_path / "intel").exists()
