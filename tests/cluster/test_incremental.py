"""The pure parts of incremental clustering: which run, and placing new faces."""

import numpy as np

from albumfaces.cluster.assign import Decisions
from albumfaces.cluster.incremental import NO_PERSON, place_new_faces
from albumfaces.cluster.mode import (
    INCREMENTAL_MAX_SHARE,
    ClusterMode,
    ClusterRun,
    ClusterSettings,
    choose_mode,
)
from albumfaces.models import Source

SETTINGS = ClusterSettings("chinese-whispers", 0.52, 2)
LAST = ClusterRun(ClusterMode.FULL, SETTINGS, faces=1000, new_faces=1000, journal_id=7)


def test_incremental_only_when_nothing_but_new_faces_changed():
    def mode(last=LAST, settings=SETTINGS, new=10, journal=7, full=False):
        return choose_mode(last, settings, 1010, new, journal, full).mode

    assert mode() is ClusterMode.INCREMENTAL
    assert mode(new=0) is ClusterMode.INCREMENTAL
    assert mode(full=True) is ClusterMode.FULL
    assert mode(last=None) is ClusterMode.FULL
    assert mode(settings=ClusterSettings("chinese-whispers", 0.5, 2)) is ClusterMode.FULL
    assert mode(settings=ClusterSettings("chinese-whispers", 0.52, 3)) is ClusterMode.FULL
    assert mode(journal=8) is ClusterMode.FULL  # a decision, an undo or a redo since
    assert mode(new=int(INCREMENTAL_MAX_SHARE * 1010) + 1) is ClusterMode.FULL


def person(centre, count, rng):
    return centre + rng.normal(scale=0.35 / np.sqrt(256), size=(count, 128))


def test_new_faces_join_their_people_never_one_they_were_rejected_for():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 128))
    centres *= 0.7 / np.linalg.norm(centres, axis=1, keepdims=True)
    # old: 6 faces of person 10 (3 confirmed by the user), 6 of machine person 20, and one
    # face of a third someone, unassigned; new: 2 faces of each of the three
    old = [person(centres[0], 6, rng), person(centres[1], 6, rng), person(centres[2], 1, rng)]
    new = [person(c, 2, rng) for c in centres]
    encodings = np.vstack(old + new).astype(np.float32)
    is_new = np.r_[np.zeros(13, bool), np.ones(6, bool)]
    owners = np.r_[[10] * 6, [20] * 6, [NO_PERSON], [NO_PERSON] * 6]
    decisions = Decisions(user={0: 10, 1: 10, 2: 10}, rejected=frozenset({(16, 20)}))
    plan = place_new_faces(encodings, is_new, owners, decisions, 0.52, 2)
    placed = {a.face: a for a in plan.assignments}
    assert {f: placed[f].person for f in (13, 14)} == {13: 10, 14: 10}
    assert placed[13].source is Source.PROPAGATED
    assert placed[15].person == 20 and placed[15].source is Source.CLUSTER
    assert 16 not in placed  # rejected for 20: left unassigned, never given to 20
    assert plan.groups == 1  # the third someone: the old face and the two new ones
    assert {f for f, a in placed.items() if a.group == 0} == {12, 17, 18}
    assert all(f >= 12 for f in placed)  # faces that have a person are not in the plan
