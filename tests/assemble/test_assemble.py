from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest

from breachscope.assemble import MENTIONS_SCHEMA, assemble
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.location import Location


def _f(dc: str, kind: str, value: str, loc: Location, record: str | None = None,
       conf: float = 0.9) -> Finding:  # fmt: skip
    return Finding(dc, kind, "test", value, loc, conf, "synthetic test finding", record)


def _row(path: str, row: int) -> tuple[str, Callable[[str], Location]]:
    record = str(Location(path, None, row))
    return record, lambda col: Location(path, None, row, col)


def _text(path: str, part: str | None = "body") -> Callable[[int, int], Location]:
    return lambda s, e: Location(path, part, None, None, s, e)


def _mentions(findings: list[Finding]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = assemble(findings_to_arrow(findings)).mentions.to_pylist()
    return out


def test_table_row_is_one_mention_with_names_split() -> None:
    rec, at = _row("a.csv", 2)
    rows = _mentions([
        _f("name", "surname", "Jansen-de Vries", at("naam"), rec),
        _f("name", "initials", "JM", at("vl"), rec),
        _f("bsn", "bsn", "12345678", at("bsn"), rec),
        _f("date_of_birth", "date_of_birth", "12-03-1975", at("geb"), rec),
        _f("address", "postcode", "1234 ab", at("pc"), rec),
        _f("address", "house_number", "12 a", at("nr"), rec),
        _f("health", "hpv", "positief", at("hpv"), rec),
        _f("provider", "provider_agb", "1234567", at("agb"), rec),
    ])  # fmt: skip
    assert len(rows) == 1
    m = rows[0]
    assert (m["surname"], m["partner_surname"], m["birth_surname"]) == (
        "Jansen-de Vries", "Jansen", "de Vries")  # fmt: skip
    assert m["initials"] == "J.M."
    assert (m["bsn"], m["bsn_valid"]) == ("012345678", False)
    assert (m["date_of_birth"], m["postcode"], m["house_number"]) == ("1975-03-12", "1234AB",
                                                                      "12A")  # fmt: skip
    assert m["provider_agb"] == "01234567"
    assert m["data_classes"] == ["name", "date_of_birth", "bsn", "address", "health", "provider"]
    assert m["record"] == rec and m["source"] == "table"
    assert len(m["evidence"]) == 8


def test_rows_without_name_email_or_bsn_are_unattributed() -> None:
    rec, at = _row("labnummers.csv", 3)
    result = assemble(findings_to_arrow([
        _f("phone", "phone", "+31612345678", at("labnummer"), rec),
        _f("health", "hpv", "positief", at("uitslag"), rec),
    ]))  # fmt: skip
    assert result.mentions.num_rows == 0
    assert result.unattributed.num_rows == 2
    assert set(result.unattributed["reason"].to_pylist()) == {"no name, e-mail or BSN"}


def test_a_valid_bsn_alone_is_a_person() -> None:
    rec, at = _row("b.csv", 2)
    rows = _mentions([_f("bsn", "bsn", "111222333", at("bsn"), rec)])
    assert len(rows) == 1 and rows[0]["bsn_valid"]


def test_more_values_of_one_kind_keep_the_most_confident() -> None:
    rec, at = _row("c.csv", 2)
    rows = _mentions([
        _f("name", "full_name", "A. Bakker", at("naam"), rec),
        _f("phone", "phone", "0201234567", at("tel"), rec, conf=0.6),
        _f("phone", "phone", "0612345678", at("mobiel"), rec, conf=0.95),
    ])  # fmt: skip
    assert rows[0]["phone"] == "+31612345678"
    assert rows[0]["other_values"] == [{"kind": "phone", "value": "+31201234567"}]


def test_free_text_groups_by_position_and_attaches_the_gp_as_provider() -> None:
    at = _text("mail.eml")
    text = [
        _f("name", "full_name", "mevrouw J.M. Jansen-de Vries", at(10, 38)),
        _f("date_of_birth", "date_of_birth", "12-03-1975", at(48, 58)),
        _f("bsn", "bsn", "111222333", at(64, 73)),
        _f("health", "hpv", "hrHPV positief", at(120, 134)),
        _f("provider", "provider_name", "A.B. van der Berg", at(160, 177)),
        _f("name", "full_name", "A.B. van der Berg", at(160, 177)),  # the GP, not a patient
        _f("name", "full_name", "K. de Boer", at(300, 310)),  # signature: a person too
        _f("phone", "phone", "0201234567", at(320, 330)),
    ]
    rows = _mentions(text)
    assert len(rows) == 2
    by_name = {r["surname"]: r for r in rows}
    patient, staff = by_name["Jansen-de Vries"], by_name["de Boer"]
    assert patient["bsn"] == "111222333" and patient["date_of_birth"] == "1975-03-12"
    assert patient["provider_name"] == "A.B. van der Berg"
    assert "health" in patient["data_classes"] and "provider" in patient["data_classes"]
    assert staff["phone"] == "+31201234567" and staff["bsn"] is None
    assert patient["record"] == "mail.eml#part=body" == staff["record"]
    assert patient["mention_id"] != staff["mention_id"]


def test_free_text_merges_a_repeated_name_and_leaves_far_values_unattributed() -> None:
    at = _text("r.pdf", "page-1")
    result = assemble(findings_to_arrow([
        _f("name", "full_name", "J. Jansen", at(0, 9)),
        _f("date_of_birth", "date_of_birth", "1975-03-12", at(20, 30)),
        _f("name", "full_name", "mevrouw Jansen", at(200, 214)),
        _f("health", "pap", "Pap 1", at(5000, 5005)),
    ]))  # fmt: skip
    assert result.mentions.num_rows == 1
    assert result.unattributed["kind"].to_pylist() == ["pap"]


def test_free_text_values_between_two_people_go_to_the_free_slot() -> None:
    at = _text("list.txt", "body")
    rows = _mentions([
        _f("name", "full_name", "J. de Vries", at(0, 11)),
        _f("date_of_birth", "date_of_birth", "1975-03-12", at(13, 23)),
        _f("date_of_birth", "date_of_birth", "1980-01-01", at(40, 50)),  # 2nd person's
        _f("name", "full_name", "K. de Vries", at(60, 71)),
    ])  # fmt: skip
    dobs = {r["initials"]: r["date_of_birth"] for r in rows}
    assert dobs == {"J.": "1975-03-12", "K.": "1980-01-01"}


def test_assemble_is_deterministic_and_schema_bound() -> None:
    rec, at = _row("d.csv", 5)
    findings = [
        _f("name", "full_name", "de Vries, B.", at("naam"), rec),
        _f("email", "email", "B.deVries@Example.org", at("mail"), rec),
    ]
    a = assemble(findings_to_arrow(findings))
    b = assemble(findings_to_arrow(list(reversed(findings))))
    assert a.mentions.schema.equals(MENTIONS_SCHEMA, check_metadata=False)
    assert a.mentions.to_pylist()[0]["mention_id"] == b.mentions.to_pylist()[0]["mention_id"]
    assert a.mentions.to_pylist()[0]["email"] == "b.devries@example.org"
    assert a.mentions.schema.metadata[b"breachscope.format"] == b"mentions"


@pytest.mark.parametrize("rows", [0, 1])
def test_empty_and_tiny_inputs(rows: int) -> None:
    rec, at = _row("e.csv", 2)
    findings = [_f("name", "full_name", "A. Bakker", at("naam"), rec)][:rows]
    table = (
        findings_to_arrow(findings)
        if findings
        else pa.Table.from_pylist(
            [], schema=findings_to_arrow([_f("name", "full_name", "x", at("n"), rec)]).schema
        )
    )
    assert assemble(table).mentions.num_rows == rows


def test_contact_details_after_a_providers_name_are_not_the_patients() -> None:
    """A lab employee who shares a GP's name signs an e-mail: her name reads as the GP's,
    and her phone and e-mail address below it are no one's, not the patient's above."""
    gp_rec, gp_at = _row("gp.csv", 2)
    at = _text("mail.eml")
    result = assemble(findings_to_arrow([
        _f("provider", "provider_name", "C. Visser", gp_at("huisarts"), gp_rec),
        _f("name", "full_name", "M.A.J. Bouzid", at(10, 23)),
        _f("bsn", "bsn", "111222333", at(40, 49)),
        _f("provider", "provider_name", "T.R. Nowak", at(120, 130)),
        _f("name", "full_name", "C. Visser", at(300, 309)),  # the signature
        _f("phone", "phone", "0652216802", at(350, 360)),
        _f("email", "email", "carla@example.nl", at(363, 379)),
    ]))  # fmt: skip
    (patient,) = result.mentions.to_pylist()
    assert patient["surname"] == "Bouzid" and patient["bsn"] == "111222333"
    assert patient["phone"] is None and patient["email"] is None
    lost = {r["kind"]: r["reason"] for r in result.unattributed.to_pylist()}
    assert lost["phone"] == lost["email"] == "after a care provider's name"


def test_a_patient_who_shares_a_gps_name_is_a_person_by_her_date_of_birth() -> None:
    gp_rec, gp_at = _row("gp.csv", 2)
    at = _text("lims.log", None)
    rows = _mentions([
        _f("provider", "provider_name", "S.L. van der Riet", gp_at("huisarts"), gp_rec),
        _f("name", "full_name", "S. van de Riet", at(100, 114)),
        _f("date_of_birth", "date_of_birth", "1965-03-11", at(121, 133)),
        _f("name", "full_name", "S.L. van der Riet", at(400, 417)),  # the GP, no birth date
    ])  # fmt: skip
    assert [(r["surname"], r["date_of_birth"]) for r in rows] == [("van de Riet", "1965-03-11")]


def test_an_agb_code_closing_the_line_above_does_not_make_the_next_name_a_provider() -> None:
    at = _text("brief.docx")
    rows = _mentions([
        _f("provider", "provider_name", "de Wit", at(20, 26)),
        _f("provider", "provider_agb", "01278257", at(32, 40)),  # '... De Wit (AGB 01278257)'
        _f("name", "full_name", "M.I.L. van Hoeve", at(42, 60)),  # ')\n' then the patient
        _f("date_of_birth", "date_of_birth", "1983-03-19", at(70, 80)),
    ])  # fmt: skip
    assert [r["surname"] for r in rows] == ["van Hoeve"]


def test_fitting_names_with_their_own_birth_dates_are_two_people_in_one_part() -> None:
    at = _text("lims.log", None)
    rows = _mentions([
        _f("name", "full_name", "I. Gijsbers", at(100, 111)),
        _f("date_of_birth", "date_of_birth", "1994-04-14", at(118, 130)),
        _f("bsn", "bsn", "841168969", at(136, 147)),
        _f("name", "full_name", "I.J. Kowalski-Gijsbers", at(900, 922)),
        _f("date_of_birth", "date_of_birth", "1967-05-30", at(929, 940)),
        _f("name", "full_name", "I. Gijsbers", at(1500, 1511)),  # the first again
        _f("date_of_birth", "date_of_birth", "1994-04-14", at(1518, 1530)),
    ])  # fmt: skip
    got = sorted((r["surname"], r["date_of_birth"]) for r in rows)
    assert got == [("Gijsbers", "1994-04-14"), ("Kowalski-Gijsbers", "1967-05-30")]


def test_a_requester_closing_a_patients_block_is_hers_not_the_next_ones() -> None:
    """'Patiënt: ...' blocks that each end with 'Aanvrager: ...', then a signature: each
    requester stands nearer the next name than its own patient's, yet is hers."""
    at = _text("list.eml")
    blocks = []
    for i, (name, dob, gp) in enumerate(
        [("A. Kupers", "1991-05-16", "V.F.K. van den Bergh"),
         ("N. de Bruin", "1967-10-03", "D.T.J. Reijnders"),
         ("D. van der Meulen", "1974-03-16", "T.T.S. Jellstra")]
    ):  # fmt: skip
        base = 100 + 240 * i
        blocks += [
            _f("name", "full_name", name, at(base, base + 12)),
            _f("date_of_birth", "date_of_birth", dob, at(base + 25, base + 35)),
            _f("provider", "provider_name", gp, at(base + 200, base + 215)),
            _f("provider", "provider_agb", f"0100000{i}", at(base + 221, base + 229)),
        ]
    blocks.append(_f("name", "full_name", "T.M.A. Verhagen", at(900, 915)))  # signature
    rows = {r["surname"]: r for r in _mentions(blocks)}
    assert {s: (r["provider_name"], r["provider_agb"]) for s, r in rows.items()} == {
        "Kupers": ("V.F.K. van den Bergh", "01000000"),
        "de Bruin": ("D.T.J. Reijnders", "01000001"),
        "van der Meulen": ("T.T.S. Jellstra", "01000002"),
        "Verhagen": (None, None),
    }


def test_a_provider_far_below_does_not_keep_a_requester_from_its_block() -> None:
    """Two blocks, a signature whose name reads as a provider's, then the quoted request
    (``Op ... schreef Medisch Centrum Molen:``) naming the first patient again: the
    practice goes to that quote, yet the first block's requester is still the first
    patient's, not the second's."""
    gp_rec, gp_at = _row("gp.csv", 2)
    at = _text("reply.eml")
    rows = _mentions([
        _f("provider", "provider_name", "S.S.D. Dijkstra", gp_at("huisarts"), gp_rec),
        _f("name", "full_name", "J. Dijksma-van Buren", at(70, 90)),
        _f("date_of_birth", "date_of_birth", "1971-09-13", at(110, 127)),
        _f("provider", "provider_name", "Van Wetten", at(300, 310)),
        _f("provider", "provider_agb", "01006912", at(316, 324)),
        _f("name", "full_name", "B. Kramer", at(345, 354)),
        _f("date_of_birth", "date_of_birth", "1972-06-17", at(374, 386)),
        _f("provider", "provider_name", "Te Brake", at(570, 578)),
        _f("provider", "provider_agb", "01187546", at(584, 592)),
        _f("name", "full_name", "S.S.D. Dijkstra", at(700, 715)),  # the signature
        _f("provider", "provider_practice", "Medisch Centrum Molen", at(852, 873)),
        _f("name", "full_name", "J. Dijksma-van Buren", at(910, 930)),  # the quote
        _f("date_of_birth", "date_of_birth", "1971-09-13", at(937, 954)),
    ])  # fmt: skip
    got = {r["surname"]: r["provider_agb"] for r in rows if r["date_of_birth"]}
    assert got == {"Dijksma-van Buren": "01006912", "Kramer": "01187546"}


def _log_email(names: list[tuple[str, int]], email: str, at_char: int) -> tuple[Any, ...]:
    """Assemble a log with ``names`` (value, start) and an e-mail address far below them:
    the persons' (surname, e-mail) pairs and the unattributed reasons."""
    at = _text("lims.log", None)
    findings = [_f("name", "full_name", n, at(s, s + len(n))) for n, s in names]
    findings.append(_f("email", "email", email, at(at_char, at_char + len(email))))
    result = assemble(findings_to_arrow(findings))
    rows = sorted((r["surname"], r["email"]) for r in result.mentions.to_pylist())
    reasons = [r["reason"] for r in result.unattributed.to_pylist()]
    return tuple(rows), reasons


@pytest.mark.parametrize(
    ("names", "email", "at_char", "owner"),
    [
        # the mailer line of a log, eight lines below the patient's: her surname in it
        ([("S. Reinema-Gerritsen", 100)], "reinema.s59@planet.nl", 800, "Reinema-Gerritsen"),
        ([("A.I. van Dam", 100)], "a.vandam@outlook.com", 800, "van Dam"),
        # another person in between whose surname is not in it
        ([("S. Reinema", 100), ("P. Bakker", 500)], "reinema.s59@planet.nl", 1200, "Reinema"),
        # two people whose surname is in it: no one's
        ([("S. Reinema", 100), ("K. Reinema", 500)], "reinema.s59@planet.nl", 1200, None),
        ([("P. Brouwer", 100)], "pien_430@gmail.com", 800, None),  # a given name only
        ([("A. Dam", 100)], "a.dam1@outlook.com", 800, None),  # three letters alone
        ([("S. Reinema", 100)], "reinema.s59@planet.nl", 2900, None),  # too far below
    ],
)
def test_an_email_with_no_name_near_it_goes_to_the_person_it_names(
    names: list[tuple[str, int]], email: str, at_char: int, owner: str | None
) -> None:
    rows, reasons = _log_email(names, email, at_char)
    assert [sn for sn, e in rows if e == email] == ([owner] if owner else [])
    assert reasons == ([] if owner else ["no person nearby"])


def _letter_with_gp_namesake(between: list[Finding]) -> list[dict[str, Any]]:
    """A letter's addressee block (name, street, number, postcode, city), then, 74
    characters below the city, her date of birth; a GP of the case bears her name."""
    gp_rec, gp_at = _row("gp.csv", 2)
    at = _text("brief.docx")
    return _mentions([
        _f("provider", "provider_name", "G. van Delft", gp_at("huisarts"), gp_rec),
        _f("name", "full_name", "G.A.F. van Delft", at(197, 210)),
        _f("address", "street", "Groenstraat", at(211, 222)),
        _f("address", "house_number", "5", at(223, 224)),
        _f("address", "postcode", "3202WD", at(225, 231)),
        _f("address", "city", "Spijkenisse", at(233, 244)),
        *between,
        _f("date_of_birth", "date_of_birth", "1973-05-22", at(318, 327)),
    ])  # fmt: skip


def test_a_gps_namesake_with_her_address_and_birth_date_below_is_a_person() -> None:
    rows = _letter_with_gp_namesake([])
    assert [(r["surname"], r["postcode"], r["date_of_birth"]) for r in rows] == [
        ("van Delft", "3202WD", "1973-05-22")
    ]


def test_a_gps_name_with_another_name_before_the_birth_date_stays_the_gps() -> None:
    at = _text("brief.docx")
    rows = _letter_with_gp_namesake([_f("name", "full_name", "M. Bakker", at(280, 289))])
    assert [(r["surname"], r["date_of_birth"]) for r in rows] == [("Bakker", "1973-05-22")]
