"""A PDF form's fields as ``pdftk ... dump_data_fields`` writes them (a batch of filled-in
registration forms, dumped for a mail merge or an import): one row per form, ``row`` =
the line its first field opens on.

pdftk writes each field as a block of ``Key: value`` lines between ``---`` lines
(``FieldType: Text``, ``FieldName: geboortedatum``, ``FieldValue: 17/05/1972``, then
``FieldFlags``, ``FieldJustification``, a checkbox's ``FieldStateOption`` lines). Read as
free text, a value stands two lines below the name that says what it is, and most were
lost. Here each field's name is a column (an XFA name's path and indexes dropped:
``form1[0].p1[0].bsn[0]`` is ``bsn``; two fields of one name on a form give ``naam`` and
``naam (2)``) and its value the cell, so the values are
classified as any table's are. A form ends where a field name comes back (the next
form's first field): a dump of several forms is a table of several rows. A value's
character references (``&#10;`` for a line break, ``&#233;`` in the ASCII dump) are
decoded; a checkbox that is off (``Off``) holds nothing, one that is on holds its state
(``Yes``). A field with no value holds nothing; comment lines (``#``) are skipped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import property_rows
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_KEY = re.compile(r"(?P<key>Field[A-Za-z]+):[ ]?(?P<value>.*?)[ \t]*\r?$")
"""A field's ``Key: value`` line."""
_XFA_STEP = re.compile(r"\[\d+\]")
_OFF = "Off"
"""pdftk's state of a checkbox that is not ticked."""

Form = tuple[int, dict[str, list[str]]]
"""A form: the line its first field opens on, and its values per column."""


def column_name(name: str) -> str:
    """The column of a field's name: an XFA name's last step, without indexes
    (``form1[0].p1[0].bsn[0]`` is ``bsn``)."""
    last = _XFA_STEP.sub("", name).rsplit(".", 1)[-1].strip()
    return last or name.strip()


def _blocks(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {key: value})`` of each field block, the line 1-based."""
    block: dict[str, str] = {}
    start = 0
    for number, line in enumerate(text.split("\n"), 1):  # (lines as a location counts them)
        if line.strip() == "---" or not line.strip():
            if block:
                yield start, block
            block = {}
            continue
        m = _KEY.match(line)
        if m is None:
            continue  # (a comment, or a line of no field)
        if not block:
            start = number
        block.setdefault(m["key"], m["value"])
    if block:
        yield start, block


def forms(text: str) -> Iterator[Form]:
    """The forms of a ``dump_data_fields`` text, in order."""
    current: dict[str, list[str]] = {}
    names: set[str] = set()
    start = 0
    for line, block in _blocks(text):
        name = block.get("FieldName")
        if name is None:
            continue
        if name in names:  # (the next form's first field)
            yield start, current
            current, names = {}, set()
        if not names:
            start = line
        names.add(name)
        value = html.unescape(block.get("FieldValue", "")).strip()
        if block.get("FieldType") == "Button" and value == _OFF:
            value = ""
        current.setdefault(column_name(name), [])
        if value:
            current[column_name(name)].append(value)
    if names:
        yield start, current


class PdfFieldsExtractor(Extractor):
    """pdftk field dumps: one table row per form."""

    id: ClassVar[str] = "pdf-fields"
    types: ClassVar[frozenset[str]] = frozenset({"pdf-fields"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "PDF field dump"))
        found = list(forms(text))
        if not found:
            raise ExtractError("no form field (FieldName:) in the file")
        records = [(line, {c: v for c, v in form.items() if v}) for line, form in found]
        # (forms left blank give no table: nothing in them)
        yield from property_rows(
            Location(source.path), None, records, config.max_table_rows_per_unit
        )
