"""Birth dates and ages, pure: a birth is a full date or a year; an age is worked out from a
photo's date (EXIF, else the file's time, as stored), and is None when either is unknown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

EARLIEST_YEAR = 1850  # older photos than this are not a family library's
FULL_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
YEAR = re.compile(r"^(\d{4})$")


class BirthError(ValueError):
    """A birth date that cannot be one; the message says why."""


@dataclass(frozen=True)
class Birth:
    """A birth date, or only its year (``month`` and ``day`` None)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first_day(self) -> dt.date:
        """The earliest day it can be: a year's birth may be on its 1 January."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def age_at(self, taken: dt.date) -> int | None:
        """Whole years on ``taken`` (a year-only birth: the years between the two years);
        None before the birth."""
        if taken < self.first_day:
            return None
        if self.month is None:
            return taken.year - self.year
        had_birthday = (taken.month, taken.day) >= (self.month, self.day)
        return taken.year - self.year - (0 if had_birthday else 1)


def parse_birth(text: str, today: dt.date | None = None) -> Birth:
    """``2019-04-03`` or ``2019``. Raises :class:`BirthError` with the reason."""
    text = text.strip()
    today = today or dt.date.today()
    full, year = FULL_DATE.match(text), YEAR.match(text)
    if full:
        try:
            date = dt.date(*(int(g) for g in full.groups()))
        except ValueError as exc:
            raise BirthError(f"{text!r} is not a date ({exc})") from None
        birth = Birth(date.year, date.month, date.day)
    elif year:
        birth = Birth(int(year.group(1)))
    else:
        raise BirthError(f"{text!r} is not a birth date: give YYYY-MM-DD or a year (YYYY)")
    if birth.year < EARLIEST_YEAR:
        raise BirthError(f"{text!r} is before {EARLIEST_YEAR}")
    if birth.first_day > today:
        raise BirthError(f"{text!r} is in the future")
    return birth


def stored_birth(text: str | None) -> Birth | None:
    """A birth as the database keeps it (``str(Birth)``), or None."""
    if not text:
        return None
    return parse_birth(text, today=dt.date.max)


def photo_day(taken_at: str | None) -> dt.date | None:
    """The day of a photo's ``taken_at`` (ISO 8601), or None when it has none."""
    if not taken_at:
        return None
    try:
        return dt.date.fromisoformat(taken_at[:10])
    except ValueError:
        return None


def age_in(birth: Birth | None, taken_at: str | None) -> int | None:
    """A person's age in a photo, when both dates are known and the photo is not older."""
    day = photo_day(taken_at)
    if birth is None or day is None:
        return None
    return birth.age_at(day)


def contradict(first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> bool:
    """Whether two people, each (birth, earliest dated photo) as stored, cannot be one: two
    births that differ (siblings), or one's photos older than the other's birth. Stored
    births and ISO dates compare as text (see ``store.sql.BEFORE_BIRTH``)."""
    (born_a, earliest_a), (born_b, earliest_b) = first, second
    if born_a and born_b:
        return born_a != born_b
    if born_a and earliest_b and earliest_b < born_a:
        return True
    return bool(born_b and earliest_a and earliest_a < born_b)
