"""What the clustering tests share."""

import numpy as np


def blobs(people=5, per_person=8, spread=0.12, seed=0):
    """Encodings with a known answer: tight groups around far-apart centres."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(people, 128))
    centres *= 1.0 / np.linalg.norm(centres, axis=1, keepdims=True)
    points = np.repeat(centres, per_person, axis=0)
    points += rng.normal(scale=spread / np.sqrt(128), size=points.shape)
    return points.astype(np.float32), np.repeat(np.arange(people), per_person)
