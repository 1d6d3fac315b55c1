"""Face alignment: the similarity transform that puts a face's 5 landmarks on a model's
template, and the crops it cuts. Pure numpy and Pillow.

An embedding is only as good as its alignment: the encoder was trained on faces warped so
that eyes, nose tip and lip corners land on fixed points of its input.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from albumfaces.models import Box

# face-reidentification-retail-0095's template (its Open Model Zoo README), in [0, 1] of the
# 128 x 128 input: left eye, right eye, nose tip, left and right lip corners (image left and
# right, as landmarks-regression-retail-0009 gives them).
REIDENTIFICATION_TEMPLATE = np.array(
    [
        [0.31557, 0.46157],
        [0.68262, 0.46157],
        [0.50026, 0.64051],
        [0.34947, 0.82469],
        [0.65344, 0.82469],
    ]
)


def similarity_transform(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 2 x 3 matrix of the rotation, uniform scale and shift that maps ``source`` points
    closest to ``target`` points in least squares (Umeyama 1991), reflections excluded."""
    source, target = np.asarray(source, np.float64), np.asarray(target, np.float64)
    mean_s, mean_t = source.mean(axis=0), target.mean(axis=0)
    centred_s, centred_t = source - mean_s, target - mean_t
    u, singular, vt = np.linalg.svd(centred_t.T @ centred_s / len(source))
    sign = np.diag([1.0, np.sign(np.linalg.det(u @ vt))])
    rotation = u @ sign @ vt
    variance = (centred_s**2).sum() / len(source)
    scale = float((singular * np.diag(sign)).sum() / variance) if variance > 0 else 1.0
    shift = mean_t - scale * rotation @ mean_s
    return np.hstack([scale * rotation, shift[:, None]])


def warp(pixels: np.ndarray, matrix: np.ndarray, size: int) -> np.ndarray:
    """The ``size`` x ``size`` RGB image that ``matrix`` (image to output) maps ``pixels`` to,
    bilinear; outside the image is black."""
    forward = np.vstack([matrix, [0.0, 0.0, 1.0]])
    inverse = np.linalg.inv(forward)[:2]  # Pillow asks, for each output pixel, where to read
    image = Image.fromarray(pixels).transform(
        (size, size),
        Image.Transform.AFFINE,
        data=tuple(inverse.ravel()),
        resample=Image.Resampling.BILINEAR,
    )
    return np.asarray(image)


def aligned_face(pixels: np.ndarray, landmarks: np.ndarray, template: np.ndarray, size: int):
    """The face whose 5 ``landmarks`` (x, y in ``pixels``) are warped onto ``template``
    ([0, 1] of a ``size`` x ``size`` crop)."""
    return warp(pixels, similarity_transform(landmarks, template * size), size)


def widened(box: Box, fraction: float, width: int, height: int) -> Box:
    """``box`` grown by ``fraction`` of its size (half on each side), kept inside the image."""
    dx, dy = round(box.width * fraction / 2), round(box.height * fraction / 2)
    return Box(box.top - dy, box.right + dx, box.bottom + dy, box.left - dx).clipped(width, height)


def crop_resized(pixels: np.ndarray, box: Box, size: int) -> np.ndarray:
    """The pixels inside ``box``, resized to ``size`` x ``size`` (bilinear)."""
    crop = Image.fromarray(pixels).crop((box.left, box.top, box.right, box.bottom))
    return np.asarray(crop.resize((size, size), Image.Resampling.BILINEAR))
