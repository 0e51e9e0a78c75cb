"""SPSS and Stata data files: a table of the cases, variables named with their labels,
codes read as their value labels, dates as dates; the people in them found."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.statdata import StatDataExtractor, cell_text, header
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes, kind: str) -> list[Extracted]:
    source = Source("onderzoek/data", kind, len(data), lambda: io.BytesIO(data))
    return list(StatDataExtractor().extract(source, Config(max_table_rows_per_unit=2)))


def _questionnaire(tmp_path: Path) -> bytes:
    """An SPSS questionnaire as pyreadstat writes one: a DATE11 birth date, a BSN as F9.0
    (leading zero lost), a result coded with value labels, an open answer, an IBAN."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "respnr": [23361.0, 23786.0, 23256.0],
            "naam": ["Sabajo, S.", "Kaya, F.", "van Dijk-van den Broek, A."],
            "gebdat": [dt.date(1969, 7, 29), dt.date(1994, 2, 22), None],
            "bsn": [955227641.0, 50473955.0, float("nan")],
            "uitslag": [1.0, 2.0, 9.0],
            "open_opm": ["Ik had pijn bij vrijen.", "", "Geen"],
            "iban_verg": ["NL22BUNQ5426686009", "", ""],
        }
    )
    path = tmp_path / "vragenlijst.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[
            "Respondentnummer",
            "Naam (achternaam, voorletters)",
            "Geboortedatum",
            "Burgerservicenummer",
            "Uitslag hrHPV",
            "Opmerkingen (open vraag)",
            "IBAN voor vergoeding",
        ],
        variable_value_labels={"uitslag": {1: "hrHPV positief", 2: "hrHPV negatief"}},
        variable_format={"gebdat": "DATE11", "bsn": "F9.0", "respnr": "F5.0", "uitslag": "F1.0"},
        file_label="Vragenlijst ZAS 2023",
    )
    return path.read_bytes()


def test_an_spss_file_is_a_table_of_its_cases(tmp_path: Path) -> None:
    data = _questionnaire(tmp_path)
    assert sniff_bytes(data, "vragenlijst.sav") is FileType.SPSS
    items = extract(data, "spss")
    info = [u for u in items if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in info] == [("info", "Vragenlijst ZAS 2023")]
    rows = rows_by_number(items)
    assert rows[1] == {
        "respnr: Respondentnummer": "23361",
        "naam: Naam (achternaam, voorletters)": "Sabajo, S.",
        "gebdat: Geboortedatum": "1969-07-29",
        "bsn: Burgerservicenummer": "955227641",
        "uitslag: Uitslag hrHPV": "hrHPV positief",
        "open_opm: Opmerkingen (open vraag)": "Ik had pijn bij vrijen.",
        "iban_verg: IBAN voor vergoeding": "NL22BUNQ5426686009",
    }
    assert rows[2]["bsn: Burgerservicenummer"] == "50473955"  # (as stored: no leading zero)
    assert rows[3]["uitslag: Uitslag hrHPV"] == "9"  # (a code no label names)
    assert "gebdat: Geboortedatum" not in rows[3] and "bsn: Burgerservicenummer" not in rows[3]


def test_the_people_in_a_dataset_are_found(tmp_path: Path) -> None:
    units = [u for u in extract(_questionnaire(tmp_path), "spss") if isinstance(u, TableUnit)]
    found = {
        (f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        (1, "name", "S. Sabajo"),
        (1, "date_of_birth", "1969-07-29"),
        (1, "bsn", "955227641"),
        (1, "health", "hrHPV positief"),
        (1, "iban", "NL22BUNQ5426686009"),
        (2, "bsn", "050473955"),
        (2, "health", "hrHPV negatief"),
    }
    assert not {f for f in found if f[1] == "bsn" and f[2].startswith("233")}  # respondents


@pytest.mark.parametrize(
    ("value", "labels", "expected"),
    [
        (1.0, {1.0: "ja"}, "ja"),
        (50473955.0, None, "50473955"),
        (2.5, None, "2.5"),
        (float("nan"), None, None),
        (None, None, None),
        (dt.date(1969, 7, 29), None, "1969-07-29"),
        (dt.datetime(2024, 5, 13, 9, 41, 7, 250), None, "2024-05-13T09:41:07"),
        ("  ", None, None),
        ("Kaya, F.", None, "Kaya, F."),
    ],
)
def test_cell_text(value: object, labels: dict[object, str] | None, expected: str | None) -> None:
    assert cell_text(value, labels) == expected


def test_a_label_that_says_no_more_than_the_name_is_left_out() -> None:
    assert header("bsn", "BSN") == "bsn"
    assert header("voorl", "Voorletters") == "voorl: Voorletters"
    assert header("pc", None) == "pc"


@pytest.mark.parametrize("kind", ["spss", "stata"])
def test_a_damaged_file_is_an_error_with_a_reason(kind: str) -> None:
    magic = b"$FL2" if kind == "spss" else b"<stata_dta>"
    with pytest.raises(ExtractError, match=f"unreadable {kind} data file"):
        extract(magic + bytes(400), kind)


def test_old_stata_files_are_sniffed() -> None:
    """A Stata file of before version 13 (format 114: byte order, type 1, a zero) is one;
    a text starting with the same letter is none."""
    assert sniff_bytes(b"\x72\x02\x01\x00" + bytes(200), "a.dta") is FileType.STATA
    assert sniff_bytes(b"r\x02\x01\x00", "a.dta") is not FileType.STATA  # (too short)
    assert sniff_bytes(b"rapport 2024\n" * 20, "a.dta") is FileType.TEXT


def _transport(tmp_path: Path) -> bytes:
    """A SAS transport file (``.xpt``) as pyreadstat writes one, its text then written in
    cp1252 as SAS on Windows does (the file names no encoding): a BSN as a number, a date
    with a date format, labels."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "NAAM": ["Çelik, E.", "Ziani, M."],
            "BSN": [656564143.0, 12345672.0],
            "GEBDAT": [dt.date(1978, 9, 21), dt.date(1972, 4, 13)],
            "HPV": ["hrHPV positief", "hrHPV negatief"],
        }
    )
    path = tmp_path / "vervolg.xpt"
    pyreadstat.write_xport(
        frame, str(path), file_label="BMHK vervolg", column_labels=["Naam", "BSN", None, "Uitslag"]
    )
    utf8 = path.read_bytes()
    return utf8.replace("Çelik, E.".encode(), "Çelik, E. ".encode("cp1252"))


def test_a_sas_transport_file_is_a_table_its_text_cp1252_where_no_utf8(tmp_path: Path) -> None:
    data = _transport(tmp_path)
    assert sniff_bytes(data, "vervolg.xpt") is FileType.SAS_XPORT
    items = extract(data, "sas-xport")
    assert [u.text for u in items if isinstance(u, TextUnit)] == ["BMHK vervolg"]
    assert rows_by_number(items) == {
        1: {"NAAM": "Çelik, E.", "BSN": "656564143", "GEBDAT": "1978-09-21",
            "HPV: Uitslag": "hrHPV positief"},
        2: {"NAAM": "Ziani, M.", "BSN": "12345672", "GEBDAT": "1972-04-13",
            "HPV: Uitslag": "hrHPV negatief"},
    }  # fmt: skip
