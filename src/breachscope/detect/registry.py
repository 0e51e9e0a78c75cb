"""Finding the detectors: the modules of :mod:`breachscope.detect.detectors` plus installed
entry points of the group ``breachscope.detectors`` (never code named in a config file)."""

from __future__ import annotations

from breachscope.detect import detectors
from breachscope.detect.base import Detector
from breachscope.plugins import discover

ENTRY_POINT_GROUP = "breachscope.detectors"


def detector_classes() -> list[type[Detector]]:
    """Every concrete detector class (those that set ``id``), sorted by id."""
    found = [c for c in discover(detectors, Detector, ENTRY_POINT_GROUP) if "id" in vars(c)]
    ids = [c.id for c in found]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise TypeError(f"duplicate detector ids: {sorted(dupes)}")
    for cls in found:
        cls.check_constants()
    return sorted(found, key=lambda c: c.id)
