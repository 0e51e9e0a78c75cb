"""Staff payroll sheet (XLSX): name, date of birth, BSN (as a number), IBAN, address.

Records are staff rendered with ISO dates (noise family ``sheet``). Two title rows above
the header; mentions ``part='Salarisstrook'``, ``row=<sheet row>``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from openpyxl import Workbook

from breachscope.synth.formats.mentions import exposed
from breachscope.synth.model import Rendered
from breachscope.synth.tables.common import family, iso_to_date, workbook_bytes
from breachscope.synth.tables.xlsx_export import FIXED_TIME
from breachscope.synth.writer import TruthMention, WrittenFile

SHEET = "Salarisstrook"
_HEADER = (
    "Pers.nr",
    "Achternaam",
    "Voorletters",
    "Geboortedatum",
    "BSN",
    "IBAN",
    "Adres",
    "Postcode",
    "Woonplaats",
    "Functie",
    "Bruto maand",
    "Telefoon",
    "E-mail",
)
_FIELDS = frozenset(
    {
        "surname",
        "prefix",
        "given",
        "date_of_birth",
        "bsn",
        "street",
        "house",
        "postcode",
        "city",
        "phone",
        "email",
    }
)
_JOBS = (
    "Analist",
    "Cytotechnoloog",
    "Moleculair analist",
    "Patholoog",
    "Secretaresse",
    "Medewerker logistiek",
    "Teamleider",
    "Kwaliteitsfunctionaris",
    "ICT-beheerder",
)


def write(records: Sequence[Rendered], rng: random.Random) -> WrittenFile:
    """One row per staff member, ordered as given."""
    wb = Workbook()
    wb.properties.creator = "Salarisadministratie"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = SHEET
    month = rng.choice(("mei", "juni"))
    ws.append([f"Salarisstrook {month} 2025 - vertrouwelijk"])
    ws.append([])
    ws.append(list(_HEADER))
    mentions = []
    for i, r in enumerate(records):
        bsn: int | str = int(r.bsn) if r.bsn.isdigit() else r.bsn
        ws.append(
            [
                1000 + i * 7 + rng.randint(0, 6),
                family(r),
                r.given,
                iso_to_date(r.date_of_birth),
                bsn,
                r.iban,
                f"{r.street} {r.house}",
                r.postcode,
                r.city,
                rng.choice(_JOBS),
                rng.randint(2600, 7400),
                r.phone,
                r.email,
            ]
        )
        row = ws.max_row
        if not isinstance(ws.cell(row=row, column=4).value, str):
            ws.cell(row=row, column=4).number_format = "DD-MM-YYYY"
        classes = set(exposed(r, _FIELDS))
        if r.iban:
            classes.add("iban")
        mentions.append(TruthMention(r.person_id, frozenset(classes), part=SHEET, row=row))
    return WrittenFile(workbook_bytes(wb), tuple(mentions))
