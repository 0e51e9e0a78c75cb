"""A bare reply in a table of messages (a phone's SMS backup, a chat export's message
list) is read under the question of the message before it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.replies import asked_label, labelled_column, reply_labels

CONFIG = Config(workers=1)


def _found(path: Path) -> set[tuple[str, str, str]]:
    return {
        (f.data_class, f.value, str(f.location).split("#")[1])
        for f in findings_from_arrow(detect_units(units_of_file(path, CONFIG), CONFIG))
        if f.data_class in {"bsn", "date_of_birth"}
    }


def _sms(bodies: list[str]) -> str:
    rows = "\n".join(
        f'  <sms protocol="0" address="0612345678" date="171558{i}000" type="{1 + i % 2}" '
        f'body="{b}" read="1" contact_name="Mw. Aydin" />'
        for i, b in enumerate(bodies)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<smses count="{len(bodies)}">\n{rows}\n</smses>\n'
    )


_ASK = "Wilt u ter controle uw geboortedatum en BSN sturen? Dan plannen we de afspraak."


def test_an_sms_backups_bare_reply_gives_what_the_message_above_asked(tmp_path: Path) -> None:
    path = tmp_path / "sms-20240518.xml"
    path.write_text(_sms(["Goedemorgen", _ASK, "12-3-1981&#10;5063 32 433", "Dank u"]))
    assert _found(path) == {
        ("date_of_birth", "1981-03-12", "part=sms&row=3&col=@body&start=0&end=9"),
        ("bsn", "506332433", "part=sms&row=3&col=@body&start=10&end=21"),
    }


def test_a_chat_exports_reply_with_one_value(tmp_path: Path) -> None:
    messages = [
        {"user": "U01", "text": "Wat is het BSN van mw. Aydin?"},
        {"user": "U02", "text": "506332433"},
        {"user": "U01", "text": "Dank je"},
    ]
    path = tmp_path / "kanaal.json"
    path.write_text(json.dumps(messages), encoding="utf-8")
    assert _found(path) == {("bsn", "506332433", "row=2&col=text&start=0&end=9")}


@pytest.mark.parametrize(
    ("reply", "dob"),
    [
        ("2 juni 1975", "1975-06-02"),
        ("14 mrt. 1981", "1981-03-14"),
        ("3 februari 1990", "1990-02-03"),
    ],
)
def test_a_reply_that_writes_its_month_as_a_word(tmp_path: Path, reply: str, dob: str) -> None:
    path = tmp_path / "sms.xml"
    path.write_text(_sms(["Wat is uw geboortedatum?", reply]))
    assert _found(path) == {
        ("date_of_birth", dob, f"part=sms&row=2&col=@body&start=0&end={len(reply)}")
    }


@pytest.mark.parametrize(
    "bodies",
    [
        ["Goedemorgen, de afspraak is verzet.", "12-3-1981&#10;5063 32 433"],  # nothing asked
        ["Goedemorgen, de afspraak is verzet.", "2 juni 1975"],  # nothing asked
        [_ASK, "Goedemorgen", "506332433"],  # another message between
        [_ASK, "Mijn labnummer is 506332433, geboren heb ik niet bij de hand"],  # not bare
    ],
)
def test_a_value_no_message_above_asks_for_is_no_reply(tmp_path: Path, bodies: list[str]) -> None:
    path = tmp_path / "sms.xml"
    path.write_text(_sms(bodies))
    assert not any(row.startswith("part=sms&row=2") or "row=3" in row for *_, row in _found(path))


@pytest.mark.parametrize(
    ("message", "label"),
    [
        ("Wat is uw geboortedatum en BSN?", "geboortedatum en bsn: "),
        ("Mag ik uw burgerservicenummer? Dan zoek ik het op.", "bsn: "),
        ("Wanneer bent u geboren?", "geboortedatum: "),
        ("Wat is uw date of birth?", "geboortedatum: "),
        ("Heeft u uw BSN bij de hand", ""),  # no question mark
        ("Hoe laat is de afspraak?", ""),
        ("Het BSN staat op de brief. Kunt u morgen bellen?", ""),  # asked for something else
        ("Stuur uw bsnummer?", "bsn: "),
        ("Uw BSN-nummer is bekend. Hoe laat komt u?", ""),
    ],
)
def test_asked_label(message: str, label: str) -> None:
    assert asked_label(message) == label


def test_no_reply_reaches_across_tables() -> None:
    cells = ["Wat is uw BSN?", "506332433", None, "Wat is uw BSN?", "506332433"]
    assert reply_labels(cells, [0, 1]) == {"bsn: ": [4]}
    assert reply_labels(cells, [0]) == {"bsn: ": [1, 4]}


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=12))
def test_replies_are_cells_right_after_a_question(cells: list[str | None]) -> None:
    for label, rows in reply_labels(cells, [0]).items():
        for i in rows:
            before = [c for c in cells[:i] if c and not c.isspace()]
            assert before and asked_label(before[-1]) == label


def test_a_headerless_columns_bare_numbers_after_the_bsn_label_another_cell_gives(
    tmp_path: Path,
) -> None:
    """A LIMS client's recent patients, pasted as ``name | date | number``: one row's
    number has its label, the others' are bare; all stand in one column."""
    path = tmp_path / "recent.txt"
    path.write_text(
        "Recente patiënten:\n"
        "Peters-Smit, E. | 08-03-1984 | BSN 506.332.433\n"
        "Houda Ben Haddou | 16-10-1994 | HPV-16 pos / Pap 3b\n"
        "Van Dam, W. | 1961-03-20 | 111-222-333\n"
        "Katarzyna Wójcik | 25.12.1962 | 123456782\n",
        encoding="utf-8",
    )
    assert {(v, loc) for c, v, loc in _found(path) if c == "bsn"} == {
        ("506332433", "row=2&col=column3&start=5&end=16"),  # (the cell keeps its space)
        ("111222333", "row=4&col=column3&start=1&end=12"),
        ("123456782", "row=5&col=column3&start=1&end=10"),
    }


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        (["BSN 506.332.433", "HPV-16 pos", "111-222-333", '123456782"'], [2, 3]),
        (["506332433", "111222333"], []),  # (no cell labels a BSN)
        (["BSN onbekend", "labnr 123456782", "111 222 333 4"], []),  # (no bare number)
    ],
)
def test_labelled_column(cells: list[str | None], rows: list[int]) -> None:
    assert labelled_column(cells) == rows
