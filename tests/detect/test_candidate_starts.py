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
from breachscope.detect.context import ASCII_FOLDS, TextView
from breachscope.detect.detectors.health import HealthDetector
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.namegrammar import SHAPES, _shapes, initial_starts, reversed_starts
from breachscope.detect.prefilter import encode

HEALTH_PIECES = (
    "hrHPV", "HPV", "hpv", "hr-hpv", "16", "/", "18", "genotype", "Pap", "3a2", "klasse",
    "KOPAC-B", "K1", "O1", "P2", "A1", "C1", "B1", "k 2", "CIN", "2", "HSIL", "asc-us",
    "carcinoma in situ", "adenocarcinoom", "Urinekweek", "urine", "Chlamydia", "sti", "SOA",
    "hepatitis B", "Huid", "wond", "kweek", "PCR", "(anaal)", "positief", "negatief",
    "geen groei", "aangetoond", "normaal", ":", "=", " ", " ", " ", "\n", ".", ";", ",",
    "-", "é", "x", "EUR 12", "kit", "\u212a1", "\u017fti", "\u0130", "Ş", "\u00a0",
)  # fmt: skip
NAME_PIECES = (
    "Jan", "de", "Vries", "van der", "Berg", "J.M.", "A.", "Th.", "JANSEN", "?ahin", "'t",
    "v.d.", "Mevr.", "Uitslag", "Straat", "Schaepmanstraat", " ", " ", " ", ",", ", ", ":",
    ".", "\n", '"', "-", " - ", "12", "É", "ö", "İ", "ſ", "\ufffd", "x", "Ça", "½", "Şahin",
    "HPP", "E", ";",
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
    assert initial_starts(text, 0, len(text)) == [12, 18, 20, 33]
    assert {4, 23, 26} <= set(reversed_starts(text, 0, len(text)))


def test_ascii_folds_are_all_non_latin1_characters_folding_to_ascii() -> None:
    """The prefilter sees latin-1 bytes with ASCII case folding; every other character a
    case-insensitive regex matches with an ASCII letter makes the health detector scan."""
    chars = "".join(chr(i) for i in range(0x100, sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    folding = {m.group() for m in regex.finditer(r"(?i:[a-z])", chars)}
    assert folding == set(ASCII_FOLDS)
    assert TextView("Kelvin \u212a").wide and not TextView("Şahin é").wide
