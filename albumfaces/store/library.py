"""What the library knows of itself: its face model, and which model encoded each photo."""

from __future__ import annotations

from sqlite_utils import Database

from albumfaces.models import Box

FACE_MODEL = "face_model"
DIMENSIONS = "dimensions"
LIVE_CLIPS = "live_clips"  # "1": scans also scan Live Photo clips and motion videos
# dlib's: the size of a library's vectors before it recorded one
DLIB_DIMENSIONS = 128


class LibraryQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def _setting(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM library WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def _set_setting(self, **values: str) -> None:
        self.db.conn.executemany(
            "INSERT INTO library (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def face_model(self) -> str | None:
        """The library's face model; None before its first scan."""
        return self._setting(FACE_MODEL)

    def encoding_dimensions(self) -> int:
        """The length of the library model's vectors."""
        return int(self._setting(DIMENSIONS) or DLIB_DIMENSIONS)

    def set_face_model(self, name: str, dimensions: int) -> None:
        """Make ``name`` the library's model (call inside a transaction): from now on only
        the photos it encoded are compared."""
        self._set_setting(**{FACE_MODEL: name, DIMENSIONS: str(dimensions)})

    def live_clips(self) -> bool:
        """Whether scans of this library scan Live Photo clips and motion videos too."""
        return self._setting(LIVE_CLIPS) == "1"

    def set_live_clips(self, on: bool) -> None:
        """Remember whether scans scan the motion parts (call inside a transaction)."""
        self._set_setting(**{LIVE_CLIPS: "1" if on else "0"})

    def photos_by_model(self) -> dict[str, int]:
        """How many stored photos each model encoded."""
        return dict(self.db.execute("SELECT face_model, count(*) FROM photos GROUP BY 1"))

    def stored_boxes(self, photo_hash: str) -> list[tuple[Box, float | None]]:
        """The boxes (and detector scores) of a photo's stored faces, in order."""
        rows = self.db.execute(
            'SELECT top, "right", bottom, "left", score FROM faces WHERE photo_hash = ? '
            "ORDER BY idx",
            [photo_hash],
        )
        return [(Box(*row[:4]), row[4]) for row in rows]
