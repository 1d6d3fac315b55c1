"""Words for people to read: counts with their plurals, lists, sentences. Every summary line
of every command is made of these, so each reads as a plain sentence."""

from __future__ import annotations

from collections.abc import Iterable

PREPOSITIONS = (" for ", " of ", " in ", " with ")
IRREGULAR = {"person": "people", "copy": "copies", "is": "are", "was": "were", "this": "these"}


def plural(noun: str, n: int) -> str:
    """``noun`` as it goes with ``n``: "1 face", "2 faces", "0 people"."""
    if n == 1:
        return noun
    if noun in IRREGULAR:
        return IRREGULAR[noun]
    for joint in PREPOSITIONS:  # "file for new settings" -> "files for new settings"
        if joint in noun:
            head, rest = noun.split(joint, 1)
            return f"{plural(head, n)}{joint}{rest}"
    head, _, last = noun.rpartition(" ")
    if head:  # "album link" -> "album links"
        return f"{head} {plural(last, n)}"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """ "1 face", "3 faces", "no faces" is left to :func:`counts`."""
    return f"{n:,} {plural(noun, n)}"


def listing(parts: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def counts(*items: tuple[int, str], keep_first: bool = False) -> str:
    """The nonzero counts as a list ("3 faces, 1 video and 2 people"); zeros are left out
    (``keep_first``: except the first, so a line never says nothing)."""
    shown = [count(n, noun) for i, (n, noun) in enumerate(items) if n or (keep_first and i == 0)]
    return listing(shown)


def sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
