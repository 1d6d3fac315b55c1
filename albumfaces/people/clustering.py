"""A clustering run: read faces and decisions, plan (pure), write the machine's part.

A run is full (every face clustered again) or incremental (only faces no run has seen are
placed); :func:`albumfaces.cluster.mode.choose_mode` says which, and why.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter

import numpy as np

from albumfaces.cluster.assign import Decisions, Plan, plan_people
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES
from albumfaces.cluster.incremental import NO_PERSON, place_new_faces
from albumfaces.cluster.mode import ClusterMode, ClusterRun, ClusterSettings, choose_mode
from albumfaces.cluster.photo_names import NamesPlan, outside_photo_names, plan_photo_names
from albumfaces.models import ClusterReport, Source
from albumfaces.people.imported import name_from_photo_names
from albumfaces.recognition.profiles import face_model
from albumfaces.store import Store
from albumfaces.store.sql import AUTO_NAME


def recluster(
    store: Store,
    method: str = DEFAULT_METHOD,
    threshold: float | None = None,
    min_faces: int = DEFAULT_MIN_FACES,
    full: bool = False,
    import_names: bool = True,
) -> ClusterReport:
    """Propagate names to undecided faces, cluster the rest into unnamed people: all faces
    (a full run), or only those no run has seen when that gives the same (see mode.py).
    Then (``import_names``) the names Google Takeout gave photos name the people they point
    to clearly (:mod:`albumfaces.cluster.photo_names`).

    What the user decided is read as constraints and never written here.
    """
    started = time.monotonic()
    distances = face_model(store.face_model()).distances
    settings = ClusterSettings(method, threshold or distances.for_method(method), min_faces)
    with store.exclusive():
        ids, encodings, photos = store.load_face_set()
        position = {face_id: i for i, face_id in enumerate(ids)}
        user, rejected = store.load_user_decisions()
        decisions = Decisions(
            user={position[f]: p for f, p in user.items() if f in position},
            rejected=frozenset((position[f], p) for f, p in rejected if f in position),
        )
        unseen = store.unclustered_face_ids()
        new = np.fromiter((f in unseen for f in ids), dtype=bool, count=len(ids))
        new_faces = int(new.sum())
        last = store.last_cluster_run()
        choice = choose_mode(
            last, settings, len(ids), new_faces, store.last_user_decision_id(), full
        )
        if choice.mode is ClusterMode.FULL:
            plan = plan_people(
                encodings, decisions, method, settings.threshold, min_faces, photos, distances
            )
        else:
            owners = _owners(store.face_people(), ids)
            plan = place_new_faces(
                encodings, new, owners, decisions, settings.threshold, min_faces, photos, distances
            )
        plan = _within_photo_names(store, ids, plan)
        with store.transaction():
            if choice.mode is ClusterMode.FULL:
                _write_plan(store, ids, plan, rejected)
                store.mark_clustered()
            else:
                _write_new(store, ids, plan)
                store.mark_clustered(f for f, is_new in zip(ids, new, strict=True) if is_new)
            run = ClusterRun(
                choice.mode, settings, len(ids), new_faces, store.last_user_decision_id()
            )
            store.record_cluster_run(run, time.monotonic() - started)
            store.count_machine_change()
    names = _import_names(store) if import_names else NamesPlan([], [])
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
        mode=choice.mode.value,
        reason=choice.reason,
        new_faces=new_faces,
        names_imported=len(names.namings),
        names_unclear=[{"name": u.name, "reason": u.reason} for u in names.unclear],
    )


def _within_photo_names(store: Store, ids: list[int], plan: Plan) -> Plan:
    """The plan without the faces it gives to a named person whom their photo's Takeout
    names leave out: those stay with no one."""
    by_face = store.face_photo_names()
    if not by_face:
        return plan
    face_names = {i: by_face[f] for i, f in enumerate(ids) if f in by_face}
    named = {p: f.name for p, f in store.person_flags().items() if f.named}
    dropped = outside_photo_names(plan.assignments, face_names, named)
    if not dropped:
        return plan
    gone = {id(a) for a in dropped}
    kept = [a for a in plan.assignments if id(a) not in gone]
    return dataclasses.replace(plan, assignments=kept, unassigned=plan.unassigned + len(dropped))


def _import_names(store: Store) -> NamesPlan:
    """People named from the names of the photos they are in, where that is clear."""
    name_photos = store.photo_names()
    if not name_photos:
        return NamesPlan([], [])
    photos = {h for hashes in name_photos.values() for h in hashes}
    flags = store.person_flags()
    plan = plan_photo_names(
        name_photos,
        store.photo_people(photos),
        {p: f.name for p, f in flags.items() if f.named},
        {p for p, f in flags.items() if f.named},
    )
    name_from_photo_names(store, [(n.person, n.name) for n in plan.namings])
    return plan


def _owners(people: dict[int, int], ids: list[int]) -> np.ndarray:
    return np.fromiter((people.get(f, NO_PERSON) for f in ids), dtype=np.int64, count=len(ids))


def _apply_person_rows(store: Store, ids: list[int], plan: Plan) -> list[list[int]]:
    """Write the plan's assignments to existing people; returns the face ids of each new
    group, for the caller to make people of."""
    store.assign_rows(
        (ids[a.face], a.person, a.source, a.distance) for a in plan.assignments if a.group is None
    )
    groups: list[list[int]] = [[] for _ in range(plan.groups)]
    for a in plan.assignments:
        if a.group is not None:
            groups[a.group].append(ids[a.face])
    return groups


def _write_new(store: Store, ids: list[int], plan: Plan) -> None:
    """An incremental run's plan: people already made keep their faces and names."""
    groups = _apply_person_rows(store, ids, plan)
    for group in groups:
        person_id = store.create_person(auto_name=store.next_auto_name())
        store.assign(group, person_id, Source.CLUSTER)


def _write_plan(store: Store, ids: list[int], plan: Plan, rejected: set[tuple[int, int]]) -> None:
    old_machine = store.load_machine_people()
    store.clear_machine_assignments()
    groups = _apply_person_rows(store, ids, plan)
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
