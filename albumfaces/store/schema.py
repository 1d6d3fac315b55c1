"""Schema of the face cache, as named migrations applied in order.

Never edit an applied migration: add a new one, so existing databases upgrade in place.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("albumfaces")


@migrations()
def m001_initial(db: Database) -> None:
    # One row per photo *content*: a photo found at several paths is scanned once.
    db["photos"].create(
        {
            "hash": str,
            "width": int,  # upright (EXIF-applied) full-size pixels
            "height": int,
            "format": str,
            "settings_key": str,  # effective detection settings, see scan.plan
            "scanned_at": str,
        },
        pk="hash",
    )
    db["faces"].create(
        {
            "id": int,
            "photo_hash": str,
            "idx": int,
            "top": int,
            "right": int,
            "bottom": int,
            "left": int,
            "landmarks": str,  # JSON [[x, y], ...] in full-size upright pixels
            "encoding": bytes,  # store.codec
            "score": float,
        },
        pk="id",
        foreign_keys=[("photo_hash", "photos", "hash")],
    )
    db["faces"].create_index(["photo_hash", "idx"], unique=True)
    # One row per path seen under a scanned folder. kind: photo | failed | other (not an image).
    db["files"].create(
        {
            "path": str,
            "size": int,
            "mtime_ns": int,
            "kind": str,
            "photo_hash": str,
            "error": str,
            "seen_at": str,
        },
        pk="path",
        foreign_keys=[("photo_hash", "photos", "hash")],
    )
    db["files"].create_index(["photo_hash"])


@migrations()
def m002_people(db: Database) -> None:
    # user_made: the user named, ignored, merged into or moved faces to this person, so
    # re-clustering must keep it. Machine-made people are replaced on every run.
    db.executescript(
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT UNIQUE,
            auto_name TEXT,
            ignored INTEGER NOT NULL DEFAULT 0,
            user_made INTEGER NOT NULL DEFAULT 0,
            created_at TEXT
        );
        CREATE TABLE assignments (
            face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            source TEXT NOT NULL CHECK (source IN ('user', 'propagated', 'cluster')),
            distance REAL,
            assigned_at TEXT
        );
        CREATE INDEX assignments_person ON assignments(person_id);
        CREATE TABLE rejections (
            face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            rejected_at TEXT,
            PRIMARY KEY (face_id, person_id)
        );
        """
    )


@migrations()
def m003_exports(db: Database) -> None:
    # When the photo was taken (EXIF DateTimeOriginal, else file time), for album entry names.
    db.execute("ALTER TABLE photos ADD COLUMN taken_at TEXT")
    # Every album entry export created, so re-exports change only what changed and remove only
    # what export itself made. rel_path is relative to dest, so a moved album tree still matches.
    db.executescript(
        """
        CREATE TABLE exports (
            dest TEXT NOT NULL,
            rel_path TEXT NOT NULL,
            person_id INTEGER NOT NULL,
            photo_hash TEXT NOT NULL,
            source TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('symlink', 'hardlink', 'copy')),
            link_target TEXT,
            inode INTEGER,
            size INTEGER,
            created_at TEXT,
            PRIMARY KEY (dest, rel_path)
        );
        """
    )


@migrations()
def m004_decisions(db: Database) -> None:
    db.executescript(
        """
        -- The face the user chose to show a person; forgotten if the face goes.
        ALTER TABLE people ADD COLUMN cover_face_id INTEGER
            REFERENCES faces(id) ON DELETE SET NULL;
        -- Two people the user said are not the same person (siblings, twins, look-alikes).
        -- Stored once per pair, smaller id first.
        CREATE TABLE different_people (
            person_a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            person_b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            marked_at TEXT,
            PRIMARY KEY (person_a, person_b),
            CHECK (person_a < person_b)
        );
        -- Every decision of the user, with the rows it changed before and after (JSON), so undo
        -- and redo restore them exactly. kind: decision | undo | redo; target: the decision an
        -- undo or redo acted on; undone: 1 while a decision is undone.
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('decision', 'undo', 'redo')),
            command TEXT NOT NULL,
            summary TEXT NOT NULL,
            target INTEGER REFERENCES journal(id),
            undone INTEGER NOT NULL DEFAULT 0,
            changes TEXT
        );
        -- Person ids are never given out twice, so an undone merge brings a person back under
        -- its own id (people.id has no AUTOINCREMENT, and adding it means rebuilding the table).
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters (name, value) SELECT 'person_id', coalesce(max(id), 0) FROM people;
        """
    )


@migrations()
def m005_videos(db: Database) -> None:
    # A video is stored like a photo (one row per content), with its duration; its faces are
    # a few representative ones a person, each with its time in the clip (NULL in a photo).
    db.executescript(
        """
        ALTER TABLE photos ADD COLUMN media TEXT NOT NULL DEFAULT 'photo'
            CHECK (media IN ('photo', 'video'));
        ALTER TABLE photos ADD COLUMN duration REAL;
        ALTER TABLE faces ADD COLUMN time REAL;
        """
    )


@migrations()
def m006_region_names(db: Database) -> None:
    # The name a face region of the photo's XMP gives a face (digiKam, Lightroom, Picasa...),
    # and whether the face was made from such a region because the detector missed it.
    db.executescript(
        """
        ALTER TABLE faces ADD COLUMN region_name TEXT;
        ALTER TABLE faces ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations()
def m007_xmp_sidecars(db: Database) -> None:
    # Every sidecar `xmp write` wrote, by the photo file it describes: the names and face
    # boxes it holds from albumfaces (JSON), so a run rewrites only what changed; whether
    # albumfaces created the file; the properties it made there (JSON), which go when empty;
    # and the file's SHA-256 as written, to know it is still as albumfaces left it.
    db.executescript(
        """
        CREATE TABLE xmp_sidecars (
            photo_path TEXT PRIMARY KEY,
            sidecar TEXT NOT NULL,
            photo_hash TEXT NOT NULL,
            faces TEXT NOT NULL,
            created INTEGER NOT NULL,
            properties TEXT NOT NULL DEFAULT '[]',
            sha256 TEXT,
            written_at TEXT
        );
        """
    )


@migrations()
def m008_cluster_runs(db: Database) -> None:
    # clustered: a clustering run has seen the face. New faces (0) are what an incremental
    # run places; the partial index finds them without reading a million rows. Each run is
    # recorded with its settings and the journal's last entry, so the next `cluster` knows
    # whether placing the new faces is enough or everything must be clustered again.
    db.executescript(
        """
        ALTER TABLE faces ADD COLUMN clustered INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX faces_unclustered ON faces(id) WHERE clustered = 0;
        CREATE TABLE cluster_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('full', 'incremental')),
            method TEXT NOT NULL,
            threshold REAL NOT NULL,
            min_faces INTEGER NOT NULL,
            faces INTEGER NOT NULL,
            new_faces INTEGER NOT NULL,
            journal_id INTEGER NOT NULL,
            seconds REAL
        );
        """
    )


@migrations()
def m009_face_models(db: Database) -> None:
    # The library's face model (library.face_model), and the model that encoded each photo's
    # faces: encodings of two models live in different spaces and are never compared, so
    # while a switch is under way only the photos already re-encoded take part. Libraries
    # made before there was a choice are dlib's.
    db.executescript(
        """
        CREATE TABLE library (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        ALTER TABLE photos ADD COLUMN face_model TEXT NOT NULL DEFAULT 'dlib';
        INSERT INTO library (name, value)
            SELECT 'face_model', 'dlib' WHERE EXISTS (SELECT 1 FROM photos);
        """
    )


@migrations()
def m010_valid_names(db: Database) -> None:
    # Names stored before albumfaces had one rule for them (albumfaces.names) may hold
    # control characters (a NUL breaks every XMP sidecar that carries the name), or be
    # too long. Each is repaired as one journaled decision, so that history shows it and undo
    # gives the old name back; a repaired name another person holds gets a number.
    import json

    from albumfaces.names import repaired_name
    from albumfaces.store.clock import now

    # the people columns as they were then (a later migration's column does not exist yet);
    # the journal restores an entry's shorter rows as they are
    columns = "id, name, auto_name, ignored, user_made, created_at, cover_face_id"
    taken = {row[0] for row in db.execute("SELECT name FROM people WHERE name IS NOT NULL")}
    for row in db.execute(f"SELECT {columns} FROM people WHERE name IS NOT NULL").fetchall():
        person, old = row[0], row[1]
        if repaired_name(old) == old:  # keeps the rule already
            continue
        new = repaired_name(old)
        base, count = new, 2
        while new is not None and new in taken:
            new, count = f"{base} ({count})", count + 1
        taken.discard(old)
        taken.add(new)
        db.execute("UPDATE people SET name = ? WHERE id = ?", [new, person])
        after = list(row)
        after[1] = new
        changes = {
            "people": [[person, list(row), after, True]],
            "assignments": [],
            "rejections": [],
            "different": [],
        }
        summary = (
            f"renamed {json.dumps(old)} to {json.dumps(new)} to remove control characters"
            if new
            else f"took the name {json.dumps(old)} away: nothing of it is a name"
        )
        db.execute(
            "INSERT INTO journal (at, kind, command, summary, changes) VALUES (?, ?, ?, ?, ?)",
            [now(), "decision", "repair names", summary, json.dumps(changes)],
        )


@migrations()
def m011_together_albums(db: Database) -> None:
    # The albums of photos several people share (`export --together "A+B"`): each a stable id
    # for a set of people, stored negated as the album's person_id in exports, so a shared
    # album is planned, renamed and cleaned up exactly as a person's album is.
    db.executescript(
        """
        CREATE TABLE together_albums (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            people TEXT NOT NULL UNIQUE
        );
        """
    )


@migrations()
def m012_births(db: Database) -> None:
    # A person's birth date (YYYY-MM-DD) or year (YYYY), the user's: ages on their faces.
    db.execute("ALTER TABLE people ADD COLUMN born TEXT")


@migrations()
def m013_photo_names(db: Database) -> None:
    # The names another program gave the people of a photo, without boxes (Google Takeout's
    # JSON): kept with the photo, so that naming people from them needs no rescan.
    db.executescript(
        """
        CREATE TABLE photo_names (
            photo_hash TEXT NOT NULL,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (photo_hash, source, name)
        );
        """
    )


@migrations()
def m014_not_faces(db: Database) -> None:
    # Detections the user said are no face (a poster, a flower, a face on a screen): hidden,
    # and their boxes kept, so that the same detection stays hidden after every rescan.
    db.executescript(
        """
        ALTER TABLE faces ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE not_faces (
            photo_hash TEXT NOT NULL,
            top INTEGER NOT NULL,
            "right" INTEGER NOT NULL,
            bottom INTEGER NOT NULL,
            "left" INTEGER NOT NULL,
            marked_at TEXT,
            PRIMARY KEY (photo_hash, top, "right", bottom, "left")
        );
        """
    )


@migrations()
def m015_drawn_faces(db: Database) -> None:
    # Faces the user drew on a photo (the detector had missed them): marked, so that a rescan
    # makes them again on their box, with the library's face model.
    db.execute("ALTER TABLE faces ADD COLUMN drawn INTEGER NOT NULL DEFAULT 0")


@migrations()
def m016_live_photos(db: Database) -> None:
    # motion: the video a photo carries after its still ('google', 'samsung'; 'none'; NULL:
    # stored before motion photos were looked for), and where it is when it is whole.
    # live_clips: the short clip of each Live Photo, by path, and the photo it belongs to;
    # its file is recorded with kind 'live clip'. exports.part: 'live clip' for the entry of
    # a Live Photo's clip, beside its photo's (NULL: the photo's own entry).
    db.executescript(
        """
        ALTER TABLE photos ADD COLUMN motion TEXT;
        ALTER TABLE photos ADD COLUMN motion_offset INTEGER;
        ALTER TABLE photos ADD COLUMN motion_length INTEGER;
        CREATE TABLE live_clips (
            clip_path TEXT PRIMARY KEY,
            photo_path TEXT NOT NULL,
            how TEXT NOT NULL,
            content_id TEXT
        );
        CREATE INDEX live_clips_photo ON live_clips (photo_path);
        ALTER TABLE exports ADD COLUMN part TEXT;
        """
    )
