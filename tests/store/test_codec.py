import numpy as np

from albumfaces.store.codec import decode_vector, encode_vector


def test_round_trip_keeps_float32_values():
    vector = np.random.default_rng(0).normal(size=128).astype(np.float32)
    assert np.array_equal(decode_vector(encode_vector(vector)), vector)


def test_bytes_are_little_endian_float32():
    assert encode_vector([1.0]) == b"\x00\x00\x80\x3f"
    assert len(encode_vector(np.zeros(128))) == 512


def test_decoded_vector_is_writable_copy():
    decoded = decode_vector(encode_vector([1.0, 2.0]))
    decoded[0] = 5.0
    assert decoded.dtype == np.float32
