"""`albumfaces xmp write`, the use case: which sidecars change (:mod:`.plan`, pure) and the
writing of them (:mod:`.apply`). The XMP format itself is :mod:`albumfaces.xmp`."""

from albumfaces.sidecars.apply import names_of, write_sidecars

__all__ = ["names_of", "write_sidecars"]
