"""Matching only at candidate starts must find exactly what scanning each window finds:
the health detector (start words from the prefilter) and the ``reversed`` / ``initials``
name shapes (starts found in the window), with the Hyperscan and the fallback prefilter."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.base import TextMatch
from breachscope.detect.context import ASCII_FOLDS, TextView, fullmatch
from breachscope.detect.detectors.health import HealthDetector
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.namegrammar import (
    _HAS_CAPITAL,
    _NOT_IN_NAME,
    NAME_LINE,
    NAME_LINE_MAX,
    SHAPES,
    _shapes,
    addressee,
    initial_starts,
    reversed_starts,
)
from breachscope.detect.prefilter import encode
from breachscope.detect.rxtwin import plain

HEALTH_PIECES = (
    "hrHPV", "HPV", "hpv", "hr-hpv", "16", "/", "18", "genotype", "Pap", "3a2", "klasse",
    "KOPAC-B", "K1", "O1", "P2", "A1", "C1", "B1", "k 2", "CIN", "2", "HSIL", "asc-us",
    "carcinoma in situ", "adenocarcinoom", "Urinekweek", "urine", "Chlamydia", "sti", "SOA",
    "hepatitis B", "Huid", "wond", "kweek", "PCR", "(anaal)", "positief", "negatief",
    "geen groei", "aangetoond", "normaal", "u heeft ", "u hebt geen ", "is ", "gevonden",
    "aangetroffen", "geen ", ":", "=", " ", " ", " ", "\n", ".", ";", ",",
    "-", "é", "x", "EUR 12", "kit", "\u212a1", "\u017fti", "\u0130", "Ş", "\u00a0",
    # beyond the lab: medicines, conditions and their cues, codes, blood pressure
    "uw", "haar", "COPD", "depressie", "sertraline", "Metformine", "50 mg", "2850 IE",
    "gebruikt", "start", "sinds", "bekend met", "lijdt aan", "i.v.m.", "ICPC", "T90",
    "K86", "hypertensie", "RR", "152/94", "mmHg", "OGTT", "(Fraxiparine)",
    # an appointment's reason after the dash on a person's line
    "mw. ", "geb. 04-04-1966", " - ", " – ", "controle ", "diabetes", "mellitus",
    "zwangerschapstest", "Cervixcarcinoom", "borstkanker",
)  # fmt: skip
NAME_PIECES = (
    "Jan", "de", "Vries", "van der", "Berg", "J.M.", "A.", "Th.", "JANSEN", "?ahin", "'t",
    "v.d.", "Mevr.", "Uitslag", "Straat", "Schaepmanstraat", " ", " ", " ", ",", ", ", ":",
    ".", "\n", '"', "-", " - ", "12", "É", "ö", "İ", "ſ", "\ufffd", "x", "Ça", "½", "Şahin",
    "HPP", "E", ";", ', "', ',"', ", 12", ", hierbij", ",Jan", ", ?",
)  # fmt: skip


def _tagged(dset: DetectorSet, det_id: str, text: str) -> dict[str, list[int]]:
    hits: dict[str, list[int]] = {}
    for ch, ends in dset.prefilter.scan(encode(text)).items():
        i, tag = dset.channels[ch]
        if dset.detectors[i].id == det_id:
            hits[tag] = ends
    return hits


def _health_scanned(det: HealthDetector, view: TextView, ends: Sequence[int]) -> list[TextMatch]:
    return list(det.find(view, ends))


@pytest.fixture(scope="module", params=[False, True], ids=["hyperscan", "fallback"])
def health_set(request: pytest.FixtureRequest) -> DetectorSet:
    return DetectorSet([HealthDetector()], force_fallback=request.param)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(HEALTH_PIECES), max_size=16).map("".join))
def test_health_starts_equal_window_scan(health_set: DetectorSet, text: str) -> None:
    det = health_set.detectors[0]
    assert isinstance(det, HealthDetector)
    hits = _tagged(health_set, "health", text)
    view = TextView(text)
    expected = _health_scanned(det, view, hits.get("", ()))
    assert list(det.find_tagged(TextView(text), hits)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hrHPV positief, HPV 16/18, Pap 3a2, KOPAC-B K1 O1 P2 A1 C1 B1",
        "Urinekweek: geen groei; hepatitis B: negatief; CIN 2",
        "huid: Trichophyton rubrum aangetoond. \u212aopac k1 o1 p1 a1 c1",
        "\u017fti: positief. HPV negatief",
        "09:00 mw. Çelik, geb. 04-04-1966 - controle diabetes mellitus type 2",
        "Mw. Kok i.v.m. COPD gezien.",  # an escaped start (``i\\.``) is two characters long
        "Bij speculumonderzoek: portio-ectropion",
        "Wynik: nie wykryto wirusa HPV. Wynik: wykryto wirusa HPV (typ 16).",
        "mw. Kok (12-03-1966) \u2013 borstkanker; mw. Jansen \u2013 zwangerschapstest positief",
    ],
)
def test_health_starts_cases(health_set: DetectorSet, text: str) -> None:
    det = health_set.detectors[0]
    hits = _tagged(health_set, "health", text)
    found = list(det.find_tagged(TextView(text), hits))
    assert isinstance(det, HealthDetector)
    assert found and found == _health_scanned(det, TextView(text), hits[""])


def _shapes_scanned(view: TextView, ends: Sequence[int]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for lo, hi in view.windows(ends, 64, 24):
        for shape in ("reversed", "initials"):
            for m in view.finditer(SHAPES[shape], lo, hi):
                out.append((shape, *m.span("n")))
    return out


@settings(max_examples=400, deadline=None)
@given(
    text=st.lists(st.sampled_from(NAME_PIECES), max_size=16).map("".join),
    step=st.integers(min_value=1, max_value=120),
)
def test_name_shape_starts_equal_window_scan(text: str, step: int) -> None:
    """Windows from hits every ``step`` characters (one window or several)."""
    ends = list(range(1, len(text) + 1, step))
    hits: Mapping[str, Sequence[int]] = {"": ends}
    assert _shapes(TextView(text), hits) == _shapes_scanned(TextView(text), ends)


@pytest.mark.parametrize(
    ("text", "shape", "span"),
    [
        ("Betreft: Jansen-de Vries, J.M. uitslag", "reversed", "Jansen-de Vries, J.M."),
        ("Berg, A.B. van der", "reversed", "Berg, A.B. van der"),
        ("van der Berg - de Wit, Marieke", "reversed", "van der Berg - de Wit, Marieke"),
        ("½Postenga, HPP,", "reversed", "Postenga, HPP"),
        ("Jan v.d.,Jan", "reversed", "Jan v.d.,Jan"),  # (a surname that ends in a dot)
        ("Nijenhuis, drs. A.B.: hrHPV", "reversed", "Nijenhuis, drs. A.B."),  # a title
        ("zie J.M. de Vries.", "initials", "J.M. de Vries"),
        ("Th. van 't Hof", "initials", "Th. van 't Hof"),
    ],
)
def test_name_shape_starts_cases(text: str, shape: str, span: str) -> None:
    ends = list(range(1, len(text) + 1))
    got = _shapes(TextView(text), {"": ends})
    assert got == _shapes_scanned(TextView(text), ends)
    assert any(g[0] == shape and text[g[1] : g[2]].strip() == span for g in got)


def test_start_finders_are_cheap_supersets() -> None:
    text = "Zie Jansen, J. en A.B. de Vries, Th. Bakker; 12, ab, ."
    assert initial_starts(text, 0, len(text)) == [12, 18, 33]  # (not B of A.B.: glued)
    assert {4, 23, 26} <= set(reversed_starts(text, 0, len(text)))
    # a comma before what cannot open initials or given names wakes no start
    assert reversed_starts("Utrecht, 12 mei; Jansen, hierbij", 0, 32) == []
    assert reversed_starts('Jansen, "J."', 0, 12) == [0]
    assert reversed_starts("Jansen, J.", 0, 8) == []  # the capital lies beyond the window


def test_ascii_folds_are_all_non_latin1_characters_folding_to_ascii() -> None:
    """The prefilter sees latin-1 bytes with ASCII case folding; every other character a
    case-insensitive regex matches with an ASCII letter makes the health detector scan."""
    chars = "".join(chr(i) for i in range(0x100, sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    folding = {m.group() for m in regex.finditer(r"(?i:[a-z])", chars)}
    assert folding == set(ASCII_FOLDS)
    assert TextView("Kelvin \u212a").wide and not TextView("Şahin é").wide


ADDRESSEE_PIECES = (
    "Mevr. ", "J.M. de Vries", "Jansen", "Afdeling Pathologie", "t.a.v. ", "dhr. ", "A. ",
    "Berg, A.B. van der", "JANSEN", "?ahin", " ", "\t", ",", "\r", "(", "12", "Şahin", "x",
)  # fmt: skip


def _addressee_in_text(view: TextView, number_end: int) -> tuple[int, int] | None:
    """:func:`addressee` with the name line matched in the text itself (no memo)."""
    text = view.text
    seg_lo = view.segment(max(0, number_end - 1))[0]
    newline = text.rfind("\n", seg_lo, number_end)
    if newline <= seg_lo:
        return None
    street_start = newline + 1
    line_start = text.rfind("\n", seg_lo, street_start - 1) + 1
    if line_start <= seg_lo or street_start - 1 - line_start > NAME_LINE_MAX:
        return None
    if _NOT_IN_NAME.search(text, line_start, street_start - 1) or not _HAS_CAPITAL.search(
        text, line_start, street_start - 1
    ):
        return None
    m = fullmatch(NAME_LINE, text, line_start, street_start - 1, view.fast)
    return m.span("n") if m else None


@settings(max_examples=400, deadline=None)
@given(
    head=st.sampled_from(["Geachte", "x\n", "\n\n", "Lab\n", ""]),
    line=st.lists(st.sampled_from(ADDRESSEE_PIECES), max_size=8).map("".join),
    fast=st.booleans(),
)
def test_addressee_memo_reads_as_the_text(head: str, line: str, fast: bool) -> None:
    """The memoised name line gives the span matching it in the text gives, whatever
    stands before the line, and again when the same line recurs further on."""
    block = f"{head}\n{line}\nKerkstraat 12\n"
    text = block + "tekst\n" + block
    view = TextView(text, fast=fast and plain(text))
    for end in (len(block) - 1, len(text) - 1):
        assert addressee(view, end) == _addressee_in_text(view, end)


def test_addressee_memo_cases() -> None:
    text = "x\nMevr. J.M. de Vries\nKerkstraat 12\ntekst\ny\nMevr. J.M. de Vries\nKerkstraat 12\n"
    view = TextView(text, fast=True)
    spans = [addressee(view, e) for e in (34, len(text) - 1)]
    assert [text[s[0] : s[1]] for s in spans if s is not None] == ["J.M. de Vries"] * 2
    assert spans[0] != spans[1]
