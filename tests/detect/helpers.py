"""Helpers for the table-driven detector tests."""

from __future__ import annotations

import pyarrow as pa

from breachscope.detect.base import Detector
from breachscope.detect.detectorset import DetectorSet


def found(dset: DetectorSet, text: str, detector: str) -> list[str]:
    """Normalised values ``detector`` reports in ``text`` (after overlap resolution, before
    the unit-level rules)."""
    return [h.match.value for h in dset.text_hits(text) if h.detector.id == detector]


def spans(dset: DetectorSet, text: str, detector: str) -> list[str]:
    """The raw text of each hit of ``detector``."""
    return [
        text[h.match.start : h.match.end] for h in dset.text_hits(text) if h.detector.id == detector
    ]


def detector(dset: DetectorSet, detector_id: str):  # type: ignore[no-untyped-def]
    return next(d for d in dset.detectors if d.id == detector_id)


def per_value(detector: Detector, xs: list[str | None], context: bool) -> list[str | None]:
    """What :meth:`Detector.validate` makes of each (stripped) value; None stays None."""
    return [None if x is None else detector.validate(x.strip(), context) for x in xs]


def column_values(
    detector: Detector, xs: list[str | None], filler: list[str], context: bool
) -> list[str | None]:
    """``validate_column`` of ``xs`` followed by ``filler`` (enough cells for a fast path
    to run), checking the filler's part; the part of ``xs``."""
    got = detector.validate_column(pa.array(xs + filler, pa.string()), context).to_pylist()
    assert got[len(xs) :] == per_value(detector, list(filler), context)
    out: list[str | None] = got[: len(xs)]
    return out
