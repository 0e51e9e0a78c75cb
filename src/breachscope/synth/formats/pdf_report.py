"""Text-layer PDF lab reports: one page per patient, several reports per file.

API (called by ``synth.generate``):

* ``write(records, rng, *, lab=DEFAULT_LAB) -> WrittenFile``: page N holds the report of
  ``records[N-1]`` ("Uitslag cervixcytologie / hrHPV" for screening samples): letterhead;
  patient block (name, geboortedatum, BSN, address, phone and e-mail when present);
  aanvrager (GP name + AGB); sample block (lab number, barcode, sample date, material);
  result lines (hrHPV, genotype, Pap, KOPAC-B or the one-line result), result text and
  advice. One :class:`TruthMention` per record with ``part='page-N'``.
* ``write_manual(rng) -> bytes`` and ``write_invoice(rng) -> bytes``: decoy PDFs holding
  no persons (see :mod:`breachscope.synth.formats.pdf_decoys`).

Empty values are absent: the line is printed with ``-`` or left out, and the class is not
claimed. Values outside cp1252 are folded (see :mod:`.pdf_layout`). Bytes depend only on
the records and the rng state.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from breachscope.synth.formats.clinical import (
    advice,
    is_screening,
    result_lines,
    test_label,
)
from breachscope.synth.formats.dates import dmy
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import display_name, exposed
from breachscope.synth.formats.pdf_decoys import write_invoice, write_manual
from breachscope.synth.formats.pdf_layout import Page, new_canvas
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

__all__ = ["write", "write_invoice", "write_manual"]

_LABELS = (
    {"name": "Naam", "dob": "Geboortedatum", "bsn": "BSN", "address": "Adres"},
    {"name": "Patiënt", "dob": "Geb. datum", "bsn": "Burgerservicenummer", "address": "Adres"},
    {"name": "Naam patiënt", "dob": "Geboren", "bsn": "BSN", "address": "Woonadres"},
)


def _name_fields(record: Rendered) -> set[str]:
    return {"name"} if record.name else {"given", "prefix", "surname"}


def _patient_block(page: Page, record: Rendered, labels: dict[str, str]) -> set[str]:
    written = _name_fields(record)
    page.line("Patiëntgegevens", bold=True)
    page.pair(labels["name"], display_name(record) or "-")
    page.pair(labels["dob"], record.date_of_birth or "-")
    written.add("date_of_birth")
    page.pair(labels["bsn"], record.bsn or "onbekend")
    written.add("bsn")
    street = " ".join(p for p in (record.street, record.house) if p)
    town = "  ".join(p for p in (record.postcode, record.city) if p)
    page.pair(labels["address"], street or "-")
    if town:
        page.pair("", town)
    written |= {"street", "house", "postcode", "city"}
    if record.phone:
        page.pair("Telefoon", record.phone)
        written.add("phone")
    if record.email:
        page.pair("E-mail", record.email)
        written.add("email")
    return written


def _requester_block(page: Page, record: Rendered) -> set[str]:
    page.gap()
    page.line("Aanvrager", bold=True)
    page.pair("Huisarts", record.gp_name or "-")
    page.pair("AGB-code", record.gp_agb or "-")
    if record.sample is not None:
        page.pair("Praktijk", record.sample.gp.practice)
    return {"gp_name", "gp_agb"}


def _sample_block(page: Page, record: Rendered) -> bool:
    """Sample data and results; returns whether a result was written."""
    sample = record.sample
    page.gap()
    page.line("Monster", bold=True)
    if sample is None:
        page.pair("Afnamedatum", record.sample_date or "-")
        page.gap()
        page.line("Uitslag volgt; het onderzoek is nog niet afgerond.")
        return False
    page.pair("Labnummer", sample.lab_number)
    page.pair("Barcode", sample.barcode)
    page.pair("Materiaal", test_label(sample))
    page.pair("Afnamedatum", record.sample_date or dmy(sample.sample_date))
    page.pair("Rapportdatum", dmy(sample.report_date))
    page.gap()
    page.line("Uitslag", bold=True)
    for label, value in result_lines(sample):
        page.pair(label, value)
    page.gap(4)
    page.pair("Conclusie", sample.result_text)
    page.gap(4)
    page.line("Advies", bold=True)
    page.wrapped(advice(sample))
    return True


def _report_page(
    page: Page, record: Rendered, lab: Lab, labels: dict[str, str], number: int, total: int
) -> frozenset[str]:
    page.letterhead(lab)
    screening = record.sample is not None and is_screening(record.sample)
    title = "Uitslag cervixcytologie / hrHPV" if screening else "Uitslag laboratoriumonderzoek"
    page.line(title, size=13, bold=True)
    page.gap(6)
    written = _patient_block(page, record, labels)
    written |= _requester_block(page, record)
    health = _sample_block(page, record)
    page.gap(16)
    page.line("Dit verslag is digitaal geautoriseerd en daarom niet ondertekend.", size=8)
    page.footer(f"{lab.name}  -  pagina {number} van {total}")
    return exposed(record, written, health=health)


def write(
    records: Sequence[Rendered], rng: random.Random, *, lab: Lab = DEFAULT_LAB
) -> WrittenFile:
    """One report page per record; mentions ``part='page-N'``."""
    if not records:
        raise ValueError("a report file needs at least one record")
    labels = rng.choice(_LABELS)
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, title="Uitslagen", author=lab.name)
    mentions = []
    for number, record in enumerate(records, start=1):
        classes = _report_page(Page(pdf), record, lab, labels, number, len(records))
        pdf.showPage()
        mentions.append(TruthMention(record.person_id, classes, part=f"page-{number}"))
    pdf.save()
    return WrittenFile(buffer.getvalue(), tuple(mentions))
