"""Decoy PDFs that hold no persons (re-exported by :mod:`.pdf_report`).

* ``write_manual(rng) -> bytes``: a few pages of a device manual for a (fictional) hrHPV
  analyser: serial and article numbers (some 9-digit ones pass the elfproef), firmware
  dates, error codes, a support phone number and e-mail of the vendor.
* ``write_invoice(rng) -> bytes``: a supplier's invoice to the lab: company name and
  address, KvK number, BTW number, a valid NL IBAN, order lines, dates and totals.

Everything named is an organisation; there is nothing for the truth to mention.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from stdnum import iban as iban_mod
from stdnum.nl import bsn

from breachscope.synth.formats.dates import dmy
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.pdf_layout import Page, new_canvas

_VENDORS = (
    ("Medivance Diagnostics B.V.", "Bioscience Park 3", "2333 BE", "Leiden"),
    ("NordLab Instruments B.V.", "Industrieweg 88", "3542 AD", "Utrecht"),
    ("Cytotech Benelux B.V.", "Kanaaldijk 17", "5683 CR", "Best"),
)
_BANKS = ("INGB", "ABNA", "RABO", "TRIO", "KNAB")
_ERRORS = (
    ("E-101", "Pipetteerkop niet gedetecteerd", "Controleer de kop en herstart de run."),
    ("E-214", "Temperatuur incubator buiten bereik", "Laat het apparaat 30 minuten stabiliseren."),
    ("E-305", "Barcode onleesbaar", "Plaats het monsterbuisje opnieuw, label naar buiten."),
    ("E-412", "Reagenslot verlopen", "Vervang het reagens; noteer het nieuwe lotnummer."),
    ("W-020", "Afvalcontainer bijna vol", "Leeg de container voor de volgende run."),
)
_PRODUCTS = (
    ("hrHPV PCR-kit, 96 tests", 1480.00),
    ("ThinPrep-vials PreservCyt, doos 250", 612.50),
    ("Pipettips 1000 ul, gefilterd, 10 x 96", 89.95),
    ("Zelfafnameset, karton 100 stuks", 735.00),
    ("Onderhoudscontract analyser, kwartaal", 2250.00),
    ("Controlemateriaal HPV-positief, 12 x 1 ml", 318.40),
)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _elfproef_number(rng: random.Random) -> str:
    """A 9-digit number passing the elfproef (an article number, not a BSN)."""
    while True:
        value = str(rng.randrange(100_000_000, 999_999_999))
        if bsn.is_valid(value):
            return value


def _iban(rng: random.Random) -> str:
    body = f"{rng.choice(_BANKS)}{_digits(rng, 10)}"
    return f"NL{iban_mod.calc_check_digits('NL00' + body)}{body}"


def _vendor_phone(rng: random.Random) -> str:
    return f"0{rng.choice(('71', '30', '40'))}-{_digits(rng, 3)} {_digits(rng, 4)}"


def write_manual(rng: random.Random) -> bytes:
    """A device manual with article/serial numbers and vendor contacts, no persons."""
    vendor, street, postcode, city = rng.choice(_VENDORS)
    model = f"{rng.choice(('CX', 'HP', 'MX'))}-{rng.randrange(100, 990)}"
    domain = vendor.split()[0].lower() + ".nl"
    released = date(2019, 1, 1) + timedelta(days=rng.randrange(1800))
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, title=f"Gebruikershandleiding {model}", author=vendor)
    page = Page(pdf)
    page.line(f"Gebruikershandleiding analyser {model}", size=16, bold=True)
    page.line(f"{vendor}  -  {street}, {postcode} {city}", size=9)
    page.gap(12)
    page.pair("Artikelnummer", _elfproef_number(rng))
    page.pair("Serienummer", f"SN{_digits(rng, 9)}")
    page.pair("Firmware", f"{rng.randrange(2, 6)}.{rng.randrange(10)}.{rng.randrange(30)}")
    page.pair("Uitgiftedatum", dmy(released))
    page.pair("Documentnummer", _digits(rng, 9))
    page.gap(12)
    page.line("1. Installatie", bold=True)
    page.wrapped(
        "Plaats de analyser op een vlakke, trillingsvrije ondergrond met minimaal 15 cm "
        "vrije ruimte rondom. Sluit het apparaat aan op een geaard stopcontact (230 V, "
        "50 Hz) en laat het na het inschakelen 20 minuten opwarmen."
    )
    page.gap()
    page.line("2. Dagelijks onderhoud", bold=True)
    page.wrapped(
        "Reinig de monsterlade met 70% ethanol. Voer elke ochtend een controle-run uit met "
        "het positieve en negatieve controlemateriaal en registreer de lotnummers."
    )
    pdf.showPage()
    page = Page(pdf)
    page.line("3. Foutcodes", size=13, bold=True)
    for code, text, action in _ERRORS:
        page.pair(code, text, tab=60)
        page.line(action, size=9, x=116)
    page.gap(12)
    page.line("4. Service en ondersteuning", bold=True)
    page.pair("Servicedesk", _vendor_phone(rng))
    page.pair("E-mail", f"service@{domain}")
    page.pair("Reserveonderdeel", f"{_elfproef_number(rng)} (filterset)")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write_invoice(rng: random.Random, *, lab: Lab = DEFAULT_LAB) -> bytes:
    """A supplier invoice to the lab: KvK, BTW, IBAN and order lines, no persons."""
    vendor, street, postcode, city = rng.choice(_VENDORS)
    issued = date(2024, 1, 1) + timedelta(days=rng.randrange(540))
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, title="Factuur", author=vendor)
    page = Page(pdf)
    page.line(vendor, size=14, bold=True)
    page.line(f"{street}, {postcode} {city}", size=9)
    page.line(f"KvK {_digits(rng, 8)}  |  BTW NL{_digits(rng, 9)}B01", size=9)
    page.line(f"IBAN {_iban(rng)}", size=9)
    page.gap(16)
    page.line(lab.name)
    page.line("t.a.v. Afdeling Inkoop")
    page.line(lab.address_line)
    page.gap(12)
    page.line(f"FACTUUR {issued.year}-{_digits(rng, 5)}", size=13, bold=True)
    page.pair("Factuurdatum", dmy(issued))
    page.pair("Vervaldatum", dmy(issued + timedelta(days=30)))
    page.pair("Klantnummer", _digits(rng, 6))
    page.gap(10)
    total = 0.0
    for product, price in rng.sample(_PRODUCTS, rng.randint(2, 4)):
        quantity = rng.randint(1, 12)
        total += quantity * price
        page.pair(f"{quantity} x", f"{product}  a EUR {price:.2f}  =  EUR {quantity * price:.2f}")
    page.gap(6)
    page.pair("Subtotaal", f"EUR {total:.2f}")
    page.pair("BTW 21%", f"EUR {total * 0.21:.2f}")
    page.pair("Totaal", f"EUR {total * 1.21:.2f}")
    page.gap(12)
    page.wrapped(
        "Gelieve het totaalbedrag binnen 30 dagen over te maken onder vermelding van het "
        "factuurnummer."
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
