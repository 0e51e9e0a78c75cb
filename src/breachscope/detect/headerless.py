"""The columns of a table with no header, named by what their values are.

A database's ``SELECT ... INTO OUTFILE`` writes no header line, and neither does a list
of patients pasted into an e-mail: their columns are only positions (``column3``, see
:func:`breachscope.extract.chunking.column_names`). Most detectors claim a column by its
header alone (a surname, a date of birth, a postcode have no checksum), so such a table
gave its BSNs and nothing else, and a row's name and date of birth were lost.

Here a positional column whose values all but certainly are one thing is read as if its
header said so; the detector named then checks its values as it checks any column of
that header. Only shapes that hardly occur otherwise count:

* ``voorletters``: initials with their dots (``P.``, ``A.J.``);
* ``postcode``: Dutch postcodes (``1234 AB``);
* ``woonplaats``: towns' names in the column right after a column of postcodes;
* ``adres``: a street and its house number (``Kalfsvel 88``, ``Laat 75-2``) in the column
  right before or after a column of postcodes;
* ``telefoon``: phone numbers (``0299-500966``, ``+31 6 12345678``), or mobile numbers
  whose leading zero a spreadsheet dropped (``642527891``: nine digits from a ``6``; where
  no value has a phone's own shape, most of them failing the elfproef), in a table with a
  person's column below;
* ``agb``: GPs' AGB codes (eight digits, the first two ``01``): a header-less GP
  directory's rows are a provider's, and a patient's row names her GP;
* ``huisarts``: GPs' names (``OUWEHAND MA``, ``Kroon H.``) in the column right after a
  column of AGB codes;
* ``geboortedatum``: dates spread over at least :data:`BIRTH_SPREAD_YEARS` years (the
  birth dates of a list of people; a sample's or a report's dates lie close together),
  or all before :data:`NO_RECORD_BEFORE`; in brackets too (``(1969-03-06)``);
* ``voornamen``: listed given names;
* ``naam``: whole names, initials and a family name or the family name, a comma and the
  initials (``P. Lammers``, ``Lammers, J.``);
* ``tussenvoegsel``: tussenvoegsels (``de``, ``VAN DEN``), a register's column of them;
* ``achternaam``: words shaped as a family name (a capital, letters, a tussenvoegsel
  before it; or capitals, ``VRIES-BAKKER``), beside a column of initials or given names
  (a column of tussenvoegsels between them too), or of listed surnames;
* ``bsn``: numbers of nine digits that all pass the elfproef, at least :data:`MIN_BSNS`,
  in a table with one of the columns above other than a postcode.

Each needs :data:`MIN_SHARE` of the column's sampled values (and at least two).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stdnum.nl import bsn

from breachscope.detect.dates import NO_RECORD_BEFORE, parse_date, unbracketed
from breachscope.detect.names import (
    GIVEN_NAMES,
    LOWER,
    PREFIXES,
    SURNAMES,
    UPPER,
    is_whole_prefix,
)

POSITIONAL = re.compile(r"column\d+")
"""A column's name where its table has no header for it."""
UNNAMED = re.compile(
    r"column\d+|(?i:custom[ _]?(?:data|field|veld)|extra[ _]?(?:veld|field)|veld|field|kolom"
    r"|attribute|attribuut|mmerge)[ _]?\d{1,2}"
)
"""A column's name that names nothing of its values: none (:data:`POSITIONAL`), or a
form's or a survey tool's numbered free field (``Custom Data 1``, ``veld3``; a mailing
list's merge field as Mailchimp exports it, ``MMERGE6``), read by its values as a
positional one."""
MIN_SHARE = 0.9
"""Share of a column's values that must have the shape."""
BIRTH_SPREAD_YEARS = 10
"""Fewest years between the first and last birth year of a column of birth dates."""
MIN_BSNS = 3
"""Fewest values of a column of BSNs beside a person's name or date of birth (each
number passes the elfproef by chance one time in eleven; the BSN detector claims a
column on its values alone from five)."""
LISTED_SURNAMES = 0.4
"""Share of listed surnames that makes a column of name-shaped words a surname column
where no initials or given names stand beside it."""

_NINE = re.compile(r"\d{9}")
_GP_AGB = re.compile(r"01\d{6}")
"""A GP's AGB code: care provider type 01 and six digits."""
_INITIALS = re.compile(rf"(?:[{UPPER}]\.){{1,5}}")
_POSTCODE = re.compile(r"[1-9]\d{3} ?[A-Za-z]{2}")
_PREFIX = "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
_SURNAME = re.compile(
    rf"(?:(?:{_PREFIX}) )?(?P<core>[{UPPER}][{LOWER}']+(?:-[{UPPER}][{LOWER}']+)?)"
    rf"|(?:(?i:{_PREFIX}) )?(?P<caps>[{UPPER}]{{2,}}(?:['\-][{UPPER}]{{2,}})?)"
)
"""A family name's word, in capitals too (``DE VRIES-BAKKER``, as a positional export or
a declaration writes it), after its tussenvoegsel."""
_GIVEN = re.compile(rf"[{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+)*")
_FAMILY = rf"(?:(?:{_PREFIX}) )?[{UPPER}][{LOWER}']+(?:-(?:(?:{_PREFIX}) )?[{UPPER}][{LOWER}']+)?"
_FULL_NAME = re.compile(
    rf"(?:[{UPPER}]\.){{1,5}} ?{_FAMILY}"  # P. Lammers, S. de Ruiter
    rf"|{_FAMILY}, ?(?:[{UPPER}]\.){{1,5}}(?: (?:{_PREFIX}))?"  # Lammers, J.; Vries, M. de
)
"""A person's whole name in the forms a list writes it: initials and a family name, or
the family name, a comma and the initials."""
_GP_NAME = re.compile(
    rf"(?:{_FAMILY}|(?:(?i:{_PREFIX}) )?[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?)"
    rf" (?:[{UPPER}]{{1,4}}|(?:[{UPPER}]\.){{1,5}})"
    rf"|{_FULL_NAME.pattern}"
)
"""A GP's name as a register or a declaration writes it beside the AGB code: the family
name and the initials, with or without dots (``OUWEHAND MA``, ``Kroon H.``,
``DE GROOT AM``), or a whole name."""
_STREET = re.compile(
    rf"(?:'[sS][ -])?[{UPPER}][{LOWER}'.]*(?:[ -](?:[{UPPER}][{LOWER}'.]*|[{LOWER}]{{1,4}})){{0,4}}"
    r" \d{1,5}(?:[ -]?[A-Za-z]{1,2}\b|[ -/]\d{1,4})?"
    rf"|[{UPPER}]{{2,}}(?:[ -][{UPPER}]{{2,}}){{0,4}}"
    r" \d{1,5}(?:[ -]?[A-Z]{1,2}\b|[ -/]\d{1,4})?"
)
"""A street and its house number (``Kalfsvel 88``, ``Van Woustraat 142``, ``Laan van
Meerdervoort 12-A``, ``Laat 75-2``, ``KERKSTRAAT 4``)."""
_PHONE = re.compile(
    r"(?:\+31|0031|0)[ -]?[1-9](?:[ -]?\d){8}|\+31[ -]?\(0\)[ -]?[1-9](?:[ -]?\d){8}"
)
_DROPPED_ZERO = re.compile(r"6\d{8}")
"""A mobile number a spreadsheet kept as a number (``642527891`` for ``0642527891``)."""
_TOWN = re.compile(
    rf"(?:'[sS][ -])?[{UPPER}][{LOWER}]+"
    rf"(?:[ -](?:aan|op|de|den|der|bij|[{UPPER}][{LOWER}]+)){{0,3}}"
    rf"|[{UPPER}]{{2,}}(?:[ -][{UPPER}]{{2,}}){{0,3}}"
)
"""A town's name (``Utrecht``, ``Den Haag``, ``'s-Hertogenbosch``, ``Alphen aan den
Rijn``, ``AMSTERDAM``)."""


def guessed_headers(columns: Sequence[str], samples: Sequence[Sequence[str]]) -> dict[int, str]:
    """The header each positional column of a table reads as (by position), from its
    sampled values (``samples[i]`` of ``columns[i]``)."""
    shapes: dict[int, str] = {}
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if UNNAMED.fullmatch(name) and len(sample) >= 2:
            shape = _shape(sample)
            if shape is not None:
                shapes[i] = shape
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if i in shapes or not UNNAMED.fullmatch(name) or len(sample) < 2:
            continue
        cores = [m["core"] or m["caps"] for v in sample if (m := _SURNAME.fullmatch(v))]
        if len(cores) < MIN_SHARE * len(sample):
            continue
        near = [i - 1, i + 1]
        near += [j + (j - i) for j in near if shapes.get(j) == "tussenvoegsel"]
        beside = {shapes.get(j) for j in near} & {"voorletters", "voornamen"}
        listed = sum((c if not c.isupper() else c.title()) in SURNAMES for c in cores)
        if beside or listed >= LISTED_SURNAMES * len(sample):
            shapes[i] = "achternaam"
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if (i not in shapes and shapes.get(i - 1) == "agb" and UNNAMED.fullmatch(name)
                and sum(bool(_GP_NAME.fullmatch(v)) for v in sample) >= MIN_SHARE * len(sample)
                and len(sample) >= 2):  # fmt: skip
            shapes[i] = "huisarts"
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if (i not in shapes and shapes.get(i - 1) == "postcode" and UNNAMED.fullmatch(name)
                and sum(bool(_TOWN.fullmatch(v)) for v in sample) >= MIN_SHARE * len(sample)
                and len(sample) >= 2):  # fmt: skip
            shapes[i] = "woonplaats"
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        streets = sum(bool(_STREET.fullmatch(v)) for v in sample)
        if (i not in shapes and "postcode" in (shapes.get(i - 1), shapes.get(i + 1))
                and UNNAMED.fullmatch(name) and len(sample) >= 2
                and streets >= MIN_SHARE * len(sample)):  # fmt: skip
            shapes[i] = "adres"
    if all(shape in ("postcode", "woonplaats", "adres") for shape in shapes.values()):
        return shapes  # (no person's column for BSNs or phones to stand beside)
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if i not in shapes and UNNAMED.fullmatch(name) and len(sample) >= 2 and _phones(sample):
            shapes[i] = "telefoon"
    for i, (name, sample) in enumerate(zip(columns, samples, strict=True)):
        if (i not in shapes and UNNAMED.fullmatch(name) and len(sample) >= MIN_BSNS
                and all(_NINE.fullmatch(v) and bsn.is_valid(v) for v in sample)):  # fmt: skip
            shapes[i] = "bsn"
    return shapes


def _phones(sample: Sequence[str]) -> bool:
    """Whether a column's values are phone numbers (see the module docstring)."""
    dropped = [v for v in sample if _DROPPED_ZERO.fullmatch(v)]
    shaped = sum(bool(_PHONE.fullmatch(v)) for v in sample)
    if shaped + len(dropped) < MIN_SHARE * len(sample):
        return False
    return shaped > 0 or sum(map(bsn.is_valid, dropped)) * 2 < len(dropped)


def _shape(sample: Sequence[str]) -> str | None:
    """What a column's values are by a shape of their own, or None."""
    least = MIN_SHARE * len(sample)
    if sum(bool(_INITIALS.fullmatch(v)) for v in sample) >= least:
        return "voorletters"
    if sum(bool(_POSTCODE.fullmatch(v)) for v in sample) >= least:
        return "postcode"
    if sum(bool(_GP_AGB.fullmatch(v)) for v in sample) >= least:
        return "agb"
    years = [
        int(d[:4]) for v in sample if len(v) <= 22 and (d := parse_date(unbracketed(v))) is not None
    ]
    if len(years) >= least:
        spread = max(years) - min(years) >= BIRTH_SPREAD_YEARS
        return "geboortedatum" if spread or max(years) < NO_RECORD_BEFORE else None
    if sum(map(is_whole_prefix, sample)) >= least:
        return "tussenvoegsel"
    given = sum(bool(_GIVEN.fullmatch(v)) and v.split()[0] in GIVEN_NAMES for v in sample)
    if given >= least:
        return "voornamen"
    if sum(bool(_FULL_NAME.fullmatch(v)) for v in sample) >= least:
        return "naam"
    return None
