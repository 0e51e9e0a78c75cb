"""What only a path writes so: a patient's folder or file name.

A scanning room or a results share names its folders after the patient, family name
first and with no comma (``Mulder_Daphne_19600222/uitslag_Mulder_809051618.pdf``,
``JANSEN P 19780312.pdf``). Free text would not read those as a name, a birth date and
a BSN: without a comma or a word that says so, they are words and numbers. In a path
(read as :func:`path_text` gives it: each folder a line, ``_`` a space) they are read so:

* :func:`path_name_spans`: a family name and its initials or given name after it
  (:data:`FAMILY_INITIALS`), where the family name is a listed surname, an everyday word
  that is a surname too, or one of the name register's;
* :func:`path_number_spans`: where the path names a person, a number of nine digits that
  passes the BSN's elfproef in that name or below it, and a date right after the name in
  the same name (``Daphne_19600222``, ``Jansen PJ 12031978``, ``Jansen, Petra
  12-03-1978``) as her birth date, where it lies
  :data:`MIN_AGE` years or more before any other year the path writes (a folder of the
  year ``2024``), or before :data:`LATEST_BIRTH_YEAR` where it writes none: a scan's
  date after a name is no birth date;
* :func:`read_as_path`: what the detectors found in a path with both of those: a path's
  name gives way to none narrower (``Tjoelker P`` read as ``P. Tjoelker``, not a
  register surname alone).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from stdnum.nl import bsn

from breachscope.detect.dates import make_date
from breachscope.detect.detectorset import Span
from breachscope.detect.namegrammar import WORD_SURNAMES
from breachscope.detect.names import (
    GIVEN_NAMES,
    PREFIX_RE,
    SURNAMES,
    name_kind,
    normalise_name,
)

_READ_AS = str.maketrans({"/": "\n", "\\": "\n", "_": " ", "+": " "})


def path_text(path: str) -> str:
    """``path`` as detection reads it, of the same length: each folder's name a line of
    its own (``/``, and ``\\`` in a Windows path), ``_`` and ``+`` spaces
    (``BSN_111222333.pdf`` reads ``BSN 111222333.pdf``)."""
    return path.translate(_READ_AS)


_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿĀ-ž'"
"""A family name's capital and its other letters (Latin-1's and Latin Extended-A's too:
``Wiśniewski``, ``Doğan``; that block mixes cases, which a name's rest may hold)."""
FAMILY_INITIALS = re.compile(
    rf"(?<![\w.'-])(?P<family>(?:(?:{PREFIX_RE}) )?"
    rf"(?:[{_UPPER}][{_LOWER}][{_LOWER}]+(?:-(?:(?:{PREFIX_RE}) )?[{_UPPER}][{_LOWER}]+)*"
    r"|[A-Z]{2}[A-Z']+(?:-[A-Z]{2}[A-Z']+)*))"
    r" (?P<given>[A-Z]{1,3}|(?:[A-Z]\.){1,4}|[A-Z][a-z]+)(?=[ .(\n]|$)"
)
"""A family name and its initials or given name after it, without the comma free text
needs (``JANSEN P 19780312``, ``Jansen PJ``, ``de Vries Marieke``): the way scans and
folders are named, read in paths only."""
NOT_INITIALS = frozenset(
    ("BV", "NV", "CV", "MT", "HR", "PDF", "ICT", "VOF", "DEF", "OK", "NL", "EN", "IN", "OP",
     "DE", "TE", "EU", "BE", "JAN", "FEB", "MRT", "APR", "MEI", "JUN", "JUL", "AUG", "SEP",
     "OKT", "NOV", "DEC")
)  # fmt: skip
"""Capitals after a family name that are no initials (``Bakker BV``, ``Jansen MRT``)."""
NAME_WHY = "name shape path: family name, then initials or given name"
BSN_WHY = "nine digits that pass the elfproef, in or below a path's name of a person"
BIRTH_WHY = "date right after a person's name in a path"
DATED_WHY = "name shape path: family name, then a birth date"
MIN_AGE = 12
"""Fewest years a date after a name lies before the path's other years, to be read as a
birth date."""
LATEST_BIRTH_YEAR = 2009
"""Latest year of a date after a name read as a birth date, where the path writes no
other year."""

_NINE = re.compile(r"(?<![\d])\d{9}(?![\d])")
_COMPACT = re.compile(r"[ ]?\(?(?P<v>(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d))(?![\d])")
"""A compact date (``19600222``) right after a name, a space or a bracket between at most."""
_DAY_FIRST = re.compile(
    r"[ ]?\(?(?P<v>(?P<d>[0-3]?\d)(?P<s>[-.]?)(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d))(?![\d])"
)
"""A date day first (``22-02-1960``, ``22021960``) right after a name."""
_YEAR_FIRST = re.compile(r"[ ]?\(?(?P<v>(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d))(?![\d])")
"""A date year first (``Ramsaran, D. (1992-03-23)``) right after a name."""
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


FAMILY_DATED = re.compile(
    rf"(?<![\w.'-])(?P<family>[{_UPPER}][{_LOWER}]{{2,}}(?:-[{_UPPER}][{_LOWER}]{{2,}})*)"
    r"(?= \(?(?:19|20|[0-3])\d)"
)
"""A family name alone right before a date (``610924849_Wojcik_09081978.xlsx``,
``Jansen 12-03-1978.pdf``): a scan named by name and birth date, read where the name is
a listed surname that is no everyday word, or one of the register's, and the date after
it one :func:`path_number_spans` reads as a birth date."""


def path_name_spans(text: str, known: frozenset[str]) -> list[Span]:
    """Names of :data:`FAMILY_INITIALS` in the path text ``text``: the family name a
    listed surname, one that is an everyday word too (``Bakker J``) or one of ``known``
    (lower case; its last part in a double name), the name after it initials or a listed
    given name."""
    found: list[Span] = []
    for m in FAMILY_INITIALS.finditer(text):
        family, given = m["family"], m["given"]
        core = family.split()[-1].split("-")[-1]
        word = core[:1] + core[1:].lower()
        low = word.lower()
        if not _listed(word) and low not in known and low not in WORD_SURNAMES:
            continue
        if (given[1:].islower() and given not in GIVEN_NAMES) or given in NOT_INITIALS:
            continue
        value = normalise_name(f"{family}, {given}")
        if value is not None:
            found.append(("name", name_kind(value), "name", value, m.start(), m.end(), 0.8,
                          NAME_WHY))  # fmt: skip
    for m in FAMILY_DATED.finditer(text):
        family, start, end = m["family"], m.start(), m.end()
        if any(start < f[5] and f[4] < end for f in found):
            continue
        core = family.split("-")[-1]
        low = core.lower()
        if (not _listed(core) or low in WORD_SURNAMES) and low not in known:
            continue
        value = normalise_name(family)
        if value is not None and _birth_date(text, end) is not None:
            found.append(("name", name_kind(value), "name", value, start, end, 0.7, DATED_WHY))
    return found


_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d"})


def _listed(word: str) -> bool:
    """Whether ``word`` is a listed surname, as written or without its diacritics (the
    list writes ``Dogan``, a file ``Doğan``)."""
    if word in SURNAMES:
        return True
    plain = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in plain if not unicodedata.combining(c)) in SURNAMES


def path_number_spans(text: str, names: Sequence[tuple[int, int]]) -> list[Span]:
    """A BSN and a birth date of the person whose names (``(start, end)`` in the path
    text ``text``) the path holds (see the module docstring)."""
    if not names:
        return []
    first = min(text.rfind("\n", 0, s) + 1 for s, _ in names)  # (her name's line: below it)
    found: list[Span] = []
    for m in _NINE.finditer(text, first):
        if bsn.is_valid(m[0]):
            found.append(("bsn", "bsn", "bsn", m[0], m.start(), m.end(), 0.9, BSN_WHY))
    for _, end in names:
        born = _birth_date(text, end)
        if born is not None:
            day, start, stop = born
            found.append(("date_of_birth", "date_of_birth", "date", day, start, stop, 0.8,
                          BIRTH_WHY))  # fmt: skip
    return found


def _birth_date(text: str, end: int) -> tuple[str, int, int] | None:
    """The birth date right after a name ending at ``end`` in the path text ``text`` (see
    the module docstring), and where it lies."""
    years = [int(y) for y in _YEAR.findall(text)]
    for shape in (_COMPACT, _DAY_FIRST, _YEAR_FIRST):
        d = shape.match(text, end)
        if d is None or (shape is _DAY_FIRST and not d["s"] and len(d["v"]) != 8):
            continue  # (run together, a date day first is eight digits: ``22021960``)
        year = int(d["y"])
        later = [y for y in years if y != year]
        if year > (max(later) - MIN_AGE if later else LATEST_BIRTH_YEAR):
            continue
        day = make_date(year, int(d["m"]), int(d["d"]))
        if day is not None:
            return day, d.start("v"), d.end("v")
    return None


def read_as_path(found: Sequence[Span], text: str, known: frozenset[str]) -> list[Span]:
    """``found`` (the detectors' findings in the path text ``text``) with the path's own
    names (:func:`path_name_spans`: each kept where it is wider than every name it
    overlaps, which it then replaces) and the numbers beside a name
    (:func:`path_number_spans`) where nothing was found at their place."""
    names = path_name_spans(text, known)
    out = list(found)
    if names:
        dropped: set[int] = set()
        for n in names:
            s, e = n[4], n[5]
            hits = [k for k, f in enumerate(found) if f[0] == "name" and s < f[5] and f[4] < e]
            if all(s <= found[k][4] and found[k][5] <= e and found[k][5] - found[k][4] < e - s
                   for k in hits):  # fmt: skip
                dropped.update(hits)
                out.append(n)
        out = [f for k, f in enumerate(out) if k not in dropped]
    people = [(f[4], f[5]) for f in out if f[0] == "name"]
    taken = [(f[4], f[5]) for f in out]
    out += [
        n for n in path_number_spans(text, people)
        if not any(n[4] < e and s < n[5] for s, e in taken)
    ]  # fmt: skip
    return out
