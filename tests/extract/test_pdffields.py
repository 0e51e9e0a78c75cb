"""pdftk field dumps: one row per form, a column per field name, its values decoded."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.pdffields import PdfFieldsExtractor, column_name, forms
from breachscope.extract.units import TableUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("velden.txt", "pdf-fields", len(data), lambda: io.BytesIO(data))
    return list(PdfFieldsExtractor().extract(source, Config()))


def _field(name: str, value: str | None, kind: str = "Text") -> str:
    shown = "" if value is None else f"FieldValue: {value}\n"
    return f"---\nFieldType: {kind}\nFieldName: {name}\nFieldFlags: 0\n{shown}"


@pytest.mark.parametrize(
    ("name", "column"),
    [("geboortedatum", "geboortedatum"), ("form1[0].p1[0].bsn[0]", "bsn"), ("a.b", "b")],
)
def test_column_name(name: str, column: str) -> None:
    assert column_name(name) == column


def test_a_form_ends_where_a_field_name_comes_back() -> None:
    text = (
        _field("naam", "Ait Taleb, Fatima") + _field("geboortedatum", "17/05/1972")
        + "# ---- volgende formulier ----\n"
        + _field("naam", "Schouten, Yvonne") + _field("cb_zwanger", "Off", "Button")
        + _field("cb_iud", "Yes", "Button") + _field("klachten", None)
    )  # fmt: skip
    assert list(forms(text)) == [
        (2, {"naam": ["Ait Taleb, Fatima"], "geboortedatum": ["17/05/1972"]}),
        (13, {"naam": ["Schouten, Yvonne"], "cb_zwanger": [], "cb_iud": ["Yes"], "klachten": []}),
    ]


def test_the_forms_values_are_found_as_a_tables() -> None:
    text = (
        _field("naam_patient", "Ait Taleb, Fatima") + _field("geboortedatum", "17/05/1972")
        + _field("postcode", "8939 LK") + _field("huisarts", "E.A. de Graaf")
        + _field("handtekening_datum", "11-03-2024")
        + _field("naam_patient", "Schouten, Yvonne") + _field("geboortedatum", "08/02/1989")
        + _field("postcode", "6416 XS") + _field("huisarts", "dr. N. Soerjadi")
        + _field("handtekening_datum", "11-03-2024")
    )  # fmt: skip
    units = extract(text.encode())
    assert [type(u) for u in units] == [TableUnit]
    found = findings_from_arrow(detect_units(units, Config()))
    got = {(f.data_class, f.value, str(f.location)) for f in found}
    assert got == {
        ("name", "Fatima Ait Taleb", "velden.txt#row=2&col=naam_patient"),
        ("name", "Yvonne Schouten", "velden.txt#row=27&col=naam_patient"),
        ("date_of_birth", "1972-05-17", "velden.txt#row=2&col=geboortedatum"),
        ("date_of_birth", "1989-02-08", "velden.txt#row=27&col=geboortedatum"),
        ("address", "8939LK", "velden.txt#row=2&col=postcode"),
        ("address", "6416XS", "velden.txt#row=27&col=postcode"),
        ("provider", "E.A. de Graaf", "velden.txt#row=2&col=huisarts"),
        ("provider", "N. Soerjadi", "velden.txt#row=27&col=huisarts"),
    }


def test_blank_forms_give_nothing_and_no_field_is_an_error() -> None:
    assert extract((_field("naam", None) + _field("bsn", "")).encode()) == []
    with pytest.raises(ExtractError, match="no form field"):
        extract(b"---\nFieldType: Text\n")
