"""Normalisers for the identifying values of a mention (defensive: detectors normalise too).

Every function returns ``None`` for a value it cannot read, so a bad value never becomes a
linkage key. They are pure and memoised (values repeat across a dump's mentions).
Spreadsheets drop leading zeros: an 8-digit BSN is left-padded, a 9-digit phone number
starting with 6 is read as a mobile number.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum.nl import bsn as nl_bsn

_DIGITS = re.compile(r"\D+")
_NL_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_HOUSE = re.compile(r"^\s*(\d+)\s*(.*?)\s*$")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 12)
def bsn(value: str) -> tuple[str | None, bool]:
    """Return (9-digit BSN or None, passes the elfproef)."""
    digits = _DIGITS.sub("", value)
    if not digits or len(digits) > 9:
        return None, False
    digits = digits.zfill(9)
    return digits, bool(nl_bsn.is_valid(digits))


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1 << 12)
def birth_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from ISO, ``DD-MM-YYYY`` (also ``/`` and ``.``) or ``YYYYMMDD``."""
    v = value.strip()
    if m := _ISO_DATE.match(v):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(v):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if m := _YMD_COMPACT.match(v):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    return None


@lru_cache(maxsize=1 << 12)
def postcode(value: str) -> str | None:
    """Dutch postcodes as ``1234AB``; any other postcode as written, without spaces."""
    v = _WS.sub(" ", value).strip()
    if m := _NL_POSTCODE.match(v):
        return f"{m[1]}{m[2].upper()}"
    v = v.replace(" ", "").upper()
    return v or None


@lru_cache(maxsize=1 << 12)
def house_number(value: str) -> str | None:
    """``12 a`` -> ``12A``, ``7 - 2`` -> ``7-2``; the number first, suffix after."""
    v = _WS.sub(" ", value).strip()
    m = _HOUSE.match(v)
    if not m:
        return v or None
    suffix = m[2].replace(" ", "")
    suffix = suffix.upper() if len(suffix) == 1 else suffix
    return f"{int(m[1])}{suffix}"


@lru_cache(maxsize=1 << 14)
def phone(value: str) -> str | None:
    """E.164; Dutch numbers also when written without the leading zero."""
    v = value.strip()
    if not v:
        return None
    digits = _DIGITS.sub("", v)
    if not v.startswith("+") and not digits.startswith("0") and len(digits) == 9:
        v = "0" + digits  # leading zero dropped by a spreadsheet
    try:
        num = phonenumbers.parse(v, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return str(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))


def email(value: str) -> str | None:
    v = value.strip().strip("<>").lower()
    return v if "@" in v else None


def text(value: str) -> str | None:
    v = _WS.sub(" ", value).strip()
    return v or None
