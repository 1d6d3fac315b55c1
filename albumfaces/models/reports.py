"""What a run reports: one way to turn a report into JSON, one word for each thing."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


ROUNDED_DIGITS = 3  # seconds and other measures: a millisecond is as fine as a person reads
NOT_IN_JSON = {"json": False}  # a field's metadata: kept for the words, left out of --json


def plain(value):
    """``value`` as JSON has it: reports and values by their fields (or their own
    ``to_dict``), enums as their text, floats rounded."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, float):
        return round(value, ROUNDED_DIGITS)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value):
        return fields_dict(value)
    return value


def fields_dict(value) -> dict:
    """A dataclass's fields in declaration order, each :func:`plain`, except those marked
    :data:`NOT_IN_JSON`."""
    return {
        f.name: plain(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if f.metadata.get("json", True)
    }


class Report:
    """A run's counts. Every report says ``failures`` for what it could not do (a list of
    path and reason); its ``to_dict`` is every field, as ``--json`` prints it."""

    def to_dict(self) -> dict:
        return fields_dict(self)
