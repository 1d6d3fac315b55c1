"""The review page's templates: one Jinja environment, compiled once at start."""

from __future__ import annotations

from pathlib import Path

from starlette.templating import Jinja2Templates

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")


def warm_up() -> None:
    """Compile every template now, so the first page a person opens is as quick as the
    next ones."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)
