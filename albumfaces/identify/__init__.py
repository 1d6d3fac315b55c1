"""Who is in these photos? Faces found as scan finds them (nothing is stored), matched
against the people the user named, or against a folder of known faces."""

from albumfaces.identify.known import KnownFaces, known_from_folder, known_from_library
from albumfaces.identify.match import FaceMatch, match_library, matches_within
from albumfaces.identify.run import IdentifiedFace, Identifier, PhotoResult, identify_paths

__all__ = [
    "FaceMatch",
    "IdentifiedFace",
    "Identifier",
    "KnownFaces",
    "PhotoResult",
    "identify_paths",
    "known_from_folder",
    "known_from_library",
    "match_library",
    "matches_within",
]
