"""The contract every extractor must pass, run on each discovered extractor.

(a) locations map back to the source, checked with an independent reader;
(b) empty, corrupt and truncated input end in ExtractError/SkipFile with a reason, never
    in another exception and never in a hang;
(c) invalid UTF-8, NUL bytes and UTF-16 are handled.
"""

from __future__ import annotations

import os
import random
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import breachscope.extract
from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, SkipFile
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.plugins import discover

from . import oracles
from .samples import OCR_TEXT, SAMPLES, VALUES, Sample
from .tracedpeak import traced_peak

EXTRACTORS = discover(breachscope.extract, Extractor)  # type: ignore[type-abstract]
IDS = [cls.id for cls in EXTRACTORS]
CONFIG = Config(max_table_rows_per_unit=2)
TEXT_CONFIG = Config(max_text_unit_chars=64)
"""Small units, so that every sample is cut into several and offsets are exercised (the
text limit also bounds line length in line-based formats, so tables keep the default)."""
TEXT_IDS = frozenset(
    {
        "text",
        "pdf",
        "docx",
        "email",
        "msg",
        "rtf",
        "html",
        "doc",
        "odt",
        "image",
        "tnef",
        "zpl",
        "epl",
    }
    | {"pptx", "alto", "ocr-tsv", "reg", "wordml", "xps", "lnk", "recycle-bin", "ebcdic"}
    | {"uuencode"}
    | {"hprof"}
    | {"typedstream", "asciicast"}
    | {"hprof", "java-class", "pyc", "audio-tags", "minidump", "vim-swap"}
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def _tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``tesseract`` on the PATH (images are read by OCR, with it on)."""
    script = tmp_path / "tesseract"
    script.write_text(f"#!/bin/sh\ncat > /dev/null\nprintf '%s' '{OCR_TEXT}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")


def run(cls: type[Extractor], sample: Sample) -> list[Extracted]:
    config = TEXT_CONFIG if cls.id in TEXT_IDS else CONFIG
    if cls.id == "image":
        config = config.with_(ocr=True)
    return list(cls().extract(sample.source(), config))


def outcome(cls: type[Extractor], sample: Sample) -> str:
    """``ok``, or the kind of signal raised; any other exception fails the test."""
    try:
        items = run(cls, sample)
    except ExtractError as exc:
        assert str(exc), "ExtractError needs a reason"
        return "failed"
    except SkipFile as exc:
        assert str(exc), "SkipFile needs a reason"
        return "skipped"
    for item in items:
        assert isinstance(item, TextUnit | TableUnit | ChildFile | Note), item
        if isinstance(item, Note):
            assert item.reason and item.location.path == sample.path
    return "ok"


def table_cells(items: list[Extracted]) -> Iterator[tuple[oracles.Cell, str]]:
    for unit in items:
        if not isinstance(unit, TableUnit):
            continue
        rows = unit.data.column("__row__").to_pylist()
        for index in range(len(unit.columns)):
            for row, value in zip(rows, unit.data.column(f"c{index}").to_pylist(), strict=True):
                if value is not None and value != "":
                    loc = unit.cell(row, index)
                    yield (loc.part, loc.row or 0, loc.column or ""), value


def test_every_extractor_has_a_sample_and_distinct_types() -> None:
    assert sorted(IDS) == sorted(SAMPLES), "each extractor needs one realistic sample"
    assert len(set(IDS)) == len(IDS)
    claimed: set[str] = set()
    for cls in EXTRACTORS:
        assert cls.types and not claimed & cls.types, cls.id
        claimed |= cls.types


@pytest.mark.parametrize("cls", EXTRACTORS, ids=IDS)
def test_locations_map_back_to_the_source(cls: type[Extractor]) -> None:
    sample = SAMPLES[cls.id]()
    items = run(cls, sample)
    assert all(isinstance(i, TextUnit | TableUnit | ChildFile | Note) for i in items)
    assert all(u.location.path == sample.path for u in items if isinstance(u, TextUnit | TableUnit))
    if cls.id in oracles.TABLES:
        truth = oracles.TABLES[cls.id](sample)
        found = dict(table_cells(items))
        for key, value in found.items():
            if key in truth:
                assert truth[key] == value, key
        missing = {k: v for k, v in truth.items() if found.get(k) != v}
        assert not missing, f"cells not found at their location: {sorted(missing)[:5]}"
    elif cls.id in oracles.TEXTS:
        truth_text = oracles.TEXTS[cls.id](sample)
        _check_text_units(items, truth_text)
    elif cls.id in oracles.CHILDREN:
        children = {c.name: c.data for c in items if isinstance(c, ChildFile)}
        assert children == oracles.CHILDREN[cls.id](sample)
    else:
        assert cls.id == "pdf"
        _check_pdf(sample, items)


def _check_text_units(items: list[Extracted], truth: dict[str | None, str]) -> None:
    texts: dict[str | None, list[TextUnit]] = {}
    for unit in items:
        if isinstance(unit, TextUnit):
            texts.setdefault(unit.location.part, []).append(unit)
            assert len(unit.text) <= TEXT_CONFIG.max_text_unit_chars
    for part, expected in truth.items():
        units = texts.get(part, [])
        offset = 0
        line = 1
        for unit in units:
            assert unit.base_offset == offset, part
            assert unit.first_line == line, part  # the part's line its text starts on
            offset += len(unit.text)
            line += unit.text.count("\n")
        assert "".join(u.text for u in units) == expected, part
    seen = 0
    for units in texts.values():
        for unit in units:
            if unit.location.part not in truth:
                continue  # e.g. body-html: checked in the e-mail tests
            full = truth[unit.location.part]
            for value in VALUES:
                start = unit.text.find(value)
                if start >= 0:
                    loc = unit.span(start, start + len(value))
                    assert loc.start is not None and loc.end is not None
                    assert full[loc.start : loc.end] == value
                    seen += 1
    assert seen, "the sample's values were found in no unit"


def _check_pdf(sample: Sample, items: list[Extracted]) -> None:
    import pypdfium2 as pdfium

    pages = oracles.pdf_pages(sample)
    doc = pdfium.PdfDocument(sample.data)
    try:
        layer = {}
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            layer[f"page-{i + 1}"] = textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()
    units = [u for u in items if isinstance(u, TextUnit)]
    units = [u for u in units if u.location.part not in ("info", "xmp", "outline")]
    assert {u.location.part for u in units} == set(pages)
    seen = 0
    for unit in units:
        for value in VALUES:
            start = unit.text.find(value)
            if start >= 0:
                loc = unit.span(start, start + len(value))
                assert loc.start is not None
                assert layer[str(loc.part)][loc.start : loc.end] == value
                assert value in pages[str(loc.part)]
                seen += 1
    assert seen >= int(sample.info["pages"])  # type: ignore[call-overload]


def _corrupt(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(8, len(out) // 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _variants(sample: Sample) -> dict[str, Sample]:
    data = sample.data
    rng = random.Random(7)
    return {
        "empty": Sample(b"", sample.detected_type, sample.path),
        "truncated": Sample(data[: len(data) // 2], sample.detected_type, sample.path),
        "tiny": Sample(data[:5], sample.detected_type, sample.path),
        "corrupt": Sample(_corrupt(data, 1), sample.detected_type, sample.path),
        "random": Sample(rng.randbytes(4096), sample.detected_type, sample.path),
        "nul": Sample(b"\x00" * 4096, sample.detected_type, sample.path),
        "nul-inside": Sample(
            data[:100] + b"\x00" * 50 + data[100:], sample.detected_type, sample.path
        ),
        "bad-utf8": Sample(data.replace(b"e", b"\xff", 5), sample.detected_type, sample.path),
    }


@pytest.mark.parametrize("cls", EXTRACTORS, ids=IDS)
@pytest.mark.parametrize(
    "variant", ["empty", "truncated", "tiny", "corrupt", "random", "nul", "nul-inside", "bad-utf8"]
)
def test_bad_input_ends_in_a_signal_with_a_reason(cls: type[Extractor], variant: str) -> None:
    sample = _variants(SAMPLES[cls.id]())[variant]
    result = outcome(cls, sample)
    if variant == "empty":
        assert result in {"failed", "skipped"}
    if variant in {"random", "nul"} and cls.id in STRUCTURED:
        assert result in {"failed", "skipped"}


STRUCTURED = frozenset(
    {"spreadsheet", "pdf", "docx", "sql", "hl7", "edifact", "email", "msg", "doc", "rtf", "odt"}
    | {"sqlite", "duckdb", "sqlite-wal", "mysql-binlog", "kafka-log", "sequencefile"}
    | {"hive-text", "spark-eventlog", "sqlldr"}
    | {"typedstream", "chrome-cache", "chrome-blockfile", "curl-trace", "asciicast", "pg-csvlog"}
)
"""Formats for which random bytes can never be a valid file."""


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("kind", ["csv", "text", "hl7", "edifact", "ndjson"])
def test_other_encodings_map_back(kind: str, codec: str) -> None:
    from .samples import csv_sample, edifact_sample, hl7_sample, ndjson_sample, text_sample

    builders = {
        "csv": csv_sample,
        "text": text_sample,
        "hl7": hl7_sample,
        "edifact": edifact_sample,
        "ndjson": ndjson_sample,
    }
    sample = builders[kind](codec)
    if codec == "utf-8-sig":
        sample.codec = "utf-8-sig"
    ident = {"ndjson": "json"}.get(kind, kind)
    cls = next(c for c in EXTRACTORS if c.id == ident)
    items = run(cls, sample)
    if ident in oracles.TABLES:
        truth = oracles.TABLES[ident](sample)
        found = dict(table_cells(items))
        missing = {k: v for k, v in truth.items() if found.get(k) != v}
        assert not missing, sorted(missing)[:5]
    else:
        _check_text_units(items, oracles.TEXTS[ident](sample))


def test_invalid_utf8_falls_back_to_cp1252_for_the_whole_file() -> None:
    from .samples import text_sample

    sample = text_sample("cp1252")
    assert b"\xe9" in sample.data  # "Café" in cp1252 is not valid UTF-8
    cls = next(c for c in EXTRACTORS if c.id == "text")
    items = run(cls, sample)
    assert "".join(u.text for u in items if isinstance(u, TextUnit)).endswith("Café\n")


@pytest.mark.slow
@pytest.mark.parametrize("cls", EXTRACTORS, ids=IDS)
def test_one_enormous_line_stays_in_bounded_memory(cls: type[Extractor]) -> None:

    sample = SAMPLES[cls.id]()
    head = sample.data[:64] if cls.id not in STRUCTURED else b""
    size = 40 * 1024**2
    data = head + b"a;" * (size // 2)
    source = Sample(data, sample.detected_type, sample.path).source()
    config = Config(max_text_unit_chars=1024**2, batch_bytes=8 * 1024**2)
    with traced_peak() as peak:
        try:
            for _ in cls().extract(source, config):
                pass
        except (ExtractError, SkipFile) as exc:
            assert str(exc)
    assert peak.bytes < 48 * 1024**2, (
        f"{cls.id}: peak {peak.bytes / 1024**2:.0f} MiB for a {size >> 20} MiB line"
    )
