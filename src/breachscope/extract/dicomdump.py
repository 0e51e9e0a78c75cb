"""A DICOM header as ``dcmdump`` (DCMTK) prints it: a colposcopy's or an ultrasound's image
headers, dumped to a ticket or a log to debug a PACS link. One row per image, ``row`` =
the line its first element is printed on; each element's keyword is a column
(``PatientName``, ``PatientBirthDate``, ``OtherPatientIDs``, ``AdditionalPatientHistory``).

dcmdump writes each element on a line, ``(0010,0030) DA [19940708]  #   8, 1
PatientBirthDate``: its tag, its value representation, its value (text in brackets,
numbers bare) and, after ``#``, its length, multiplicity and keyword. Read as free text,
a birth date or a BSN stands with no label a detector knows before it, and a name is
written ``FAMILY^GIVEN^MIDDLE^PREFIX``. Here a value is the cell of its keyword's column
(the brackets dropped; a multi-valued ``\\``-separated value kept whole; a person name
as a letter writes it, :func:`person_name`: its location is within that text), so values
are classified as any table's are. An image's dump ends where an element of the same tag
comes back at the top level, or at a ``# Dicom-File-Format`` line. Skipped: UIDs,
binary and pixel data (``OB``, ``OW``, ``UN``...), ``(no value available)``, a
sequence's item and delimitation lines; an element inside a sequence (indented) is a
column of its keyword too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import property_rows
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

ELEMENT = re.compile(
    r"(?P<indent>[ ]*)\((?P<tag>[0-9a-fA-F]{4},[0-9a-fA-F]{4})\)[ ](?P<vr>[A-Za-z]{2})[ ]"
    r"(?P<value>.*?)[ ]+#[ ]*[^,\n]*,[ ]*\S+[ ]+(?P<keyword>[A-Za-z][\w-]*)[ \t]*\r?$"
)
"""An element's line: its tag, value representation, value and keyword."""
_NO_TEXT = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN", "UI", "SQ", "AT", "pi", "na"})
"""Value representations that hold no text a person wrote: binary data, UIDs, sequences,
tags, and dcmdump's own item and delimiter lines."""
_NEW_FILE = "# Dicom-File-Format"

Image = tuple[int, dict[str, list[str]]]
"""An image's header: the line its first element is on, and its values per keyword."""


def element_value(vr: str, raw: str) -> str | None:
    """The text of an element's printed value: inside its brackets (``[HOOGERVORST^K]``),
    a number as printed (``US 3``); none for a value dcmdump could not show."""
    raw = raw.strip()
    if vr in _NO_TEXT or not raw:
        return None
    if raw.startswith("[") and raw.endswith("]"):
        return raw[1:-1].strip() or None
    if raw.startswith(("(", "=")):  # (no value available), (PixelSequence), =UIDName
        return None
    return raw


def person_name(value: str) -> str:
    """A person name (``PN``) as written in a letter: ``FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX``
    in the order ``PREFIX GIVEN MIDDLE FAMILY SUFFIX`` (``Ooms^M.E.^^dr.`` is ``dr. M.E.
    Ooms``; the ``=`` groups after the first, ideographic and phonetic, left out; values
    of a multi-valued element each so, apart by `` \\ ``)."""
    out = []
    for name in value.split("\\"):
        family, given, middle, prefix, suffix = (name.split("=")[0].split("^") + [""] * 5)[:5]
        out.append(
            " ".join(p.strip() for p in (prefix, given, middle, family, suffix) if p.strip())
        )
    return " \\ ".join(out)


def images(text: str) -> Iterator[Image]:
    """The images' headers of a dcmdump text, in order."""
    current: dict[str, list[str]] = {}
    tags: set[str] = set()
    start = 0
    for number, line in enumerate(text.split("\n"), 1):  # (lines as a location counts them)
        if line.startswith(_NEW_FILE):
            if tags:
                yield start, current
            current, tags = {}, set()
            continue
        m = ELEMENT.match(line)
        if m is None:
            continue
        top = not m["indent"]
        if top and m["tag"].lower() in tags:  # (the next image's first element)
            yield start, current
            current, tags = {}, set()
        if not tags:
            start = number
        if top:
            tags.add(m["tag"].lower())
        value = element_value(m["vr"], m["value"])
        if value is not None and m["vr"] == "PN":
            value = person_name(value) or None
        if value is not None:
            current.setdefault(m["keyword"], []).append(value)
    if tags:
        yield start, current


class DicomDumpExtractor(Extractor):
    """dcmdump output: one table row per image header."""

    id: ClassVar[str] = "dicom-dump"
    types: ClassVar[frozenset[str]] = frozenset({"dicom-dump"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "DICOM dump"))
        found = list(images(text))
        if not found:
            raise ExtractError("no DICOM element line ((gggg,eeee) VR ...) in the file")
        # (headers of UIDs and pixel data only give no table: nothing a person wrote)
        yield from property_rows(Location(source.path), None, found, config.max_table_rows_per_unit)
