"""Names without boxes (Google Takeout's: who is in a photo, not which face) given to
people: pure. Each name goes to the person whose faces are in most of the photos that carry
it, where the evidence is clear; never to two people, never two names to one person, never
over a name the user gave."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

MIN_PHOTOS = 2  # a name seen in one photo says too little about which face is whose
MIN_SHARE = 0.6  # of the name's photos, the share the person must be in, and in more of
# them than anyone else (family members are in many of the same photos: a lead is enough)


@dataclass(frozen=True)
class NameEvidence:
    """A name, the person it points to, and how clearly."""

    name: str
    person: int | None  # the best person; None when no one has a face in its photos
    photos: int  # photos carrying the name
    best: int  # of them, those the best person is in
    second: int  # those the next person is in
    named_otherwise: int = 0  # people in its photos already named something else

    @property
    def share(self) -> float:
        return self.best / self.photos if self.photos else 0.0


@dataclass(frozen=True)
class Naming:
    person: int
    name: str
    evidence: NameEvidence


@dataclass(frozen=True)
class Unclear:
    name: str
    reason: str  # in words, for the report


@dataclass(frozen=True)
class NamesPlan:
    namings: list[Naming]
    unclear: list[Unclear]


def evidence_for(
    name_photos: dict[str, set[str]],
    photo_people: dict[str, set[int]],
    named: dict[int, str] | None = None,
):
    """Each name's best person, from the photos that carry it; people ``named`` something
    else are someone else, and do not count (Anna is in every photo of her brother)."""
    named = named or {}
    found = []
    for name, photos in sorted(name_photos.items()):
        counts = Counter(
            p for photo in photos for p in photo_people.get(photo, ()) if named.get(p, name) == name
        )
        ranked = counts.most_common(2) + [(None, 0), (None, 0)]
        (person, best), (_, second) = ranked[0], ranked[1]
        others = {
            p for photo in photos for p in photo_people.get(photo, ()) if named.get(p, name) != name
        }
        found.append(NameEvidence(name, person, len(photos), best, second, len(others)))
    return found


def _why_unclear(e: NameEvidence) -> str | None:
    if e.person is None and e.named_otherwise:
        return "everyone in its photos has another name"
    if e.person is None:
        return "no person has a face in its photos yet"
    if e.photos < MIN_PHOTOS:
        return f"in {e.photos} photo only: not enough to tell which face"
    if e.share < MIN_SHARE:
        return f"its best person is in {e.best} of its {e.photos} photos only"
    if e.best <= e.second:
        return f"two people are in as many of its photos ({e.best})"
    return None


def plan_photo_names(
    name_photos: dict[str, set[str]],
    photo_people: dict[str, set[int]],
    names_of_people: dict[int, str],
    user_named: set[int],
) -> NamesPlan:
    """What to name: ``name_photos`` the photos each name is in, ``photo_people`` the
    people with a face in each photo, ``names_of_people`` the names people have now, of which
    ``user_named`` the user gave (never changed)."""
    namings, unclear = [], []
    owner = {name: pid for pid, name in names_of_people.items()}
    clear = []
    for e in evidence_for(name_photos, photo_people, names_of_people):
        reason = _why_unclear(e)
        if reason is None and owner.get(e.name) not in (None, e.person):
            reason = f"it is already person {owner[e.name]}'s name"
        if reason is None and e.person in user_named:
            if names_of_people.get(e.person) != e.name:
                reason = f"its best person is already named {names_of_people[e.person]!r}"
            else:
                continue  # already so
        if reason is not None:
            unclear.append(Unclear(e.name, reason))
            continue
        clear.append(e)
    by_person = defaultdict(list)
    for e in clear:
        by_person[e.person].append(e)
    for person, names in sorted(by_person.items()):
        names.sort(key=lambda e: (-e.share, -e.best, e.name))
        first, *others = names
        if others and others[0].share == first.share and others[0].best == first.best:
            for e in names:  # as clear for two names: neither
                unclear.append(Unclear(e.name, "another name points as clearly at the same person"))
            continue
        if names_of_people.get(person) != first.name:
            namings.append(Naming(person, first.name, first))
        for e in others:
            unclear.append(Unclear(e.name, f"its best person is more clearly {first.name!r}"))
    return NamesPlan(namings, sorted(unclear, key=lambda u: u.name))


def outside_photo_names(
    assignments, face_names: dict[int, set[str]], names_of_people: dict[int, str]
) -> list:
    """The machine's assignments (``face`` a key of ``face_names``) that give a face to a
    named person whom its photo's names leave out. Google Photos names everyone it knows
    in a photo: such a face is someone else."""
    return [
        a
        for a in assignments
        if a.group is None
        and a.person in names_of_people
        and a.face in face_names
        and names_of_people[a.person] not in face_names[a.face]
    ]
