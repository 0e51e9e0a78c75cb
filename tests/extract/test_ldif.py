"""LDIF: one row per directory entry, attributes as the columns a Dutch export would name;
base64 values decoded, binary ones and references left out."""

from __future__ import annotations

import base64
import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.ldif import LdifExtractor
from breachscope.extract.units import TableUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("export.ldif", "ldif", len(data), lambda: io.BytesIO(data))
    return list(LdifExtractor().extract(source, Config()))


def rows(data: bytes) -> list[dict[str, str | None]]:
    (unit,) = [u for u in extract(data) if isinstance(u, TableUnit)]
    return [
        {unit.columns[i]: r[f"c{i}"] for i in range(len(unit.columns))} | {"": r["__row__"]}
        for r in unit.data.to_pylist()
    ]


def test_attributes_named_as_an_export_names_them() -> None:
    name = base64.b64encode("Şükran Aydemir-Blom".encode()).decode()
    data = (
        "version: 1\n\ndn: uid=c-1,ou=portaal,dc=lab,dc=nl\nobjectClass: inetOrgPerson\n"
        f"cn:: {name}\nsn: Aydemir-Blom\ngivenName: Sukran\nmail: s@example.nl\n"
        "mobile: 06-41 88 30 72\ntelephoneNumber: 030-1234567\ntelephoneNumber: 030-7654321\n"
        "postalAddress: Laan van Nieuw Guinea 18$3531 JG Utrecht\nnlBSN: 701759537\n"
        "userPassword: {SSHA}abc\njpegPhoto:< file:///etc/passwd\n"
    ).encode()
    (row,) = rows(data)
    assert row == {
        "": 3, "naam": "Şükran Aydemir-Blom", "achternaam": "Aydemir-Blom",
        "voornaam": "Sukran", "adres": "Laan van Nieuw Guinea 18, 3531 JG Utrecht",
        "telefoon": "030-1234567", "telefoon (2)": "030-7654321", "mobiel": "06-41 88 30 72",
        "e-mail": "s@example.nl", "nlBSN": "701759537",
    }  # fmt: skip


def test_binary_values_folded_lines_and_comments() -> None:
    photo = base64.b64encode(bytes(range(64))).decode()
    data = (
        "# staff\ndn: uid=a,dc=lab,dc=nl\ncn: Petra\n  Jansen\n# a comment\n"
        f"thumbnailPhoto:: {photo}\n\ndn:: " + base64.b64encode(b"uid=b").decode() + "\n"
        "sn: Bakker\n"
    ).encode()
    assert rows(data) == [
        {"": 2, "naam": "Petra Jansen", "achternaam": None},
        {"": 8, "naam": None, "achternaam": "Bakker"},
    ]


def test_no_entry_is_an_error_and_empty_entries_give_nothing() -> None:
    with pytest.raises(ExtractError, match="no LDIF entry"):
        extract(b"version: 1\ncn: Jansen\n")
    assert extract(b"dn: ou=portaal,dc=lab,dc=nl\nobjectClass: organizationalUnit\n") == []


def test_a_portal_account_is_its_patients_record() -> None:
    data = (
        "dn: uid=c-2,ou=portaal,dc=lab,dc=nl\ncn: Chloë Lapère-Goossens\nsn: Lapère-Goossens\n"
        "nlBSN: 984667520\nnlGeboortedatum: 1989-07-27\n"
        "nlLaatsteUitslag: hrHPV positief, HPV 18\n"
    ).encode()
    units = [u for u in extract(data) if isinstance(u, TableUnit)]
    found = {
        (f.data_class, f.value, f.record)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert {(c, r) for c, _, r in found} >= {
        ("name", "export.ldif#row=1"), ("bsn", "export.ldif#row=1"),
        ("date_of_birth", "export.ldif#row=1"), ("health", "export.ldif#row=1"),
    }  # fmt: skip
