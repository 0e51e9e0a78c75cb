from __future__ import annotations

import pytest

from breachscope.resolve.export import EXPORT_COLUMNS, _cell, export_rows, pseudonym


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("+31612345678", "+31612345678"),  # a phone number stays a phone number
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("Jansen", "Jansen"),
        (None, ""),
        (3, 3),
    ],
)
def test_csv_cells_never_hold_a_formula(value: object, written: object) -> None:
    assert _cell(value) == written


def test_pseudonyms_are_keyed_and_per_column() -> None:
    a, b = b"a" * 32, b"b" * 32
    assert pseudonym(a, "bsn", "111222333") == pseudonym(a, "bsn", "111222333")
    assert pseudonym(a, "bsn", "111222333") != pseudonym(b, "bsn", "111222333")
    assert pseudonym(a, "bsn", "111222333") != pseudonym(a, "phone", "111222333")
    assert pseudonym(a, "bsn", "111222333").startswith("h:")


def test_export_rows_mask_and_join() -> None:
    person = dict.fromkeys(EXPORT_COLUMNS)
    person.update(person_id="P1", tier="confirmed", surname="de Vries", initials="M.J.",
                  house_number="12A", postcode="1234AB", city="Utrecht", n_mentions=2,
                  data_classes=["name", "bsn"], sources=["a.csv", "b.pdf"])  # fmt: skip
    shown = export_rows([person], b"k" * 32).to_pylist()[0]
    assert shown["surname"].startswith("h:") and shown["initials"] == "M."
    assert (shown["house_number"], shown["postcode"], shown["city"]) == ("*", "1234**", "Utrecht")
    assert (shown["data_classes"], shown["sources"]) == ("name;bsn", "a.csv;b.pdf")
    revealed = export_rows([person], None).to_pylist()[0]
    assert revealed["surname"] == "de Vries" and revealed["n_mentions"] == 2
