"""What a Takeout JSON says of its photo: the people's names, and when it was taken."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from albumfaces.errors import AlbumfacesError
from albumfaces.names import valid_name

MAX_JSON_BYTES = 1 << 20  # a photo's JSON is a few kB; a bigger file is not one


class TakeoutError(AlbumfacesError):
    """A Takeout JSON that cannot be read; the message says why."""


@dataclass(frozen=True)
class TakeoutInfo:
    names: tuple[str, ...] = ()  # the people Google Photos named in it, valid names only
    taken_at: str | None = None  # photoTakenTime, local time as EXIF dates are


def _taken_at(data: dict) -> str | None:
    stamp = (data.get("photoTakenTime") or {}).get("timestamp")
    try:
        seconds = int(stamp)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:  # Takeout writes 0 when it does not know
        return None
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%dT%H:%M:%S")


def read_takeout(path: str | Path) -> TakeoutInfo:
    """The names and date of a Takeout JSON. Raises :class:`TakeoutError`."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise TakeoutError(f"{path.name} is too big for a Takeout JSON")
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise TakeoutError(f"cannot read {path.name} ({exc.strerror or exc})") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TakeoutError(f"{path.name} is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise TakeoutError(f"{path.name} is not a Takeout photo's JSON")
    people = data.get("people") or []
    names = []
    for person in people if isinstance(people, list) else []:
        name = valid_name(person.get("name")) if isinstance(person, dict) else None
        if name is not None and name not in names:
            names.append(name)
    return TakeoutInfo(tuple(names), _taken_at(data))
