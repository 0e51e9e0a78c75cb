"""Reading dates written in the common Dutch (and ISO) forms.

``parse_date(text)`` returns ``YYYY-MM-DD`` or None for: ``03-03-1978``, ``3-3-1978``,
``03/03/78``, ``3-3-'78``, ``03.03.1978``, ``03 03 1978``, ``1978-03-03``, ``1978/3/3``,
``19780303``, ``03031978``, ``3 maart 1978``, ``03 mrt 1978``, ``3 mrt. '78``, ``3 March
1978``, English ``3rd March 1978`` and ``March 3, 1978``, and the month abbreviated
between hyphens or slashes as database exports write it (``03-MRT-1978``, ``03-Mar-78``,
``03/mrt/1978``: Oracle's ``DD-MON-YY[YY]``), each with an optional time
(``12:30[:00]``), and an HL7 time stamp's date (``197803030000``: ``yyyymmdd`` of a year
19xx or 20xx, then the hour and minutes, maybe seconds, a fraction and a zone).
Two-digit years follow the spreadsheet pivot: ``00``-``29`` are 20xx, ``30``-``99``
19xx (no dependence on today's date). The separators of one date are the same character
(``03-03/1978`` is none). A date with slashes that only an American reading makes one
(``03/14/1962``) is read month first.

``compact_dates(values)`` reads a whole column of bare numbers that ``parse_date`` leaves:
``ddmmyy`` (``030378``; ``30378`` where a spreadsheet dropped the leading zero),
``yymmdd``, and Excel's serial day numbers (``28187`` for 1977-03-03). One number alone
cannot say which it is, so the column decides, as a person reading it would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "mar": 3, "maa": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
    # German, French, Turkish and Polish (in the genitive a date writes): the letters of
    # the lab's patients' families and of labs across the border (``10 Ocak 1970``,
    # ``21. März 1993``, ``3 février 1985``, ``5 maja 1990``). Only names written in
    # Latin-1, as the prefilter reads text; Turkish and Polish ones with other letters are
    # left out (``şubat``, ``września``), and their ASCII spellings are in.
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "dezember": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6, "temmuz": 7,
    "agustos": 8, "eylül": 9, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
    "lipca": 7, "sierpnia": 8, "wrzesnia": 9, "pazdziernika": 10, "listopada": 11,
    "grudnia": 12,
}  # fmt: skip
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
MIN_YEAR = 1880
MAX_YEAR = 2099

_TIME = re.compile(r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)$")
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([-/. ])(\d{1,2})\2(\d{4}|'?\d{2})")
_WORDS = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th|ste|de|e)?\.?\s*(?:of\s+)?({MONTH_WORDS})\.?,?\s*'?(\d{{4}}|\d{{2}})",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"({MONTH_WORDS})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE
)
"""English forms: ``March 3, 1978``, ``Mar 3rd 1978`` (a four-digit year only)."""
_WORDS_JOINED = re.compile(rf"(\d{{1,2}})([-/])({MONTH_WORDS})\2(\d{{4}}|\d{{2}})", re.IGNORECASE)
"""``03-MRT-1978``, ``03/Mar/78``: a month word between hyphens or slashes."""
_DIGITS = re.compile(r"\d{8}")
_HL7_TS = re.compile(
    r"((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,]\d{1,4})?([+-]\d{4}|Z)?"
)
"""An HL7 TS/DTM: ``YYYYMMDDHH[MM[SS[.S]]][+/-ZZZZ]`` (``197803030000``); an LDAP
GeneralizedTime too, ``Z`` for UTC (``19720310000000Z``; ``19720309230000Z`` is 10 March in
the Netherlands)."""


def full_year(year: int) -> int:
    if year < 100:
        return year + (2000 if year < 30 else 1900)
    return year


def make_date(year: int, month: int, day: int) -> str | None:
    year = full_year(year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_UTC_TIME = re.compile(r"T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+]00:?00)$")
"""A UTC instant's time of day, as a program that stores dates as instants writes one
(JavaScript's ``toISOString``, a JSON export): ``1991-06-30T22:00:00.000Z`` is a Dutch
local midnight, 1 July 1991."""
_AMSTERDAM: tzinfo | None
try:
    _AMSTERDAM = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without a tz database
    _AMSTERDAM = None


def dutch_day(day: str, hour: int, minute: int, second: int = 0) -> str:
    """The date in the Netherlands of the UTC instant ``day`` ``hour``:``minute``:``second``
    (``1978-03-11`` 23:00 is 12 March there). Without a time-zone database, Dutch summer
    time is taken as April to October."""
    d = date.fromisoformat(day)
    instant = datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=UTC)
    if _AMSTERDAM is not None:
        return instant.astimezone(_AMSTERDAM).date().isoformat()
    offset = 2 if 4 <= d.month <= 10 else 1  # pragma: no cover
    return (instant + timedelta(hours=offset)).date().isoformat()  # pragma: no cover


NO_RECORD_BEFORE = 1990
"""A bracketed date after a name with no other date near it, or only dates as old (a chat
message's ``mw. Chantal van Wijk (05-01-1970)?``, a worklist's ``Prins-Jansen, C.P.
(1975-06-08)`` below another woman's 1969), and a headerless column of such dates, are
dates of birth when their year is before this one: no sample, result or letter a leak
holds is that old, and the women screened were born from the 1930s on."""

_CLOSING = {"(": ")", "[": "]"}


def unbracketed(text: str) -> str:
    """``text`` (stripped) without the one pair of brackets around it (``(1969-03-06)``:
    a date set apart in a list, then read as a table's cell)."""
    text = text.strip()
    if len(text) > 2 and _CLOSING.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


@lru_cache(maxsize=65536)
def parse_date(text: str, us: bool = False) -> str | None:
    """``YYYY-MM-DD`` for a date in one of the forms above, else None (memoised).

    A date with slashes that is no date day first but is one month first
    (``03/14/1962``) is read as American; with ``us``, every date with slashes is
    (``03/04/1962`` is 4 March), as in a column where one value shows the order."""
    value = text.strip()
    if len(value) > 40:
        return None
    utc = _UTC_TIME.search(value) if value[-1:] in "Z0" else None
    value = _TIME.sub("", value).strip()
    read = _parse(value, us)
    if utc is None or read is None:
        return read
    return dutch_day(read, int(utc[1]), int(utc[2]), int(utc[3] or 0))


def _parse(value: str, us: bool) -> str | None:
    """:func:`parse_date` of a value without its time of day."""
    if m := _YMD.fullmatch(value):
        return make_date(int(m[1]), int(m[3]), int(m[4]))
    if m := _DMY.fullmatch(value):
        year, first, second = int(m[4].lstrip("'")), int(m[1]), int(m[3])
        if us and m[2] == "/":
            return make_date(year, first, second)
        dutch = make_date(year, second, first)
        if dutch is None and m[2] == "/":  # 03/14/1962: only an American reading
            return make_date(year, first, second)
        return dutch
    if m := _WORDS.fullmatch(value):
        return make_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    if m := _MONTH_FIRST.fullmatch(value):
        return make_date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    if m := _WORDS_JOINED.fullmatch(value):
        return make_date(int(m[4]), MONTHS[m[3].lower()], int(m[1]))
    if _DIGITS.fullmatch(value):
        ymd = make_date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if ymd is not None and value[:2] in ("19", "20"):
            return ymd
        return make_date(int(value[4:]), int(value[2:4]), int(value[:2]))
    if m := _HL7_TS.fullmatch(value):
        day = make_date(int(m[1]), int(m[2]), int(m[3]))
        if day is None or m[7] != "Z":
            return day
        return dutch_day(day, int(m[4]) % 24, int(m[5] or 0) % 60, int(m[6] or 0) % 60)
    return None


_EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system, as it counts from 1 March 1900 on."""
SERIAL_MIN = 10_000
SERIAL_MAX = 73_050
"""Five-digit Excel serials: 1927-05-18 to 2099-12-31. A four-digit number is more often
a year (``1978``) than a day of the 1900s' first decades."""


def compact_dates(values: Sequence[str]) -> dict[str, str] | None:
    """``YYYY-MM-DD`` for every value of a column of bare numbers, or None when they are
    not all one compact form.

    The values (stripped, distinct) must all be five or six digits. The readings are
    tried in order and the first that reads every value wins: ``ddmmyy`` (five digits:
    ``dmmyy``, the leading zero lost), ``yymmdd`` (six digits only), then Excel serial
    numbers (five digits only, :data:`SERIAL_MIN` to :data:`SERIAL_MAX`). Two-digit
    years pivot as :func:`full_year` does.
    """
    if not values or not all(v.isascii() and v.isdigit() and len(v) in (5, 6) for v in values):
        return None
    for read in (_ddmmyy, _yymmdd, _serial):
        out: dict[str, str] = {}
        for v in values:
            iso = read(v)
            if iso is None:
                break
            out[v] = iso
        else:
            return out
    return None


_UNIX_EPOCH = date(1970, 1, 1)
EPOCH_DAYS_MIN = -25_567
EPOCH_DAYS_MAX = 20_454
"""Days since 1970 read as a birth date: 1900-01-01 to 2025-12-31."""


def epoch_days(values: Sequence[str]) -> dict[str, str] | None:
    """``YYYY-MM-DD`` for every value of a column of whole numbers of days since
    1970-01-01 (an Avro or Parquet ``date``, as a Kafka topic's dump or an API writes it),
    or None where one is not such a number or lies outside :data:`EPOCH_DAYS_MIN` to
    :data:`EPOCH_DAYS_MAX`. The caller decides that the column counts so (some of its
    values negative: no other compact form is)."""
    numbers = _whole_numbers(values)
    if numbers is None:
        return None
    out: dict[str, str] = {}
    for v, n in zip(values, numbers, strict=True):
        if not EPOCH_DAYS_MIN <= n <= EPOCH_DAYS_MAX:
            return None
        out[v] = (_UNIX_EPOCH + timedelta(days=n)).isoformat()
    return out


def _whole_numbers(values: Sequence[str]) -> list[int] | None:
    """``values`` as whole numbers, or None where one is not."""
    try:
        return [int(v) for v in values]
    except ValueError:
        return None


_HOUR_MS = 3_600_000
_DAY_MS = 24 * _HOUR_MS


def epoch_millis(values: Sequence[str]) -> dict[str, str] | None:
    """``YYYY-MM-DD`` for every value of a column of milliseconds since 1970 that each
    fall on a whole hour (a Java ``Date`` or a JavaScript one serialised as a number, as
    a Kafka event's ``geboortedatum`` holds it: a midnight in UTC, ``41990400000`` is
    1971-05-02, or a Dutch midnight written in UTC, the Dutch day), within
    :data:`EPOCH_DAYS_MIN` to :data:`EPOCH_DAYS_MAX`; None where one is not. The caller
    decides that the column counts so (numbers of nine digits or more under a birth
    date's header)."""
    numbers = _whole_numbers(values)
    if numbers is None:
        return None
    out: dict[str, str] = {}
    for v, n in zip(values, numbers, strict=True):
        days, rest = divmod(n, _DAY_MS)
        if rest % _HOUR_MS or not EPOCH_DAYS_MIN <= days <= EPOCH_DAYS_MAX:
            return None
        day = (_UNIX_EPOCH + timedelta(days=days)).isoformat()
        out[v] = dutch_day(day, rest // _HOUR_MS, 0)
    return out


def _ddmmyy(v: str) -> str | None:
    v = v.zfill(6)
    return make_date(int(v[4:]), int(v[2:4]), int(v[:2]))


def _yymmdd(v: str) -> str | None:
    if len(v) != 6:
        return None
    return make_date(int(v[:2]), int(v[2:4]), int(v[4:]))


def _serial(v: str) -> str | None:
    n = int(v)
    if len(v) != 5 or not SERIAL_MIN <= n <= SERIAL_MAX:
        return None
    return (_EXCEL_EPOCH + timedelta(days=n)).isoformat()


def american_only(text: str) -> bool:
    """Whether ``text`` is a date with slashes that only an American (month-first)
    reading makes a date (``03/14/1962``): a column holding one is written month first,
    unless it holds one that only a day-first reading makes a date too
    (:func:`day_first_only`: then each value is read as it reads)."""
    return _only_one_reading(text, american=True)


def day_first_only(text: str) -> bool:
    """Whether ``text`` is a date with slashes that only a day-first reading makes a date
    (``25/07/1994``)."""
    return _only_one_reading(text, american=False)


def _only_one_reading(text: str, *, american: bool) -> bool:
    m = _DMY.fullmatch(_TIME.sub("", text.strip()).strip())
    if m is None or m[2] != "/":
        return False
    year, first, second = int(m[4].lstrip("'")), int(m[1]), int(m[3])
    day_first = make_date(year, second, first) is not None
    month_first = make_date(year, first, second) is not None
    return month_first and not day_first if american else day_first and not month_first
