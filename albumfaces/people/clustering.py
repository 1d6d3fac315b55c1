"""A clustering run: read faces and decisions, plan (pure), write the machine's part."""

from __future__ import annotations

import time
from collections import Counter

from albumfaces.cluster.assign import Decisions, Plan, plan_people
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES
from albumfaces.models import ClusterReport, Source
from albumfaces.store import Store
from albumfaces.store.people import AUTO_NAME


def recluster(
    store: Store,
    method: str = DEFAULT_METHOD,
    threshold: float | None = None,
    min_faces: int = DEFAULT_MIN_FACES,
) -> ClusterReport:
    """Propagate names to undecided faces, cluster the rest into unnamed people.

    What the user decided is read as constraints and never written here.
    """
    started = time.monotonic()
    with store.exclusive():
        ids, encodings, photos = store.load_face_set()
        position = {face_id: i for i, face_id in enumerate(ids)}
        user, rejected = store.load_user_decisions()
        decisions = Decisions(
            user={position[f]: p for f, p in user.items() if f in position},
            rejected=frozenset((position[f], p) for f, p in rejected if f in position),
        )
        plan = plan_people(encodings, decisions, method, threshold, min_faces, photos)
        with store.transaction():
            _write_plan(store, ids, plan, rejected)
            store.count_machine_change()
    people = [p for p in store.list_people() if p.faces]
    return ClusterReport(
        people=len(people),
        named=sum(p.named for p in people),
        ignored=sum(p.ignored for p in people),
        new_people=plan.groups,
        propagated=sum(a.source == Source.PROPAGATED for a in plan.assignments),
        clustered=sum(a.source == Source.CLUSTER for a in plan.assignments),
        ambiguous=len(plan.ambiguous),
        unassigned=plan.unassigned,
        seconds=time.monotonic() - started,
    )


def _write_plan(store: Store, ids: list[int], plan: Plan, rejected: set[tuple[int, int]]) -> None:
    old_machine = store.load_machine_people()
    store.clear_machine_assignments()
    groups: list[list[int]] = [[] for _ in range(plan.groups)]
    for a in plan.assignments:
        if a.group is not None:
            groups[a.group].append(ids[a.face])
    store.assign_rows(
        (ids[a.face], a.person, a.source, a.distance) for a in plan.assignments if a.group is None
    )
    taken_names = store.kept_auto_names()
    number = 0
    for group, person_id in zip(groups, _reuse_ids(groups, old_machine), strict=True):
        number += 1
        while AUTO_NAME.format(number) in taken_names:
            number += 1
        auto_name = AUTO_NAME.format(number)
        if person_id is None:
            person_id = store.create_person(auto_name=auto_name)
        else:
            store.update_person(person_id, auto_name=auto_name)
        # A group that keeps an old person's id must not take back the faces the user
        # rejected from that person (they stay unassigned).
        store.assign(
            [f for f in group if (f, person_id) not in rejected], person_id, Source.CLUSTER
        )
    store.delete_machine_people_without_faces()


def _reuse_ids(groups: list[list[int]], old: dict[int, set[int]]) -> list[int | None]:
    """Give each new group the id of the old machine person it overlaps most, so ids shown to
    the user stay valid from one run to the next."""
    owner = {face: pid for pid, faces in old.items() for face in faces}
    reused: list[int | None] = []
    used: set[int] = set()
    for group in groups:
        overlap = Counter(owner[f] for f in group if f in owner)
        best = min(
            (p for p in overlap if p not in used), key=lambda p: (-overlap[p], p), default=None
        )
        if best is not None:
            used.add(best)
        reused.append(best)
    return reused
