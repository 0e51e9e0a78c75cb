"""DICOM files (Part 10: ``DICM`` after a 128-byte preamble): a pathology lab's or a
hospital's images and structured reports on a CD export or a PACS share, and the CD's
``DICOMDIR``, read with pydicom. One row per file (``row`` = 1), each element with text a
person wrote a column named by its keyword (``PatientName``, ``PatientBirthDate``,
``PatientAddress``, ``ReferringPhysicianName``, ``InstitutionName``); a person name as a
letter writes it (:func:`breachscope.extract.dicomdump.person_name`: ``Peters^Hendrika
Anna`` is ``Hendrika Anna Peters``); a value of several values kept whole, apart by
``\\``.

An element inside a sequence is a column of the sequence's keyword and its own
(``OtherPatientIDsSequence.PatientID``: where a Dutch PACS keeps the BSN); a coded
item's value is named by its coding scheme (``...PersonIdentificationCodeSequence.AGB``:
the referring GP's AGB code). A structured report's content items are columns named by
their concept (``Klinische gegevens``, ``Conclusie``, ``HPV genotypering``: the report's
own headings), holding their text, person name, date or coded meaning. A ``DICOMDIR``'s
directory records are rows in part ``records``: each patient's record with every record
below it (her studies, series and reports, a report's content items too), ``row`` = her
1-based place among the root's records.

Skipped: the elements that shape a report (a content item's type, its heading's code),
UIDs, binary and pixel data (never loaded: the reading stops before the pixels
and defers every large value), tags. Nothing in a file is run.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.contentlines import property_rows
from breachscope.extract.dicomdump import person_name
from breachscope.location import Location

PREAMBLE = 128
MAGIC = b"DICM"
_NO_TEXT = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN", "UI", "AT"})
"""Value representations that hold no text a person wrote: binary data, UIDs, tags."""
_DEFER = 1 << 20
"""Values larger than this are left unread until asked for (pixel data, documents)."""
_STRUCTURE = frozenset(
    {
        "ConceptNameCodeSequence", "RelationshipType", "ValueType", "ContinuityOfContent",
        "CodingSchemeDesignator", "CodingSchemeVersion", "SpecificCharacterSet",
        "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity",
        "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity", "FileSetConsistencyFlag",
        "OffsetOfTheNextDirectoryRecord", "OffsetOfReferencedLowerLevelDirectoryEntity",
        "RecordInUseFlag", "DirectoryRecordType",
    }
)  # fmt: skip
"""Elements that give a report or a DICOMDIR its shape, no one's data (a content item's
heading is read as its column's name; a directory's links are offsets)."""
MAX_DEPTH = 8
"""Deepest sequence read."""

Record = dict[str, list[str]]


def _text(element: Any) -> str | None:
    """An element's value as its text (see the module's text), None where it holds none."""
    if element.VR in _NO_TEXT or element.VR == "SQ" or element.value is None:
        return None
    values = element.value if element.VM > 1 else [element.value]
    texts = [
        person_name(str(v)) if element.VR == "PN" else str(v).strip()
        for v in values
        if v is not None and not isinstance(v, bytes)
    ]
    text = "\\".join(t for t in texts if t)
    return text or None


def _concept(item: Any) -> str | None:
    """A structured report item's concept name (its heading)."""
    names = getattr(item, "ConceptNameCodeSequence", None)
    if not names:
        return None
    meaning = getattr(names[0], "CodeMeaning", None)
    return str(meaning).strip() or None if meaning is not None else None


def _content(item: Any) -> str | None:
    """A structured report item's value: its text, person name, date, time or coded
    meaning."""
    kind = str(getattr(item, "ValueType", ""))
    if kind == "TEXT":
        return str(getattr(item, "TextValue", "")).strip() or None
    if kind == "PNAME":
        return person_name(str(getattr(item, "PersonName", ""))) or None
    if kind in ("DATE", "DATETIME", "TIME"):
        value = getattr(item, kind.title().replace("time", "Time"), None)
        return None if value is None else str(value)
    if kind == "CODE":
        codes = getattr(item, "ConceptCodeSequence", None)
        return str(codes[0].CodeMeaning) if codes and "CodeMeaning" in codes[0] else None
    return None


def _walk(dataset: Any, path: str, record: Record, depth: int) -> None:
    """The text elements of ``dataset`` into ``record`` (columns below ``path``)."""
    if "ValueType" in dataset and (concept := _concept(dataset)) is not None:
        value = _content(dataset)
        if value is not None:
            record.setdefault(concept, []).append(value)
    scheme = getattr(dataset, "CodingSchemeDesignator", None) if "CodeValue" in dataset else None
    for element in dataset:
        keyword = element.keyword or f"({element.tag.group:04X},{element.tag.element:04X})"
        if element.tag.group == 0x0002 or element.keyword in _STRUCTURE:
            continue
        if element.VR == "SQ":
            if depth < MAX_DEPTH and element.keyword != "DirectoryRecordSequence":
                for item in element.value:
                    _walk(item, f"{path}{keyword}.", record, depth + 1)
            continue
        if (
            path
            and keyword in ("TextValue", "PersonName", "CodeMeaning")
            and "ValueType" in dataset
        ):
            continue  # (read under the item's concept)
        value = _text(element)
        if value is None:
            continue
        if keyword == "CodeValue" and scheme:
            keyword = str(scheme).strip() or keyword
        record.setdefault(f"{path}{keyword}", []).append(value)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pydicom's warnings and log lines silenced while a file is read: a validation
    warning quotes the value it finds wrong (a birth date, a name), and no value may reach
    a log."""
    logger = logging.getLogger("pydicom")
    disabled = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = disabled


def _chain(by_offset: dict[int, Any], first: int, seen: set[int]) -> Iterator[Any]:
    """The directory records from offset ``first`` on, each record's next one after it
    (each at most once: a loop of offsets ends it)."""
    at = first
    while at and at in by_offset and at not in seen:
        seen.add(at)
        record = by_offset[at]
        yield record
        at = int(record.get("OffsetOfTheNextDirectoryRecord") or 0)


def _below(by_offset: dict[int, Any], record: Any, seen: set[int], depth: int) -> Iterator[Any]:
    """The records below ``record`` (its studies, their series, their documents)."""
    lower = int(record.get("OffsetOfReferencedLowerLevelDirectoryEntity") or 0)
    for child in _chain(by_offset, lower, seen):
        yield child
        if depth < MAX_DEPTH:
            yield from _below(by_offset, child, seen, depth + 1)


def _directory(dataset: Any) -> list[tuple[int, Record]]:
    """A ``DICOMDIR``'s rows: each top-level record (a patient) with every record below it
    (her studies, series and reports), numbered in the root's order; where the offsets
    that link them are missing, each record a row at its place."""
    items = list(dataset.get("DirectoryRecordSequence") or ())
    by_offset = {int(t): item for item in items if (t := getattr(item, "seq_item_tell", None))}
    first = int(dataset.get("OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity") or 0)
    groups: list[list[Any]] = []
    seen: set[int] = set()
    if first in by_offset:
        for root in _chain(by_offset, first, seen):
            groups.append([root, *_below(by_offset, root, seen, 1)])
    if not groups:
        groups = [[item] for item in items]
    records: list[tuple[int, Record]] = []
    for number, group in enumerate(groups, 1):
        record: Record = {}
        for item in group:
            _walk(item, "", record, 1)
        if record:
            records.append((number, record))
    return records


class DicomExtractor(Extractor):
    """A DICOM file as one row of its elements (a DICOMDIR's records as rows)."""

    id: ClassVar[str] = "dicom"
    types: ClassVar[frozenset[str]] = frozenset({"dicom"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        import pydicom  # (loaded for files that need it)

        if source.size == 0:
            raise SkipFile("empty file")
        with _quiet(), source.open() as fh:
            fh.seek(PREAMBLE)
            if fh.read(4) != MAGIC:
                raise ExtractError("not a DICOM file (no 'DICM' after its preamble)")
            fh.seek(0)
            try:
                dataset = pydicom.dcmread(fh, stop_before_pixels=True, defer_size=_DEFER)
                own: Record = {}
                _walk(dataset, "", own, 0)
                records = _directory(dataset)
            except RecursionError:
                raise ExtractError("DICOM file nested too deeply to read") from None
            except Exception as exc:  # pydicom raises many kinds for bad input
                what = type(exc).__name__  # (its message may quote a value)
                raise ExtractError(f"unreadable DICOM file ({what})") from None
        location = Location(source.path)
        yield from property_rows(
            location, None, [(1, own)] if own else [], config.max_table_rows_per_unit
        )
        if records:
            yield from property_rows(
                Location(source.path, part="records"), None, records, config.max_table_rows_per_unit
            )
