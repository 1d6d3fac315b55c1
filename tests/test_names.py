"""The one rule for a person's name."""

from __future__ import annotations

import unicodedata

import pytest

from albumfaces.names import (
    MAX_NAME_CHARACTERS,
    name_problem,
    normalized_name,
    printable,
    repaired_name,
)

# (typed, stored): what every front end and import makes of a name
RULE = [
    ("a\u0000b\nc", "ab c"),
    ("\x1b[31mRed\x1b[0m", "[31mRed[0m"),
    ("\u202eevil.jpg", "evil.jpg"),  # the right-to-left override goes
    ("../../etc", "../../etc"),  # a name, not a path: album folders make it safe
    ("]]>", "]]>"),
    ("<x>", "<x>"),
    ("&amp;", "&amp;"),
    ("  Anna \t Kim\r\n", "Anna Kim"),
    ("김민준", "김민준"),
    (unicodedata.normalize("NFD", "김민준"), "김민준"),  # typed on macOS
    ("क्‍ष", "क्‍ष"),  # Devanagari with its zero-width joiner
    ("👩‍👧 Mum", "👩‍👧 Mum"),  # emoji joined by ZWJ
    ("🏴󠁧󠁢󠁳󠁣󠁴󠁿 Iain", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Iain"),  # a subdivision flag's tag characters
    ("😀", "😀"),  # 4 bytes in UTF-8
    ("Ann\u200be\ufeff", "Anne"),  # zero-width space, byte-order mark
    ("x\ufffey", "xy"),  # a non-character
]


@pytest.mark.parametrize("typed, stored", RULE)
def test_the_rule(typed, stored):
    assert normalized_name(typed) == stored and name_problem(stored) is None


def test_combining_marks_stay_and_the_length_is_bounded():
    marks = "a" + "\u0301" * (MAX_NAME_CHARACTERS - 1)
    assert normalized_name(marks) == unicodedata.normalize("NFC", marks)
    assert name_problem(normalized_name(marks)) is None
    assert "at most 200 characters (this one has 10,000)" in name_problem("x" * 10_000)
    assert "cannot be empty" in name_problem(normalized_name("\x00\u202e \n"))
    assert repaired_name("x" * 300) == "x" * 200 and repaired_name("\x00") is None


def test_printable_never_passes_a_control_character():
    shown = printable("\x1b[31mred\x07 \u202e")
    assert shown == "\\x1b[31mred\\x07 \\u202e"
    assert all(unicodedata.category(ch) not in ("Cc", "Cf") for ch in shown)
    assert printable("line\nnext\t김") == "line\nnext\t김"
