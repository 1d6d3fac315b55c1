"""Scanning photo folders into the face cache."""

from albumfaces.scan.scanner import scan_library

__all__ = ["scan_library"]
