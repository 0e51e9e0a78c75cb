"""BSN: elfproef, context, 8-digit form, lab-number decoys."""

from __future__ import annotations

import pyarrow as pa
import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import detector, found

# 111222333 and 123456782 pass the elfproef; 111222334 / 123456783 do not.
POSITIVE = [
    ("BSN: 111222333", "111222333"),
    # DigiD's sector code of the BSN, as a SAML assertion's NameID writes it
    ("<saml:NameID>s00000000:011102433</saml:NameID>", "011102433"),
    # a chat's reply to the line asking for it, after the date of birth asked with it
    (
        "[14-05-24 09:12:03] Praktijk Zuid: Wat is uw geboortedatum en BSN?\n"
        "[14-05-24 09:15:47] Nadia: 12-9-1987 en 656572693",
        "656572693",
    ),
    # a call's transcript: no question mark, words said first, the digits spoken in groups
    (
        "00:00:41 AGENT: en eh uw burgerservicenummer heeft u die bij de hand\n"
        "00:00:44 BELLER: eh even kijken hoor eh ja hier op mijn pasje 7 7 6. 0 3 5. 1 6 2",
        "776035162",
    ),
    # only the bare word "nummer" between the label and the value: the BSN meant
    ("bsn klopt niet, het juiste nummer is 845187387 (nagevraagd)", "845187387"),
    ("BSN 123456782 klopt, nummer 845187387 niet", "123456782"),  # another number between
    ("burgerservicenummer 123456782.", "123456782"),
    ("BSN: 506332433.0", "506332433"),  # a spreadsheet's float, copied into a text
    ("BSN 1234.56.782", "123456782"),
    ("BSN 123 456 782", "123456782"),
    ("Dossier BSN-123456782.pdf", "123456782"),  # its label joined by a hyphen
    ("Sofinummer 111 222 333", "111222333"),
    ("Burgerservicenr. 123456782", "123456782"),  # the abbreviations of letters and forms
    # a letter's label at its line's end, the number a sentence further on the next line
    (
        "en dan dat burgerservicenr\nvan mijn moeder, dat nie klopte, dat is 3707 47 744 en",
        "370747744",
    ),
    ("burgerservice nr: 111222333", "111222333"),
    ("Sofi-nr.: 123456782", "123456782"),
    ("WARN no match for patient_bsn=111222333 x", "111222333"),  # a log's key=value
    # alone in brackets right after a person's given and family name (a chat's message)
    ("Vraagje: Mehmet Koç (111222333) belde, nieuw nummer 0629066514", "111222333"),
    # ... a given name no list holds, where the name opens a note's line or item
    ("Soraya Pinas (111222333) uitslag hrHPV negatief doorgeven", "111222333"),
    ("bellen:\n- Soraya Pinas (111222333) uitslag doorgeven", "111222333"),
    # a Java log's MDC key in camel case
    ("INFO {labnr=T24-060491, patientBsn=111222333, user=mverkerk} Uitslag", "111222333"),
    ('{"pat_bsn":"123456782"}', "123456782"),
    ("BSN 11122233", None),  # 8 digits, left-padded 011122233 fails the elfproef
    ("BSN: 10000008", "010000008"),  # 8 digits with context: dropped leading zero
    ("BSN: 1 2 3 4 5 6 7 8 2", "123456782"),  # a form's boxes, a digit each
    ("BSN: |1|4|7|6|0|8|9|1|0|   Tel", "147608910"),  # the boxes drawn in text
    ("BSN: [1][4][7][6][0][8][9][1][0]", "147608910"),
    # the label in brackets after the value; a remark in brackets after the label
    ("We hebben uw nummer 189816466 (BSN) gecontroleerd.", "189816466"),
    ("BSN (zoals vermeld op haar zorgpas en bekend bij de gemeente): 326290783", "326290783"),
    ("BSN (let op: niet het labnummer!) 373472766", "373472766"),
    ("Uw BSN: 123 456\n782", "123456782"),  # its last group wrapped to the next line
    ("van mevrouw Jansen, BSN 506\r\n332 433, wonende", "506332433"),  # its first group
]
NEGATIVE = [
    "BSN: 111222334",  # broken checksum
    # in brackets after a family name alone, or a word: an order's number as often
    "Order Jansen (111222333) verzonden",
    "Mehmet Koç (111222334) belde",  # (no elfproef)
    "Lab Noord (111222333) verzonden",  # (never a name: an unlisted given name's line)
    "Uitslag Jansen (111222333) verzonden",
    "Bel Soraya Pinas (111222333)",  # (an unlisted given name only where the line opens)
    # a reply that names another number
    "[09:12] Lab: Wat is uw BSN?\n[09:15] Nadia: mijn labnummer is 656572693",
    "AGENT: en uw bsn\nBELLER: eh mijn klantnummer is 656572693",
    # no speaker before the value: an FAQ's answer, not a reply
    "Waarom vragen wij uw BSN\nDat staat in de wet; zie de uitleg op pagina twee van 656572693",
    "BSN: 506332433.05",  # no float of a whole number
    # another number's name, or another number, between the label and the value
    "Uw BSN is bekend. Uw dossiernummer is 845187387",
    "BSN: 1 2 3 4 5 6 7 8 2 3",  # ten boxes: no nine of them are the number
    "BSN: |1|2|3|4|5|6|7|8|2|3|",
    "BSN 123456783",
    "labnummer 123456782",  # passes the elfproef, but it is a lab number
    "BSN van monster LAB-123456782",  # a code's number after its hyphen
    "123456782",  # no context
    "Artikelnummer 123456782 (filterset)",
    "BSN onbekend, labnummer 123456782",
    "BSN 000000000",
    "barcode BVO1234567822",
    "10000008",  # 8 digits without context
    "labnr 189816466 (BSN)",  # named another number first
    "BSN 123 456\n7820",  # (ten digits)
    "BSN 506\n332 4339",  # (ten digits)
    "BSN 12\n\n332 433",  # (a paragraph between: no wrap)
    "Monsternummer: 189816466 (bsn)",
    "BSN (2x gecontroleerd) labnr 189816466",  # (a remark with a digit; a lab number)
]


@pytest.mark.parametrize(("text", "value"), [p for p in POSITIVE if p[1]])
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "bsn") == [value]


@pytest.mark.parametrize("text", NEGATIVE + [p[0] for p in POSITIVE if not p[1]])
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "bsn") == []


@pytest.mark.parametrize(
    ("raw", "context", "expected"),
    [
        ("111222333", False, "111222333"),
        ("111222334", True, None),
        ("10000008", True, "010000008"),
        ("10000008", False, None),
        ("123456782^^^NLMINBIZA^NNNLD~DLHW123^^^DLHW^PI", True, "123456782"),
        ("DLHW123^^^DLHW^PI~123456782^^^NLMINBIZA^NNNLD", True, "123456782"),
        ("123456782^^^DLHW^PI", True, None),  # a lab's own id, however valid
        ("506332433.0", True, "506332433"),  # pandas wrote it as a float
        ("10000008.0", True, "010000008"),
    ],
)
def test_validate(dset: DetectorSet, raw: str, context: bool, expected: str | None) -> None:
    assert detector(dset, "bsn").validate(raw, context) == expected


def test_a_column_of_floats(dset: DetectorSet) -> None:
    """A column with one empty cell, written by pandas: every number a float, read as
    the digits it holds in a long column (Arrow) as in a short one."""
    cells = ["506332433.0", None, "220269634.0", "111222333"] * 100
    claim = dset.classify("bsn", [c for c in cells if c][:20])
    assert claim is not None
    det, verdict = claim
    for column in (pa.array(cells, pa.string()), pa.array(cells[:4], pa.string())):
        found = det.cells(column, verdict)
        assert set(found.value.to_pylist()) == {"506332433", "220269634", "111222333"}


def test_column_by_values_not_lab_numbers(dset: DetectorSet) -> None:
    valid = ["111222333", "123456782", "010000008", "100000009", "999999990"] * 4
    assert dset.classify("nummer", valid) is not None
    claim = dset.classify("labnummer", valid)
    assert claim is None or claim[0].id != "bsn"


@pytest.mark.parametrize(
    "header",
    [
        "rekeningnummer",
        "Bankrekening",
        "klantnummer",
        "relatienr",
        "dossiernummer",
        "kenmerk",
        "serienummer",
        "documentnummer",
        "UITNODIGINGSNR",  # a screening invitation's number (ScreenIT, SQL*Loader)
    ],
)
def test_account_and_customer_numbers_are_no_bsns(dset: DetectorSet, header: str) -> None:
    """Numbers that pass the 11-test under a header naming another number: a bank account
    number of before the IBAN (the same 11-test), a customer's, a file's."""
    valid = ["111222333", "123456782", "010000008", "100000009", "999999990"] * 4
    claim = dset.classify(header, valid)
    assert claim is None or claim[0].id != "bsn"


@pytest.mark.parametrize("header", ["BSN", "Burgerservicenummer", "Burgerservicenr", "sofinr"])
def test_header_names_the_column(dset: DetectorSet, header: str) -> None:
    verdict = detector(dset, "bsn").claim_column(header, ["123456782", "111222333"] * 5)
    assert verdict is not None and verdict.evidence.startswith("column header")
