"""XLSX workbooks of screening results (openpyxl): title rows above the header, several
sheets, real Excel date cells and BSNs stored as numbers (so a leading zero is lost).

Records must be rendered with ISO dates (noise family ``sheet``); they become date cells.
Mentions are ``part=<sheet name>``, ``row=<sheet row as Excel shows it>``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime

from openpyxl import Workbook

from breachscope.synth.formats.mentions import exposed
from breachscope.synth.model import Rendered
from breachscope.synth.tables.common import family, iso_to_date, result_cells, workbook_bytes
from breachscope.synth.writer import TruthMention, WrittenFile

Cell = str | int | object
_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
FIXED_TIME = datetime(2025, 7, 4, 9, 30)


def _bsn_cell(r: Rendered) -> Cell:
    return int(r.bsn) if r.bsn.isdigit() else r.bsn


_COLUMNS: tuple[tuple[str, Callable[[Rendered], Cell], frozenset[str]], ...] = (
    ("Naam", family, frozenset({"surname", "prefix"})),
    ("Voorletters", lambda r: r.given, frozenset({"given"})),
    ("Geb.datum", lambda r: iso_to_date(r.date_of_birth), frozenset({"date_of_birth"})),
    ("BSN", _bsn_cell, frozenset({"bsn"})),
    ("Postcode", lambda r: r.postcode, frozenset({"postcode"})),
    ("Huisnr", lambda r: r.house, frozenset({"house"})),
    ("Labnummer", lambda r: int(r.sample.lab_number) if r.sample else "", frozenset()),
    ("Afnamedatum", lambda r: iso_to_date(r.sample_date), frozenset()),
    ("Onderzoek", lambda r: result_cells(r.sample)["test"], frozenset()),
    ("Uitslag", lambda r: result_cells(r.sample)["text"], frozenset()),
    ("KOPAC-B", lambda r: result_cells(r.sample)["kopac"], frozenset()),
    ("Huisarts", lambda r: r.gp_name, frozenset({"gp_name"})),
)
_FIELDS = frozenset().union(*(c[2] for c in _COLUMNS))


def _sheet_names(rng: random.Random, n: int) -> list[str]:
    start = rng.randrange(12)
    year = rng.choice((2023, 2024, 2025))
    names = [f"Uitslagen {_MONTHS[(start + i) % 12]} {year}" for i in range(n - 1)]
    return [*names, "Afwijkend"]


def write(records: Sequence[Rendered], rng: random.Random) -> WrittenFile:
    """A workbook with 2-4 data sheets (3 title rows, header on row 4) and a notes sheet."""
    wb = Workbook()
    wb.properties.creator = "LIMS rapportage"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    notes = wb.active
    notes.title = "Toelichting"
    notes["A1"] = "Export uit LIMS; uitsluitend voor intern gebruik."
    notes["A2"] = "Datumkolommen als Excel-datum; BSN als getal."
    n_sheets = min(max(1, len(records)), rng.randint(2, 4))
    names = _sheet_names(rng, n_sheets)
    groups: list[list[Rendered]] = [[] for _ in names]
    for record in records:
        positive = record.sample is not None and record.sample.hpv == "positief"
        groups[-1 if positive and n_sheets > 1 else rng.randrange(max(1, n_sheets - 1))].append(
            record
        )
    mentions: list[TruthMention] = []
    for name, group in zip(names, groups, strict=True):
        ws = wb.create_sheet(name)
        ws.append([f"Overzicht uitslagen BVO baarmoederhalskanker - {name}"])
        ws.append([f"Gegenereerd op {FIXED_TIME:%d-%m-%Y} door LIMS rapportage"])
        ws.append([])
        ws.append([c[0] for c in _COLUMNS])
        for record in group:
            ws.append([c[1](record) for c in _COLUMNS])
            row = ws.max_row
            for col in (3, 8):
                cell = ws.cell(row=row, column=col)
                if not isinstance(cell.value, str):
                    cell.number_format = "DD-MM-YYYY"
            classes = exposed(record, _FIELDS, health=record.sample is not None)
            mentions.append(TruthMention(record.person_id, classes, part=name, row=row))
    return WrittenFile(workbook_bytes(wb), tuple(mentions))
