"""A person's record written on one line: her name, her birth date and her BSN, apart by
gaps, bars or semicolons, with no label (``Prins, G.  1986-01-22  217.646.086  HPV 18
pos`` pasted into a chat, ``Van Dam, W. | 1961-03-20 | 206-648-522`` in a LIMS client's
list of recent patients).

Free text needs a label before a BSN (one nine-digit number in eleven passes the
elfproef), and a date after a name is a birth date only with a cue; a record's line has
neither, its order says what each value is. Read here: a name (a family name and its
initials, or given and family names: what :func:`~breachscope.detect.names.
normalise_name` reads as one, no digit in it), a separator, a date of the last century (no
sample's or call's date is that old), the same kind of separator, and a number of nine
digits (grouped in threes or as ``0873.82.052``, or bare) that passes the elfproef; or the
number first, then the name and the date (``201510406;Zenaida Gomes da Luz;15 mrt 1995``). The
date is read by the date-of-birth detector, the number by the BSN detector, each with
:data:`EVIDENCE`; the prefilter's pattern (:data:`PATTERN`) finds the date and the number,
and the line is then read whole (:func:`record_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from breachscope.detect.examples import TEST_NAME
from breachscope.detect.names import is_not_name, is_prefix, name_kind, normalise_name

TAG = "recordline"
"""The prefilter tag of :data:`PATTERN` (the BSN and birth-date detectors' both)."""
_SEP = r"(?:[ \t]*[|;][ \t]*|\t+[ \t]*|[ ]{2,}|\"[ \t]*,[ \t]*\")"
"""What sets a record's values apart: a bar, a semicolon, tabs, two spaces or more, or
the comma between quoted values (a test's ``[TestCase("I.A. Zwaagstra", "612092987",
"02-01-1953")]``)."""
_MONTHS = r"(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]{0,6}\.?"
_DATE = (
    r"(?:19\d\d-[01]?\d-[0-3]?\d|[0-3]?\d[-./][01]?\d[-./]19\d\d"
    rf"|[0-3]?\d[ ]{_MONTHS}[ ]19\d\d)"
)
_NUMBER = r"(?:\d{9}|\d{3}(?P<g>[ .\-])\d{3}(?P=g)\d{3}|\d{4}(?P<h>[ .\-])\d{2}(?P=h)\d{3}|\d{8})"
_PF_SEP = r"(?:[ \t]*[|;][ \t]*|\t+[ \t]*|  +|\"[ \t]*,[ \t]*\")"
PATTERN = (
    rf"(?:19\d\d-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./]19\d\d)"
    rf"{_PF_SEP}\d{{2,4}}[ .\-]?\d{{2,3}}[ .\-]?\d{{3}}"
    rf"|\d{{3,4}}[ .\-]?\d{{2,3}}[ .\-]?\d{{3}}{_PF_SEP}[^\d\n|;\t]{{3,60}}"
    rf"{_PF_SEP}\d{{1,2}}[-./ ](?:\d{{1,2}}|[A-Za-z]{{3,9}}\.?)[-./ ]19\d\d"
    rf"|\d{{3,4}}[ .\-]?\d{{2,3}}[ .\-]?\d{{3}}{_PF_SEP}"
    rf"(?:19\d\d-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./]19\d\d)"
)
"""The prefilter's pattern (latin-1, no lookaround): a date of the last century, a
separator and a number of nine digits' shape; or the number first, a name's characters and
the date (``201510406;Zenaida Gomes da Luz;15 mrt 1995``: a CSV row quoted in a log); or
the number, then the date (after the name: a test's case)."""
_RECORD = re.compile(
    rf"(?P<name>[^\W\d_][^\d\n|;\t\x1e]{{1,60}}?)(?P<s1>{_SEP})(?P<date>{_DATE})(?P<s2>{_SEP})"
    rf"(?P<number>{_NUMBER})(?![\w\-]|[.,]\d)"
)
_NUMBER_FIRST = re.compile(
    rf"(?<![\w.\-])(?P<number>{_NUMBER})(?P<s0>{_SEP})"
    rf"(?P<name>[^\W\d_][^\d\n|;\t\x1e]{{1,60}}?)(?P<s1>{_SEP})(?P<date>{_DATE})"
    rf"(?![\w\-]|[.,]\d)"
)
"""The same record with its number first (``bsn;naam;geboortedatum``, a common export's
column order), its three separators of one kind."""
_DATE_LAST = re.compile(
    rf"(?P<name>[^\W\d_][^\d\n|;\t\x1e]{{1,60}}?)(?P<s1>{_SEP})(?P<number>{_NUMBER})"
    rf"(?P<s2>{_SEP})(?P<date>{_DATE})(?![\w\-]|[.,]\d)"
)
"""The same record with its date last (``naam, bsn, geboortedatum``: a test's
``[TestCase("I.A. Zwaagstra", "612092987", "02-01-1953")]``)."""
_DUMMY = regex.compile(TEST_NAME)
EVIDENCE = "a record's line: her name, her birth date and her BSN, apart by gaps"


@dataclass(frozen=True, slots=True)
class RecordLine:
    """The spans of one record's line: its name, its date and its number."""

    name: tuple[int, int]
    date: tuple[int, int]
    number: tuple[int, int]


def _same_kind(a: str, b: str) -> bool:
    """Whether two separators are of one kind: bars, semicolons, tabs or spaces."""

    def kind(s: str) -> str:
        s = s.strip(" ")
        return s.strip("\t")[:1] or ("\t" if "\t" in s else " ")

    return kind(a) == kind(b)


def record_lines(text: str, ends: Sequence[int]) -> list[RecordLine]:
    """The record lines of ``text`` on the lines where the prefilter's hits end (``ends``:
    the end of :data:`PATTERN`'s hits), each once, in text order."""
    out: dict[tuple[int, int], RecordLine] = {}
    lines: set[tuple[int, int]] = set()
    for e in ends:
        lo = text.rfind("\n", 0, e) + 1
        hi = text.find("\n", e)
        lines.add((lo, len(text) if hi < 0 else hi))
    for lo, hi in sorted(lines):
        matches = [
            *_RECORD.finditer(text, lo, hi),
            *_NUMBER_FIRST.finditer(text, lo, hi),
            *_DATE_LAST.finditer(text, lo, hi),
        ]
        for m in matches:
            seps = [m[g] for g in ("s0", "s1", "s2") if g in m.re.groupindex]
            if not all(_same_kind(seps[0], sep) for sep in seps[1:]):
                continue
            name = m["name"].rstrip(" ,")
            # the name's own words: from its line's last opening mark (``"c"="Van Dam``)
            cut = max(name.rfind(c) for c in '"`=([{:>') + 1
            while cut < len(name) and not name[cut].isalpha():
                cut += 1
            name = name[cut:]
            value = normalise_name(name) if len(name) >= 3 else None
            if value is None or name_kind(value) != "full_name":
                continue  # (a family name and initials, or given and family names)
            if _DUMMY.search(value):
                continue  # (a test system's dummy person: ``Jan Modaal``, her test BSN)
            words = name.replace(",", " ").split()
            if any(is_not_name(w) and not is_prefix(w.lower()) for w in words):
                continue  # (``Monster  12-03-1980  ...``: a label's words)
            start = m.start("name") + m["name"].index(name)
            out.setdefault(
                m.span("number"),
                RecordLine((start, start + len(name)), m.span("date"), m.span("number")),
            )
    return [out[k] for k in sorted(out)]
