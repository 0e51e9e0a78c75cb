"""Every detector has a stable id, a test module and a documentation entry."""

from __future__ import annotations

import sys
from pathlib import Path

from breachscope.detect.registry import detector_classes
from breachscope.vocabulary import DATA_CLASSES

ROOT = Path(__file__).resolve().parents[2]


def test_every_detector_has_a_test_module() -> None:
    for cls in detector_classes():
        assert (ROOT / "tests/detect/detectors" / f"test_{cls.id}.py").is_file(), cls.id


def test_every_detector_is_documented() -> None:
    doc = (ROOT / "docs/detectors.md").read_text(encoding="utf-8")
    for cls in detector_classes():
        assert f"`{cls.id}`" in doc, cls.id
        assert sys.modules[cls.__module__].__doc__, cls.id


def test_ids_and_classes() -> None:
    ids = [c.id for c in detector_classes()]
    assert len(ids) == len(set(ids))
    assert {c.data_class for c in detector_classes()} <= set(DATA_CLASSES)
    emitted = {c.data_class for c in detector_classes() if c.emit}
    assert emitted == set(DATA_CLASSES)  # every class has a detector
