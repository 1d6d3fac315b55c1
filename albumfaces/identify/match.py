"""Matching faces against known ones. Pure: arrays in, matches out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from albumfaces.cluster.assign import AMBIGUITY_MARGIN, VOTERS, vote


@dataclass(frozen=True)
class FaceMatch:
    """Who a face is: a known person, or nobody (``person`` None). An ambiguous face is
    nobody, with the two people it could be: ``best`` and ``runner_up``."""

    person: int | None
    distance: float | None = None  # to the nearest face of ``best``
    best: int | None = None  # the vote's winner (``person`` too, unless ambiguous)
    runner_up: int | None = None
    runner_up_distance: float | None = None

    @property
    def ambiguous(self) -> bool:
        return self.runner_up is not None


def match_library(
    known: np.ndarray,
    people: list[int],
    faces: np.ndarray,
    threshold: float,
    margin: float = AMBIGUITY_MARGIN,
) -> list[FaceMatch]:
    """Each of ``faces`` by the vote of its nearest ``known`` faces (whose people are
    ``people``), as propagation gives names to new faces: same voters, threshold and
    ambiguity rule (``margin``: the face model's)."""
    if len(known) == 0 or len(faces) == 0:
        return [FaceMatch(None) for _ in range(len(faces))]
    distances = np.linalg.norm(known[None, :, :] - faces[:, None, :], axis=2)
    matches = []
    for row in distances:
        nearest = np.argsort(row, kind="stable")[:VOTERS]
        outcome = vote(row[nearest], [people[i] for i in nearest], threshold, margin=margin)
        if outcome is None:
            matches.append(FaceMatch(None))
        else:
            matches.append(
                FaceMatch(
                    None if outcome.ambiguous else outcome.person,
                    outcome.distance,
                    outcome.person,
                    outcome.runner_up,
                    outcome.runner_up_distance,
                )
            )
    return matches


def matches_within(
    known: np.ndarray, face: np.ndarray, tolerance: float
) -> list[tuple[int, float]]:
    """face_recognition's rule (its command line's): every known face within ``tolerance``,
    in the order they are known, as (index, distance)."""
    if len(known) == 0:
        return []
    distances = np.linalg.norm(known - face, axis=1)
    return [(i, float(d)) for i, d in enumerate(distances) if d <= tolerance]
