"""Names in any script are drawn with real glyphs, on contact sheets and anywhere else."""

import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from albumfaces.fonts import INSTALL_HINT, font_for
from albumfaces.models import Box, Face
from albumfaces.people.sheets import write_contact_sheet

HANGUL_NAME = "김민지"
NO_FONT_HAS_IT = "\U0010fffd"  # a private-use character: no font draws it


def hangul_font_installed() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return bool(out.strip())


needs_hangul_font = pytest.mark.skipif(
    not hangul_font_installed(),
    reason="no font with Hangul is installed (.ci/run installs fonts-noto-cjk)",
)


@needs_hangul_font
def test_a_hangul_name_gets_a_font_with_real_glyphs():
    choice = font_for(HANGUL_NAME)
    assert choice.covers and choice.path and choice.note(HANGUL_NAME) is None
    glyphs = [bytes(choice.font.getmask(c)) for c in HANGUL_NAME]
    missing = bytes(choice.font.getmask(NO_FONT_HAS_IT))  # what a missing glyph looks like
    assert len(set(glyphs)) == 3 and missing not in glyphs
    assert all(sum(g) > 0 for g in glyphs)  # ink, not blank


@needs_hangul_font
def test_a_contact_sheet_title_in_hangul_is_drawn_in_hangul(tmp_path):
    face = Face(1, "h", Box(0, 10, 10, 0), str(tmp_path / "gone.jpg"), photo_width=10)
    title = f"{HANGUL_NAME}: 1 faces"
    sheet = write_contact_sheet([face], tmp_path / "sheet.png", title=title)
    assert sheet.note is None
    with Image.open(sheet.path) as image:
        header = image.convert("L").crop((0, 0, image.width, 22))
    # the same title drawn with Pillow's own font (no Hangul): boxes, not these pixels
    boxes = Image.new("L", header.size, 255)
    ImageDraw.Draw(boxes).text((4, 4), title, fill=0, font=ImageFont.load_default(14))
    assert header.tobytes() != boxes.tobytes()
    real = Image.new("L", header.size, 255)
    ImageDraw.Draw(real).text((4, 4), title, fill=0, font=font_for(title).font)
    assert header.tobytes() == real.tobytes()


def test_without_a_covering_font_the_user_is_told_how_to_get_one(tmp_path):
    choice = font_for(NO_FONT_HAS_IT)
    assert not choice.covers
    assert INSTALL_HINT in choice.note(NO_FONT_HAS_IT)
    face = Face(1, "h", Box(0, 10, 10, 0), str(tmp_path / "gone.jpg"), photo_width=10)
    sheet = write_contact_sheet([face], tmp_path / "s.png", title=NO_FONT_HAS_IT)
    assert sheet.path.is_file() and "fonts-noto-cjk" in sheet.note


def test_plain_latin_needs_no_lookup():
    assert font_for("Anna").covers and font_for("Anna").path is None
