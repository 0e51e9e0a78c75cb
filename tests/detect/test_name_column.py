"""The vectorised name column (:mod:`breachscope.detect.namecolumn`) equals
:meth:`NameDetector.validate` (and :func:`normalise_name`) value for value."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breachscope.detect.detectors.name import NameDetector
from breachscope.detect.namecolumn import MIN_FAST, name_column
from breachscope.detect.names import (
    _FOLD,
    GIVEN_NAMES,
    SURNAMES,
    _plain_tokens,
    common_name,
    initials_first,
    normalise_full,
    normalise_name,
    one_token,
)

from .helpers import column_values, per_value

DETECTOR = NameDetector()
FILLER = ["Jansen", "de Vries", "J.P.", "JANSEN"] * MIN_FAST
"""Enough cells for the fast path to run on a column."""


def validated(xs: list[str | None], context: bool) -> list[str | None]:
    return column_values(DETECTOR, xs, FILLER, context)


def expected(xs: list[str | None], context: bool) -> list[str | None]:
    return per_value(DETECTOR, xs, context)


CASES: list[tuple[str, str | None, bool]] = [
    # (cell, normal form or None, decided by the fast path)
    ("Jansen", "Jansen", True),
    ("jansen", "jansen", True),
    ("de Vries", "de Vries", True),
    ("van der Berg", "van der Berg", True),
    ("van 't Hof", "van 't Hof", True),
    ("  van  der Berg ", "van der Berg", True),
    ("JANSEN", "Jansen", True),
    ("ÖZTÜRK", "Öztürk", True),
    ("Öztürk", "Öztürk", True),
    ("JP", "Jp", True),
    ("A", "A", True),
    ("J.P.", "J.P.", True),
    ("Th.", "Th.", True),
    ("J. P.", "J.P.", True),
    ("A. B. C. Jansen", "A.B.C. Jansen", True),
    ("J. P. JANSEN", "J.P. Jansen", True),
    ("Marieke de Vries", "Marieke de Vries", True),
    ("Berg-Smit", "Berg-Smit", True),
    ("Jansen-de Vries", "Jansen-de Vries", True),
    ("U.", None, True),  # "u" is no name
    ("de", None, True),
    ("van der", None, True),
    ("Uitslag", None, True),
    ("Mevr. Jansen", "Jansen", False),
    ("dhr Jansen", "Jansen", False),
    ("Arts", "Arts", True),
    ("MARIEKE DE VRIES", "Marieke de Vries", True),
    ("Van der Berg", "van der Berg", True),
    ("V. D. Berg", "v.d. Berg", False),
    ("V.D. Berg", "v.d. Berg", False),
    ("RH Willemsen", "R.H. Willemsen", False),
    ("RHW Willemsen", "R.H.W. Willemsen", False),
    ("Willemsen RHW", "Willemsen R.H.W.", False),  # initials after the surname
    ("JANSEN PJ", "Jansen P.J.", False),
    ("JANSEN AB", "Jansen Ab", True),  # a vowel: may be a word
    ("PJ", "Pj", True),  # alone: a word (an initials column reads it as initials)
    ("JAN JANSEN", "Jan Jansen", False),
    ("DE MOL", "de Mol", True),
    ("VAN 'T ZAND", "van 't Zand", True),
    ("El Amrani", "el Amrani", True),
    ("VAN OOSTEN-VAN 'T HOF", "van Oosten-van 't Hof", True),
    ("DE BRUIN-VAN VEEN", "de Bruin-van Veen", True),
    ("VAN DER BURGT, ELLEN MARISKA", "Ellen Mariska van der Burgt", True),
    ("IJsselstein, Maria", "Maria IJsselstein", True),
    ("Oosterhuis-IJsselstein", "Oosterhuis-IJsselstein", True),
    ("JANSEN VAN", "Jansen van", False),  # a tussenvoegsel in capitals at the end
    ("VAN", None, False),
    ("IN 'T SANDE", "in 't Sande", False),  # "in" is a tussenvoegsel only with "'t"
    ("IN HET VELD", "I.N. het Veld", False),
    ("TER BEEK-VAN DEC MEER", "ter Beek-van D.E.C. Meer", False),  # DEC: initials
    ("V.D. BERG", "v.d. Berg", False),
    ("JANSEN-SMIT", "Jansen-Smit", True),
    ("Jansen, J.P.", "J.P. Jansen", True),
    ("Evers, Natasja", "Natasja Evers", True),
    ("van der Ploeg , Dirkje", "Dirkje van der Ploeg", True),
    ("JANSEN, MARIA", "Maria Jansen", True),
    ("Jansen, Maria de", "Maria de Jansen", False),  # a tussenvoegsel at an edge
    ("Berg, van den Anna", "Anna van den Berg", False),
    ("Vries, J.M. de", "J.M. de Vries", False),
    ("Mevr. Jansen, Maria", "Maria Jansen", False),  # a title
    ("Jansen, Mevr. Maria", "Maria Jansen", False),  # a title after the comma too
    ("Jansen, JP", "J.P. Jansen", False),  # short all-capital word before another
    ("Jansen, Maria, Anna", "Maria Anna Jansen", False),  # two commas
    ("Jansen^J.P.^^^^van", "J.P. Jansen", False),
    ("SU:Jansen+VV:de+VN:Piet", "Piet de Jansen", False),
    ("Şahin", "Şahin", False),
    ("Groß", "Groß", False),
    ("IJsbrand", "IJsbrand", True),
    ("Jan\u00a0Jansen", "Jan Jansen", False),
    ("Jan\tJansen", "Jan Jansen", False),
    ("Jansen2", None, False),
    ("", None, False),
    ("-", None, False),
    ("A" * 81, None, False),
]


@pytest.mark.parametrize(("cell", "value", "fast"), CASES)
def test_cases(cell: str, value: str | None, fast: bool) -> None:
    for context in (True, False):
        got = validated([cell], context)
        assert got == expected([cell], context)
        alone = DETECTOR.validate_column(pa.array([cell], pa.string()), context)
        assert alone.to_pylist() == got
    assert got == [_detected(normalise_name(cell.strip())) if len(cell) <= 80 else None]
    decided = name_column(pa.array([cell, *FILLER], pa.string()))
    assert decided is not None and decided[0].to_pylist()[0] == fast
    assert got == [_detected(value)]


def _detected(value: str | None) -> str | None:
    """A normal form as the detector reports it: initials after the family name first
    (``Jansen P.J.`` -> ``P.J. Jansen``)."""
    return None if value is None else initials_first(value)


def test_nulls_order_and_kinds() -> None:
    xs = [None, "Jansen", "Mevr. de Vries", None, "J. P.", "JAN JANSEN", "de"]
    got = DETECTOR.validate_column(pa.array(xs + FILLER, pa.large_string()), True)
    assert got.type == pa.string() and got.to_pylist() == expected(xs + FILLER, True)


def test_kind_from_sample() -> None:
    verdict = DETECTOR.claim_column("naam", ["de Vries", "Jansen", "Bakker", "J. Smit"])
    assert verdict is not None and verdict.kind == "surname"
    verdict = DETECTOR.claim_column("naam", ["Piet de Vries", "J. Jansen", "Bakker"])
    assert verdict is not None and verdict.kind == "full_name"
    # a LIMS writes the initials after the family name: full names, not surnames whose
    # last word is an initial (assembly's surname would read ``Jansen-de Vries A``)
    sample = ["Jansen-de Vries A.", "el Amrani F.", "Nguyễn T.L.", "de Vries A.B."]
    verdict = DETECTOR.claim_column("naam", sample)
    assert verdict is not None and verdict.kind == "full_name"


_WORDS = st.sampled_from(
    [
        "Jansen", "jansen", "JANSEN", "de", "De", "DE", "van", "der", "van der", "'t", "Vries",
        "J.", "P.", "J.P.", "Th.", "V.", "D.", "U.", "JP", "A", "Öztürk", "ÖZTÜRK", "Berg-Smit",
        "Jansen-de", "uitslag", "Uitslag", "Mevr.", "mw", "dhr", "Arts", "Marieke", "MARIEKE",
        "Jan", "JAN", "RHW", "Groß", "ÿvonne", "Şahin", "IJssel", "O'Brien", "d'Ancona", "-", ".",
        "'", "Dr.Jansen", "in", "het", "op", "v.d.", "vd", "Vd", "hl7", "VAN", "Van", "TER",
        "Ten", "EL", "El", "'T", "DEN", "IN", "V.D.", "IJzerman", "IJ", "IJZERMAN",
        "ZUIDEMA-WILLEMS", "HUISMAN-VAN", "VAN-DER", "Berg-IJssel", "A-B", "RIET", "huisarts",
        "Dr.", "www.jansen", "WWW.", "www",
    ]
)  # fmt: skip
_SEPS = st.sampled_from([" ", " ", " ", "  ", "\t", "\u00a0", ",", ", ", "-", ""])
_NOISE = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "Nd", "Zs", "P"]), max_size=12
)


@st.composite
def name_like(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(["", " ", "  "]))]
    for _ in range(draw(st.integers(1, 5))):
        parts.append(draw(st.one_of(_WORDS, _WORDS, _WORDS, _NOISE)))
        parts.append(draw(_SEPS))
    return "".join(parts[:-1]) + draw(st.sampled_from(["", " ", "\t"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(name_like(), name_like(), _NOISE, st.none()), max_size=30))
def test_equals_validate(xs: list[str | None]) -> None:
    for context in (True, False):
        assert validated(xs, context) == expected(xs, context)


COMMA_CASES: list[tuple[str, str | None, bool]] = [
    # (cell, normal form or None, decided by the per-value common shapes)
    ("Jansen, Maria", "Maria Jansen", True),
    ("de Vries, Marieke", "Marieke de Vries", True),
    ("Vries, J.M. de", "J.M. de Vries", True),
    ("Vries, van der, J.M.", "J.M. van der Vries", False),  # two commas
    ("Jansen,J. P.", "J.P. Jansen", True),
    ("Jansen , Maria", "Maria Jansen", True),
    ("Jansen, de", "de Jansen", True),
    ("de, van", None, True),
    ("Mevr. Jansen, Maria", "Maria Jansen", False),
    ("Dhr Jansen, Piet", "Piet Jansen", False),
    ("mw de Vries, Anna", "Anna de Vries", False),
    ("Vries, de J.M.", "J.M. de Vries", True),
    ("Berg, van den Anna", "Anna van den Berg", True),
    ("Arts, Maria", "Maria Arts", True),
    ("JANSEN, MARIA", "Maria Jansen", True),
    ("JANSEN, JP", "J.P. Jansen", False),
    ("VRIES, J.M. DE", "J.M. de Vries", False),
    ("Jansen, ", "Jansen", False),
    (", Maria", "Maria", False),
    ("Jansen, Maria2", None, False),
    ("mw ,Jansen", "Jansen", False),  # a title, then a space (found by hypothesis)
    # the tussenvoegsel after the family name, as registers sort names
    ("Berg van den, A.", "A. van den Berg", False),
    ("JONG DE, P.M.", "P.M. de Jong", False),
    ("Berg-de Jong van den, Anna", "Anna van den Berg-de Jong", False),
]


@pytest.mark.parametrize(("cell", "value"), [(c, v) for c, v, _ in COMMA_CASES])
def test_comma_cases_in_a_long_column(cell: str, value: str | None) -> None:
    """The column's Arrow path decides a comma cell as the full grammar does, or leaves
    it to the grammar."""
    fast, normal = name_column(pa.array([cell, *FILLER], pa.string())) or (None, None)
    assert fast is not None and normal is not None
    if fast.to_pylist()[0]:
        assert normal.to_pylist()[0] == value == normalise_name(cell)
    assert normalise_name(cell) == value


@pytest.mark.parametrize(("cell", "value", "fast"), CASES + COMMA_CASES)
def test_common_name_cases(cell: str, value: str | None, fast: bool) -> None:
    """The per-value common shapes decide what the column's fast path decides (plus
    values the column path sees with surrounding spaces), equal to the full grammar."""
    text = cell.strip()
    decided, got = common_name(text)
    if fast:
        assert decided
    if decided:
        assert got == normalise_full(text) == value


@settings(max_examples=1500, deadline=None)
@given(st.one_of(name_like(), _NOISE))
@example("-,Mevr.")  # (no letter: the full grammar read '-' as a name)
def test_common_name_equals_full_grammar(raw: str) -> None:
    text = raw.strip()
    decided, got = common_name(text)
    if decided:
        assert got == normalise_full(text)
    # (normalise_name reads typeset apostrophes as plain ones first: ``A‘`` is ``A'``)
    assert normalise_name(raw) == normalise_full(text.translate(_FOLD))


def test_common_name_on_word_lists() -> None:
    """Every shipped given name and surname, as written, in capitals and with initials:
    the common shapes give what the full grammar gives."""
    decided_count = 0
    for word in sorted(GIVEN_NAMES | SURNAMES):
        for text in (word, word.upper(), f"J.P. {word}", f"{word} de {word}", f"A. {word.upper()}"):
            decided, got = common_name(text)
            if decided:
                decided_count += 1
                assert got == normalise_full(text), text
    assert decided_count > 1000


TITLE_CASES: list[tuple[str, str | None, bool]] = [
    # (stripped value, normal form or None, decided by the common shapes)
    ("huisarts Van Leeuwen", "van Leeuwen", True),  # the titles the grammar strips
    ("Mevr. Jansen", "Jansen", True),
    ("mw mw Jansen", "Jansen", True),
    ("dr.Jansen", "Jansen", True),
    ("Dr. J.P. DE VRIES", "J.P. de Vries", True),
    ("mevr.", None, True),
    ("www.Jansen", None, True),  # a web address is no name
    ("Jansen www.de", None, True),
    ("mevr. www.Jansen", None, True),
    ("Mevr. Jansen, Maria", "Maria Jansen", False),  # a title and a comma: the grammar
]


@pytest.mark.parametrize(("text", "value", "decided"), TITLE_CASES)
def test_common_name_title_cases(text: str, value: str | None, decided: bool) -> None:
    assert_decides(common_name, text, value, decided)


def assert_decides(
    decide: Callable[[str], tuple[bool, str | None]], text: str, value: str | None, decided: bool
) -> None:
    """``decide`` decides ``text`` (or leaves it to the grammar) as the table says, and
    the grammar gives ``value`` either way."""
    got_decided, got = decide(text)
    assert got_decided is decided
    if decided:
        assert got == value
    assert normalise_name(text) == normalise_full(text) == value


PLAIN_CASES: list[tuple[str, str | None, bool]] = [
    # (stripped value, normal form or None, decided by the common token shapes alone)
    ("de Vries", "de Vries", True),
    ("DE MOL", "de Mol", True),  # a tussenvoegsel in capitals before a word: lower case
    ("VAN DER BERG", "van der Berg", True),
    ("Van der Berg", "van der Berg", True),
    ("El Amrani", "el Amrani", True),
    ("J.P. DE VRIES", "J.P. de Vries", True),
    ("Marieke DE Vries", "Marieke de Vries", True),
    ("DER BERG", "der Berg", True),
    ("TE RIET", "te Riet", True),
    ("VAN DE", None, False),  # the last one: no word after it
    ("DE JANSEN VAN", "de Jansen van", False),  # (the last one)
    ("IJzerman", "IJzerman", True),
    ("IJZERMAN", "Ijzerman", True),
    ("Oosterhuis-IJsselstein", "Oosterhuis-IJsselstein", True),
    ("ZUIDEMA-WILLEMS", "Zuidema-Willems", True),  # a double name in capitals
    ("HUISMAN-VAN HAL", "Huisman-van Hal", True),
    ("DE VRIES-VAN DAM", "de Vries-van Dam", True),
    ("Jansen De", "Jansen De", False),  # no word after the tussenvoegsel: the grammar
    ("JANSEN DE", "Jansen de", False),
    ("De", None, False),
    ("VAN 'T ZAND", "van 't Zand", True),
    ("Jansen 'T", "Jansen 't", False),
    ("V.D. Berg", "v.d. Berg", False),  # initials that read as a tussenvoegsel
    ("RH Willemsen", "R.H. Willemsen", False),
]


@pytest.mark.parametrize(("text", "value", "plain"), PLAIN_CASES)
def test_plain_token_cases(text: str, value: str | None, plain: bool) -> None:
    assert_decides(lambda t: _plain_tokens(t.split()), text, value, plain)


_TOKEN_CASES: list[tuple[str, str | None, bool]] = [
    # (stripped value, normal form or None, decided by one_token)
    ("Jansen", "Jansen", True),
    ("JANSEN", "Jansen", True),
    ("jansen", "jansen", True),
    ("J.P.", "J.P.", True),
    ("Th.", "Th.", True),
    ("Berg-Smit", "Berg-Smit", True),
    ("ÖZTÜRK", "Öztürk", True),
    ("A", "A", True),
    ("de", None, True),  # a tussenvoegsel alone
    ("uitslag", None, True),  # never a name
    ("Uitslag", None, True),
    ("De", None, False),  # a capitalised tussenvoegsel: the full grammar
    ("DE", None, False),
    ("V.", "V.", False),
    ("Dr.", None, False),  # a title
    ("Dr.Jansen", "Jansen", False),
    ("O'Brien", "O'Brien", False),  # no token shape
    ("Jansen2", None, False),
    ("", None, False),
]


@pytest.mark.parametrize(("text", "value", "decided"), _TOKEN_CASES)
def test_one_token_cases(text: str, value: str | None, decided: bool) -> None:
    assert_decides(one_token, text, value, decided)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_WORDS, _NOISE, name_like()))
def test_one_token_equals_full_grammar(raw: str) -> None:
    text = raw.strip()
    decided, got = one_token(text)
    if decided:
        assert got == normalise_full(text)
        assert common_name(text) == (True, got)


def test_one_token_on_word_lists() -> None:
    """Every shipped given name and surname of one token, as written, in capitals, in
    lower case and as initials: what the common shapes and the full grammar give."""
    decided_count = 0
    for word in sorted(GIVEN_NAMES | SURNAMES):
        for text in (word, word.upper(), word.lower(), f"{word[:1]}.", f"{word[:1]}.{word[:1]}."):
            decided, got = one_token(text)
            if decided:
                decided_count += 1
                assert got == normalise_full(text), text
    assert decided_count > 1000


def test_initials_after_the_family_name_go_first() -> None:
    """A LIMS's ``Jansen-de Vries A.``: the normal form's order, in a long column (Arrow)
    as value by value, so that assembly and the register read its family name."""
    xs = ["Jansen-de Vries A.", "van Dijk J.M.", "JANSEN A.B.", "Th. de Wit", None, "Smit A"]
    want = ["A. Jansen-de Vries", "J.M. van Dijk", "A.B. Jansen", "Th. de Wit", None, "Smit A"]
    xs, want = [*xs, "VAN PLT"], [*want, "van P.L.T."]  # (no family name before them)
    assert validated(xs, True)[: len(xs)] == expected(xs, True)[: len(xs)] == want
