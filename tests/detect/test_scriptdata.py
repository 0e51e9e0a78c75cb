"""Data typed into a statistics script (SPSS ``DATA LIST``, Stata ``input``) read as
table rows, the rest of the script as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.scriptdata import script_data
from breachscope.extract.units import TextUnit
from breachscope.location import Location

SPSS = (
    "* Cohort 2023.\r\n"
    "DATA LIST LIST (',') /nr (F3) naam (A40) bsn (A9) gebdat (ADATE10) hpv (F1).\r\n"
    "BEGIN DATA\r\n"
    "1,'Jansen-de Vries, M.',123456782,03/09/1958,3\r\n"
    "2,'O''Neill, K.',111222333,11/22/1960,1\r\n"
    "3,'te kort',012345672\r\n"
    "END DATA.\r\n"
    "VALUE LABELS hpv 1 'hrHPV negatief' 3 'HPV 16 positief' /nr 0 'geen'.\r\n"
    "FREQUENCIES VARIABLES=hpv.\r\n"
)
STATA = (
    "clear all\n"
    "input str40 naam str11 bsn str10 gebdat\n"
    '"Esther van Wijk" "253354602" "12jun1961"\n'
    '"Derya Çelik" "066.959.573" "10oct1968"\n'
    "end\n"
    'gen dob = date(gebdat, "DMY")\n'
)


def _rows(text: str) -> list[tuple[str | None, tuple[str, ...], list[dict[str, object]]]]:
    _, tables = script_data(TextUnit(Location("a.sps"), text))
    return [(t.location.part, t.columns, t.data.to_pylist()) for t in tables]


def test_an_spss_data_list_with_its_value_labels_and_month_first_dates() -> None:
    ((part, columns, rows),) = _rows(SPSS)
    assert part == "data-list" and columns == ("nr", "naam", "bsn", "gebdat", "hpv")
    assert [{k: v for k, v in r.items() if k.startswith("c")} for r in rows] == [
        {"c0": "1", "c1": "Jansen-de Vries, M.", "c2": "123456782", "c3": "1958-03-09",
         "c4": "HPV 16 positief"},
        {"c0": "2", "c1": "O'Neill, K.", "c2": "111222333", "c3": "1960-11-22",
         "c4": "hrHPV negatief"},
    ]  # fmt: skip
    assert [r["__row__"] for r in rows] == [4, 5]


def test_the_blocks_and_the_code_book_are_blanked_the_rest_stays() -> None:
    text, _ = script_data(TextUnit(Location("a.sps"), SPSS))
    assert "123456782" not in text.text and "HPV 16 positief" not in text.text
    assert "te kort" in text.text and "FREQUENCIES" in text.text  # (a row of two values)
    assert len(text.text) == len(SPSS)


def test_a_stata_input_block() -> None:
    ((part, columns, rows),) = _rows(STATA)
    assert part == "input" and columns == ("naam", "bsn", "gebdat")
    assert [r["c1"] for r in rows] == ["253354602", "066.959.573"]


SAS = (
    "data work.correcties;\n"
    "  infile datalines dlm='|' dsd truncover;\n"
    "  input bsn $ achternaam $ gebdat :ddmmyy10. uitslag $;\n"
    "datalines;\n"
    "266723834|Peters|23/08/1991|Pap 3b\n"
    "058484383|ter Horst|12/11/1966|hrHPV positief\n"
    ";\nrun;\n"
    "data aanvulling;\n  infile cards4 dsd;\n  input naam $ gebdat :date9. email $;\n"
    "cards4;\n"
    '"Kowalski, T.",12MAR1981,tkowalski81@icloud.com\n'
    ";;;;\nrun;\n"
)


def test_a_sas_data_steps_datalines() -> None:
    """Its infile statement's delimiter (``dlm='|'``, ``dsd``: a comma, quotes), its
    dates read with their informats as ISO dates; ``cards4`` up to ``;;;;``."""
    assert _rows(SAS) == [
        ("datalines", ("bsn", "achternaam", "gebdat", "uitslag"), [
            {"c0": "266723834", "c1": "Peters", "c2": "1991-08-23", "c3": "Pap 3b", "__row__": 5},
            {"c0": "058484383", "c1": "ter Horst", "c2": "1966-11-12", "c3": "hrHPV positief",
             "__row__": 6},
        ]),
        ("datalines", ("naam", "gebdat", "email"), [
            {"c0": "Kowalski, T.", "c1": "1981-03-12", "c2": "tkowalski81@icloud.com",
             "__row__": 13},
        ]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "data a;\n input naam $ 1-20 bsn $ 21-29;\ndatalines;\nJansen              123456782\n;\n",
        "data a;\n input @1 naam $20.;\ncards;\nJansen\n;\n",
        "Zie de datalines; hieronder.\n",
        "Jansen              123456782\nEND DATA.\n",
        'input str40 naam\n"Jansen"\n',  # (no end)
        "Zie de input van de gebruiker.\n",
    ],
)
def test_what_is_no_typed_in_data_stays_text(text: str) -> None:
    assert _rows(text) == []


def test_the_detectors_read_the_rows_as_a_table() -> None:
    config = Config(workers=1)
    found = {
        (f.data_class, f.value, str(f.location).split("#")[1])
        for f in findings_from_arrow(detect_units([TextUnit(Location("a.do"), STATA)], config))
    }
    assert ("bsn", "253354602", "part=input&row=3&col=bsn") in found
    assert ("date_of_birth", "1961-06-12", "part=input&row=3&col=gebdat") in found
    assert ("name", "Esther van Wijk", "part=input&row=3&col=naam") in found


DPUT = (
    "# dput(head(zas, 3))\n"
    "zas <- structure(list(\n"
    '    naam = c("Anouk van \'t Hof", "Sevda Y\\u0131lmaz", NA),\n'
    "    bsn = c(280263090, 104761945, 36495608),\n"
    '    gebdat = structure(c(-1861, -1368, 382), class = "Date"),\n'
    '    hpv = structure(c(3L, 1L, NA), levels = c("hrHPV negatief", "hrHPV positief",\n'
    '        "HPV 16 positief"), class = "factor")\n'
    '), row.names = c(NA, 3L), class = "data.frame")\n'
    "ggplot(zas, aes(gebdat, hpv))\n"
)


def test_an_r_data_frame_literal_is_a_table() -> None:
    ((part, columns, rows),) = _rows(DPUT)
    assert part == "data.frame" and columns == ("naam", "bsn", "gebdat", "hpv")
    assert [[r[f"c{i}"] for i in range(4)] + [r["__row__"]] for r in rows] == [
        ["Anouk van 't Hof", "280263090", "1964-11-27", "HPV 16 positief", 1],
        ["Sevda Yılmaz", "104761945", "1966-04-04", "hrHPV negatief", 2],
        [None, "36495608", "1971-01-18", None, 3],
    ]
    text, _ = script_data(TextUnit(Location("a.R"), DPUT))
    assert "280263090" not in text.text and "ggplot" in text.text


@pytest.mark.parametrize(
    "text",
    [
        'df <- data.frame(naam = c("a", "b"), bsn = c(1, 2, 3))\n',  # (lengths differ)
        "x <- list(a = c(1, 2))\n",  # (one column, no frame)
        'df <- data.frame(naam = c("a", "b"), bsn = rnorm(2))\n',  # (a call: not a literal)
        'df <- data.frame(naam = c("a", "b"\n',  # (cut short)
    ],
)
def test_what_is_no_r_frame_literal_stays_text(text: str) -> None:
    assert _rows(text) == []


@given(st.text(alphabet="abcnaNA0123456789(),=\"\\' \nstrucuelit.L-_u{}", max_size=120))
def test_any_text_is_read_without_error(text: str) -> None:
    unit = TextUnit(Location("a.R"), "df <- data.frame(" + text)
    blanked, _ = script_data(unit)
    assert len(blanked.text) == len(unit.text)
