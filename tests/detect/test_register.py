"""The name register: family words of name-column values, less the dump's place words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.detect.register import family_name, family_word, register_words


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("van den Bult", "Bult"),
        ("Romy van Doorn", "Doorn"),
        ("J.M. Jansen-de Vries", "Vries"),
        ("Mulder-Bos", "Mulder-Bos"),
        ("O'Neill", "O'Neill"),
        ("Yılmaz", "Yılmaz"),
        ("J.M.", None),  # initials
        ("Ng", None),  # too short to search in free text
        ("de", None),  # lower case
        ("", None),
        ("Kamer 12", None),
    ],
)
def test_family_word(name: str, word: str | None) -> None:
    assert family_word(name) == word


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Marieke de Boer", "de Boer"),
        ("van den Bult", "van den Bult"),
        ("J.M. van der Meer", "van der Meer"),
        ("Bakker", None),  # no tussenvoegsel
        ("Jan te Boer", None),  # 'te' is not one the register takes
        ("J.M.", None),
    ],
)
def test_family_name(name: str, full: str | None) -> None:
    assert family_name(name) == full


def test_place_words_stay_out() -> None:
    names = ["Tilburg", "Romy van Tilburg", "H. van der Laan", "Bakker", "Pauw", "M. de Pauw"]
    places = ["Tilburg", "Lange Laan", "'s-Hertogenbosch"]
    assert register_words(names, places) == {"Bakker", "Pauw", "de Pauw"}
    assert register_words(["Hertogenbosch"], places) == frozenset()  # hyphen parts too


NAME = st.text(alphabet="abcdefghijAB- .'", max_size=20)


@given(st.lists(NAME, max_size=8), st.lists(NAME, max_size=4))
def test_register_holds_family_words_of_no_place(names: list[str], places: list[str]) -> None:
    words = register_words(names, places)
    place_words = {w.lower() for p in places for w in p.replace("-", " ").split()}
    single = {w for w in words if " " not in w}
    assert single <= {family_word(n) for n in names}
    assert words - single <= {family_name(n) for n in names}
    words = {w.split()[-1] for w in words}
    assert not {w.lower() for w in words} & place_words
