from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble.names import (
    ParsedName,
    canonical_initials,
    combine,
    fold,
    normalise_surname,
    parse_name,
    surname_cores,
)

# written name -> (given_names, initials, surname, birth_surname, partner_surname)
CASES = [
    ("J.M. Jansen-de Vries", (None, "J.M.", "Jansen-de Vries", "de Vries", "Jansen")),
    ("Jansen-de Vries, J.M.", (None, "J.M.", "Jansen-de Vries", "de Vries", "Jansen")),
    ("Vries, J.M. de", (None, "J.M.", "de Vries", None, None)),
    ("MARIEKE DE VRIES", ("Marieke", "M.", "de Vries", None, None)),
    ("DE VRIES, MARIEKE", ("Marieke", "M.", "de Vries", None, None)),
    ("mevr. J. Jansen", (None, "J.", "Jansen", None, None)),
    ("de heer K. Bakker", (None, "K.", "Bakker", None, None)),
    ("de Vries, B.", (None, "B.", "de Vries", None, None)),
    ("Jansen J.M.", (None, "J.M.", "Jansen", None, None)),
    ("Vries M. de", (None, "M.", "de Vries", None, None)),  # a register's order
    ("Berg A.B. van der", (None, "A.B.", "van der Berg", None, None)),
    ("van den Broek M.J.", (None, "M.J.", "van den Broek", None, None)),
    ("M. Jansen e.v. de Vries", (None, "M.", "de Vries-Jansen", "Jansen", "de Vries")),
    ("J. Jansen geb. de Vries", (None, "J.", "Jansen-de Vries", "de Vries", "Jansen")),
    ("JAN JANSEN", ("Jan", "J.", "Jansen", None, None)),
    ("MJ Jansen", (None, "M.J.", "Jansen", None, None)),
    ("de Vries", (None, None, "de Vries", None, None)),
    ("JANSEN", (None, None, "Jansen", None, None)),
    ("Wiśniewska-van der Sluis", (None, None, "Wiśniewska-van der Sluis", "van der Sluis",
                                  "Wiśniewska")),
    ("Marieke Johanna van der Berg", ("Marieke Johanna", "M.J.", "van der Berg", None, None)),
    ("Anne-Marie de Vries", ("Anne-Marie", "A.", "de Vries", None, None)),
    ("Marieke Jansen - de Vries", ("Marieke", "M.", "Jansen-de Vries", "de Vries", "Jansen")),
    ("Rosalie El Idrissi", ("Rosalie", "R.", "el Idrissi", None, None)),
    ("J. DOS SANTOS", (None, "J.", "dos Santos", None, None)),
    # after initials, every word is the family name (not a given name 'Ait')
    ("K.A. Ait Ouali", (None, "K.A.", "Ait Ouali", None, None)),
    ("A. Abou Zeid-Jansen", (None, "A.", "Abou Zeid-Jansen", "Jansen", "Abou Zeid")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_name(text: str, expected: tuple[str | None, ...]) -> None:
    p = parse_name(text)
    assert (p.given_names, p.initials, p.surname, p.birth_surname, p.partner_surname) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("m.j", "M.J."), ("MJ", "M.J."), ("M. J.", "M.J."), ("Th.", "T."), ("", None)],
)
def test_canonical_initials(text: str, expected: str | None) -> None:
    assert canonical_initials(text) == expected


def test_combine_separate_columns() -> None:
    p = combine(surname="Vries", prefix="de", given_names="MARIEKE JOHANNA")
    assert p == ParsedName("Marieke Johanna", "M.J.", "de Vries", None, None)
    q = combine(surname="Jansen-de Vries", initials="MJ")
    assert (q.initials, q.birth_surname, q.partner_surname) == ("M.J.", "de Vries", "Jansen")
    # the prefix is not doubled when the surname already carries it
    assert combine(surname="de Vries", prefix="de").surname == "de Vries"
    assert combine(birth_surname="de Vries", partner_surname="Jansen").surname == (
        "Jansen-de Vries"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("J.H.", (None, "J.H.")),  # a FHIR name.given holding initials
        ("Jhc", (None, "J.H.C.")),  # 'JHC' as detection reads it
        ("J. H.", (None, "J.H.")),
        ("Anna", ("Anna", "A.")),
        ("Bo", ("Bo", "B.")),  # a short given name with a vowel stays one
        ("Marieke J.", ("Marieke J.", "M.J.")),
    ],
)
def test_initials_written_as_given_names(given: str, expected: tuple[str | None, str]) -> None:
    p = combine(surname="Bakker", given_names=given)
    assert (p.given_names, p.initials) == expected


@pytest.mark.parametrize(
    ("surname", "cores"),
    [
        ("Jansen-de Vries", ["jansen", "vries"]),
        ("van 't Hof", ["hof"]),
        ("Çelik", ["celik"]),
        ("in 't Veld-van der Berg", ["veld", "berg"]),
        ("de", []),
    ],
)
def test_surname_cores(surname: str, cores: list[str]) -> None:
    assert surname_cores(surname) == cores


def test_normalise_surname_keeps_mixed_case_and_lowers_prefixes() -> None:
    assert normalise_surname("VAN DER BERG") == "van der Berg"
    assert normalise_surname("McDonald") == "McDonald"
    assert normalise_surname("  de   Vries ,") == "de Vries"
    assert normalise_surname(" ") is None


@given(st.text(max_size=60))
def test_parse_name_never_fails_and_keeps_letters(text: str) -> None:
    p = parse_name(text)
    written = fold(text) + fold(text.upper()) + fold(text.lower())
    for part in (p.surname, p.given_names):
        if part:
            assert all(c in written for c in fold(part) if c.isalpha())


@given(
    st.lists(st.sampled_from(["Marieke", "Jan", "Anna", "Kees"]), min_size=1, max_size=3),
    st.sampled_from(["de Vries", "Jansen", "van der Berg", "Bakker-de Jong"]),
)
def test_given_then_surname_round_trip(given_names: list[str], surname: str) -> None:
    p = parse_name(" ".join([*given_names, surname]))
    assert p.given_names == " ".join(given_names)
    assert p.surname == surname
    assert p.initials == "".join(f"{g[0]}." for g in given_names)
