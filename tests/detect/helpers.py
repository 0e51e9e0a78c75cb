"""Helpers for the table-driven detector tests."""

from __future__ import annotations

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
