"""The documentation stays true: the command and API references are what the code says
(regenerated with cog, compared), and the README is a front page whose links lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GENERATED = ["docs/commands.md", "docs/api.md"]
README_MAX_BYTES = 8_000  # a first screen and a tour; the manual is in docs/


@pytest.mark.parametrize("name", GENERATED)
def test_a_generated_reference_is_current(name):
    cogapp = pytest.importorskip("cogapp", reason="cogapp is a test dependency ('.[test]')")
    status = cogapp.Cog().main(["cog", "--check", str(ROOT / name)])
    assert status == 0, f"{name} is out of date: run `cog -r {name}`"


def test_the_check_fails_on_a_stale_reference(tmp_path):
    """Not a test that cannot fail: a reference edited by hand is seen."""
    cogapp = pytest.importorskip("cogapp", reason="cogapp is a test dependency ('.[test]')")
    stale = tmp_path / "commands.md"
    text = (ROOT / "docs/commands.md").read_text()
    stale.write_text(text.replace("Usage: albumfaces scan", "Usage: albumfaces scann", 1))
    assert cogapp.Cog().main(["cog", "--check", str(stale)]) != 0


def test_every_command_is_in_the_reference():
    from albumfaces.cli.reference import command_reference

    reference = command_reference()
    for name in ("scan", "organize", "review", "serve", "xmp write", "models get"):
        assert f"## `albumfaces {name}`" in reference, name


def test_the_readme_is_a_front_page_with_links_that_lead_somewhere():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) < README_MAX_BYTES
    assert readme.count("```bash") >= 2  # install + the main job; install + the tests
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).is_file(), (page.name, target)
