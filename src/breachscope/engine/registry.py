"""Which extractor reads which detected type, and the detection stage.

Tests may build a :class:`Registry` without detection (``detect=None``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import cast

import pyarrow as pa

import breachscope.extract as extract_pkg
from breachscope.config import Config
from breachscope.extract.base import Extractor
from breachscope.extract.units import Unit
from breachscope.plugins import discover

DetectFn = Callable[[Sequence[Unit], Config], pa.Table]
EXTRACTOR_GROUP = "breachscope.extractors"
DETECT_MODULE = "breachscope.detect.engine"


def load_detector() -> DetectFn:
    """The detection stage: ``breachscope.detect.engine.detect_units``."""
    module = importlib.import_module(DETECT_MODULE)
    return cast(DetectFn, module.detect_units)


class Registry:
    """Extractor instances by detected type (the first by id wins a shared type)."""

    def __init__(self, extractors: Sequence[Extractor], detect: DetectFn | None) -> None:
        self.extractors = tuple(sorted(extractors, key=lambda e: e.id))
        self.detect = detect
        self._by_type: dict[str, Extractor] = {}
        for ex in self.extractors:
            for ftype in sorted(ex.types):
                self._by_type.setdefault(ftype, ex)

    @classmethod
    def discover(cls) -> Registry:
        classes = discover(extract_pkg, Extractor, EXTRACTOR_GROUP)  # type: ignore[type-abstract]
        return cls([c() for c in classes], load_detector())

    def extractor_for(self, detected_type: str) -> Extractor | None:
        return self._by_type.get(detected_type)
