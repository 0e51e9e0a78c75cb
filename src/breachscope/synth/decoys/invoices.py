"""A creditor invoice register (CSV) of the lab's finance department.

Suppliers are companies: KvK numbers, company IBANs, invoice numbers, dates and amounts.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from breachscope.synth.identifiers import kvk_number, nl_iban

_COMPANIES = (
    "Medisol Laboratoriumbenodigdheden B.V.",
    "Rijnmond Koeriersdiensten B.V.",
    "Cytolab Supplies Benelux B.V.",
    "Hollandse Schoonmaakgroep N.V.",
    "NordLab Instruments B.V.",
    "DataVault Hosting B.V.",
    "Koelcel Techniek Zuid B.V.",
    "Pharmalog Distributie B.V.",
    "Stichting Kwaliteit Laboratoria",
    "Energiebedrijf Delta",
    "Printwerk Westland B.V.",
    "Securitas Beveiliging B.V.",
    "Medivance Diagnostics B.V.",
    "ICT Partners Haaglanden B.V.",
    "Glaswerk & Pipet Handel B.V.",
)
_ITEMS = (
    "Pipetpunten 1000 st.",
    "ThinPrep vials",
    "Koerierskosten week",
    "Hosting maand",
    "Onderhoud analyser",
    "Schoonmaak kantoor",
    "Energie",
    "Reagentia hrHPV kit",
    "Labels barcodeprinter",
    "Beveiliging nachtdienst",
)


def write(rng: random.Random, rows: int = 120) -> bytes:
    """``rows`` invoices from a fixed set of suppliers, ``;``-separated, cp1252."""
    suppliers = [(name, kvk_number(rng), nl_iban(rng)) for name in _COMPANIES]
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    out.writerow(
        [
            "factuurnummer",
            "factuurdatum",
            "vervaldatum",
            "leverancier",
            "kvk_nummer",
            "iban",
            "omschrijving",
            "bedrag_excl",
            "btw",
            "bedrag_incl",
        ]
    )
    day = date(2024, 1, 2)
    for i in range(rows):
        name, kvk, iban = rng.choice(suppliers)
        day += timedelta(days=rng.randint(0, 5))
        amount = rng.randint(1500, 2_500_000) / 100
        vat = round(amount * 0.21, 2)
        out.writerow(
            [
                f"F{day.year}-{10000 + i * 3 + rng.randint(0, 2)}",
                day.strftime("%d-%m-%Y"),
                (day + timedelta(days=30)).strftime("%d-%m-%Y"),
                name,
                kvk,
                iban,
                rng.choice(_ITEMS),
                f"{amount:.2f}".replace(".", ","),
                f"{vat:.2f}".replace(".", ","),
                f"{amount + vat:.2f}".replace(".", ","),
            ]
        )
    return buf.getvalue().encode("cp1252")
