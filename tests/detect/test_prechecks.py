"""The cheap rejects in front of the name regexes must never reject a real match, and
the provider detector's anchored matching must find what a scan of each window finds."""

from __future__ import annotations

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breachscope.detect.base import TextMatch
from breachscope.detect.context import TextView
from breachscope.detect.detectors.provider import (
    _CUE_RE,
    _DR_RE,
    _PLACE_AFTER_CUE,
    _PRACTICE_RE,
    _SENTENCE_END,
    _SPACES,
    PRACTICE_WORDS,
    ProviderDetector,
    _practice_length,
)
from breachscope.detect.namegrammar import (
    _NOT_IN_NAME,
    AFTER_CUE,
    BEFORE_CUE,
    NAME_LINE,
    may_follow,
    may_precede,
    plausible,
)
from breachscope.detect.names import normalise_name

# Pieces of names, cues, titles and noise, glued at random.
PIECES = (
    "Jan", "de", "Vries", "van der", "Berg", "J.M.", "A.", "Th.", "JANSEN", "?ahin", "'t",
    "Mevr.", "dr.", "Dr", "prof", "mw", "huisarts", "Huisarts", "aanvrager", "arts",
    "Huisartsenpraktijk", "Praktijk", "Medisch Centrum", "De Linde", "Noord", "Uitslag",
    " ", " ", " ", ",", ":", ".", "\n", "\t", '"', "(", "-", "12", "1234 AB", "geboren",
    "É", "ö", "İ", "\ufffd", "x", "@", "Ça", "uitslag", "uit", "van", "VAN", "vAn", "v.d.",
    "ter", "in 't", "op de", "te", "d'", "mej.", "drs.", "dhr.", "mevrouw", "ſ", "\u212a",
)  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_may_follow_never_rejects_a_cue_name(text: str) -> None:
    for pos in range(len(text) + 1):
        if AFTER_CUE.match(text, pos, pos + 160):
            assert may_follow(text, pos), (text, pos)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_may_precede_never_rejects_a_name_before_a_cue(text: str) -> None:
    for hi in range(len(text) + 1):
        if BEFORE_CUE.search(text, 0, hi):
            assert may_precede(text, 0, hi), (text, hi)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_line_holds_no_rejected_character(text: str) -> None:
    if NAME_LINE.fullmatch(text):
        assert _NOT_IN_NAME.search(text) is None, text


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("Mevr.: J. Jansen", 5, True),
        ("naam: van der Berg", 4, True),
        ("naam: 12 maart", 4, False),
        ("naam: bekend", 4, False),
        ("naam:\n\n  Jansen", 4, True),
        ("naam:", 4, False),
        ("Betreft: uitslag", 8, False),  # a small word that no title or tussenvoegsel is
        ("naam: mevrouw Jansen", 5, False),
        ("naam: v.d. Berg", 5, True),
        ("naam: ter Horst", 5, True),
        ("naam: dhr. Jansen", 5, True),
        ("naam: vanſ", 5, True),  # other letters: the regex decides
    ],
)
def test_may_follow_cases(text: str, pos: int, expected: bool) -> None:
    assert may_follow(text, pos) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Naima Hofenga, ", True),
        ("J.M. de Vries (", True),
        ("uitslag 12-03, ", False),
        ("alles klein, ", False),
        ("", False),
    ],
)
def test_may_precede_cases(text: str, expected: bool) -> None:
    assert may_precede(text, 0, len(text)) is expected


def _scanned(det: ProviderDetector, view: TextView, ends: list[int]) -> list[TextMatch]:
    """The provider detector as it was before it matched anchored: every window scanned
    with the cue and title regexes (overlapped), then the practice regex."""
    text = view.text
    seen: set[tuple[int, int]] = set()
    out: list[TextMatch] = []
    for lo, hi in view.windows(ends, det.max_len, det.lookahead):
        for pat, shape in ((_CUE_RE, "cue"), (_DR_RE, "title")):
            for m in view.finditer(pat, lo, hi, overlapped=True):
                s, e = m.span("n")
                if shape == "cue" and text.startswith(_PLACE_AFTER_CUE, s):
                    continue  # (the town after a cue, a later rule: "huisartste Jan")
                if shape == "cue" and _SENTENCE_END.fullmatch(text, m.start(), s):
                    continue  # (a cue that ends its sentence, a later rule: "huisartsdrs. Jan")
                n = plausible(text[s:e], "cue")
                value = normalise_name(text[s : s + n]) if n else None
                if value is None or (s, s + n) in seen:
                    continue
                seen.add((s, s + n))
                out.append(
                    TextMatch(
                        s,
                        s + n,
                        value,
                        "provider_name",
                        det.base_confidence,
                        f"provider name after {shape}",
                        "provider",
                    )
                )
        for m in view.finditer(_PRACTICE_RE, lo, hi):
            s, e = m.span("n")
            label = regex.match(r"Praktijk[ \t:]+(?=[A-Z])", text[s:e])
            if label and any(text[s + label.end() :].startswith(w) for w in PRACTICE_WORDS):
                s += label.end()
            length = _practice_length(text[s:e])
            if not length or (s, s + length) in seen:
                continue
            e = s + length
            seen.add((s, e))
            out.append(
                TextMatch(
                    s,
                    e,
                    _SPACES.sub(" ", text[s:e]).strip(),
                    "provider_practice",
                    det.base_confidence,
                    "practice name",
                    "provider",
                )
            )
    return out


@settings(max_examples=200, deadline=None)
@given(texts)
@example("huisartste Jan")  # (found by hypothesis: the reference lacked the town rule)
@example("huisartsdrs. Jan")  # (found by hypothesis: ... the sentence-end rule)
def test_provider_anchored_equals_window_scan(text: str) -> None:
    """With a hit at every offset (a superset of the prefilter's), anchored matching at
    the cue and practice words finds exactly what scanning the windows found. (A name
    before its role, ``Jan, huisarts``, is a later shape the window scan never had:
    hypothesis found ``Jan,huisarts``.)"""
    det = ProviderDetector()
    view = TextView(text)
    ends = list(range(1, len(text) + 1))
    found = [m for m in det.find(view, ends) if m.evidence != "provider name after role"]
    assert found == _scanned(det, view, ends)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Huisarts: dr. A.B. van der Berg", "A.B. van der Berg"),
        ("aanvrager J. Jansen, uitslag volgt", "J. Jansen"),
        ("Dr. Pietersen belt u", "Pietersen"),
        ("Huisartsenpraktijk De Linde Uitslag", "Huisartsenpraktijk De Linde"),
        ("Praktijk: Gezondheidscentrum Noord", "Gezondheidscentrum Noord"),
    ],
)
def test_provider_anchored_cases(text: str, value: str) -> None:
    det = ProviderDetector()
    view = TextView(text)
    ends = sorted({m.end() for m in regex.finditer(r"\w+\.?", text)})
    assert value in {m.value for m in det.find(view, ends)}


@pytest.mark.parametrize(
    "text",
    [
        "Huisartsenpraktijk Praktijk De Linde, huisarts: Dr. J. Jansen",
        "Gezondheidscentrum Huisartsen Noord\nbehandelend huisarts Mw. A. de Vries",
        "aanvragend arts dr. P. Bakker (Praktijk: Medisch Centrum Oost)",
    ],
)
def test_provider_anchored_equals_window_scan_cases(text: str) -> None:
    det = ProviderDetector()
    view = TextView(text)
    ends = list(range(1, len(text) + 1))
    found = list(det.find(view, ends))
    assert found and found == _scanned(det, view, ends)
