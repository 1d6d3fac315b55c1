"""Who is who: the user's decisions, name propagation, clustering. Pure: arrays in, plan out.

The user's decisions are constraints, never inputs to be overridden:
- a face the user assigned keeps that person;
- a face rejected for a person is never given to that person;
- a person the user made (named, ignored, or given faces) is never dropped or renamed here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from albumfaces.cluster.algorithms import cluster_encodings
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES, DLIB_DISTANCES
from albumfaces.cluster.knn import nearest
from albumfaces.models import Distances, Source

# Two people whose nearest faces are this close in distance make a face ambiguous (dlib's
# margin; each face model has its own, in its Distances).
AMBIGUITY_MARGIN = DLIB_DISTANCES.ambiguity_margin
VOTERS = 10


@dataclass(frozen=True)
class Decisions:
    """The user's decisions, by face index (position in the encodings array)."""

    user: dict[int, int] = field(default_factory=dict)  # face -> person id
    rejected: frozenset[tuple[int, int]] = frozenset()  # (face, person id)


@dataclass(frozen=True)
class Assignment:
    face: int
    source: Source  # PROPAGATED or CLUSTER: the machine never makes USER assignments
    person: int | None = None  # an existing person's id...
    group: int | None = None  # ...or the index of a new group
    distance: float | None = None


@dataclass
class Plan:
    assignments: list[Assignment] = field(default_factory=list)
    groups: int = 0  # new unnamed people, numbered 0.. by decreasing size
    ambiguous: list[int] = field(default_factory=list)
    unassigned: int = 0


def plan_people(
    encodings: np.ndarray,
    decisions: Decisions,
    method: str = DEFAULT_METHOD,
    threshold: float | None = None,
    min_faces: int = DEFAULT_MIN_FACES,
    photos: np.ndarray | None = None,
    distances: Distances = DLIB_DISTANCES,
) -> Plan:
    """Assign every face the user has not decided: to a known person or to a new group.

    ``photos`` gives each face's photo number; faces of one photo are never put together.
    ``distances`` are the face model's; ``threshold`` None: its threshold for ``method``.
    """
    if threshold is None:
        threshold = distances.for_method(method)
    n = len(encodings)
    plan = Plan()
    owner: dict[int, int] = dict(decisions.user)
    margin = distances.ambiguity_margin
    add_propagated(plan, propagate(encodings, decisions, threshold, margin=margin), owner)
    labels = cluster_encodings(
        encodings,
        method,
        threshold,
        min_faces=1,
        photos=photos,
        split_margin=distances.split_margin,
    )
    members: dict[int, list[int]] = defaultdict(list)
    for face in range(n):
        if labels[face] >= 0:
            members[labels[face]].append(face)
    taken = set(owner) | set(plan.ambiguous)
    new_groups: list[list[int]] = []
    for label in sorted(members):
        faces = members[label]
        free = [f for f in faces if f not in taken]
        persons = Counter(owner[f] for f in faces if f in owner)
        if persons:
            _join_known(free, persons, decisions.rejected, plan)
        elif len(free) >= min_faces:
            new_groups.append(free)
    new_groups.sort(key=lambda g: (-len(g), g[0]))
    for index, group in enumerate(new_groups):
        plan.assignments.extend(Assignment(f, Source.CLUSTER, group=index) for f in group)
    plan.groups = len(new_groups)
    plan.unassigned = n - len(decisions.user) - len(plan.assignments)
    return plan


def add_propagated(plan: Plan, propagated: dict[int, tuple[int | None, float]], owner) -> None:
    """Put :func:`propagate`'s outcome in ``plan``: ambiguous faces aside, the others assigned
    to their person, whom ``owner`` (face -> person, a dict or an array) records."""
    for face, (person, distance) in sorted(propagated.items()):
        if person is None:
            plan.ambiguous.append(face)
            continue
        owner[face] = person
        plan.assignments.append(
            Assignment(face, Source.PROPAGATED, person=person, distance=distance)
        )


def _join_known(free, persons: Counter, rejected, plan: Plan) -> None:
    """Free faces in a cluster holding known people go to its largest one they allow."""
    ranked = [p for p, _ in sorted(persons.items(), key=lambda item: (-item[1], item[0]))]
    for face in free:
        allowed = [p for p in ranked if (face, p) not in rejected]
        if allowed:
            plan.assignments.append(Assignment(face, Source.CLUSTER, person=allowed[0]))


def propagate(
    encodings: np.ndarray,
    decisions: Decisions,
    threshold: float,
    faces: list[int] | None = None,
    margin: float = AMBIGUITY_MARGIN,
) -> dict[int, tuple[int | None, float]]:
    """Faces close enough to the user's faces of one person: face -> (person, distance).

    Each undecided face (of ``faces``, default all) asks its nearest user-assigned faces
    within ``threshold`` to vote; the person with most votes wins. When another person's
    nearest face is within ``margin`` of the winner's, the face is ambiguous:
    person None.
    """
    anchors = sorted(decisions.user)
    candidates = range(len(encodings)) if faces is None else faces
    free = [f for f in candidates if f not in decisions.user]
    if not anchors or not free:
        return {}
    found = nearest(encodings[anchors], encodings[free], VOTERS)
    distances, neighbours = found.distances, found.indices
    result: dict[int, tuple[int | None, float]] = {}
    for face, dists, near in zip(free, distances, neighbours, strict=True):
        people = [decisions.user[anchors[a]] for a in near]
        excluded = {p for p in people if (face, p) in decisions.rejected}
        outcome = vote(dists, people, threshold, excluded, margin)
        if outcome is not None:
            result[face] = (None if outcome.ambiguous else outcome.person, outcome.distance)
    return result


@dataclass(frozen=True)
class Vote:
    """The outcome of the nearest known faces' vote about one face."""

    person: int  # the winner: most votes, then the nearest
    distance: float  # to the winner's nearest face
    runner_up: int | None = None  # another person whose nearest face is almost as near
    runner_up_distance: float | None = None

    @property
    def ambiguous(self) -> bool:
        return self.runner_up is not None


def vote(
    distances,
    people: list[int],
    threshold: float,
    excluded: set[int] = frozenset(),
    margin: float = AMBIGUITY_MARGIN,
) -> Vote | None:
    """The vote of the nearest known faces (``distances`` ascending, ``people`` theirs)
    within ``threshold``; ``excluded`` people get no votes (the face was rejected for them).
    None when no known face is near enough. When another person's nearest face is within
    ``margin`` of the winner's, the vote is ambiguous."""
    votes: Counter = Counter()
    nearest: dict[int, float] = {}
    for d, person in zip(distances, people, strict=True):
        if d >= threshold or person in excluded:
            continue
        votes[person] += 1
        nearest.setdefault(person, float(d))
    if not votes:
        return None
    winner = min(votes, key=lambda p: (-votes[p], nearest[p], p))
    rivals = sorted(
        (nearest[p], p) for p in nearest if p != winner and nearest[p] <= nearest[winner] + margin
    )
    if rivals:
        return Vote(winner, nearest[winner], rivals[0][1], rivals[0][0])
    return Vote(winner, nearest[winner])
