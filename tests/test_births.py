"""Birth dates and ages: what a person types, and the age on a photo's date."""

import datetime as dt

import pytest

from albumfaces.births import Birth, BirthError, age_in, parse_birth

TODAY = dt.date(2026, 12, 1)


def test_a_full_date_or_a_year():
    assert parse_birth("2019-04-03", TODAY) == Birth(2019, 4, 3)
    assert parse_birth(" 2019-4-3 ", TODAY) == Birth(2019, 4, 3)
    assert str(parse_birth("2019", TODAY)) == "2019"
    assert str(Birth(2019, 4, 3)) == "2019-04-03"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2019-02-30", "not a date"),
        ("03/04/2019", "YYYY-MM-DD"),
        ("2027", "future"),
        ("2026-12-02", "future"),
        ("1492", "before 1850"),
        ("", "YYYY-MM-DD"),
    ],
)
def test_what_cannot_be_a_birth_says_why(text, reason):
    with pytest.raises(BirthError, match=reason):
        parse_birth(text, TODAY)


def test_ages_from_a_photos_date():
    anna = Birth(2019, 4, 3)
    assert age_in(anna, "2019-04-03T08:00:00") == 0
    assert age_in(anna, "2022-04-02T23:59:00") == 2  # the day before her third birthday
    assert age_in(anna, "2022-04-03T00:00:00") == 3
    assert age_in(anna, "2019-04-02T12:00:00") is None  # before she was born
    assert age_in(Birth(2019), "2022-01-01T00:00:00") == 3  # a year only: the years between
    assert age_in(anna, None) is None and age_in(None, "2022-04-03T00:00:00") is None
    assert age_in(anna, "not a date") is None
