"""Dates as the format writers need them.

``parse_written(text)`` reads back a date the generator rendered in one of the common
Dutch forms (``03-03-1978``, ``3/3/1978``, ``03.03.78``, ``1978-03-03``, ``19780303``,
``3 maart 1978``, ``3 mrt. 1978``, an optional trailing ``00:00[:00]``) so that structured
formats (HL7 ``PID-7``, EDIFACT ``DTM+329``) can write ``yyyymmdd``. It returns None for
anything else; writers then write the text as given. Two-digit years ``>= 30`` are 19xx.

``dutch_long(d)`` writes ``3 maart 2025``; ``dmy(d)`` writes ``03-03-2025``.
"""

from __future__ import annotations

import re
from datetime import date

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
_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS, start=1)} | _ABBREVIATIONS

_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})")
_WORDS = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
_DIGITS = re.compile(r"\d{8}")


def _make(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 1900 if year >= 30 else 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_written(text: str) -> date | None:
    """The date ``text`` spells, or None when it is not one of the known forms."""
    value = _TIME.sub("", text.strip()).strip().lower()
    if m := _YMD.fullmatch(value):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.fullmatch(value):
        return _make(int(m[3]), int(m[2]), int(m[1]))
    if m := _WORDS.fullmatch(value):
        month = _MONTH_NUMBERS.get(m[2])
        return None if month is None else _make(int(m[3]), month, int(m[1]))
    if _DIGITS.fullmatch(value):
        ymd = _make(int(value[:4]), int(value[4:6]), int(value[6:]))
        return ymd or _make(int(value[4:]), int(value[2:4]), int(value[:2]))
    return None


def dutch_long(d: date) -> str:
    """``3 maart 2025``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def dmy(d: date) -> str:
    """``03-03-2025``."""
    return d.strftime("%d-%m-%Y")
