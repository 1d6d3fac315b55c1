"""Clustering runs and the faces they have seen: what lets `cluster` place new faces only."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.cluster.mode import ClusterMode, ClusterRun, ClusterSettings
from albumfaces.store.clock import now as _now


class RunQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def last_cluster_run(self) -> ClusterRun | None:
        row = self.db.execute(
            "SELECT mode, method, threshold, min_faces, faces, new_faces, journal_id "
            "FROM cluster_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        mode, method, threshold, min_faces, faces, new_faces, journal_id = row
        settings = ClusterSettings(method, threshold, min_faces)
        return ClusterRun(ClusterMode(mode), settings, faces, new_faces, journal_id)

    def record_cluster_run(self, run: ClusterRun, seconds: float) -> None:
        self.db.execute(
            "INSERT INTO cluster_runs (at, mode, method, threshold, min_faces, faces, "
            "new_faces, journal_id, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _now(),
                run.mode.value,
                run.settings.method,
                run.settings.threshold,
                run.settings.min_faces,
                run.faces,
                run.new_faces,
                run.journal_id,
                seconds,
            ],
        )

    def unclustered_face_ids(self) -> set[int]:
        """Faces no clustering run has seen (present or not)."""
        return {r[0] for r in self.db.execute("SELECT id FROM faces WHERE clustered = 0")}

    def mark_clustered(self, face_ids: Iterable[int] | None = None) -> None:
        """Mark ``face_ids`` (None: every face) as seen by a clustering run."""
        if face_ids is None:
            self.db.execute("UPDATE faces SET clustered = 1 WHERE clustered = 0")
            return
        self.db.conn.executemany(
            "UPDATE faces SET clustered = 1 WHERE id = ?", ((f,) for f in face_ids)
        )

    def face_people(self) -> dict[int, int]:
        """Every assigned face's person, whoever assigned it."""
        return dict(self.db.execute("SELECT face_id, person_id FROM assignments"))
