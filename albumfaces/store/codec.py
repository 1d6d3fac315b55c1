"""The one codec for face encodings: 128 little-endian float32 values in a BLOB."""

from __future__ import annotations

import numpy as np

_DTYPE = np.dtype("<f4")


def encode_vector(vector) -> bytes:
    """Pack a vector of floats as little-endian float32 bytes."""
    return np.asarray(vector, dtype=_DTYPE).tobytes()


def decode_vector(blob: bytes) -> np.ndarray:
    """Unpack bytes written by :func:`encode_vector` into a float32 array."""
    return np.frombuffer(blob, dtype=_DTYPE).copy()
