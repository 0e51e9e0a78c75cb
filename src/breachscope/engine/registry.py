"""Which extractor reads which detected type, and the detection stage.

Tests may build a :class:`Registry` without detection (``detect=None``)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import pyarrow as pa

import breachscope.extract as extract_pkg
from breachscope.config import Config
from breachscope.extract.base import Extractor
from breachscope.extract.units import Unit
from breachscope.plugins import discover

DetectFn = Callable[[Sequence[Unit], Config], pa.Table]
DetectFilesFn = Callable[[Sequence[Sequence[Unit]], Config], list[pa.Table]]
EXTRACTOR_GROUP = "breachscope.extractors"
DETECT_MODULE = "breachscope.detect.engine"


def load_detector() -> DetectFn:
    """The detection stage: ``breachscope.detect.engine.detect_units``."""
    module = importlib.import_module(DETECT_MODULE)
    return cast(DetectFn, module.detect_units)


@dataclass(frozen=True, slots=True)
class Merge:
    """Detection of several files' small tables together: which units may wait for
    others (``mergeable``) and the detection of many files' units at once
    (``detect_files``: one findings table per file)."""

    mergeable: Callable[[Unit], bool]
    detect_files: DetectFilesFn


def load_merge() -> Merge:
    """``mergeable`` and ``detect_files`` of ``breachscope.detect.engine``."""
    module = importlib.import_module(DETECT_MODULE)
    return Merge(module.mergeable, module.detect_files)


class Registry:
    """Extractor instances by detected type (the first by id wins a shared type), the
    detection stage, and (optionally) its detection of several files at once."""

    def __init__(
        self, extractors: Sequence[Extractor], detect: DetectFn | None, merge: Merge | None = None
    ) -> None:
        self.extractors = tuple(sorted(extractors, key=lambda e: e.id))
        self.detect = detect
        self.merge = merge
        self._by_type: dict[str, Extractor] = {}
        for ex in self.extractors:
            for ftype in sorted(ex.types):
                self._by_type.setdefault(ftype, ex)

    @classmethod
    def discover(cls) -> Registry:
        classes = discover(extract_pkg, Extractor, EXTRACTOR_GROUP)  # type: ignore[type-abstract]
        return cls([c() for c in classes], load_detector(), load_merge())

    def extractor_for(self, detected_type: str) -> Extractor | None:
        return self._by_type.get(detected_type)

    def structured_types(self) -> frozenset[str]:
        """Detected types read by structured extractors (``Extractor.structured``)."""
        return frozenset(t for t, ex in self._by_type.items() if getattr(ex, "structured", False))

    def with_register(self, register: frozenset[str]) -> Registry:
        """The same registry, its detection searching the surnames of ``register`` in free
        text (see :mod:`breachscope.detect.register`); a detection function without a
        ``register`` parameter is kept as it is."""
        merge = self.merge
        if merge is not None:
            merge = Merge(merge.mergeable, _bound(merge.detect_files, register))
        detect = None if self.detect is None else _bound(self.detect, register)
        return Registry(self.extractors, detect, merge)


def _bound(fn: Any, register: frozenset[str]) -> Any:
    try:
        takes = "register" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes = False
    return partial(fn, register=register) if takes else fn


def read_register(path: Path) -> frozenset[str]:
    """A register file: one word per line (UTF-8)."""
    return frozenset(w for w in path.read_text(encoding="utf-8").split("\n") if w)


def write_register(path: Path, register: frozenset[str]) -> None:
    path.write_text("".join(f"{w}\n" for w in sorted(register)), encoding="utf-8")


def registry_with_register(factory: Callable[[], Registry], path: str) -> Registry:
    """``factory()`` with the register in the file ``path`` (for worker processes: a
    ``partial`` of this function and an importable factory pickles)."""
    return factory().with_register(read_register(Path(path)))
