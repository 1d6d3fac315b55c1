"""Placing new faces among people already made, without clustering everything again.

Pure: arrays in, a :class:`~albumfaces.cluster.assign.Plan` out, with the same meaning as a
full run's. New faces are first matched against the user's faces (the propagation of a full
run). The rest are linked to their nearest neighbours among all faces and Chinese whispers
runs on that small graph, where every face that already has a person keeps it: a new face
joins the person its neighbours hold, or forms a new group with other new faces and faces no
person holds yet.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from albumfaces.cluster.algorithms import chinese_whispers
from albumfaces.cluster.assign import (
    Assignment,
    Decisions,
    Plan,
    add_propagated,
    propagate,
)
from albumfaces.cluster.defaults import DLIB_DISTANCES
from albumfaces.cluster.graph import DEFAULT_NEIGHBOURS, links
from albumfaces.cluster.knn import nearest
from albumfaces.models import Distances, Source

NO_PERSON = -1


def place_new_faces(
    encodings: np.ndarray,
    new: np.ndarray,
    owners: np.ndarray,
    decisions: Decisions,
    threshold: float,
    min_faces: int,
    photos: np.ndarray | None = None,
    distances: Distances = DLIB_DISTANCES,
) -> Plan:
    """Assign the ``new`` faces (a boolean mask) the user has not decided.

    ``owners`` holds each face's person id now, ``NO_PERSON`` for none. Faces that have a
    person keep it; faces that have none may join a new group with new faces.
    """
    plan = Plan()
    new_faces = np.flatnonzero(new)
    undecided = [int(f) for f in new_faces if int(f) not in decisions.user]
    owners = owners.copy()
    propagated = propagate(
        encodings, decisions, threshold, faces=undecided, margin=distances.ambiguity_margin
    )
    add_propagated(plan, propagated, owners)
    nodes, graph = _local_graph(encodings, new_faces, threshold, photos)
    taken = set(plan.ambiguous)
    labels, fixed = _start_labels(owners[nodes], nodes, taken)
    labels = chinese_whispers(graph, threshold, labels=labels, fixed=fixed)
    _read_labels(plan, nodes, labels, fixed, owners[nodes], decisions.rejected, min_faces)
    plan.unassigned = (
        len(undecided) - len(plan.ambiguous) - sum(1 for a in plan.assignments if new[a.face])
    )
    return plan


def _local_graph(
    encodings: np.ndarray, new_faces: np.ndarray, threshold: float, photos: np.ndarray | None
) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The new faces and their neighbours within ``threshold`` (positions in ``encodings``),
    and the symmetric graph of those links, indexed by position in the returned nodes."""
    found = nearest(encodings, encodings[new_faces], DEFAULT_NEIGHBOURS + 1)
    rows, cols, dist = links(new_faces, found, threshold, photos)
    nodes = np.union1d(new_faces, cols)
    local = sparse.csr_matrix(
        (dist, (np.searchsorted(nodes, rows), np.searchsorted(nodes, cols))),
        shape=(len(nodes), len(nodes)),
    )
    return nodes, local.maximum(local.T).tocsr()


def _start_labels(
    owners: np.ndarray, nodes: np.ndarray, taken: set[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Faces with a person start with a label of that person and keep it; ambiguous faces
    keep a label of their own (they join nobody); the rest start with their own label."""
    people = np.unique(owners[owners != NO_PERSON])
    labels = np.arange(len(nodes))
    has_person = owners != NO_PERSON
    labels[has_person] = len(nodes) + np.searchsorted(people, owners[has_person])
    fixed = has_person | np.isin(nodes, list(taken))
    return labels, fixed


def _read_labels(plan, nodes, labels, fixed, owners, rejected, min_faces) -> None:
    """Free faces labelled with a person join that person (unless rejected for them); free
    faces sharing a label of their own become a new group when there are enough of them."""
    pairs = zip(labels[fixed], owners[fixed], strict=True)
    person_of_label = {int(label): int(owner) for label, owner in pairs}
    groups: dict[int, list[int]] = {}
    for node in np.flatnonzero(~fixed):
        face, label = int(nodes[node]), int(labels[node])
        person = person_of_label.get(label, NO_PERSON)
        if person != NO_PERSON:
            if (face, person) not in rejected:
                plan.assignments.append(Assignment(face, Source.CLUSTER, person=person))
        else:
            groups.setdefault(label, []).append(face)
    kept = [g for g in groups.values() if len(g) >= min_faces]
    kept.sort(key=lambda g: (-len(g), g[0]))
    for index, group in enumerate(kept):
        plan.assignments.extend(Assignment(f, Source.CLUSTER, group=index) for f in group)
    plan.groups = len(kept)
