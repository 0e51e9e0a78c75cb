"""Helpers for the table-driven detector tests."""

from __future__ import annotations

from functools import partial
from pathlib import Path, PurePosixPath

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.base import Detector
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.engine.registry import Registry
from breachscope.extract.base import Source
from breachscope.extract.units import TextUnit, Unit
from breachscope.ingest.filetype import sniff
from breachscope.location import Location
from breachscope.synth import generate


def found(dset: DetectorSet, text: str, detector: str) -> list[str]:
    """Normalised values ``detector`` reports in ``text`` (after overlap resolution, before
    the unit-level rules)."""
    return [h.match.value for h in dset.text_hits(text) if h.detector.id == detector]


def read_findings(text: str) -> list[tuple[str, str, str, str]]:
    """``(class, value, the text as written at its span, explanation)`` of each finding of
    ``text`` read as a text file's (the unit-level rules applied)."""
    out = []
    for f in findings_from_arrow(detect_units([TextUnit(Location("t.txt"), text)], Config())):
        s, e = f.location.start, f.location.end
        assert s is not None and e is not None
        out.append((f.data_class, f.value, text[s:e], f.explanation))
    return out


def column_owner(dset: DetectorSet, header: str, sample: list[str]) -> tuple[str, str] | None:
    """``(detector id, kind)`` of the claim on a column with ``header`` and ``sample``."""
    claim = dset.classify(header, sample)
    return None if claim is None else (claim[0].id, claim[1].kind)


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


def dump_units(dump: Path, config: Config) -> list[list[Unit]]:
    """The units the registry's extractors give for each file of ``dump`` (top-level
    files, path order; files without an extractor left out)."""
    registry = Registry.discover()
    files: list[list[Unit]] = []
    for path in sorted(p for p in dump.rglob("*") if p.is_file()):
        with path.open("rb") as fh:
            ftype = sniff(fh, PurePosixPath(path.name).name)
        extractor = registry.extractor_for(ftype)
        if extractor is None:
            continue
        source = Source(
            str(path.relative_to(dump)), ftype, path.stat().st_size, partial(path.open, "rb")
        )
        files.append([u for u in extractor.extract(source, config) if isinstance(u, Unit)])
    return files


def dump_texts(out: Path, people: int, seed: int, config: Config) -> list[str]:
    """The free texts (letters, e-mails, DOCX, logs) of a dump generated into ``out``."""
    generate(out, people=people, seed=seed, bulk_rows=0)
    return [
        u.text
        for units in dump_units(out / "dump", config)
        for u in units
        if isinstance(u, TextUnit)
    ]
