"""The one codec for face encodings: 128 little-endian float32 values in a BLOB."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_DTYPE = np.dtype("<f4")
DIMENSIONS = 128


def encode_vector(vector) -> bytes:
    """Pack a vector of floats as little-endian float32 bytes."""
    return np.asarray(vector, dtype=_DTYPE).tobytes()


def decode_vector(blob: bytes) -> np.ndarray:
    """Unpack bytes written by :func:`encode_vector` into a float32 array."""
    return np.frombuffer(blob, dtype=_DTYPE).copy()


def decode_vectors(blobs: Sequence[bytes]) -> np.ndarray:
    """Unpack many encodings at once into an (n, 128) float32 array (one copy, not n)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), np.float32)
    joined = np.frombuffer(b"".join(blobs), dtype=_DTYPE)
    return joined.reshape(len(blobs), -1).astype(np.float32)
