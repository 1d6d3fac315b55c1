import numpy as np

from albumfaces.cluster.assign import Decisions, plan_people, propagate
from tests.cluster.helpers import blobs


def by_face(plan):
    return {a.face: a for a in plan.assignments}


def test_undecided_faces_near_a_named_person_are_propagated_with_distance():
    x, _ = blobs(people=2, per_person=5)
    plan = plan_people(x, Decisions(user={0: 100}))
    got = by_face(plan)
    for face in range(1, 5):
        assert got[face].person == 100 and got[face].source == "propagated"
        assert 0 < got[face].distance < 0.5
    assert plan.groups == 1 and {got[f].group for f in range(5, 10)} == {0}


def test_user_faces_are_never_in_the_plan():
    x, _ = blobs(people=2, per_person=5)
    plan = plan_people(x, Decisions(user={0: 100, 5: 100}))  # the user says 5 is 100 too
    assert 0 not in by_face(plan) and 5 not in by_face(plan)


def test_rejected_faces_never_go_to_that_person():
    x, _ = blobs(people=1, per_person=5)
    decisions = Decisions(user={0: 100, 1: 100}, rejected=frozenset({(2, 100)}))
    got = by_face(plan_people(x, decisions))
    assert 2 not in got or got[2].person != 100
    assert got[3].person == 100


def test_a_face_between_two_people_is_ambiguous():
    rng = np.random.default_rng(0)
    a = rng.normal(size=128)
    a /= np.linalg.norm(a)
    b = a.copy()
    b[:2] += [0.3, -0.3]
    middle = (a + b) / 2
    x = np.array([a, b, middle], dtype=np.float32)
    result = propagate(x, Decisions(user={0: 1, 1: 2}), threshold=0.5)
    assert result[2][0] is None


def test_a_cluster_holding_a_named_persons_faces_keeps_that_person():
    # Face 0 is named. Faces 1 and 2 sit 0.3 from it (propagated); face 3 is 0.55 from face 0,
    # too far to be propagated, but 0.25 from faces 1 and 2: it clusters with them.
    def point(x, y):
        p = np.zeros(128, dtype=np.float32)
        p[:2] = x, y
        return p

    x = np.array([point(0, 0), point(0.3, 0.05), point(0.3, -0.05), point(0.55, 0)])
    plan = plan_people(x, Decisions(user={0: 100}), threshold=0.5)
    got = by_face(plan)
    assert [got[f].source for f in (1, 2, 3)] == ["propagated", "propagated", "cluster"]
    assert {got[f].person for f in (1, 2, 3)} == {100}
    assert plan.groups == 0
