"""The JSON schemas of the API's answers, for its OpenAPI description."""

from __future__ import annotations

REF = "#/components/schemas/"
INT = {"type": "integer"}
NUMBER = {"type": "number"}
TEXT = {"type": "string"}
FLAG = {"type": "boolean"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def list_of(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def object_of(required: dict, optional: dict | None = None) -> dict:
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
    }


BOX = object_of({"top": INT, "right": INT, "bottom": INT, "left": INT})
WHO = nullable(object_of({"person_id": INT, "name": nullable(TEXT), "distance": NUMBER}))
SCHEMAS = {
    "Error": object_of({"error": TEXT}),
    "Box": BOX,
    "Person": object_of(
        {
            "id": INT,
            "name": TEXT,
            "named": FLAG,
            "ignored": FLAG,
            "faces": INT,
            "photos": INT,
            "sources": {"type": "object", "additionalProperties": INT},
            "cover_face_id": nullable(INT),
            "face_id": nullable(INT),
        }
    ),
    "Face": object_of(
        {
            "id": INT,
            "photo": TEXT,
            "box": ref("Box"),
            "person_id": nullable(INT),
            "person": nullable(TEXT),
            "source": nullable(TEXT),
            "distance": nullable(NUMBER),
            "spread": nullable(NUMBER),
            "time": nullable(NUMBER),
        }
    ),
    "FacePage": object_of(
        {"total": INT, "offset": INT, "next_offset": nullable(INT), "faces": list_of(ref("Face"))},
        {"person": ref("Person")},
    ),
    "Photo": object_of(
        {
            "hash": TEXT,
            "media": {"enum": ["photo", "video"]},
            "width": INT,
            "height": INT,
            "faces": list_of(ref("Face")),
        }
    ),
    "Decision": object_of({"summary": TEXT, "person_id": nullable(INT), "journal_id": INT}),
    "Reversal": object_of({"id": INT, "summary": TEXT, "could_not": list_of(TEXT)}),
    "JournalEntry": object_of(
        {
            "id": INT,
            "at": TEXT,
            "kind": TEXT,
            "command": TEXT,
            "summary": TEXT,
            "target": nullable(INT),
            "undone": FLAG,
        }
    ),
    "FaceSuggestion": object_of(
        {
            "face_id": INT,
            "person_id": INT,
            "person": nullable(TEXT),
            "person_face_id": nullable(INT),
            "distance": NUMBER,
        }
    ),
    "PeopleSuggestion": object_of(
        {
            "keep": INT,
            "keep_name": nullable(TEXT),
            "other": INT,
            "other_name": nullable(TEXT),
            "distance": NUMBER,
        }
    ),
    "Candidate": object_of({"id": INT, "name": TEXT}),
    "IdentifiedFace": object_of(
        {
            "box": ref("Box"),
            "person_id": nullable(INT),
            "name": nullable(TEXT),
            "distance": nullable(NUMBER),
            "best": WHO,
            "runner_up": WHO,
        }
    ),
    "IdentifiedPhoto": object_of(
        {"path": TEXT, "width": INT, "height": INT, "faces": list_of(ref("IdentifiedFace"))}
    ),
}
