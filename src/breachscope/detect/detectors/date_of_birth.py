"""Dates of birth. Every common Dutch date form is read (see :mod:`breachscope.detect.dates`),
but only dates labelled as a birth date are findings: in free text a birth-date word
("geboren", "geb.", "geboortedatum", "DOB", "date of birth") must be the nearest label
before the date, with no other date between them, or the date stands alone in brackets
after a person's name with a later date near it
(:meth:`DateOfBirthDetector._after_name`); in tables the column header must say so
(``Geboortedatum``, ``PID-7``, ``DTM+329``). Sample, report, invoice and other
dates are never reported."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import regex

from breachscope.detect.base import (
    SMALL_COLUMN,
    CellFindings,
    ColumnVerdict,
    Detector,
    TextMatch,
    cells_by_value,
    distinct_cells,
)
from breachscope.detect.context import (
    MESSAGE_HEAD,
    TextView,
    asked_above,
    match,
    search,
    spoken_reply,
)
from breachscope.detect.dates import (
    MONTH_WORDS,
    MONTHS,
    NO_RECORD_BEFORE,
    american_only,
    compact_dates,
    day_first_only,
    epoch_days,
    epoch_millis,
    make_date,
    parse_date,
    unbracketed,
)
from breachscope.detect.floats import whole_number
from breachscope.detect.lazypattern import lazy
from breachscope.detect.namegrammar import (
    ANY_NAME,
    GIVEN_FAMILY_BRACKET,
    GIVEN_FAMILY_COMMA,
    LABEL_DATE_SEX,
    LABEL_GAP,
    SURNAME,
    TITLE,
    given_family_before,
    label_name,
)
from breachscope.detect.names import (
    INITIALS,
    PREFIX_RE,
    grouped_alternation,
    is_not_name,
    is_prefix,
)
from breachscope.detect.ocrdigits import LEADING, LETTERS, as_digits, misread
from breachscope.detect.recordlines import EVIDENCE as RECORD_EVIDENCE
from breachscope.detect.recordlines import PATTERN as RECORD_PATTERN
from breachscope.detect.recordlines import TAG as RECORD_TAG
from breachscope.detect.recordlines import record_lines
from breachscope.detect.vectors import common_dates_found, merge_found

_WRAP = r"[ ]?\r?\n[ \t>]*"
"""A line break that wrapped a date in a paragraph or a quoted e-mail (``geboren op 3``
over ``maart 1978``, ``12-06-`` over ``> 1979``)."""
_NUM = (
    r"\d{1,2}[\-/. ]\d{1,2}[\-/. ](?:\d{4}|'?\d{2})|\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{8}"
    r"|\d{1,2} [\-/.] \d{1,2} [\-/.] \d{4}"  # (a form's fields: 12 / 03 / 1978)
    r"|\d{1,2}[\-/.]\d{1,2}[\-/.]\r?\n[ \t>]*\d{4}"  # (wrapped after its separator)
)
_OCR = f"[0-9{LEADING}]"
_OCR_PATTERNS = tuple(
    rf"\b{day}[\-/.]{month}[\-/.]{year}\b"
    for day, month, year in (
        (f"{_OCR}?[{LETTERS}]{_OCR}?", f"{_OCR}{{1,2}}", f"{_OCR}{{2,4}}"),
        (f"{_OCR}{{1,2}}", f"{_OCR}?[{LETTERS}]{_OCR}?", f"{_OCR}{{2,4}}"),
        (f"{_OCR}{{1,2}}", f"{_OCR}{{1,2}}", f"{_OCR}{{0,3}}[{LETTERS}]{_OCR}{{0,3}}"),
    )
)
"""Prefilter patterns of a date with a letter an OCR engine gave for a digit in its day,
its month or its year (:mod:`~breachscope.detect.ocrdigits`)."""
_OCR_DATE = regex.compile(
    rf"(?<![\w\-/.]){_OCR}{{1,2}}([\-/.]){_OCR}{{1,2}}\1[0-9{LETTERS}]{{2,4}}(?![\w]|[\-/.]\d)"
)
_SPACED_SEPARATOR = regex.compile(r" ([\-/.]) ")
_UNWRAP_AFTER_SEPARATOR = regex.compile(r"(?<=[\-/.])\r?\n[ \t>]*")
_UNWRAP_SPACE = regex.compile(r"[ ]?\r?\n[ \t>]*")
_MONTHS = grouped_alternation(tuple(sorted(MONTHS, key=len, reverse=True)))
""":data:`MONTH_WORDS` grouped by first letter: the same matches, fewer tests per digit."""
_WORD = (
    rf"\d{{1,2}}(?:st|nd|rd|th|ste|de|e)?\.?(?:[ ]|{_WRAP})?(?:of[ ])?(?:{_MONTHS})\.?,?"
    rf"(?:[ ]|{_WRAP})?'?(?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}[\-/](?:{_MONTHS})[\-/](?:\d{{4}}|\d{{2}})"
)
"""``3 mrt. '78``, ``03-MRT-1978`` as database exports write it (``parse_date`` checks
that both separators are the same), English ``3rd March 1978`` and the Dutch ordinal
``12e maart 1971``. Every form starts
with a digit, so that a search skips the other positions fast; the English form with the
month first is read right after a birth-date word only (:data:`_MONTH_FIRST`)."""
_COUNTED = (
    r"matche?s?|rijen|rows|records|regels|lines|treffers|hits|resultaten|results|keer|times"
    r"|personen|patiënten|patienten|cliënten|clienten|dossiers|stuks|entries|items"
)
_COMPACT = regex.compile(
    r"[ \t]*+[:=]?[ \t]*+(?P<v>\d{5,6})(?![\w]|[\-/.,]\d|[ \t]+(?:" + _COUNTED + r")\b)",
    regex.IGNORECASE,
)
"""``Geboortedatum: 030378``, ``Geb.datum 28187``: a compact number right after a
birth-date word (:meth:`DateOfBirthDetector._compact`); not a count of what it matched
(``merge op bsn+geboortedatum: 17963 matches``)."""
_DATE_NOUNS = (
    "geboortedatum", "geboorte datum", "geb.datum", "gebdatum", "geb. datum", "gebdat",
    "geb.dat", "geboortedag", "dob", "d.o.b.", "date of birth", "birth date", "birthdate",
    "birth_date", "date_of_birth", "dateofbirth", "geboorte_datum", "geb_datum",
)  # fmt: skip
"""The birth-date words that name the date itself (not ``geboren``, ``born``: ``geboren
3450 gram``), the only ones a compact number is read after."""
_BIRTH_WORDS = ("geb.", "geb", "geboren", "born")
"""The words for being born, after which six digits that read ``ddmmyy`` are the date
(``geb. 030378``, ``geboren 050386``): a weight or a count is no such number."""


def _ddmmyy(raw: str) -> str | None:
    """Six digits read as ``ddmmyy`` (a real date, no placeholder), else None."""
    if len(raw) != 6:
        return None  # (five digits: an Excel serial needs the date's own word)
    value = make_date(int(raw[4:]), int(raw[2:4]), int(raw[:2]))
    return None if value in PLACEHOLDER_DATES else value


_Pattern: TypeAlias = "regex.Pattern[str]"
"""A compiled pattern (the class's own ``regex`` attribute hides the module inside it)."""


def _compact_date(raw: str) -> str | None:
    """A compact number read as a date of birth (:meth:`DateOfBirthDetector._compact`)."""
    read = compact_dates([raw])
    value = read[raw] if read else None
    return None if value in PLACEHOLDER_DATES else value


_MONTH_FIRST = regex.compile(
    rf"[ \t]*+[:=]?[ \t]*+(?:on[ ]+)?"
    rf"(?P<v>(?:{_MONTHS})\.?[ ]?\d{{1,2}}(?:st|nd|rd|th)?,?[ ]\d{{4}})(?![\w])",
    regex.IGNORECASE,
)
"""``DOB: March 3, 1978``, ``born on March 3rd, 1978``: a date with its month first, right
after a birth-date word (matched at the word's end)."""


_DTM = re.compile(r"\d{1,3}:(\d{6,14}):\d{3}")
"""An EDIFACT ``DTM`` composite: qualifier, date, format code (``329:19610226:102``); a
time of day (``1975-03-12 00:00:00``) is none."""


_MESSAGE_HEAD = re.compile(MESSAGE_HEAD)
_BIRTH_QUESTION = re.compile(
    r"(geboortedatum|geboren|geb\.?[ ]?datum|date of birth|birth date)[^\n?]{0,30}\?[ \t\r]*$"
)
"""A line that asks for a birth date (lower-cased: ``Wat is uw geboortedatum?``,
``Wanneer bent u geboren?``)."""
_SPOKEN_QUESTION = re.compile(
    r"(geboortedatum|geboren|geb\.?[ ]?datum|date of birth|birth date)[^\n?]{0,30}\??[ \t\r]*$"
)
"""A spoken line that asks for a birth date, its question mark missing or not."""
_OTHER_DATE_SAID = re.compile(
    r"afspra|afname|uitslag|brief|datum|sinds|vanaf|geleden|gebeld|onderzoek|verstuurd"
)
"""Words said before a date that make it another date than the birth date asked for
(``ja eh mijn afspraak is op ...``)."""
_AND_ANOTHER = re.compile(
    r"[ \t]*,?[ \t]*(?:en|of)[ \t]+(?:de mijne|die van (?:mij|mijn|haar|zijn|hun|onze)"
    r"(?:[ \t]+\w+)?|van (?:mijn|haar|zijn|hun|onze)[ \t]+\w+)[ \t]*(?:is)?[ \t]*:?[ \t]*"
)
"""Between a birth date and the next one, the words that give the label to that one too
(``Haar geboortedatum is 14-6-1985 en de mijne 22-9-1988``, ``... en die van mijn zoon
3-4-2010``)."""
_AND_ANOTHER_BEFORE = re.compile(_AND_ANOTHER.pattern + "$")
""":data:`_AND_ANOTHER` ending right before a date (searched up to the date's start)."""
LABEL_REACH = 80
"""How far back on its line a birth-date label may stand before a colon and the date."""
_PERSON_CUES = (
    "mevrouw", "mevr", "mw", "mej", "de heer", "dhr", "patiënte", "patiënt", "patiente",
    "patient", "cliënte", "cliënt", "client", "naam", "pte", "pt", "pat",
)  # fmt: skip
_NAMED = (
    rf"(?:(?<![\w])(?i:{'|'.join(_PERSON_CUES)})\.?[ \t]*:?[ \t]+"
    r"|(?<![^\n\x1e])[ \t]*(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[ \t]*(?:uur|u))?[ \t]+)"
    rf"{TITLE}?(?:{ANY_NAME})"
)
"""A person's name after her cue (``mevr.``, ``Patiënt:``), or after the time that opens
an agenda's line (``09:00 L. Lammers-Schouten``: the person booked then)."""
_DASHES = "\u2014\u2013"
_SETS_APART = f"[(,{_DASHES}]|[ \t]-"
"""What sets a date apart after a name: a bracket, a comma, a dash (a list's ``Bouma, B.
\u2014 13/12/1984 \u2014 Pap 4``; a hyphen with a space before it)."""
_NAMED_BRACKET = lazy(rf"{_NAMED}[ \t]*(?:{_SETS_APART})[ \t]*\Z")
"""A person's name after a cue on its line (``mevr. A. Jansen``, ``Patiënt: J. de Vries``),
ending right at an opening bracket or a comma: the date in that bracket, or after that
comma, is hers."""
_REVERSED_BEFORE = lazy(
    rf"(?<![\w\-.'])(?:{SURNAME}),[ \t]?(?:{INITIALS})(?:[ \t]?(?i:{PREFIX_RE}))?"
    rf"[ \t]*(?:[,({_DASHES}]|[ \t]-)[ \t]*\Z"
)
"""A family name and its initials after a comma, as a register writes a person (``Jacobs,
A.``; her tussenvoegsel after them: ``Haan, I.J. de``), then a comma, a dash or a
bracket, ending where the date starts (``Jacobs, A., 15/04/89, mail ...``, a worklist's
``de Wit-Zwaagstra, G.  (1969-03-06)``): no cue needed, that form names a person."""
_INITIALS_BEFORE = lazy(rf"(?<![\w\-.'])(?:{INITIALS})[ \t]?(?:{SURNAME})[ \t]*\(\Z")
"""A person's initials and family name right before an opening bracket, no cue before
them (a worker's log: ``Uitslag C24-16275 verwerkt voor B. Yılmaz (13-10-1981)``): the
date in the bracket is hers with the evidence any bracketed date needs (a later date near
it, her BSN after it, or a year before 1990)."""
_NAMED_SPACE = lazy(rf"{_NAMED}[ \t]+\Z")
"""As :data:`_NAMED_BRACKET`, the name ending at the spaces before the date (``Mw. A. van
Dijk 12-03-1980, BSN ...``)."""
_CUE_ON_LINE = re.compile(rf"(?<![\w])(?:{'|'.join(_PERSON_CUES)})(?![\w])")
"""A person's cue (lower-cased): where :data:`_NAMED_SPACE` may start."""
_DATE_START = (
    rf"(?:\d{{1,2}}[\-/. ]\d{{1,2}}[\-/. ]'?\d{{2}}|\d{{4}}[\-/.]\d{{1,2}}[\-/.]\d{{1,2}}"
    rf"|\d{{1,2}}(?:\.? ?|[\-/]|(?:ste|de|e) )(?:{MONTH_WORDS}))"
)
BRACKET_PATTERN = rf"\([ \t]?{_DATE_START}"
"""A date right after an opening bracket: the prefilter's pattern for :data:`_NAMED_BRACKET`."""
COMMA_PATTERN = rf",[ \t]?{_DATE_START}"
"""A date right after a comma (``Patiënt: P.J. Jansen, 03-03-1978, BSN ...``)."""
DASH_PATTERN = rf"(?:\?|[ \t]-)[ \t]?{_DATE_START}"
"""A date right after a dash (``Bouma, B. \u2014 13/12/1984``): matched as latin-1 bytes,
an em or en dash is a ``?`` (:mod:`breachscope.detect.prefilter`); a hyphen with a space
before it."""
SPACE_PATTERN = (
    rf"(?-i:[A-Z][a-z'\-]*[a-z]|[A-Z]{{2,}})[ \t]{{1,2}}(?:\d{{1,2}}[\-/.]\d{{1,2}}[\-/.]19\d\d"
    rf"|\d{{1,2}}[ ](?:{MONTH_WORDS})\.?[ ]19\d\d)"
)
"""A date of the last century right after a capitalised word and a space (``Mw. A. van
Dijk 12-03-1980, BSN ...``, ``JANSEN 03-03-1978``): a date after a name with nothing
between tells least, so only the years of adults' births after a word that may end a
name are looked at (67 hits on the benchmark's letters, 1,868 for any date after any
word; sample and letter dates are of this century)."""
SEX_PATTERN = rf"\([VvMmFf]\)[ \t]{{0,2}}{_DATE_START}"
"""A date right after a person's sex in brackets (``JANSEN, PETRA MARIA (V) 03-03-1978``),
as a lab's labels and worklists print a patient."""
LABEL_LINE_PATTERN = rf"[A-Z]\.?[ \t]*\r?\n[ \t]*{LABEL_DATE_SEX}\b"
"""A date with the person's sex on a label's line of their own, under the line of her
name and initials (``PETERS, M.`` over ``06-02-1988  V``)."""
LABEL_PATTERN = rf"[A-Z]\.?{LABEL_GAP}{LABEL_DATE_SEX}\b"
"""A date right after initials without dots and before the person's sex (``JANSEN P
03.03.78 V``): a label's or a worklist's patient (its hit ends after the sex, at most 16
characters after the date's start)."""
SIGN_PATTERN = "(?:\u00b0[ ]?|\\(\\*|[ \t]\\*)" + rf"{_DATE_START}" + "|\u00b0[ ]?(?:19|20)\\d{6}"
"""A date right after the sign of a birth (``(\u00b003/03/1978)``, ``(*12-08-1983)``,
``mw. N. Karimi *12-04-1979``, compact after the sign: ``\u00b019781224``)."""
BSN_NEXT_PATTERN = r"19\d\d[ \t]{0,8}[,;]?[ \t]{0,4}(?:bsn|burgerservicenummer)\b"
"""A date of the last century right before a BSN label (``16-07-1966   BSN 520116331`` on a
sample's label, ``12-03-1959, BSN ...``): the order of a patient's identification on a
label, a wristband or a worklist (its hit ends after the label). A date before a BSN of
the years a BSN exists (2007 on) may be a sample's or a call's, so only the last
century's are read."""
_BSN_NEXT_REACH = 40
"""How far back from the BSN label's end its date may start."""
AFTER_PATTERN = (
    r"\d[ \t]*(?:\([ \t]*(?:geb\.?|geboren|geboortedatum|geb\.?[ ]?datum|dob|d\.o\.b\.)"
    r"[ \t]*\)|geboren\b)"
)
"""A birth-date word right after a date (``Mw. Kok, 3-3-1978 (geboortedatum)``, ``Ik ben op
3 maart 1978 geboren``): its hit ends after the word."""
REFERENCE_PATTERN = (
    r"(?:kenmerk|referentie)[ \t]{0,4}:?[ \t]{0,12}(?:[a-z0-9]{0,12}[/\-_.])?"
    r"19[2-8]\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
)
"""A date of birth written compact inside a letter's reference (a mail merge's ``Kenmerk :
BVO/19720804/0210``): a year before :data:`NO_RECORD_BEFORE`, no sample's, letter's or
record's; its hit ends at the date's end."""
_REFERENCE_END = re.compile(r"[/\-_.]|\s|\Z")
"""What must follow such a date: the reference's next separator, or its end."""
_LABEL_AFTER = re.compile(
    r"[ \t]*(?:\([ \t]*(?P<w>geb\.?|geboren|geboortedatum|geb\.?[ ]?datum|dob|d\.o\.b\.)"
    r"[ \t]*\)|(?P<v>geboren)\b)"
)
""":data:`AFTER_PATTERN` from the date's end (lower-cased text)."""
_SEX_BEFORE = regex.compile(r"[^\W\d_][.,]?[ \t]*\([VvMmFf]\)[ \t]*\Z")
"""A sex marker in brackets right after a word (the name it follows), ending where the
date starts."""
_SEX_AFTER = re.compile(r"[VvMmFf](?![\w])")
"""The person's sex as a label prints it after her date of birth (``JANSEN P 03.03.78 V``)."""
_ANY_DATE = lazy(rf"(?<![\w\-/.])(?:{_NUM}|{_WORD})(?:(?=T\d)|(?![\w]|[\-/.]\d))", regex.IGNORECASE)
"""A date, a log line's timestamp too: what a bracketed date is compared with."""
_BSN_AFTER = re.compile(r"[ \t]*[,;]?[ \t]*(?:\r?\n[ \t]*)?\(?[ \t]*(?:bsn|burgerservicenummer)\b")
"""A BSN label right after the closing bracket (``mevr. A. Jansen (03-03-1978), BSN
123456782``), in brackets of its own (``Mevr. A. Nowak, 06-09-1979 (BSN 079238555)``,
a note's first line), or opening the next line (a slide's title over ``BSN: 159 146
586``): the bracket or the comma between a name and her BSN holds her date of birth."""
_ADDRESS_AFTER = re.compile(
    r"[ \t]*[,;][ \t]*(?:(?:(?:ze|zij|hij|die)[ \t]+)?(?:woont|wonend|wonende)[ \t]+"
    r"(?:(?:op|aan|in)[ \t]+)?)?"
    r"(?:[a-z'\-]{2,30}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|"
    r"pad|hof|dreef|steeg|markt|park|ring)[ \t]+\d{1,5}(?![\d\-/.])"
    r"|[1-9]\d{3}[ \t]?[a-z]{2}(?![\w]))"
)
"""A street and house number, or a postcode, right after the date (``mw. L. Kok,
12-03-1971, Dorpsstraat 3, Ede``): the date between a person's name and her address is
hers, as a record lists them, also after the words that say so (``..., ze woont
Lindenlaan 8, ...``)."""
_GIVEN_NAME_BEFORE = lazy(rf"(?:^|(?<=[.!?:;]))[ \t]{{0,3}}{GIVEN_FAMILY_COMMA}", regex.MULTILINE)
"""A given name (checked against the list) and a family name opening a sentence, ending at
the comma before a date (``... heeft hetzelfde probleem. Greet Smit, 7 november 1955, ze
woont Lindenlaan 8, ...``): with no cue before the name, the date is hers only where her
address follows it (:data:`_ADDRESS_AFTER`)."""
_GIVEN_NAME_BRACKET = regex.compile(
    rf"(?:^|(?<=[.!?:;]))[ \t]{{0,3}}{GIVEN_FAMILY_BRACKET}", regex.MULTILINE
)
"""A given name (checked against the list) and a family name opening a sentence or
after a label, then a bracket before a date (``Vraag: Magdalena Nowak (3-8-1983) staat
in LIMS ...``): with no cue before the name, the date is hers where it is older than
any record's, or a BSN or her address follows it."""
_AGE_BEFORE = re.compile(
    r"(?:(?<![\w])(?:leeftijd|lft|age)\.?[ \t]*:?[ \t]*|,[ \t]*)"
    r"(?:1[2-9]|[2-9]\d|1[01]\d)[ \t]*(?:jr|jaar|j)\.?[ \t]*\(\Z"
)
"""A person's age (12 or more) after its label or a comma, right before the bracket
(``Leeftijd: 52 jr (12-03-1971)``, ``mw. Kok, 45 jaar (3-3-1979)``): the date in it is
her birth's; a period is none (``Bewaartermijn 15 jaar (12-03-2024)``)."""
_COHORT_WORDS = frozenset(
    {"na", "vanaf", "voor", "vóór", "tussen", "tot", "t/m", "sinds", "after", "before",
     "between", "from", "until", "since"}
)  # fmt: skip
"""A bound's word right before a date (``Alle deelneemsters geboren na 01-01-1994``,
``geboren tussen 01-01-1964 en ...``, ``tot en met``): a cohort a programme's letter or
SOP names, no one's birth date."""


def _cohort_bound(low: str, start: int) -> bool:
    """Whether a word of :data:`_COHORT_WORDS` (or ``tot en met``) ends right before the
    date at ``start`` (``low``: the text lower-cased), a space between."""
    j = start
    while j > 0 and low[j - 1] in " \t":
        j -= 1
    if j == start or j == 0:
        return False
    i = j
    while i > 0 and (low[i - 1].isalpha() or low[i - 1] == "/"):
        i -= 1
    word = low[i:j]
    return word in _COHORT_WORDS or (word == "met" and low.endswith("tot en ", 0, i))


_BSN_REACH = 30
_ADDRESS_REACH = 50
NAMED_REACH = 100
"""How far back on its line the cue of a bracketed date's name may stand."""
_AFTER_NAME = ("bracket", "comma", "dash", "space", "sex", "label", "labelline", "sign")
"""The prefilter tags of dates right after a name (:meth:`DateOfBirthDetector._after_name`)
or the sign of a birth (:meth:`DateOfBirthDetector._birth_sign`)."""
DATES_BEFORE = 1000
DATES_AFTER = 500
"""How far before and after a bracketed date the dates it is compared with may stand (a
letter's date above its ``Betreft:`` line, a log line's own timestamp)."""
BIRTH_GAP_YEARS = 12
"""A bracketed date after a name is a date of birth only when another date of its text
(:data:`DATES_BEFORE`, :data:`DATES_AFTER`) lies at least this many years later:
the letter's or the sample's date. A sample or report date in brackets
(``Uitslag mevr. A. Jansen (12-01-2024)``) has none so far after it."""


def _named_before(view: TextView, line: int, start: int) -> bool:
    """Whether a person's name with its cue ends at the spaces before ``start``
    (:data:`_NAMED_SPACE`), tried only where a cue stands on the line."""
    cues = _CUE_ON_LINE.finditer(view.lower, line, start)
    return any(match(_NAMED_SPACE, view.text, c.start(), start, view.fast) for c in cues)


_SEX_LINE_END = re.compile(r"[VvMmFf][ \t]*(?:\r?\n|\Z)")
"""A label's sex ending the line of her date of birth (``06-02-1988  V``)."""
_NAME_LINE = re.compile(
    r"[ \t]*(?:[A-Z][A-Z'\-]+[ ])*[A-Z][A-Z'\-]+,?[ ](?:[A-Z]\.?){1,4}[ \t]*\r?\n\Z"
)
"""A label's line of a person's family name in capitals and her initials (``PETERS, M.``,
``DE VRIES PA``)."""


def _label_line_below_name(text: str, line: int, j: int) -> bool:
    """Whether a date that opens the line at ``line`` and ends at ``j`` is followed by
    the person's sex alone (``06-02-1988  V``), under a line of her name in capitals and
    initials (a label printer's lines: ``PETERS, M.`` over it)."""
    if line < 2 or not _SEX_LINE_END.match(text, j):
        return False
    above = text.rfind("\n", 0, line - 1) + 1
    name = _NAME_LINE.match(text, above, line)
    if name is None:
        return False
    words = text[above:line].replace(",", " ").replace("-", " ").split()
    return not any(is_not_name(w) for w in words if len(w) > 2 and not is_prefix(w.lower()))


def _past_bar(text: str, j: int) -> int:
    """``j`` past a worklist's bar and the spaces after it (``28.02.1961 | V``)."""
    if j < len(text) and text[j] == "|":
        j += 1
        while j < len(text) and text[j] in " \t":
            j += 1
    return j


class DateOfBirthDetector(Detector):
    id = "date_of_birth"
    data_class = "date_of_birth"
    kind = "date_of_birth"
    patterns = (
        r"\b\d{1,2}[\-/. ]\d{1,2}[\-/. ]'?\d{2}(?:\d{2})?\b",
        r"\b\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}\b",
        r"\b\d{8}\b",
        rf"\b\d{{1,2}}(?:\.? ?|[\-/]|(?:ste|de|e) )(?:{MONTH_WORDS})\b",
        r"\b\d{1,2} [\-/.] \d{1,2} [\-/.] \d{4}\b",
        rf"\b\d{{1,2}}[\-/.]\d{{1,2}}[\-/.]{_WRAP}\d{{4}}\b",  # (wrapped: see _WRAP)
        rf"\b\d{{1,2}}\.?{_WRAP}(?:{MONTH_WORDS})\b",
    )
    caseless = True
    regex = (
        rf"(?<![\w\-/.])(?P<v>(?:{_NUM})(?:T2[23]:00(?::00(?:\.0{{1,3}})?)?(?:Z|\+00:?00))?|{_WORD})"
        r"(?:[ T](?:0{1,2}|12):00(?::00(?:\.0+)?)?)?"
        r"(?![\w]|[\-/.]\d|[ T]\d{1,2}:\d{2}|:\d)"
    )
    """A date, with midnight or noon after it as date-time columns write a date alone
    (``1978-03-03 00:00:00``, ``03.03.1978 12:00``), or a Dutch midnight as a UTC instant
    (``1991-06-30T22:00:00.000Z``, a JSON export's: 1 July; :func:`~breachscope.detect.
    dates.parse_date`); a date with another time of day is an event (a log line's
    timestamp), never a birth date, and so is one at midnight or noon with seconds other
    than 00 (``2024-03-11 12:00:53``)."""
    regex_flags = 2  # re.IGNORECASE
    max_len = 24
    lookahead = 14
    context_words = (
        "geboren",
        "geb.",
        "geb",
        "geboortedatum",
        "geboorte datum",
        "geb.datum",
        "gebdatum",
        "geb. datum",
        "gebdat",
        "geb.dat",
        "geboortedag",
        "dob",
        "d.o.b.",
        "date of birth",
        "pid-7",  # (an HL7 patient's birth date quoted in a log: ``PID-7 '19680115'``)
        "birth date",
        "birthdate",
        "born",
        "geboren op",
        "bday",  # a vCard's birthday (BDAY:1978-03-03)
        # a log's or a JSON text's keys (``birth_date=03-03-1978``, ``"dateOfBirth":``)
        "birth_date",
        "date_of_birth",
        "dateofbirth",
        "geboorte_datum",
        "geb_datum",
        "gebore",  # (a note's typo: ``gebore 12-8-1981``)
        # a letter to a patient from abroad, or her own form in her language
        "geburtsdatum", "geboren am", "data urodzenia", "urodzona", "urodzony",
        "date de naissance", "née le", "né le", "doğum tarihi", "dogum tarihi",
        "fecha de nacimiento", "data di nascita", "data de nascimento",
        "bertedatum", "berne op",  # (Frisian: a Frisian municipality's or lab's letter)
    )  # fmt: skip
    negative_words = (
        "afname",
        "afnamedatum",
        "datum",
        "rapportdatum",
        "ontvangen",
        "ontvangst",
        "factuur",
        "factuurdatum",
        "vervaldatum",
        "uitgifte",
        "uitgiftedatum",
        "verzonden",
        "gemaakt",
        "sample",
        "report",
        "date",
        "overleden",
        "opname",
        "ontslag",
        "controle",
        "afspraak",
        "geldig",
        "aanvraag",
        "aanvraagdatum",
        "verstuurd",
        "ingang",
        "einde",
        # a form's example of the format (``dd-mm-jjjj, bijv. 01-01-1970``)
        "bijv",
        "bijvoorbeeld",
        "voorbeeld",
        "e.g.",
        "example",
        # (not the format's ``jjjj`` alone: a form's field names its format before the
        # value filled in, ``Geboortedatum (dd-mm-jjjj): 29-06-1986``)
    )
    context_required = True
    context_before = 36
    header_keywords = (
        "geboortedatum",
        "geboorte datum",
        "geboortedat",
        "datum geboorte",
        "geb datum",
        "gebdatum",
        "gebdat",
        "geb dat",
        "dob",
        "d o b",
        "date of birth",
        "birth date",
        "birthdate",
        "birth",
        "geboren",
        "pid-7",
        "nk1-16",
        "dtm+329",
        "geb",
        "gebdt",
        "~gdat",  # (a word of its own: ``handtekeningdatum`` holds it too)
        "geb dt",
        "verjaardag",  # (a contacts export's birthday, its year with it: ``1-2-1976``)
        "birthday",
    )
    header_negative = ("plaats", "place", "land", "country", "naam")
    sample_pass_rate = 2.0
    base_confidence = 0.95
    priority = 1

    def tagged_patterns(self) -> Iterable[tuple[str, str]]:
        yield "bracket", BRACKET_PATTERN
        yield "comma", COMMA_PATTERN
        yield "dash", DASH_PATTERN
        yield "space", SPACE_PATTERN
        yield "sex", SEX_PATTERN
        yield "label", LABEL_PATTERN
        yield "labelline", LABEL_LINE_PATTERN
        yield "sign", SIGN_PATTERN
        yield "after", AFTER_PATTERN
        yield "bsnnext", BSN_NEXT_PATTERN
        yield "reference", REFERENCE_PATTERN
        yield RECORD_TAG, RECORD_PATTERN
        for pattern in _OCR_PATTERNS:
            yield "ocr", pattern

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """Dates after a birth-date word, and dates in brackets after a person's name
        (:meth:`_after_name`)."""
        seen: set[int] = set()
        labelled = {
            tag: ends
            for tag, ends in hits.items()
            if tag not in _AFTER_NAME
            and tag not in ("after", "ocr", "bsnnext", "reference", RECORD_TAG)
        }
        if labelled:
            for found in super().find_tagged(view, labelled):
                seen.add(found.start)
                yield found
            yield from self._month_first(view, labelled, seen)
            yield from self._compact(view, labelled, seen)
        yield from self._labelled_after(view, hits.get("after", ()), seen)
        yield from self._in_reference(view, hits.get("reference", ()), seen)
        for record in record_lines(view.text, hits.get(RECORD_TAG, ())):
            start, end = record.date
            value = self.validate(view.text[start:end], True)
            if value is not None and start not in seen:
                seen.add(start)
                why = self.explain((), RECORD_EVIDENCE)
                yield TextMatch(start, end, value, self.kind, self.base_confidence, why)
        if "ocr" in hits:
            yield from self._ocr(view, hits["ocr"], seen)
        pat = self.exact()
        if "bsnnext" in hits:
            yield from self._bsn_next(view, pat, hits["bsnnext"], seen)
        after_name = sorted({e for tag in _AFTER_NAME for e in hits.get(tag, ())})
        for lo, hi in view.hit_windows(after_name, 16, self.max_len):
            for m in view.finditer(pat, lo, hi):
                start, end = m.span("v")
                if start in seen:
                    continue
                seen.add(start)
                bracketed = self._after_name(view, start, end, m["v"])
                if bracketed is None:
                    bracketed = self._birth_sign(view, start, end, m["v"])
                if bracketed is not None:
                    yield bracketed

    def _bsn_next(
        self,
        view: TextView,
        pat: _Pattern,
        ends: Sequence[int],
        seen: set[int],
    ) -> Iterator[TextMatch]:
        """A date of the last century right before a BSN label (:data:`BSN_NEXT_PATTERN`)."""
        for e in ends:
            lo = max(view.line_bounds(e - 1)[0], e - _BSN_NEXT_REACH)
            for m in view.finditer(pat, lo, e):
                start, end = m.span("v")
                if start in seen or _BSN_AFTER.match(view.lower, end, e) is None:
                    continue
                if _cohort_bound(view.lower, start):
                    continue
                value = self.validate(m["v"], True)
                if value is None or not value.startswith("19"):
                    continue
                seen.add(start)
                yield TextMatch(
                    start,
                    end,
                    value,
                    self.kind,
                    self.text_confidence(False),
                    self.explain((), "right before a BSN label"),
                )

    def _ocr(self, view: TextView, ends: Sequence[int], seen: set[int]) -> Iterator[TextMatch]:
        """A date of birth whose digits an OCR engine read as letters (``Geb.datum:
        l4-O2-1971``, :mod:`breachscope.detect.ocrdigits`), where a date of birth's
        rules take it."""
        windows = view.hit_windows(sorted(ends), self.max_len, 0)
        # (fewer digits to letters than a BSN's: a date's shape is evidence too)
        yield from misread(
            view, _OCR_DATE, windows, lambda t: as_digits(t, 4, 1.5), self.check, seen
        )

    def _in_reference(
        self, view: TextView, ends: Sequence[int], seen: set[int]
    ) -> Iterator[TextMatch]:
        """A compact date of birth inside a letter's reference (:data:`REFERENCE_PATTERN`)."""
        for end in ends:
            start = end - 8
            if start in seen or not _REFERENCE_END.match(view.text, end):
                continue
            raw = view.text[start:end]
            value = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
            if self.validate(value, True) != value or int(raw[:4]) >= NO_RECORD_BEFORE:
                continue
            seen.add(start)
            why = f"inside a letter's reference, before {NO_RECORD_BEFORE}: no record's date"
            yield TextMatch(
                start, end, value, self.kind, self.text_confidence(False), self.explain((), why)
            )

    def _labelled_after(
        self, view: TextView, ends: Sequence[int], seen: set[int]
    ) -> Iterator[TextMatch]:
        """Dates right before a birth-date word (:data:`AFTER_PATTERN`)."""
        pat = self.exact()
        for lo, hi in view.hit_windows(sorted(ends), self.max_len + 24, 0):
            for m in view.finditer(pat, lo, hi):
                start, end = m.span("v")
                label = _LABEL_AFTER.match(view.lower, end)
                if start in seen or label is None:
                    continue
                found = self.labelled_match(
                    start, end, m["v"], (f"{label['w'] or label['v']} after",)
                )
                if found is not None:
                    seen.add(start)
                    yield found

    def _month_first(
        self, view: TextView, hits: Mapping[str, Sequence[int]], seen: set[int]
    ) -> Iterator[TextMatch]:
        """English dates with the month first right after a birth-date word's hit."""
        read = partial(self.validate, context=True)
        return self._right_after(view, hits, seen, _MONTH_FIRST, 40, self.context_words, read)

    def _compact(
        self, view: TextView, hits: Mapping[str, Sequence[int]], seen: set[int]
    ) -> Iterator[TextMatch]:
        """A bare number of five or six digits right after a word that names the date
        (``Geboortedatum: 030378``, a spreadsheet's ``Geb.datum: 28187`` pasted or
        merged into a letter; not ``geboren 3450 gram``): read as a column of such
        numbers is (:func:`~breachscope.detect.dates.compact_dates`: ``ddmmyy``,
        ``dmmyy`` where the leading zero was lost, ``yymmdd``, then an Excel serial
        day). After a word for being born (``geb. 030378``), six digits that read
        ``ddmmyy`` only. Only right after the word: alone such a number is anything."""
        yield from self._right_after(
            view,
            hits,
            seen,
            _COMPACT,
            16,
            _DATE_NOUNS,
            _compact_date,
            "a compact number read as a date",
        )
        yield from self._right_after(
            view, hits, seen, _COMPACT, 16, _BIRTH_WORDS, _ddmmyy, "six digits read as ddmmyy"
        )

    def _right_after(
        self,
        view: TextView,
        hits: Mapping[str, Sequence[int]],
        seen: set[int],
        pattern: _Pattern,
        reach: int,
        labels: Sequence[str],
        read: Callable[[str], str | None],
        extra: str = "",
    ) -> Iterator[TextMatch]:
        """Dates that ``pattern`` matches (group ``v``, within ``reach`` characters)
        right after a hit's end, after a space, a colon or ``=``, and that ``read``
        reads; explained by the last of ``labels`` that ends there. Where ``extra`` is
        given (a reading of its own), one of ``labels`` must end there."""
        text = view.text
        for e in sorted({e for ends in hits.values() for e in ends}):
            if e >= len(text) or text[e] not in " \t:=":
                continue  # (a date follows a label after a space, a colon or '=')
            m = match(pattern, text, e, view.clamp(e, e + reach, e)[1], view.fast)
            if m is None or m.start("v") in seen:
                continue
            words = [w for w in labels if view.lower.endswith(w, 0, e)][-1:]
            if extra and not words:
                continue
            value = read(m["v"])
            if value is None:
                continue
            seen.add(m.start("v"))
            yield TextMatch(
                m.start("v"),
                m.end("v"),
                value,
                self.kind,
                self.text_confidence(True),
                self.explain(words, extra),
            )

    def validate(self, raw: str, context: bool) -> str | None:
        """:meth:`Detector.validate`; where the context names a birth date (a column's
        header), also a date whose digits an OCR engine read as letters (a screenshot's
        ``Geb.datum`` cell ``l5-O1-1972``, :mod:`breachscope.detect.ocrdigits`), and a
        date in brackets (a worklist copied into a mail, read as a table: ``(1969-03-06)``)."""
        if context:
            raw = unbracketed(raw)
        if dtm := _DTM.fullmatch(raw):  # EDIFACT DTM: 329:19610226:102
            raw = dtm[1]
        elif context and _OCR_DATE.fullmatch(raw) and (digits := as_digits(raw, 4, 1.5)):
            raw = digits
        elif "\n" in raw:  # (wrapped: as if on one line)
            raw = _UNWRAP_SPACE.sub(" ", _UNWRAP_AFTER_SEPARATOR.sub("", raw))
        elif " " in raw:
            raw = _SPACED_SEPARATOR.sub(r"\1", raw.strip())
        else:
            raw = whole_number(raw)  # (``19780303.0``: a spreadsheet's float)
        value = parse_date(raw)
        return None if value in PLACEHOLDER_DATES else value

    def check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        if _cohort_bound(view.lower, start):
            return None  # (``geboren na 01-01-1994``: a cohort's bound, no one's birth)
        return self._check(view, start, end, raw)

    def _check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """:meth:`Detector.check`; and a date right after a colon whose line names it a
        birth date further back (``Uw geboortedatum volgens onze gegevens: 3 maart
        1978``), up to :data:`LABEL_REACH` characters: the label then holds its words up
        to the colon, with no digit in them (``Geboortedatum en andere gegevens volgen
        later, 03-03-1978`` has no colon: no label)."""
        found = super().check(view, start, end, raw)
        if found is None:
            found = self._labelled_far(view, start, end, raw)
        if found is None:
            found = self._and_another(view, start, end, raw)
        if found is not None:
            return None if self._label_taken(view, start) else found
        return self._answer(view, start, end, raw)  # (its message's time is no other date)

    def _birth_sign(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A date right after the sign of a birth, ``°`` (``mw. K. Visser (°03/03/1978)``,
        as Flemish and genealogical texts write it; not after a number: ``38° op
        12-01-2024`` is a temperature), or a star right after an opening bracket
        (``mevrouw Y. Bulut (*12-08-1983)``)."""
        text = view.text
        if text.startswith("(*", start - 2) or (  # (``(*12-08-1983)``, a genealogy's star)
            text.startswith("*", start - 1) and (start < 2 or text[start - 2] in " \t")
        ):
            return self._signed(start, end, raw, "*")
        i = start - 1 if start > 0 and text[start - 1] == " " else start
        if i == 0 or text[i - 1] != "\u00b0":
            return None
        before = text[max(0, i - 3) : i - 1].rstrip(" ")
        if before and before[-1].isdigit():  # (``38\u00b0``, ``4 \u00b0C``)
            return None
        return self._signed(start, end, raw, "\u00b0")

    def _signed(self, start: int, end: int, raw: str, sign: str) -> TextMatch | None:
        return self.labelled_match(start, end, raw, (sign,))

    def _label_taken(self, view: TextView, start: int) -> bool:
        """Whether another date stands between the date at ``start`` and the nearest
        birth-date word before it: the word labels that date (``mevr. S. Yilmaz (geb.
        14-07-1991) heeft op 02-03-2024 ...``: the second date is the sample's)."""
        lo = max(view.segment(start)[0], start - LABEL_REACH)
        dates = [m.span() for m in view.finditer(_ANY_DATE, lo, start) if parse_date(m[0])]
        if not dates:  # (most dates have none before them: the words are not looked up)
            return False
        low = view.lower
        label_end = max(
            (i + len(w) for w in self.context_words if (i := low.rfind(w, lo, start)) >= 0),
            default=-1,
        )
        if not 0 <= label_end <= dates[-1][0]:
            return False
        return _AND_ANOTHER.fullmatch(low, dates[-1][1], start) is None

    def _and_another(
        self, view: TextView, start: int, end: int, raw: str, depth: int = 0
    ) -> TextMatch | None:
        """A date that another birth date's label reaches through :data:`_AND_ANOTHER`
        (``Haar geboortedatum is 14-6-1985 en de mijne 22-9-1988``)."""
        lo = max(view.segment(start)[0], start - LABEL_REACH)
        words = _AND_ANOTHER_BEFORE.search(view.lower, lo, start)
        if words is None or depth > 2:  # (most dates have no such words before them)
            return None
        before = [m for m in view.finditer(_ANY_DATE, lo, words.start()) if parse_date(m[0])]
        if not before or before[-1].end() != words.start():
            return None
        prev = before[-1]
        s, e = prev.span()
        first = super().check(view, s, e, prev[0]) or self._and_another(
            view, s, e, prev[0], depth + 1
        )
        value = None if first is None else self.validate(raw, True)
        if first is None or value is None:
            return None
        return TextMatch(start, end, value, self.kind, first.confidence, first.evidence)

    def _answer(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A date that opens a chat message or a reply's line (after its time and its
        sender: ``[10:02] Anna de Vries: 3-3-'78``) right under a line that asks for a
        birth date (``Wat is uw geboortedatum?``); or a speaker's reply in a call's
        transcript, after her words, under a line that ends asking for it with no
        question mark, as speech-to-text writes (``00:00:19 AGENT: ... eerst uw
        geboortedatum`` over ``00:00:24 BELLER: ja eh negenentwintig oktober ...``)."""
        question = asked_above(view, start, _MESSAGE_HEAD, _BIRTH_QUESTION, 60, 120)
        if question is None:
            question = spoken_reply(view, start, _SPOKEN_QUESTION, 120, _OTHER_DATE_SAID)
        value = None if question is None else self.validate(raw, True)
        if question is None or value is None:
            return None
        return TextMatch(
            start, end, value, self.kind, self.text_confidence(True),
            self.explain((f"{question[1]}?",)),
        )  # fmt: skip

    def _labelled_far(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A date after a colon whose line names it a birth date further back."""
        text = view.text
        i = start
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        if i == 0 or text[i - 1] != ":":
            return None
        line = max(text.rfind("\n", 0, i) + 1, view.segment(start)[0], start - LABEL_REACH)
        words = view.labelled(start, end, self.context_words, self.negative_words, start - line)
        if not words:
            return None
        label_end = view.lower.rfind(words[0], line, i) + len(words[0])
        if any(c.isdigit() for c in text[label_end:i]):
            return None
        return self.labelled_match(start, end, raw, words)

    def _after_name(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A date alone in brackets, or after a comma, right after a person's name with
        its cue (``Betreft: mevr. A. Jansen (03-03-1978)``, ``Patiënt: P.J. Jansen,
        03-03-1978, BSN ...``), as letters and e-mail subjects write a date of birth,
        or after her age (:data:`_AGE_BEFORE`),
        when another date near it in the text lies at least :data:`BIRTH_GAP_YEARS` later
        (see there), or, with no other date near it, her BSN follows the bracket or the
        date (:data:`_BSN_AFTER`), or the date in brackets, after a dash or right after her
        name with its cue is older than any record's (:data:`NO_RECORD_BEFORE`). Where a
        label or a worklist prints the person's sex in brackets after her name
        (``JANSEN, PETRA MARIA (V) 03-03-1978``), the date right after it needs no cue
        before the name (:data:`_SEX_BEFORE`); nor does a date between her name in
        capitals with initials and her sex (``JANSEN P 03.03.78 V``,
        :func:`~breachscope.detect.namegrammar.label_name`)."""
        text = view.text
        i = start
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        j = end
        while j < len(text) and text[j] in " \t":
            j += 1
        seg_lo, seg_hi = view.segment(start)
        line = max(text.rfind("\n", 0, i) + 1, seg_lo, i - NAMED_REACH)
        cueless = reversed_name = False
        where = ""
        if i > 0 and text[i - 1] == ")":
            if search(_SEX_BEFORE, text, line, start, view.fast) is None:
                return None
            named = "after a person's name and sex"
            between = "after a person's sex, between her name and her BSN"
        elif i > 0 and (text[i - 1] in "(," + _DASHES or text[i - 2 : i] in (" -", "\t-")):
            bracket = text[i - 1] == "("
            if bracket:
                if j == len(text) or text[j] != ")":
                    return None
                j += 1  # (the BSN may follow the bracket)
            if bracket and _AGE_BEFORE.search(view.lower, max(line, i - 30), i):
                return self.labelled_match(start, end, raw, ("age before",))
            where = {"(": "in brackets", ",": "after a comma"}.get(text[i - 1], "after a dash")
            named = f"{where} after a person's name"
            between = f"{where} between a person's name and her BSN"
            if search(_NAMED_BRACKET, text, line, start, view.fast) is not None:
                pass
            elif search(_REVERSED_BEFORE, text, line, start, view.fast):
                named = f"{where} after a person's family name and initials"
                reversed_name = True
            elif bracket and given_family_before(_GIVEN_NAME_BRACKET, view, line, i):
                named = f"{where} after a person's given and family name"
            elif bracket and search(_INITIALS_BEFORE, text, line, i, view.fast):
                named = f"{where} after a person's initials and family name"
            elif where != "after a comma" or not given_family_before(
                _GIVEN_NAME_BEFORE, view, line, start
            ):
                return None
            else:
                cueless = True
        elif i < start and text[i - 1].isalpha() and _named_before(view, line, start):
            named = "right after a person's name"
            between = "between a person's name and her BSN"
        elif _SEX_AFTER.match(text, _past_bar(text, j)) and label_name(text, line, i) is not None:
            value = self.validate(raw, True)  # (the name before it, the sex after it)
            if value is None:
                return None
            why = "between a person's name in capitals and her sex"
            return TextMatch(
                start, end, value, self.kind, self.text_confidence(False), self.explain((), why)
            )
        elif i == line and _label_line_below_name(text, line, j):
            value = self.validate(raw, True)  # (a label's lines: her name, then this)
            if value is None:
                return None
            why = "alone with her sex on a label's line, under her name in capitals"
            return TextMatch(
                start, end, value, self.kind, self.text_confidence(False), self.explain((), why)
            )
        else:
            return None
        value = self.validate(raw, True)
        if value is None:
            return None
        if cueless:
            if _BSN_AFTER.match(view.lower, j, min(seg_hi, j + _BSN_REACH)):
                what = "her BSN"
            elif _ADDRESS_AFTER.match(view.lower, j, min(seg_hi, j + _ADDRESS_REACH)):
                what = "her address"
            else:
                return None
            why = f"after a comma after a person's given and family name, before {what}"
            return TextMatch(
                start, end, value, self.kind, self.text_confidence(False), self.explain((), why)
            )
        enough = int(value[:4]) + BIRTH_GAP_YEARS
        later = self._later_year(view, max(seg_lo, start - DATES_BEFORE), start, enough)
        if later < enough:
            later = max(later, self._later_year(view, end, min(seg_hi, end + DATES_AFTER), enough))
        if later >= enough:
            gap = later - int(value[:4])
            why = f"{named}, {gap} years before a date near it"
        elif not later and _BSN_AFTER.match(view.lower, j, min(seg_hi, j + _BSN_REACH)):
            why = between
        elif not later and _ADDRESS_AFTER.match(view.lower, j, min(seg_hi, j + _ADDRESS_REACH)):
            why = between.replace("her BSN", "her address")
        elif (
            later < NO_RECORD_BEFORE
            and (where in ("in brackets", "after a dash", "") or reversed_name)
            and int(value[:4]) < NO_RECORD_BEFORE
        ):
            why = f"{named}, before {NO_RECORD_BEFORE}: no sample's or letter's date"
        else:
            return None
        return TextMatch(
            start, end, value, self.kind, self.text_confidence(False), self.explain((), why)
        )

    @staticmethod
    def _later_year(view: TextView, lo: int, hi: int, enough: int) -> int:
        """The first year of a date in ``text[lo:hi]`` that is at least ``enough``, else
        the latest year of its dates (0 where none)."""
        latest = 0
        for m in view.finditer(_ANY_DATE, lo, hi):
            value = parse_date(m[0])
            if value is not None:
                latest = max(latest, int(value[:4]))
                if latest >= enough:
                    break
        return latest

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        """``dd-mm-yyyy`` and ``yyyy-mm-dd`` cells vectorised; other forms once per
        distinct value through :meth:`validate`."""
        return self._found(column)

    def sample_share(self, sample: Sequence[str], share: float) -> bool:
        """The header claim's check, vectorised as the cells are."""
        found = self._found(pa.array(list(sample), pa.string()))
        return len(found.index) / len(sample) >= share

    def _found(self, column: pa.Array) -> CellFindings:
        """:meth:`validate` (backed by the column) of every cell, and the column's bare
        numbers read in the one compact form they all share (:func:`_read_compact`); a
        column where one date with slashes is only a date month first, and none only a
        date day first, is read month first throughout (:func:`_american`). A short
        column is read value by value (:meth:`found_by_value`), a longer one with NumPy
        first (:meth:`found_vectorised`)."""
        if len(column) <= SMALL_COLUMN:
            return _without_placeholders(self.found_by_value(column.to_pylist()))
        return _without_placeholders(self.found_vectorised(column))

    def found_by_value(self, cells: list[str | None]) -> CellFindings:
        """:meth:`_found` of a short column's cells, in Python (:data:`SMALL_COLUMN`)."""
        distinct = [u for u in dict.fromkeys(cells) if u is not None]
        if _written_month_first(distinct):
            return cells_by_value(cells, _month_first)
        normal = [self.validate(u.strip(), True) for u in distinct]
        _read_compact(distinct, normal)  # (both readings depend on the stripped value)
        forms = {u.strip(): n for u, n in zip(distinct, normal, strict=True)}
        return cells_by_value(cells, forms.__getitem__)

    def found_vectorised(self, column: pa.Array) -> CellFindings:
        """:meth:`_found` with the fixed-width forms read by NumPy
        (:func:`~breachscope.detect.vectors.common_dates_found`), the other cells once per
        distinct value."""
        covered, (index, value) = common_dates_found(column)
        rest = np.flatnonzero(~covered)
        if len(rest):
            enc = pc.take(column, pa.array(rest)).dictionary_encode()
            distinct = enc.dictionary.to_pylist()
            slashed = [u for u in distinct if u is not None and "/" in u]
            if any(map(american_only, slashed)) and _written_month_first(
                column.unique().to_pylist()  # (its day-first dates are among all values)
            ):
                return _american(column)
            normal = [self.validate(u.strip(), True) if u is not None else None for u in distinct]
            _read_compact(distinct, normal)
            others = pc.take(pa.array(normal, pa.string()), enc.indices)
            ok = pc.is_valid(others)
            found = rest[ok.to_numpy(zero_copy_only=False)]
            index, value = merge_found([(index, value), (found, pc.filter(others, ok))])
        return CellFindings(pa.array(index, pa.int64()), value)


PLACEHOLDER_DATES = frozenset({"1900-01-01", "1899-12-30", "1899-12-31", "1800-01-01"})
"""Dates a system writes where it has none (a database's or a spreadsheet's zero date,
an import's default): no one's date of birth."""
_PLACEHOLDERS = pa.array(sorted(PLACEHOLDER_DATES), pa.string())


def _without_placeholders(found: CellFindings) -> CellFindings:
    """``found`` less its :data:`PLACEHOLDER_DATES`."""
    placeholder = pc.is_in(found.value, value_set=_PLACEHOLDERS)
    if not pc.any(placeholder).as_py():
        return found
    keep = pc.invert(placeholder)
    return CellFindings(found.index.filter(keep), found.value.filter(keep))


_EPOCH_DAYS = re.compile(r"-?[1-9]\d{0,4}|0")
_EPOCH_MILLIS = re.compile(r"-?[1-9]\d{8,12}")
"""Milliseconds since 1970 (:func:`breachscope.detect.dates.epoch_millis`): nine digits or
more, which no other form of a date has but a ``yyyymmddhh`` stamp, read before them."""
_NONE = "-1"
"""What a system writes for no value in a number column: no sign of days counted back."""


def _read_compact(distinct: Sequence[str | None], normal: list[str | None]) -> None:
    """Fill in ``normal`` (the dates of ``distinct`` values, None where unread) for the
    five- and six-digit numbers among the unread values, when they all read in one
    compact form (:func:`breachscope.detect.dates.compact_dates`: ``030378``, Excel's
    ``28187``); or for whole numbers of days since 1970, some of them negative (an Avro
    ``date``, as a Kafka topic's dump writes a birth date: ``-3562`` for 1960-04-01;
    :func:`breachscope.detect.dates.epoch_days`; ``-1`` alone is a column's "none", no
    such sign); or for milliseconds since 1970 on whole hours (a Java ``Date`` in an
    event: ``41990400000``; :func:`breachscope.detect.dates.epoch_millis`)."""
    stripped = [
        None if v is None or n is not None else v.strip()
        for v, n in zip(distinct, normal, strict=True)
    ]
    millis = {i: v for i, v in enumerate(stripped) if v and _EPOCH_MILLIS.fullmatch(v)}
    if millis and (read := epoch_millis(sorted(set(millis.values())))) is not None:
        for i, v in millis.items():
            normal[i] = read[v]
        return
    days = {i: v for i, v in enumerate(stripped) if v and _EPOCH_DAYS.fullmatch(v)}
    if days and any(v.startswith("-") and v != _NONE for v in days.values()):
        read = epoch_days(sorted(set(days.values())))
        if read is not None:  # (births before 1970 counted back: no other form is negative)
            for i, v in days.items():
                normal[i] = read[v]
            return
    bare = {i: v for i, v in enumerate(stripped) if v and len(v) in (5, 6) and v.isdigit()}
    if not bare:
        return
    read = compact_dates(sorted(set(bare.values())))
    if read is None:
        return
    for i, v in bare.items():
        normal[i] = read[v]


def _written_month_first(distinct: Sequence[str | None]) -> bool:
    """Whether a column's values show it is written month first: one date with slashes
    only a month-first reading makes a date (``07/25/1974``) and none that only a
    day-first one does (``25/07/1994``: a column of both was typed by two hands, and each
    value is read as it reads)."""
    slashed = [u for u in distinct if u is not None and "/" in u]
    return any(map(american_only, slashed)) and not any(map(day_first_only, slashed))


def _american(column: pa.Array) -> CellFindings:
    """Every cell of ``column`` read with its dates with slashes month first
    (``03/04/1962`` is 4 March): one of them showed the order (``03/14/1962``)."""
    return distinct_cells(column, _month_first)


def _month_first(cell: str) -> str | None:
    """A cell's date with slashes read month first (:func:`_american`)."""
    return parse_date(cell, us=True)
