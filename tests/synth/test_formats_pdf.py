from __future__ import annotations

import io
import random
import re

import pypdf
import pytest

from breachscope.synth.formats import pdf_report
from breachscope.synth.formats.pdf_layout import pdf_text

from .format_checks import assert_mention_matches_text, candidates
from .format_factory import by_id, records, rendered


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_page_shows_exactly_the_claimed_classes(seed: int) -> None:
    recs = records()
    written = pdf_report.write(recs, random.Random(seed))
    pages = _pages(written.data)
    assert len(pages) == len(recs) == len(written.mentions)
    people = by_id(recs)
    for number, mention in enumerate(written.mentions, start=1):
        assert mention.part == f"page-{number}"
        assert mention.row is None and mention.member is None
        assert_mention_matches_text(mention, people[mention.person_id], pages[number - 1])


def test_a_page_holds_only_its_own_person() -> None:
    recs = records()
    pages = _pages(pdf_report.write(recs, random.Random(3)).data)
    for number, page in enumerate(pages):
        for other, record in enumerate(recs):
            if other != number:
                assert record.name not in page


def test_screening_reports_carry_the_cytology_title_and_results() -> None:
    recs = records()
    pages = _pages(pdf_report.write(recs, random.Random(4)).data)
    assert "Uitslag cervixcytologie / hrHPV" in pages[0]
    assert "K1 O1 P2 A1 C1 B1" in pages[0] and "Pap 2" in pages[0]
    assert "01234567" in pages[0]  # the GP's AGB code next to the GP name
    assert "Uitslag cervixcytologie" not in pages[2]  # urine culture
    assert "Uitslag volgt" in pages[3]  # no sample yet


def test_same_seed_same_bytes_other_seed_other_layout() -> None:
    recs = records()
    first = pdf_report.write(recs, random.Random(7)).data
    assert first == pdf_report.write(recs, random.Random(7)).data
    layouts = {pdf_report.write(recs, random.Random(s)).data for s in range(8)}
    assert len(layouts) > 1


def test_characters_outside_cp1252_are_folded_and_still_claimed() -> None:
    record = rendered(name="Ĳsbrand ĳzerman", given="Ĳsbrand", surname="ĳzerman", prefix="")
    written = pdf_report.write([record], random.Random(1))
    page = _pages(written.data)[0]
    assert pdf_text(record.name) == "IJsbrand ijzerman"
    assert "IJsbrand ijzerman" in page
    assert "name" in written.mentions[0].classes


@pytest.mark.parametrize("maker", [pdf_report.write_manual, pdf_report.write_invoice])
def test_decoys_hold_no_person_but_realistic_numbers(maker: object) -> None:
    assert callable(maker)
    data = maker(random.Random(5))
    assert data == maker(random.Random(5))
    text = "\n".join(_pages(data))
    assert re.search(r"\b\d{9}\b|\bKvK \d{8}\b", text)
    for record in records():
        for values in candidates(record).values():
            for value in values:
                if len(value) > 4:
                    assert value not in text


def test_invoice_iban_is_valid() -> None:
    from stdnum import iban

    text = "\n".join(_pages(pdf_report.write_invoice(random.Random(9))))
    match = re.search(r"IBAN (NL\d{2}[A-Z]{4}\d{10})", text)
    assert match and iban.is_valid(match[1])


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError):
        pdf_report.write([], random.Random(0))
