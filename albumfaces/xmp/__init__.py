"""XMP: face regions with names, as other photo programs read and write them (issue 11)."""
