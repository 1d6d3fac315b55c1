"""albumfaces: turn a folder of family photos into per-person albums, on your own machine.

The public API is small: open a :class:`~albumfaces.store.Store`, call
:func:`~albumfaces.scan.scan_library`, read faces back with ``Store.iter_faces``.
Heavy dependencies (dlib, numpy-heavy code) load only when a scan needs them.
"""

__version__ = "0.1.0"
