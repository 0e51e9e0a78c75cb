"""Right-aligned tables a program printed (a pandas DataFrame in an ETL job's log) are
split at their header words' edges and read as tables; left-aligned tables and prose
are not read so."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.rightaligned import right_aligned_blocks
from breachscope.extract.units import TextUnit
from breachscope.location import Location


def _cells(text: str) -> list[list[str]]:
    return [
        [text[a:b] for a, b in cells] for block in right_aligned_blocks(text) for _, cells in block
    ]


def _rows(text: str) -> set[tuple[str, str, str]]:
    unit = TextUnit(Location("etl.log"), text, 0, 1)
    return {
        (f.data_class, f.value, str(f.location).removeprefix("etl.log#"))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
        if "&col=" in str(f.location)
    }


PRINTED = (
    "2024-06-03 06:30:14,195 WARNING etl.merge: 3 records met lage match_score, eerste 3:\n"
    "         bsn   achternaam voorvoegsel voorletters  ...     uitslag_hpv genotype match_score\n"
    "0  347712782       Dijkma     van der          R.  ...             NaN      NaN        0.61\n"
    "1   86477158     Rozendal                      W.  ...  hrHPV positief   HPV 16        0.72\n"
    "2  514830670  Oudejans-Li                    E.M.  ...  hrHPV negatief      NaN        0.58\n"
    "\n"
    "[3 rows x 11 columns]\n"
)


def test_a_pandas_print_is_cut_at_its_header_words_edges() -> None:
    assert _cells(PRINTED) == [
        ["", "bsn", "achternaam", "voorvoegsel", "voorletters", "uitslag_hpv", "genotype",
         "match_score"],
        ["0", "347712782", "Dijkma", "van der", "R.", "NaN", "NaN", "0.61"],
        ["1", "86477158", "Rozendal", "", "W.", "hrHPV positief", "HPV 16", "0.72"],
        ["2", "514830670", "Oudejans-Li", "", "E.M.", "hrHPV negatief", "NaN", "0.58"],
    ]  # fmt: skip


def test_a_pandas_print_is_read_as_a_table() -> None:
    found = _rows(PRINTED)
    assert {
        ("bsn", "347712782", "row=3&col=bsn"),
        ("bsn", "086477158", "row=4&col=bsn"),  # (its leading zero lost: the header says)
        ("bsn", "514830670", "row=5&col=bsn"),
        ("name", "Dijkma", "row=3&col=achternaam"),
        ("name", "van der", "row=3&col=voorvoegsel"),
        ("name", "W.", "row=4&col=voorletters"),
        ("health", "hrHPV positief", "row=4&col=uitslag_hpv"),
        ("health", "HPV 16", "row=4&col=genotype"),  # (its NaN cells no count against it)
    } <= found
    assert not any("match_score" in loc or "col=column1" in loc for _, _, loc in found)


def test_a_print_without_its_index() -> None:
    text = (
        "controle:\n"
        "      bsn  achternaam geboortedatum    uitslag_hpv\n"
        "347712782      Dijkma    1956-01-19            NaN\n"
        " 86477158    Rozendal    1984-10-25 hrHPV negatief\n"
    )
    assert _cells(text) == [
        ["bsn", "achternaam", "geboortedatum", "uitslag_hpv"],
        ["347712782", "Dijkma", "1956-01-19", "NaN"],
        ["86477158", "Rozendal", "1984-10-25", "hrHPV negatief"],
    ]
    found = _rows(text)
    assert ("date_of_birth", "1984-10-25", "row=4&col=geboortedatum") in found
    assert ("bsn", "086477158", "row=4&col=bsn") in found


def test_a_header_of_two_words_is_one_column() -> None:
    """A name of two words (``Datum afname``): a row's cell stands right after the first
    word's end, so it is no edge."""
    text = "   Naam   BSN Datum afname\n Dijkma 12345   2024-01-02\n    Kok 67890   2024-01-03\n"
    assert _cells(text)[0] == ["Naam", "BSN", "Datum afname"]


@pytest.mark.parametrize(
    "text",
    [
        # left-aligned: cells end where their words do
        "Naam       BSN        Datum\n"
        "Dijkma     347712782  2024-01-02\n"
        "Kok        514830670  2024-01-03\n",
        # a short row's last cell stops short of the edge
        "   Naam       BSN      Datum\n"
        " Dijkma 347712782 2024-01-02\n"
        "    Kok 514830670 2024-1-3\n"
        "    Kok 514830670 2024-01-03\n",
        # justified prose of equal lines
        "De uitslag van het onderzoek is\n"
        "binnen  twee  weken  bij  uw  arts\n"
        "bekend   en   wordt   u  gebeld.\n",
        # a header of numbers is data
        "     1      2      3\n  1.0    2.0    3.0\n  4.0    5.0    6.0\n",
        # one row only
        "      bsn  achternaam geboortedatum\n347712782      Dijkma    1956-01-19\n",
    ],
)
def test_not_a_right_aligned_table(text: str) -> None:
    assert right_aligned_blocks(text) == []
