"""DOCX letters (python-docx) about lab results, to patients or to GPs.

API (called by ``synth.generate``)::

    write(records, rng, *, audience=None, lab=DEFAULT_LAB, table=False) -> WrittenFile

``audience`` is ``'patient'`` (one letter per record, page breaks between them: a mail
merge), ``'gp'`` (one letter to a practice listing every record) or None (drawn from
``rng``). Patient letters carry name and address block, BSN, birth date and the result
without the HPV type (as the woman's own letter does); GP letters carry the full result
with KOPAC-B, advice and the requesting GP, in paragraphs or (``table``) as the rows of
a results table, one column per field. No headers or text boxes. Every record gets one
mention with ``part='body'``.

Bytes are deterministic: fixed core properties (dates from the first sample's report
date) and zip member timestamps fixed by :func:`.archive.normalise_zip`.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from breachscope.synth.formats.archive import normalise_zip
from breachscope.synth.formats.clinical import advice, is_screening, patient_result, test_label
from breachscope.synth.formats.dates import dutch_long
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import display_name, exposed
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

AUDIENCES = ("patient", "gp")


def _slim_template() -> bytes:
    """python-docx's default template without its 800 kB of unused parts and styles.

    Drops ``stylesWithEffects``, custom XML, the thumbnail and all table styles but the
    default one: letters load and save about four times faster, and styles.xml keeps a
    realistic size (~40 kB).
    """
    doc: Any = Document()
    unused = (
        (doc.part.rels, {"stylesWithEffects", "customXml"}),
        (doc.part.package.rels, {"thumbnail"}),
    )
    for rels, kinds in unused:
        for rid in [r for r, rel in rels.items() if rel.reltype.rsplit("/", 1)[-1] in kinds]:
            del rels[rid]
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            styles.remove(style)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_TEMPLATE = _slim_template()
"""Immutable template bytes, built once at import."""


class _Letter:
    """Adds paragraphs and records which fields of which record went in."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.fields: dict[int, set[str]] = {}
        self.health: set[int] = set()

    def para(self, text: str, *, bold: bool = False, size: float | None = None) -> None:
        run = self.doc.add_paragraph().add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)

    def wrote(self, index: int, *fields: str, health: bool = False) -> None:
        self.fields.setdefault(index, set()).update(fields)
        if health:
            self.health.add(index)


def _name_fields(record: Rendered) -> tuple[str, ...]:
    return ("name",) if record.name else ("given", "prefix", "surname")


def _letterhead(letter: _Letter, lab: Lab, day: date) -> None:
    letter.para(lab.name, bold=True, size=14)
    letter.para(f"{lab.department}\n{lab.address_line}\nT {lab.phone}  |  www.{lab.domain}")
    letter.para("")
    letter.para(f"{lab.city}, {dutch_long(day)}")


def _address_lines(record: Rendered) -> list[str]:
    street = " ".join(p for p in (record.street, record.house) if p)
    town = "  ".join(p for p in (record.postcode, record.city) if p)
    return [line for line in (street, town) if line]


def _patient_letter(letter: _Letter, index: int, record: Rendered, lab: Lab) -> None:
    sample = record.sample
    _letterhead(letter, lab, sample.report_date if sample else date(2025, 6, 2))
    letter.para("\n".join([display_name(record), *_address_lines(record)]))
    letter.wrote(index, *_name_fields(record), "street", "house", "postcode", "city")
    screening = sample is not None and is_screening(sample)
    subject = "bevolkingsonderzoek baarmoederhalskanker" if screening else "laboratoriumonderzoek"
    letter.para(f"Betreft: uitslag {subject}", bold=True)
    for label, field in (("Geboortedatum", "date_of_birth"), ("Uw BSN", "bsn")):
        if getattr(record, field):
            letter.para(f"{label}: {getattr(record, field)}")
            letter.wrote(index, field)
    letter.para("Geachte mevrouw," if screening else "Geachte heer/mevrouw,")
    if sample is None:
        letter.para("Wij hebben uw materiaal nog niet ontvangen. U krijgt bericht zodra de uitslag "
                    "bekend is.")  # fmt: skip
    else:
        taken = f"op {record.sample_date} " if record.sample_date else ""
        letter.para(
            f"U heeft {taken}materiaal ingestuurd voor onderzoek ({test_label(sample).lower()}). "
            f"De uitslag is: {patient_result(sample)}."
        )
        letter.para(advice(sample))
        letter.wrote(index, health=True)
    if record.gp_name:
        letter.para(f"Uw huisarts, {record.gp_name}, heeft de uitslag ook ontvangen.")
        letter.wrote(index, "gp_name")
    letter.para(f"Met vriendelijke groet,\n\n{lab.department}\n{lab.name}")


def _gp_letter(letter: _Letter, records: Sequence[Rendered], lab: Lab) -> None:
    first = next((r.sample for r in records if r.sample), None)
    _letterhead(letter, lab, first.report_date if first else date(2025, 6, 2))
    if first is not None:
        gp = first.gp
        town = f"{gp.address.postcode[:4]} {gp.address.postcode[4:]}  {gp.address.city}"
        letter.para(f"{gp.practice}\n{gp.address.street} {gp.address.house}\n{town}")
    letter.para("Betreft: uitslagen cervixcytologie / hrHPV en overig onderzoek", bold=True)
    letter.para("Geachte collega,")
    letter.para("Hierbij ontvangt u de uitslagen van de volgende patiënten.")
    for index, record in enumerate(records):
        head = display_name(record)
        head += f", geboren {record.date_of_birth}" if record.date_of_birth else ""
        head += f", BSN {record.bsn}" if record.bsn else ""
        letter.para(head, bold=True)
        letter.wrote(index, *_name_fields(record), "date_of_birth", "bsn")
        lines = _address_lines(record)
        letter.wrote(index, "street", "house", "postcode", "city")
        sample = record.sample
        if sample is not None:
            taken = f" van {record.sample_date}" if record.sample_date else ""
            lines.append(f"{test_label(sample)}, labnummer {sample.lab_number}{taken}")
            lines.append(f"Uitslag: {sample.result_text}")
            lines += [f"KOPAC-B: {sample.kopac}"] if sample.kopac else []
            lines.append(f"Advies: {advice(sample)}")
            letter.wrote(index, health=True)
        else:
            lines.append("Uitslag: nog niet bekend")
        if record.gp_name or record.gp_agb:
            agb = f"(AGB {record.gp_agb})" if record.gp_agb else ""
            lines.append("Aanvrager: " + " ".join(p for p in (record.gp_name, agb) if p))
            letter.wrote(index, "gp_name", "gp_agb")
        letter.para("\n".join(lines))
    letter.para(f"Met collegiale groet,\n\n{lab.department}\n{lab.name}")


_TABLE_HEADER = (
    "Naam", "Geboortedatum", "BSN", "Adres", "Postcode en woonplaats", "Onderzoek", "Uitslag",
    "Aanvrager",
)  # fmt: skip
"""The columns of a GP letter's results table."""


def _gp_table(letter: _Letter, records: Sequence[Rendered], lab: Lab) -> None:
    """A GP letter whose patients are the rows of a table (as a letter written in Word
    holds them), one column per field; an empty cell where the record has no value."""
    first = next((r.sample for r in records if r.sample), None)
    _letterhead(letter, lab, first.report_date if first else date(2025, 6, 2))
    letter.para("Betreft: uitslagen cervixcytologie / hrHPV en overig onderzoek", bold=True)
    letter.para("Geachte collega,")
    letter.para("Hierbij ontvangt u de uitslagen van de volgende patiënten.")
    table = letter.doc.add_table(rows=1 + len(records), cols=len(_TABLE_HEADER))
    for cell, title in zip(table.rows[0].cells, _TABLE_HEADER, strict=True):
        cell.text = title
    for index, (row, record) in enumerate(zip(table.rows[1:], records, strict=True)):
        sample = record.sample
        agb = f" (AGB {record.gp_agb})" if record.gp_agb else ""
        values = (
            display_name(record),
            record.date_of_birth or "",
            record.bsn or "",
            " ".join(p for p in (record.street, record.house) if p),
            " ".join(p for p in (record.postcode, record.city) if p),
            test_label(sample) if sample else "",
            sample.result_text if sample else "nog niet bekend",
            f"{record.gp_name or ''}{agb}".strip(),
        )
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
        letter.wrote(index, *_name_fields(record), "date_of_birth", "bsn", "street", "house")
        letter.wrote(index, "postcode", "city", "gp_name", "gp_agb", health=sample is not None)
    letter.para(f"Met collegiale groet,\n\n{lab.department}\n{lab.name}")


def _fix_properties(doc: Any, records: Sequence[Rendered], lab: Lab) -> None:
    day = next((r.sample.report_date for r in records if r.sample), date(2025, 6, 2))
    moment = datetime.combine(day, time(9, 30))
    props = doc.core_properties
    props.author = props.last_modified_by = f"{lab.code} Uitslagen"
    props.title = "Uitslagbrief"
    props.created = props.modified = props.last_printed = moment
    props.revision = 1


def write(
    records: Sequence[Rendered],
    rng: random.Random,
    *,
    audience: str | None = None,
    lab: Lab = DEFAULT_LAB,
    table: bool = False,
) -> WrittenFile:
    """Letters about ``records``; every record gets a ``part='body'`` mention. ``table``:
    a GP letter's patients are the rows of a table."""
    if not records:
        raise ValueError("a letter needs at least one record")
    chosen = audience or rng.choice(AUDIENCES)
    if chosen not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    doc: Any = Document(io.BytesIO(_TEMPLATE))
    doc.styles["Normal"].font.name = rng.choice(("Calibri", "Arial", "Verdana"))
    letter = _Letter(doc)
    if chosen == "gp" and table:
        _gp_table(letter, records, lab)
    elif chosen == "gp":
        _gp_letter(letter, records, lab)
    else:
        for index, record in enumerate(records):
            if index:
                doc.add_page_break()
            _patient_letter(letter, index, record, lab)
    _fix_properties(doc, records, lab)
    buffer = io.BytesIO()
    doc.save(buffer)
    mentions = tuple(
        TruthMention(
            record.person_id,
            exposed(record, letter.fields.get(i, set()), health=i in letter.health),
            part="body",
        )
        for i, record in enumerate(records)
    )
    return WrittenFile(normalise_zip(buffer.getvalue()), mentions)
