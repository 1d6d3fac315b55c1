"""Fonts that can draw a name in any script (contact sheets now, annotated photos later).

Pillow's built-in font has Latin glyphs only: a Korean name comes out as empty boxes. The
machine's fonts are asked through fontconfig (``fc-list``) for one that has a glyph for every
character of the text. When none does, the text is drawn with the built-in font and the
caller gets a one-line hint on how to install one.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

FONT_SIZE = 14
FC_TIMEOUT_SECONDS = 10
INSTALL_HINT = (
    "install a font that has them, for example Debian's fonts-noto-cjk "
    "(sudo apt-get install fonts-noto-cjk)"
)


@dataclass(frozen=True)
class FontChoice:
    font: object  # PIL.ImageFont.FreeTypeFont (or the built-in font)
    path: str | None  # the font file, None for Pillow's built-in font
    covers: bool  # every character of the text has a glyph in this font

    def note(self, text: str) -> str | None:
        """What to tell the user when some characters of ``text`` cannot be drawn."""
        if self.covers:
            return None
        return f"no installed font can draw {text!r}; {INSTALL_HINT}"


def font_for(text: str, size: int = FONT_SIZE) -> FontChoice:
    """A font that draws every character of ``text``: Pillow's own for plain ASCII, else the
    best font fontconfig finds that covers them all."""
    from PIL import ImageFont

    needed = frozenset(c for c in text if not c.isspace())
    if all(c.isascii() for c in needed):
        return FontChoice(ImageFont.load_default(size), None, True)
    path = font_covering(needed)
    if path is None:
        return FontChoice(ImageFont.load_default(size), None, False)
    return FontChoice(ImageFont.truetype(path, size), path, True)


@functools.lru_cache(maxsize=256)
def font_covering(chars: frozenset[str]) -> str | None:
    """The file of an installed font with a glyph for each of ``chars``, or None. Regular
    sans-serif faces are preferred; the choice is stable for the same fonts."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    charset = " ".join(f"{ord(c):x}" for c in sorted(chars))
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}|%{style}\n", f":charset={charset}"],
            capture_output=True,
            text=True,
            timeout=FC_TIMEOUT_SECONDS,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    candidates = set()
    for line in out.splitlines():
        path, _, style = line.partition("|")
        if path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            candidates.add((_preference(path, style), path))
    return min(candidates)[1] if candidates else None


def _preference(path: str, style: str) -> tuple[bool, bool, bool]:
    """Lower is better: a regular weight, sans-serif, not a monospaced face."""
    name = path.rsplit("/", 1)[-1].lower()
    regular = "regular" in style.lower() or "regular" in name
    return (not regular, "serif" in name and "sans" not in name, "mono" in name)
