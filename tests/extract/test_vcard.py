"""vCard: one row per card, properties as the columns a Dutch export would name."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.units import TableUnit
from breachscope.extract.vcard import VcardExtractor, split_escaped

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Vries;Petra;de;;\r\nFN:Petra de Vries\r\n"
    "ADR;TYPE=HOME:;;Kerkstraat 12;Utrecht;;3581 AB;Nederland\r\n"
    "TEL;TYPE=CELL:+31 6 12345678\r\nTEL;TYPE=HOME:030-2345678\r\n"
    "EMAIL:p.devries@ziggo.nl\r\nBDAY:1978-03-03\r\n"
    "NOTE:BSN 123456782\\, patiënte van dr. Bakker\\nzie brief\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:MIICajCCAdOgAwIBAgICBEUwDQYJKoZIhvcN\r\n"
    " AQEEBQAwdzELMAkGA1UEBhMCVVMxLDAqBgNVBAoTI05ldHNjYXBl\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ay=C5=9Fe =C3=96zt=\r\n=C3=BCrk\r\n"
    "TEL;CELL:0687654321\r\nEND:VCARD\r\n"
).encode()


def extract(data: bytes) -> list[Extracted]:
    source = Source("c.vcf", "vcard", len(data), lambda: io.BytesIO(data))
    return list(VcardExtractor().extract(source, Config()))


def test_cards_are_rows_with_named_columns() -> None:
    (unit,) = [u for u in extract(CARDS) if isinstance(u, TableUnit)]
    assert unit.columns == (
        "naam", "achternaam", "voornaam", "tussenvoegsel", "adres", "telefoon",
        "telefoon (2)", "e-mail", "geboortedatum", "notitie",
    )  # fmt: skip
    first, second = unit.data.to_pylist()
    assert first["__row__"] == 1 and second["__row__"] == 14
    values = [first[f"c{i}"] for i in range(len(unit.columns))]
    assert values == [
        "Petra de Vries", "Vries", "Petra", "de", "Kerkstraat 12, 3581 AB Utrecht",
        "+31 6 12345678", "030-2345678", "p.devries@ziggo.nl", "1978-03-03",
        "BSN 123456782, patiënte van dr. Bakker\nzie brief",
    ]  # fmt: skip
    assert second["c0"] == "Ayşe Öztürk" and second["c1"] == "Öztürk" and second["c2"] == "Ayşe"
    assert second["c5"] == "0687654321" and second["c6"] is None


def test_no_card_fails() -> None:
    with pytest.raises(ExtractError, match="no vCard"):
        extract(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("value", "parts"),
    [("a;b\\;c;", ["a", "b;c", ""]), ("x\\,y", ["x,y"]), ("\\\\;z", ["\\", "z"])],
)
def test_split_escaped(value: str, parts: list[str]) -> None:
    assert split_escaped(value, ";") == parts
