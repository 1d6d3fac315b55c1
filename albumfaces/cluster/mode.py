"""Whether a `cluster` run places only the new faces or clusters everything again.

A full run clusters every face: its cost grows with the library (minutes at a million faces).
An incremental run places the faces no run has seen yet (a new scan's) among the rest: its
cost grows with the new faces. Incremental is chosen only when it gives what a full run
would: same settings as the last run, none of your decisions since (they can move any face),
and few new faces.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# Above this share of new faces a full run costs little more, and clusters them better: new
# faces are only linked to their own nearest neighbours, not the old faces' neighbours too.
INCREMENTAL_MAX_SHARE = 0.2


class ClusterMode(str, enum.Enum):
    FULL = "full"
    INCREMENTAL = "incremental"


@dataclass(frozen=True)
class ClusterSettings:
    method: str
    threshold: float
    min_faces: int


@dataclass(frozen=True)
class ClusterRun:
    """A finished `cluster` run, as recorded in the store."""

    mode: ClusterMode
    settings: ClusterSettings
    faces: int
    new_faces: int
    journal_id: int  # the journal's last entry when the run ended


@dataclass(frozen=True)
class ModeChoice:
    mode: ClusterMode
    reason: str  # in words, for the report


def choose_mode(
    last: ClusterRun | None,
    settings: ClusterSettings,
    faces: int,
    new_faces: int,
    journal_id: int,
    full: bool = False,
) -> ModeChoice:
    """Full or incremental, and why. ``journal_id`` is the journal's last entry now (names a
    scan read from XMP aside): any decision, undo or redo after the last run's means a full
    run."""
    if full:
        return ModeChoice(ClusterMode.FULL, "--full asked for")
    if last is None:
        return ModeChoice(ClusterMode.FULL, "first clustering of this library")
    if last.settings != settings:
        return ModeChoice(ClusterMode.FULL, "method, threshold or --min-faces changed")
    if journal_id != last.journal_id:
        return ModeChoice(ClusterMode.FULL, "your decisions changed since the last run")
    if new_faces > INCREMENTAL_MAX_SHARE * faces:
        share = f"{new_faces / max(faces, 1):.0%}"
        return ModeChoice(ClusterMode.FULL, f"{share} of the faces are new")
    return ModeChoice(ClusterMode.INCREMENTAL, f"{new_faces} new faces placed")
