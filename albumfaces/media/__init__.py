"""Decoding photos and video frames: what a file is, its pixels upright, its dates.

Below ``scan``, ``people``, ``xmp``, ``export``, ``identify`` and ``web``, which all read photos;
it imports none of them.
"""
