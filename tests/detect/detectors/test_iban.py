"""IBAN: MOD-97, any country, spaced or compact; company IBANs on invoices are dropped."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [
    ("Betaal naar NL91 ABNA 0417 1643 00 t.n.v. J. Jansen", "NL91ABNA0417164300"),
    ("IBAN NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    ("rekeningnummer nl91abna0417164300", "NL91ABNA0417164300"),
    ("Salaris naar DE89370400440532013000.", "DE89370400440532013000"),
    ("IBAN: GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
    # a space after the country code, hyphens between the groups
    ("IBAN NL 91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    ("IBAN NL91-ABNA-0417-1643-00", "NL91ABNA0417164300"),
    # a Belgian bank python-stdnum's list of banks lacks: its national check digits hold
    ("Graag terugstorten op IBAN BE68 5390 0754 7034", "BE68539007547034"),
    # a mail's line wrapped between two groups, a quoted mail's too
    ("Haar IBAN voor de terugbetaling is NL91 ABNA\n0417 1643 00.", "NL91ABNA0417164300"),
    ("> rekening NL91 ABNA 0417\r\n> 1643 00 graag", "NL91ABNA0417164300"),
    # a whole IBAN at a line's end, over a line that starts with four digits
    ("IBAN BE68 5390 0754 7034\n2000 Antwerpen", "BE68539007547034"),
    # after its label, an account's digits an OCR engine read as letters (MOD-97 holds)
    ("IBAN: NL91 ABNA O417 l643 OO", "NL91ABNA0417164300"),
    ("Rekeningnummer NL91 ABNA 04l7 1643 00", "NL91ABNA0417164300"),
    ("IBAN: BE68 539O 0754 7O34", "BE68539007547034"),
    # the reader's account under a line with a web address (a scam mail quoting it)
    ("Zie www.bvo.nl voor meer.\nUw rekeningnummer NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    (
        "via https://bvo-compensatie.info/verifieer .\nUw vergoeding storten wij op het "
        "rekeningnummer dat bij ons bekend is: NL91 ABNA 0417 1643 00.",
        "NL91ABNA0417164300",
    ),
]
NEGATIVE = [
    # a payment request: the account to pay into is the organisation's
    "Wij verzoeken u het openstaande bedrag over te maken op rekening NL91 ABNA 0417 1643 00"
    " t.n.v. PathoLab Noord, onder vermelding van het factuurnummer.",
    "IBAN NL91 ABNA 0417 1643 01",  # broken check digits
    "NL91 ABNA O417 l643 OO",  # letters read as digits only after the label
    "IBAN: NL91 ABNA O417 l643 O1",  # ... and MOD-97 must hold
    "IBAN: NL91 ABNA OOOO OOOO OO",  # mostly digits already, or no misread number
    "IBAN NL91 ABNA\n0417 1643 01",  # broken check digits, wrapped
    "IBAN NL91 ABNA\n\n0417 1643 00",  # a paragraph between: no wrap
    "NL91ABNA041716430",  # too short
    "IBAN BE41 5390 0754 7035",  # MOD-97 holds, the Belgian national check digits do not
    "IBAN NL91-ABNA 0417-1643-00",  # hyphens and spaces mixed: no one writes it so
    "lab.iban=NL91ABNA0417164300",  # someone else's key (a properties file, a log)
    "ref NL91-ABNA-0417-1643-00-77",  # a longer code that holds one
    "KvK 12345678 | BTW NL001234567B01\nIBAN NL91ABNA0417164300",  # a company's IBAN
    "Medivance Diagnostics B.V. IBAN NL91ABNA0417164300",
    "IBAN: NL91ABNA0417164300 t.n.v. Stichting Lab Noord",  # a foundation's
    "Diagnostisch Laboratorium Haaglanden-West | IBAN NL91 ABNA 0417 1643 00",
    # a web address above, and the writer's own account on the line
    "Zie www.lab.nl.\nUw betaling graag naar ons rekeningnummer NL91 ABNA 0417 1643 00",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "iban") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "iban") == []


def test_a_creditors_account_in_a_record_is_the_organisations() -> None:
    """A payment record's creditor account (a SEPA direct debit's ``CdtrAcct``, a JSON
    ``creditor.iban``) is the collecting organisation's, as a column and as the cells'
    free text; the debtor's is the patient's."""
    import pyarrow as pa

    from breachscope.config import Config
    from breachscope.detect.tables import detect_table
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    header = ("creditor.iban", "debtor.name", "debtor.iban")
    data = pa.table(
        {
            "c0": ["NL39ABNA0493401707"],
            "c1": ["S. Yilmaz"],
            "c2": ["NL87RABO0634202531"],
            "__row__": pa.array([1], pa.int64()),
        }
    )
    unit = TableUnit(Location("incasso.json"), header, data)
    table = detect_table(DetectorSet.build(Config()), unit)
    ibans = [
        v
        for v, c in zip(
            table.column("value").to_pylist(), table.column("data_class").to_pylist(), strict=True
        )
        if c == "iban"
    ]
    assert ibans == ["NL87RABO0634202531"]
