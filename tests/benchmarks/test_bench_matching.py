"""Recall scoring: a tool is credited only for *this person's* value of a class."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import matching, recall

PERSON: dict[str, Any] = {
    "bsn": "012345672", "phone": "+31612345678", "email": "j.devries@example.nl",
    "dob": "1975-03-12", "surnames": ["vries", "jansen"], "street": "Kerkstraat",
    "postcodes": ["2312AB", "1011CD"], "agb": "01123456", "gp": "broek",
}  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "span", "ok"),
    [
        ("bsn", "012345672", True),
        ("bsn", "12345672", True),  # leading zero dropped
        ("bsn", "0123.45.672", True),
        ("bsn", "012345673", False),
        ("phone", "06-12345678", True),
        ("phone", "0031 6 1234 5678", True),
        ("phone", "06-12345679", False),
        ("phone", "5678", False),
        ("email", "J.deVries@Example.nl", True),
        ("email", "j.devries@example.com", False),
        ("date_of_birth", "12-03-1975", True),
        ("date_of_birth", "12-3-1975", True),
        ("date_of_birth", "12/03/1975", True),
        ("date_of_birth", "12.03.1975", True),
        ("date_of_birth", "1975-03-12", True),
        ("date_of_birth", "19750312", True),
        ("date_of_birth", "12 maart 1975", True),
        ("date_of_birth", "12 mrt. 1975", True),
        ("date_of_birth", "13-03-1975", False),
        ("date_of_birth", "03-12-1975", False),
        ("name", "Jansen-de Vries, J.M.", True),
        ("name", "MEVR. J. DE VRIES", True),
        ("name", "J.M. Jansen", True),
        ("name", "J.M. de Vriesje", False),
        ("name", "J.M. de Vriess", True),  # one typo in a word of four letters or more
        ("name", "J.M. de Vires", True),
        ("name", "J. Jansne", True),
        ("name", "J. Janssens", False),  # two
        ("name", "Pap", False),
        ("address", "Kerkstraat 12", True),
        ("address", "2312 AB Leiden", True),
        ("address", "1011 cd", True),  # an old postcode after a move
        ("address", "Leiden", False),
        ("address", "Dorpsstraat 4", False),
        ("provider", "dr. P. ten Broek", True),
        ("provider", "AGB 01123456", True),
        ("provider", "dr. P. de Boer", False),
        ("iban", "NL91ABNA0417164300", False),  # no truth value: counted, never matched
    ],
)
def test_matches(cls: str, span: str, ok: bool) -> None:
    assert matching.matches(cls, span, PERSON) is ok


def test_no_value_never_matches() -> None:
    empty: dict[str, Any] = {"bsn": "", "phone": "", "email": "", "dob": "", "surnames": []}
    for cls, span in (("bsn", ""), ("phone", "06-12345678"), ("email", ""), ("name", "x")):
        assert not matching.matches(cls, span, empty)


FORMS = ("{d:02d}-{m:02d}-{y}", "{d}-{m}-{y}", "{d:02d}/{m:02d}/{y}", "{d:02d}.{m:02d}.{y}",
         "{y}-{m:02d}-{d:02d}", "{y}{m:02d}{d:02d}", "{d} {month} {y}")  # fmt: skip
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december")  # fmt: skip


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
       st.sampled_from(FORMS), st.text(alphabet=" ,:;()", max_size=3))  # fmt: skip
def test_dates_in_reads_every_synth_form(day: date, form: str, pad: str) -> None:
    text = pad + form.format(d=day.day, m=day.month, y=day.year,
                             month=MONTH_NAMES[day.month - 1]) + pad  # fmt: skip
    assert day.isoformat() in matching.dates_in(text)


def test_credit_per_mention_and_counted_classes() -> None:
    other = {**PERSON, "bsn": "111222333", "surnames": ["bakker"]}
    mentions = [
        {"classes": ["name", "bsn", "health"], "v": PERSON},
        {"classes": ["name", "bsn", "health"], "v": other},
    ]
    spans = [("name", "J. de Vries"), ("bsn", "012345672"), ("bsn", "999999999"),
             ("health", "hrHPV positief"), ("health", "HRHPV POSITIEF"),
             ("date_of_birth", "x")]  # fmt: skip
    assert matching.credit(spans, mentions) == {"name": 1, "bsn": 1, "health": 1}
    spans.append(("health", "Pap 2"))
    assert matching.credit(spans, mentions)["health"] == 2
    spans.append(("health", "Pap 3a2"))
    assert matching.credit(spans, mentions)["health"] == 2  # capped at the mentions


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("vries", "vriess", True), ("vriess", "vries", True), ("vries", "vries", False),
        ("vries", "vires", True), ("vries", "fries", True), ("vries", "vreis", True),
        ("vries", "vrsie", False), ("vries", "vri", False), ("ven", "veen", True),
        ("", "a", True), ("ab", "ba", True), ("abc", "cba", False),
    ],
)  # fmt: skip
def test_one_typo(a: str, b: str, ok: bool) -> None:
    assert matching.one_typo(a, b) is ok
    assert matching.one_typo(b, a) is ok


@given(st.text(alphabet="abcdefgh", min_size=1, max_size=12), st.data())
def test_one_typo_of_every_single_edit(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    c = data.draw(st.sampled_from("xyz"))
    for edit in (word[:i] + word[i + 1 :], word[:i] + c + word[i:], word[:i] + c + word[i + 1 :]):
        assert matching.one_typo(edit, word)
    if i + 1 < len(word) and word[i] != word[i + 1]:
        assert matching.one_typo(word[:i] + word[i + 1] + word[i] + word[i + 2 :], word)


def test_score_units_skips_units_without_truth() -> None:
    expect = {"a#part=body": [{"classes": ["bsn"], "v": PERSON}]}
    got = matching.score_units({"a#part=body": [("bsn", "012345672")],
                                "b#part=body": [("bsn", "012345672")]}, expect)  # fmt: skip
    assert got == {"a#part=body": {"bsn": 1}}


TRUTH_PERSONS = (
    "person_id,role,tier,surname,given_names,initials,date_of_birth,bsn,street,house_number,"
    "postcode,city,phone,email,provider_agb,provider_name,data_classes,n_mentions,sources,"
    "birth_surname,partner_surname,all_postcodes\n"
    "P1,patient,confirmed,de Vries,Julia,J.,1975-03-12,012345672,Kerkstraat,12,2312AB,Leiden,"
    ",,01123456,P. ten Broek,name;bsn,2,x,de Vries,Jansen,2312AB;1011CD\n"
    "P2,patient,confirmed,Bakker,Anna,A.,1980-01-02,,Dorpsstraat,4,1234AB,Ede,,,,,name,1,x,"
    "Bakker,,1234AB\n"
)


def _truth(tmp_path: Path) -> Path:
    (tmp_path / "mentions.csv").write_text(
        "person_id,file,locator,data_classes\n"
        "P1,m/a.eml,m/a.eml#part=body,name;bsn\n"
        "P2,m/a.eml,m/a.eml#part=body,name\n"
        "P1,r.csv,r.csv#row=2,name;bsn\n",
        encoding="utf-8",
    )
    (tmp_path / "persons.csv").write_text(TRUTH_PERSONS, encoding="utf-8")
    return tmp_path


def test_expectations_carry_the_persons_values(tmp_path: Path) -> None:
    expect = recall.expectations(_truth(tmp_path), {"m/a.eml#part=body"})
    assert list(expect) == ["m/a.eml#part=body"]
    first, second = expect["m/a.eml#part=body"]
    assert first["classes"] == ["name", "bsn"]
    assert first["v"]["surnames"] == ["jansen", "vries"]
    assert first["v"]["postcodes"] == ["1011CD", "2312AB"]
    assert first["v"]["gp"] == "broek"
    assert second["v"]["bsn"] == ""


def test_score_recall_per_class(tmp_path: Path) -> None:
    expect = recall.expectations(_truth(tmp_path), {"m/a.eml#part=body"})
    hits = {"m/a.eml#part=body": {"name": 1, "bsn": 1}, "elsewhere": {"name": 5}}
    got = recall.score(hits, expect)
    assert got["name"] == {"truth": 2, "hits": 1, "recall": 0.5}
    assert got["bsn"] == {"truth": 1, "hits": 1, "recall": 1.0}
    assert got["email"]["recall"] is None
    covered = recall.score(hits, expect, frozenset({"name"}))
    assert covered["bsn"]["recall"] is None and covered["bsn"]["truth"] == 1


def test_probe_scores_a_table_inside_a_text(tmp_path: Path) -> None:
    """A table in a letter is read as a table (findings located by row and column, not
    offsets): the probe credits the values found in its cells."""
    from benchmarks.probes.detect import _score

    from breachscope.config import Config
    from breachscope.detect.engine import detect_units
    from breachscope.extract.units import TextUnit
    from breachscope.location import Location

    text = (
        "Hierbij de uitslagen.\n\n| Naam | Geboortedatum | BSN |\n|---|---|---|\n"
        "| J. de Vries | 12-03-1975 | 012345672 |\n"
    )
    unit = TextUnit(Location("brief.docx", "body"), text, 0)
    table = detect_units([unit], Config(workers=1))
    expect = tmp_path / "expect.json"
    expect.write_text(json.dumps(
        {"brief.docx#part=body": [{"classes": ["name", "date_of_birth", "bsn"], "v": PERSON}]}
    ))  # fmt: skip
    files = [{"path": "brief.docx", "part": "body", "unit": "brief.docx#part=body"}]
    got = _score(table, [unit], files, str(expect))
    assert got == {"brief.docx#part=body": {"name": 1, "date_of_birth": 1, "bsn": 1}}
