"""Which extractor reads which detected type, and the detection stage.

Tests may build a :class:`Registry` without detection (``detect=None``)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, cast

import pyarrow as pa

from breachscope.config import Config
from breachscope.extract.base import Extractor
from breachscope.extract.catalog import ENTRIES, PACKAGE, Entry
from breachscope.extract.units import Unit
from breachscope.plugins import concrete_subclasses

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
    detection stage, and (optionally) its detection of several files at once.

    ``catalog`` names built-in extractors not yet imported (:mod:`~breachscope.extract.
    catalog`): each is imported and made when a file of one of its types first comes."""

    def __init__(
        self,
        extractors: Sequence[Extractor],
        detect: DetectFn | None,
        merge: Merge | None = None,
        catalog: Sequence[Entry] = (),
    ) -> None:
        self._given = tuple(extractors)
        self._catalog = tuple(catalog)
        self.detect = detect
        self.merge = merge
        members: list[Extractor | Entry] = [*self._given, *self._catalog]
        self._members: dict[str, Extractor | Entry] = {}
        """Detected type -> its extractor, or the catalog entry that names it."""
        for member in sorted(members, key=lambda m: m.id):
            for ftype in sorted(member.types):
                self._members.setdefault(ftype, member)
        self._by_type: dict[str, Extractor] = {
            t: m for t, m in self._members.items() if not isinstance(m, Entry)
        }
        self._made: dict[str, Extractor] = {}
        """Catalog entries made so far, by id (one instance for all its types)."""

    @classmethod
    def discover(cls) -> Registry:
        """The built-in extractors (by the catalog, imported as their files come) and the
        third-party ones installed under :data:`EXTRACTOR_GROUP`, with detection."""
        for ep in entry_points(group=EXTRACTOR_GROUP):
            ep.load()
        known = {(f"{PACKAGE}.{e.module}", e.name) for e in ENTRIES}
        others = [
            c
            for c in concrete_subclasses(Extractor)  # type: ignore[type-abstract]
            if (c.__module__, c.__qualname__) not in known
        ]
        return cls([c() for c in others], load_detector(), load_merge(), ENTRIES)

    @property
    def extractors(self) -> tuple[Extractor, ...]:
        """Every extractor, sorted by id (the catalog's all imported)."""
        made = [self._make(e) for e in self._catalog]
        return tuple(sorted([*self._given, *made], key=lambda e: e.id))

    def extractor_for(self, detected_type: str) -> Extractor | None:
        found = self._by_type.get(detected_type)
        if found is None:
            member = self._members.get(detected_type)
            if member is None:
                return None
            found = self._by_type[detected_type] = (
                self._make(member) if isinstance(member, Entry) else member
            )
        return found

    def _make(self, entry: Entry) -> Extractor:
        made = self._made.get(entry.id)
        if made is None:
            made = self._made[entry.id] = entry.load()()
        return made

    def structured_types(self) -> frozenset[str]:
        """Detected types read by structured extractors (``Extractor.structured``)."""
        return frozenset(t for t, m in self._members.items() if getattr(m, "structured", False))

    def with_register(self, register: frozenset[str]) -> Registry:
        """The same registry, its detection searching the surnames of ``register`` in free
        text (see :mod:`breachscope.detect.register`); a detection function without a
        ``register`` parameter is kept as it is."""
        merge = self.merge
        if merge is not None:
            merge = Merge(merge.mergeable, _bound(merge.detect_files, register))
        detect = None if self.detect is None else _bound(self.detect, register)
        return Registry(self._given, detect, merge, self._catalog)


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
