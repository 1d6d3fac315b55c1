"""Which JSON of a Google Takeout export describes a photo.

Takeout writes ``IMG_1234.JPG.json`` beside ``IMG_1234.JPG``, and since 2024
``IMG_1234.JPG.supplemental-metadata.json``. A JSON's name is cut to 46 characters before
``.json`` (51 in all), so a long photo name has ``…supplemental-meta.json`` or a cut name. A
duplicate photo ``IMG_1234(1).JPG`` has its counter after the photo's name:
``IMG_1234.JPG(1).json``. An edited copy (``IMG_1234-edited.JPG``) has none of its own: the
original's JSON is its."""

from __future__ import annotations

import re
from pathlib import Path

JSON = ".json"
SUPPLEMENTAL = ".supplemental-metadata"
MAX_JSON_STEM = 46  # characters of a Takeout JSON's name before ".json"
COUNTER = re.compile(r"^(?P<stem>.*?)(?P<counter>\(\d+\))(?P<suffix>\.[^.]*)?$")
EDITED = ("-edited", "-bearbeitet", "-modifié", "-editado", "-modificato", "-bewerkt")


def _counter(name: str) -> tuple[str, str]:
    """``IMG_1234(1).JPG`` -> (``IMG_1234.JPG``, ``(1)``)."""
    found = COUNTER.match(name)
    if not found:
        return name, ""
    return found["stem"] + (found["suffix"] or ""), found["counter"]


def _unedited(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for mark in EDITED:
        if stem.endswith(mark):
            return stem[: -len(mark)] + (f".{suffix}" if dot else "")
    return name


def json_names(photo_name: str) -> list[str]:
    """The names a Takeout JSON of ``photo_name`` may have, the likeliest first."""
    name, counter = _counter(_unedited(photo_name))
    names = []
    for extra in (SUPPLEMENTAL, ""):
        stem = (name + extra)[:MAX_JSON_STEM]
        names.append(f"{stem}{counter}{JSON}")
        if counter:  # some exports put the counter before the photo's suffix, as the photo has it
            names.append(f"{(photo_name + extra)[:MAX_JSON_STEM]}{JSON}")
    return list(dict.fromkeys(names))


def takeout_json(photo: str | Path) -> Path | None:
    """The JSON beside ``photo`` that Takeout wrote for it, if there is one."""
    photo = Path(photo)
    for name in json_names(photo.name):
        candidate = photo.with_name(name)
        if candidate.is_file():
            return candidate
    return None
