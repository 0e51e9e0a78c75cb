"""The unit-level rules of free text count patient data anywhere in the file: a letter's
other page, a report's table (``breachscope.detect.engine.detect_files``,
``breachscope.detect.heldback.held_back``)."""

from __future__ import annotations

from breachscope.config import Config
from breachscope.detect.engine import detect_files
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.heldback import held_back
from breachscope.extract.units import TableUnit, TextUnit, Unit
from breachscope.location import Location

PAGE_1 = (
    "Mevrouw K. de Wit\nPrinsengracht 231\n1015 DT Amsterdam\n\nGeachte mevrouw De Wit,\n\n"
    "Hierbij ontvangt u de uitslag van uw onderzoek.\n\nCytolab Noord - KvK 01234567\n"
)
PAGE_2 = "BSN: 534587598\nUitslag: hrHPV negatief\n"
COMPANY = "Cytolab Noord\nZernikelaan 12\n9747 AA Groningen\nKvK 01234567\n"


def _pages(path: str, *texts: str) -> list[Unit]:
    return [TextUnit(Location(path, f"page-{k}"), t) for k, t in enumerate(texts, 1)]


def _found(files: list[list[Unit]]) -> list[set[tuple[str, str]]]:
    return [
        {(f.kind, f.value) for f in findings_from_arrow(table)}
        for table in detect_files(files, Config(workers=1))
    ]


def test_her_address_beside_the_footer_on_a_page_without_her_bsn() -> None:
    """Page 1 holds her address and the lab's KvK in its footer, page 2 her BSN and
    result: her address is hers, not the company's (it was held back as the company's)."""
    (found,) = _found([_pages("brief.pdf", PAGE_1, PAGE_2)])
    assert {("street", "Prinsengracht"), ("postcode", "1015DT"), ("bsn", "534587598")} <= found
    reasons = {h.value: h.reason for h in held_back(_pages("brief.pdf", PAGE_1, PAGE_2), Config())}
    assert "Prinsengracht" not in reasons and reasons.get("01234567", "").startswith("context")


def test_another_files_patients_mark_nothing() -> None:
    """A company's contact data in a file of its own stays held back, whatever the other
    files of the scan hold."""
    letter, company = _found([_pages("brief.pdf", PAGE_1, PAGE_2), _pages("lab.txt", COMPANY)])
    assert ("street", "Prinsengracht") in letter
    assert not {kind for kind, _ in company} & {"street", "postcode", "city"}


def test_the_gp_of_a_report_whose_patients_are_in_its_table() -> None:
    """A lab's report names the GP in its prose and its patients in a table: the GP is
    the requester (held back as a provider in a text without patient data)."""
    location = Location("rapport.docx", "body")
    prose = TextUnit(
        location, "Aan: t.a.v. dhr. P. Smeets, huisarts\nUitslagen van uw patiënten:\n"
    )
    table = TableUnit.build(
        location, ["Naam", "Geb.datum", "BSN"],
        [["N. el Amrani", "02-02-1987", "162778557"], ["H. Timmermans", "19-12-1975", "568818143"]],
        [3, 4],
    )  # fmt: skip
    (found,) = _found([[prose, table]])
    assert ("provider_name", "P. Smeets") in found
    assert "P. Smeets" not in {h.value for h in held_back([prose, table], Config())}
    (alone,) = _found([[prose]])
    assert ("provider_name", "P. Smeets") not in alone


def test_a_mails_header_counts_its_own() -> None:
    """A mail's header names its sender and addressees, no patient's providers, whatever
    its body holds: a practice there stays held back."""
    header = TextUnit(
        Location("m.eml", "header"),
        "Van: Gezondheidscentrum Amstel <info@gc-amstel.nl>\nOnderwerp: uitslag",
    )
    body = TextUnit(Location("m.eml", "body"), "Mw. K. de Wit, BSN 534587598: hrHPV negatief")
    (found,) = _found([[header, body]])
    assert ("bsn", "534587598") in found
    assert not {kind for kind, _ in found} & {"provider_practice", "provider_name"}
    assert "Gezondheidscentrum Amstel" in {h.value for h in held_back([header, body], Config())}
