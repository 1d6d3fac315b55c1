"""The one rule for a person's name, wherever it comes from (the CLI, the page, the API, a
photo's XMP, any import): a name that every file albumfaces writes can carry, that a terminal
shows as it is, and that compares equal however it was typed.

Pure: text in, text out; no imports above the standard library, so the store's migrations
use it too.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARACTERS = 200
# Format characters a script needs: the zero-width non-joiner and joiner (Devanagari, Persian,
# emoji sequences such as 👩‍👧), and the tag characters of subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
KEPT_FORMAT = frozenset("\u200c\u200d") | frozenset(map(chr, range(0xE0020, 0xE0080)))
# Control (Cc), format (Cf), surrogate (Cs) and unassigned (Cn: the non-characters U+FFFE and
# the like among them) characters go: none is part of a name, and several break XML.
DROPPED_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Cn"))


def _kept(ch: str) -> bool:
    return ch in KEPT_FORMAT or unicodedata.category(ch) not in DROPPED_CATEGORIES


def normalized_name(text: str) -> str:
    """``text`` as a name: NFC, every run of whitespace (tabs and newlines too) one space,
    none around it, and no control or format character but those scripts need."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or _kept(ch))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def name_problem(name: str) -> str | None:
    """Why a normalized name cannot be a name, or None."""
    if not name:
        return "a name cannot be empty (once control characters and spaces are taken out)"
    if len(name) > MAX_NAME_CHARACTERS:
        return f"a name is at most {MAX_NAME_CHARACTERS} characters (this one has {len(name):,})"
    if name == "-" or name.isdigit():
        return f"{name!r} cannot be a name (it reads as a command or an id)"
    return None


def valid_name(text: str) -> str | None:
    """``text`` made a valid name, or None when it cannot be (empty, too long)."""
    name = normalized_name(text)
    return None if name_problem(name) else name


def repaired_name(text: str) -> str | None:
    """A stored name that breaks the rule, made one that keeps it (cut at the most
    characters a name has, where it is too long); None when nothing is left."""
    name = normalized_name(text)[:MAX_NAME_CHARACTERS].rstrip()
    return None if name_problem(name) else name


def printable(text: str) -> str:
    """``text`` for a terminal: control and format characters shown as escapes (\\x1b), so
    that a name or a file name cannot move the cursor or change colours (the line breaks
    and tabs of the text itself stay)."""
    return "".join(
        ch
        if ch in "\n\t" or ch in KEPT_FORMAT or unicodedata.category(ch) not in ("Cc", "Cf")
        else _escape(ch)
        for ch in text
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
