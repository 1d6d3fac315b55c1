"""Where things live by default."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "ALBUMFACES_DB"


def default_db_path() -> Path:
    """``$ALBUMFACES_DB``, else ``albumfaces.db`` in the platform's user data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("albumfaces", appauthor=False)) / "albumfaces.db"
