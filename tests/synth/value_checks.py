"""Which of a truth person's values occur in a piece of text, tolerant of the generator's
noise (name forms, one-letter typos, date and phone forms, dropped BSN zeros) but not
built on the generator's code."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum import iban

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_ABBR = {m[:3]: i for i, m in enumerate(MONTHS, 1)} | {"mrt": 3, "okt": 10}
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_LONG = re.compile(r"(?<!\d)(\d{1,2}) ([a-z]+)\.? (\d{4})(?!\d)")
_IBAN = re.compile(r"\bNL\d{2}[A-Z]{4}\d{10}\b")
_NUMBER = re.compile(r"(?<![\d.])\d(?:[\d]|[. ](?=\d)){6,12}(?![\d])")
HEALTH_WORDS = (
    "hpv",
    "pap",
    "negatief",
    "positief",
    "kweek",
    "pcr",
    "uitslag",
    "cytolog",
    "uitstrijkje",
    "zelfafname",
    "huidschraapsel",
    "urine",
    "wond",
    "soa",
)


def _make(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 1900 if y >= 30 else 2000
    try:
        return date(y, m, d)
    except ValueError:
        return None


def dates_in(text: str) -> set[date]:
    low = text.lower()
    found: set[date | None] = set()
    found |= {_make(int(y), int(m), int(d)) for d, m, y in _DMY.findall(low)}
    found |= {_make(int(y), int(m), int(d)) for y, m, d in _YMD.findall(low)}
    found |= {_make(int(y), int(m), int(d)) for y, m, d in _COMPACT.findall(low)}
    for d, word, y in _LONG.findall(low):
        month = _MONTH_ABBR.get(word[:3]) if word in MONTHS or len(word) <= 4 else None
        if month:
            found.add(_make(int(y), month, int(d)))
    return {d for d in found if d is not None}


def bsns_in(text: str) -> set[str]:
    """9-digit values (dots/spaces inside allowed), 8-digit ones left-padded."""
    out = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) in (8, 9):
            out.add(digits.zfill(9))
    return out


def _windows(text: str, needle: str, before: int, after: int) -> list[str]:
    out = []
    start = text.find(needle)
    while start >= 0:
        out.append(text[max(0, start - before) : start + len(needle) + after])
        start = text.find(needle, start + 1)
    return out


def phones_in(text: str, near: str = "") -> set[str]:
    """Phone numbers in ``text`` (E.164); only around ``near`` when given (speed)."""
    pieces = _windows(text, near, 25, 4) if near else [text]
    return {
        phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
        for piece in pieces
        for m in phonenumbers.PhoneNumberMatcher(piece, "NL")
    }


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without re-edits)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _core_word(surname: str) -> str:
    """The longest word of a surname without its tussenvoegsel (``de Vries`` -> vries)."""
    words = re.findall(r"[^\W\d_]+", surname.lower())
    return max(words, key=len) if words else ""


@lru_cache(maxsize=64)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[\w?']+", text.lower()))


def name_in(text: str, surnames: list[str]) -> bool:
    tokens = _tokens(text)
    for surname in surnames:
        word = _core_word(surname)
        if not word:
            continue
        if word in tokens:
            return True
        limit = 1 if len(word) < 7 else 2
        if any(abs(len(t) - len(word)) <= limit and _distance(t, word) <= limit for t in tokens):
            return True
    return False


def found_classes(person: dict[str, str], text: str, cells: list[date]) -> set[str]:
    """The data classes of ``person`` (a persons.csv row) whose values occur in ``text``."""
    low = text.lower()
    found = set()
    if name_in(text, [person["birth_surname"], person["partner_surname"]]):
        found.add("name")
    dob = date.fromisoformat(person["date_of_birth"])
    year = str(dob.year)
    if dob in cells or any(dob in dates_in(w) for w in _windows(text, year, 20, 10)):
        found.add("date_of_birth")
    if person["bsn"] and person["bsn"] in bsns_in(text):
        found.add("bsn")
    squashed = low.replace(" ", "").upper()
    postcodes = person["all_postcodes"].split(";")
    if any(pc in squashed for pc in postcodes) or (
        person["street"].lower() in low and person["house_number"].lower() in low
    ):
        found.add("address")
    if person["phone"] and person["phone"] in phones_in(text, near=person["phone"][-4:]):
        found.add("phone")
    if person["email"] and person["email"].lower() in low:
        found.add("email")
    if any(iban.is_valid(x) for x in _IBAN.findall(text)):
        found.add("iban")  # persons.csv holds no IBAN value: any valid one on the row

    if person["provider_agb"] and (
        person["provider_agb"] in text or name_in(text, [person["provider_name"]])
    ):
        found.add("provider")
    if any(w in low for w in HEALTH_WORDS):
        found.add("health")
    return found
