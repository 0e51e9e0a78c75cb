"""A compiled set of detectors: what :func:`breachscope.detect.engine.detect_units` runs.

Building a set discovers the detector classes, instantiates them and compiles their
patterns into one :class:`~breachscope.detect.prefilter.Prefilter`; that is the expensive
part, done once per process (see :mod:`breachscope.detect.engine`). Running it is pure:
units in, Arrow findings out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.base import ColumnVerdict, Detector, TextMatch
from breachscope.detect.context import SEGMENT_SEP, TextView
from breachscope.detect.prefilter import Pattern, Prefilter, encode
from breachscope.detect.registry import detector_classes
from breachscope.detect.rows import FindingsBuilder
from breachscope.detect.tables import TableScan
from breachscope.extract.units import TableUnit, TextUnit, Unit

SAMPLE_SIZE = 200
"""Non-empty cells per column looked at to classify it."""


@dataclass(frozen=True, slots=True)
class Hit:
    detector: Detector
    match: TextMatch

    @property
    def data_class(self) -> str:
        return self.match.data_class or self.detector.data_class


class DetectorSet:
    """Detectors plus their compiled prefilter. Immutable after construction."""

    def __init__(self, detectors: Sequence[Detector], *, force_fallback: bool = False) -> None:
        self.detectors = tuple(detectors)
        patterns: list[Pattern] = []
        for i, det in enumerate(self.detectors):
            patterns.extend(Pattern(i, p, det.caseless) for p in det.patterns)
            patterns.extend(Pattern(i, w, c, literal=True) for w, c in det.literals())
        self.prefilter = Prefilter(patterns, force_fallback=force_fallback)

    @classmethod
    def build(
        cls,
        config: Config,
        register: frozenset[str] | None = None,
        *,
        enabled: Iterable[str] | None = None,
        disabled: Iterable[str] = (),
        force_fallback: bool = False,
    ) -> DetectorSet:
        """Instantiate the discovered detectors (optionally only ``enabled`` ids, minus
        ``disabled`` ones). ``register`` holds surnames already found in structured
        sources; the name detector searches them in free text."""
        on = set(enabled) if enabled is not None else None
        off = set(disabled)
        dets = [
            c.create(config, register or frozenset())
            for c in detector_classes()
            if (on is None or c.id in on) and c.id not in off
        ]
        return cls(dets, force_fallback=force_fallback)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.detectors)

    # -- free text ---------------------------------------------------------------------

    def text_hits(self, text: str) -> list[Hit]:
        """Validated, non-overlapping hits in ``text`` (segments split by SEGMENT_SEP)."""
        view = TextView(text)
        found: list[Hit] = []
        for idx, ends in self.prefilter.scan(encode(text)).items():
            det = self.detectors[idx]
            found.extend(Hit(det, m) for m in det.find(view, ends))
        return resolve_overlaps(found)

    def detect_text(self, unit: TextUnit) -> pa.Table:
        out = FindingsBuilder()
        for h in self.text_hits(unit.text):
            if not h.detector.emit:
                continue
            m = h.match
            out.add(
                h.data_class,
                m.kind,
                h.detector.id,
                m.value,
                unit.span(m.start, m.end),
                m.confidence,
                m.evidence,
                None,
            )
        return out.table()

    # -- tables ------------------------------------------------------------------------

    def classify(self, header: str, sample: Sequence[str]) -> tuple[Detector, ColumnVerdict] | None:
        """The detector that owns a column, decided once from header and sample."""
        best: tuple[Detector, ColumnVerdict] | None = None
        for det in self.detectors:
            v = det.claim_column(header, sample)
            if v is not None and (best is None or v.score > best[1].score):
                best = (det, v)
        return best

    def detect_table(self, unit: TableUnit) -> pa.Table:
        return TableScan(self, unit).run()

    def detect(self, unit: Unit) -> pa.Table:
        if isinstance(unit, TextUnit):
            return self.detect_text(unit)
        return self.detect_table(unit)

    def cell_text_hits(self, cells: Sequence[str | None]) -> list[tuple[int, Hit]]:
        """Free-text hits in many cells at once: ``(cell index, hit with in-cell span)``."""
        starts: list[int] = []
        pieces: list[str] = []
        index: list[int] = []
        pos = 0
        for i, c in enumerate(cells):
            if not c:
                continue
            c = c.replace(SEGMENT_SEP, " ")
            starts.append(pos)
            index.append(i)
            pieces.append(c)
            pos += len(c) + 1
        if not pieces:
            return []
        out: list[tuple[int, Hit]] = []
        for h in self.text_hits(SEGMENT_SEP.join(pieces)):
            k = bisect_right(starts, h.match.start) - 1
            base = starts[k]
            m = h.match
            shifted = TextMatch(
                m.start - base,
                m.end - base,
                m.value,
                m.kind,
                m.confidence,
                m.evidence,
                m.data_class,
            )
            out.append((index[k], Hit(h.detector, shifted)))
        return out


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the best of overlapping hits (priority, then length, then confidence)."""
    ranked = sorted(
        hits,
        key=lambda h: (
            -h.detector.priority,
            -(h.match.end - h.match.start),
            -h.match.confidence,
            h.match.start,
        ),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Hit] = []
    for h in ranked:
        s, e = h.match.start, h.match.end
        i = bisect_left(starts, e)
        if i and ends[i - 1] > s:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        kept.append(h)
    kept.sort(key=lambda h: (h.match.start, h.match.end))
    return kept
