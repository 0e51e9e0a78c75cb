"""A text as a reader sees it, with a map back to the text as written.

Extraction leaves some text in forms a reader reads through and a pattern does not:

- characters that show nothing (:mod:`breachscope.detect.invisible`), dropped;
- ligatures a PDF's text layer keeps (``van R\u0133n``, ``Gri\ufb03oen``), spelled out;
- letters written as a base letter and a combining mark (``O\u0308zdemir``, from some
  PDFs and from macOS file names), composed (NFC);
- HTML character references a conversion left (``Cl&eacute;ment``, ``Ren&#233;e``,
  ``06&nbsp;12``), decoded;
- escapes of a JSON or program string in a log (``"M\\u00fcller"``, ``\\r`` between the
  segments of an HL7 message), decoded;
- URL encoding in an access log or a form post (``naam=J%2E+de+Vries``,
  ``M%C3%BCller``), decoded; so too the ``\\xHH`` escapes by which nginx logs a request's
  body (``{\\x22naam\\x22:\\x22T. W\\xC3\\xB3jcik\\x22}``), and the octal escapes of bytes
  beyond ASCII by which a protobuf's text format writes a string (``Zieli\\305\\204ska``),
  as the UTF-8 text they encode;
- quoted-printable left undecoded in a text that shows it (``Ren=C3=A9e``, a soft line
  break ``=`` inside a BSN), decoded;
- the marks that quote an earlier e-mail's lines in a reply (``> ``), dropped;
- a form's fill lines of underscores read as a space, and a word a line's end
  hyphenated read as one word;
- a form's check boxes as OCR or a PDF's form fields give them: an empty box and its
  option's text (up to the next box, a field's gap or the line's end) dropped, a ticked
  or crossed box dropped (``Uitslag hrHPV: ☐ negatief
  ☒ positief`` reads ``Uitslag hrHPV: positief``);
- a form's character boxes drawn in text, a digit or a hyphen a box
  (``[ 2 | 6 | 0 | 8 | 6 | 2 | 3 | 4 | 4 ]``, ``|2|9|-|0|6|-|1|9|8|6|``), read as the
  characters they hold (``260862344``);
- a value in base64 in a log or a key's value (``payload=YnNuPTYyMjk3Mzc2OTs...``, a
  JSON web token's header and claims, ``eyJhbGciOi...``; URL-encoded too, a SAML
  response posted to a portal: ``SAMLResponse=PD94bWwg...%2B...``), read as the text it encodes
  where that is text (a key's or a hash's characters decode to no text, and stay);
- a Java date of a day as its ``toString`` writes it in a log (``Thu Jan 19 00:00:00 CET
  1956``), read as its ISO date;
- the first column of a unified diff's lines (``-``, ``+``, a space), dropped inside its
  hunks: a patch of a CSV file reads as the file;
- an inline image's placeholder in an e-mail's plain-text part
  (``[cid:image001.png@01DA1234.56789ABC]``), dropped;
- HTML's tags in a text that holds them (an Evernote note's ENML in its export's
  ``<content>``, an e-mail's HTML in a JSON string or a database's cell:
  ``<div>Mevr. A. Nowak, 06-09-1979</div><div>Uitstrijkje: hrHPV positief``): a block's
  opening tag and a line break (``<br/>``) read as a line's end, a table's cell's end as a
  tab, any other tag of HTML (``</div>``, ``<b>``, ``<span style=...>``), an XML
  declaration and a document type read as nothing;
- a Python date's repr in a log (``'geb_datum': datetime.date(1978, 3, 3)``) or a
  script's (``date(1982, 3, 5)``, Ruby's ``Date.new(1982, 3, 5)``, Java's
  ``LocalDate.of(1982, 3, 5)``), and a date by its parts' names (a protobuf's text
  format, ``{ year: 1989 month: 5 day: 29 }``), read as the date it stands for
  (``1978-03-03``).
- a number spoken digit by digit or in pairs, as a voicemail's or a call's transcript
  writes it (``mijn BSN is vier acht zes, twee nul een, drie drie zeven``, ``nul zes,
  twaalf, vierendertig, zesenvijftig, achtenzeventig``): a run of at least six number
  words read as its digits (``486201337``, ``0612345678``); a date spoken so, its day and
  year in words (``drie maart negentien zesentachtig``, ``twaalf juni
  negentienhonderdtweeëntachtig``), read with digits (``3 maart 1986``).
- an HL7 name field as an interface engine's log quotes it (``'DOĞAN^NURCAN^^^^^L'``),
  read as the family name, a comma and the given name (``DOĞAN, NURCAN``);
- a LaTeX document's spaces and accents (``505\\,931\\,114``, ``BSN~505``, ``Ren\\'ee``,
  ``M\\"{u}ller``): a thin or a tied space as a space, an accent and its letter as the
  letter it makes (``Renée``, ``Müller``), in a text that is LaTeX.

Detection reads the text as seen (:func:`as_read`) and maps every span back to the text
as written (:meth:`SpanMap.back`), so that a location points at the bytes of the dump and
the value is what the reader reads.
"""

from __future__ import annotations

import base64
import heapq
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from breachscope.detect.invisible import INVISIBLE
from breachscope.detect.names import is_prefix
from breachscope.extract.htmltext import BLOCK

LIGATURES = {
    "\u0132": "IJ",
    "\u0133": "ij",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
"""Ligatures as the letters they join: the Dutch ``\u0133`` (pdfium gives it for a font
that has the glyph) and the typesetting ones of Latin script."""

_BOXES = "\u2610\u2611\u2612"
"""A form's check boxes: empty (``☐``), ticked (``☑``) and crossed (``☒``)."""
_JSON_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "/": "/", "\\": "\\"}

_PATTERN = re.compile(
    "|".join(
        (
            rf"(?P<drop>[{INVISIBLE}]+)",
            f"(?P<lig>[{''.join(LIGATURES)}])",
            r"(?P<marks>[\u0300-\u036f]+)",
            r"(?P<ref>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
            # (\\ first, so that an escaped backslash is not read as the start of another
            # escape; a surrogate pair as one; \n, \r, \t not before a small letter:
            # C:\temp\nieuw is a path)
            r"(?P<esc>\\(?:\\|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt](?![a-z])|[\"/]))",
            r"(?P<pct>(?:%[0-9a-fA-F]{2})+)",
            r"(?P<hex>(?:\\x[0-9a-fA-F]{2})+)",
            # (bytes beyond ASCII as octal escapes: a protobuf's text format, a C string)
            r"(?P<oct>(?:\\[23][0-7]{2})(?:\\[0-3][0-7]{2})+)",
            # (an option's text: a few words, up to the next box, a field's gap of two
            # spaces or a tab, or the line's end)
            rf"(?P<unbox>\u2610[ \t]?[^{_BOXES}\r\n\t]{{0,40}}?"
            rf"(?:[ ](?=[{_BOXES}])|(?=[ ]{{2}}|[\t\r\n]|\Z)))",
            r"(?P<box>[\u2611\u2612][ \t]?)",
            r"(?<=[\w.,%)])(?P<plus>\+)(?=[\w%(])",
        )
    )
)
"""What :func:`as_read` rewrites, tried where :data:`_STARTS` finds a character that
starts one. Combining marks are composed with the letter before them. A ``+`` is a
space only inside a query string's or form post's value (:func:`_plus_is_space`), and
not at its start or end: ``telefoon=+31612345678`` and ``uitslag=hrHPV+`` keep theirs."""
_STARTS = re.compile(f"[{INVISIBLE}{''.join(LIGATURES)}\u0300-\u036f&\\\\%+{_BOXES}]")
"""The characters a rewrite starts with: one scan by character class finds them (the
alternatives of :data:`_PATTERN` tried at every character would cost about 70 times as
much)."""

_QP_SIGN = re.compile(r"=(?:3D|[C-E][0-9A-F]=[89AB][0-9A-F])")
"""What marks a text as quoted-printable left undecoded (a body whose transfer encoding
its headers lost, a raw message pasted): an escaped ``=`` or a letter outside ASCII
written as escaped UTF-8 (``Ren=C3=A9e``). Only in such a text are a line's final ``=``
(a soft line break, where the encoder wrapped a line: ``1614=`` over ``74299``) and
``=XX`` read as the encoding's."""
_QP = re.compile(r"=(?:\r?\n|[0-9A-F]{2}(?:=[0-9A-F]{2})*)")
_QUOTE_MARKS = re.compile(r">[> \t]*")
"""The marks that quote a line of an earlier e-mail in a reply (``> ``, ``>> ``, ``> > ``),
at a line's start: the line is read without them, as a reader reads the quoted text
(``> Populierenlaan 23`` over ``> 5623 KB Eindhoven`` is an address block; ``> 878``
the last group of a BSN wrapped inside the quote). Only in a text with two such lines."""


_FILL = re.compile(r"_{2,}|(?<=[ \t:])_(?=\d)|(?<=\d)_(?=[\s,.;]|\Z)")
"""A form's fill line of underscores, read as a space (``Achternaam: ______Mulder______``,
``__07__-__09__-__1974__``, ``BSN: _140936981_``); one underscore between two words
stays (``geb_datum``)."""
_HYPHEN = re.compile(
    r"(?<=[a-zß-öø-ÿ]{2})-\r?\n[ \t]*"
    r"(?!(?:van|de|der|den|het|te|ter|ten|in|op)[ \t])(?=[a-zß-öø-ÿ]{2})"
)
"""A word that a line's end hyphenated, read as one word (``burger-`` over
``servicenummer:``): small letters on both sides, and no tussenvoegsel after it
(``Bakker-`` over ``de Graaf`` is a double name)."""
_LINE_END_HYPHEN = re.compile(r"-\r?\n")
_IMAGE = re.compile(r"\[cid:[^\]\s]{1,200}\]")
"""An inline image's placeholder, which an e-mail's plain-text part writes where its HTML
shows a picture (``Geboortedatum: [cid:image002.png@01DA1234.56789ABC] 21-07-1983``, a
logo in a signature): read as nothing."""

_CHAR_BOXES = re.compile(
    r"(?<![\w\-])(?<![\w\-]\|)(?<![\w\-] \|)(?<![\w\-]\| )(?<![\w\-] \| )"  # (a run's start)
    r"[\d\-](?:[ \t]?\|[ \t]?[\d\-]){7,}"
    r"(?![\w\-]|[ \t]?\|[ \t]?\w)"
)
"""A form's boxes drawn in text, a digit (or a date's hyphen) each, at least eight: as a
form recognition writes a BSN's or a birth date's boxes (``2 | 6 | 0 | 8 | 6 | 2 | 3 |
4 | 4``); their bars are read as nothing. A table's row of one-digit counts has fewer
cells, and its cells hold more than a digit."""
_BOX_BAR = re.compile(r"[ \t]?\|[ \t]?")
_BASE64_GATE = re.compile(r"[=:\"'][ ]?(?=[A-Za-z0-9+/_-]{12})[A-Za-z+/_-]{0,11}\d")
"""Where a value in base64 may start: after a key's ``=`` or ``:`` or a quote (a space
between), twelve characters of base64 with a digit among them (a word has none; the
base64 of text nearly always has one in twelve). A JSON web token is found by its
``eyJ`` wherever it stands (``Bearer eyJ...``). Each scan runs at C speed, a literal
first; the few hits are checked in Python (:func:`_base64_values`)."""
_BOX_GATE = re.compile(r"\|[ \t]?[\d\-][ \t]?\|[ \t]?[\d\-][ \t]?\|")
"""Three boxes of :data:`_CHAR_BOXES` (a literal first: one fast scan of a text)."""
_BASE64 = re.compile(
    r"(?:eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?"
    r"|(?:[A-Za-z0-9+/_-]|%2[BbFf]){12,}(?:=|%3[Dd]){0,2})(?![\w+/=.%-])"
)
"""A value in base64 (standard or URL-safe, padded or not; in a URL's query or a form's
body its ``+``, ``/`` and ``=`` written ``%2B``, ``%2F``, ``%3D``: a SAML response
posted to a portal), at least twelve characters (a BSN's nine digits encode in twelve),
or a JSON web token (``eyJ...``: its header and claims, the signature left)."""
_URL_ESCAPES = re.compile(r"%2[BbFf]|%3[Dd]")
_URL_CHARS = {"%2B": "+", "%2b": "+", "%2F": "/", "%2f": "/", "%3D": "=", "%3d": "="}


def _base64_values(text: str) -> dict[int, tuple[int, str]]:
    """``{start: (end, the text it encodes)}`` of each value in base64 in ``text`` that
    encodes text (:func:`_base64_text`)."""
    out: dict[int, tuple[int, str]] = {}
    starts = [g.start() + 1 + (text[g.start() + 1] == " ") for g in _BASE64_GATE.finditer(text)]
    at = text.find("eyJ")
    while at >= 0:
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "+/_-"):
            starts.append(at)
        at = text.find("eyJ", at + 3)
    for start in sorted(starts):
        m = _BASE64.match(text, start)
        if m is not None and start not in out and (decoded := _base64_text(m[0])) is not None:
            out[start] = (m.end(), decoded)
    return out


def _spoken_numbers(text: str) -> dict[int, int]:
    """``{start: end}`` of each spoken number in ``text`` (:data:`_SPOKEN`) and ``{start:
    -end}`` of each spoken date (:data:`_SPOKEN_DATE`), each searched only around the
    places of the words they hold (:data:`_SPOKEN_KEYS`; a year's first word). A number
    found in a window is matched again from its start, so that a window's edge never
    cuts it short."""
    low = text.lower()
    found: dict[int, int] = {}
    for lo, hi in _key_windows(low, ("negentien", "tweeduizend"), 60, 1):
        for m in _SPOKEN_DATE.finditer(text, lo, hi):
            if m["y"] or m["c"].lower() != "negentien":  # ('negentien' alone: no year)
                found[m.start()] = -m.end()
    for lo, hi in _key_windows(low, _SPOKEN_KEYS, _SPOKEN_REACH, _SPOKEN_CLUSTER):
        for m in _SPOKEN.finditer(text, lo, hi):
            whole = _SPOKEN.match(text, m.start()) if m.end() == hi else m
            found.setdefault(m.start(), (whole or m).end())
    return found


def _key_windows(
    low: str, keys: tuple[str, ...], reach: int, cluster: int
) -> list[tuple[int, int]]:
    """The spans ``reach`` characters around each run of ``cluster`` places of keys in
    ``low`` that lie within :data:`_SPOKEN_CLUSTER_SPAN` characters, merged."""
    places: list[int] = []
    for key in keys:
        at = low.find(key)
        while at >= 0:
            places.append(at)
            at = low.find(key, at + len(key))
    places.sort()
    windows: list[tuple[int, int]] = []
    for i in range(len(places) - cluster + 1):
        first, last = places[i], places[i + cluster - 1]
        if last - first > _SPOKEN_CLUSTER_SPAN:
            continue
        lo, hi = max(0, first - reach), min(len(low), last + reach)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _base64_text(token: str) -> str | None:
    """The text ``token`` encodes in base64, or None where it encodes no text: a value
    with both capitals and small letters (a hash or a key in hex has no capitals), whose
    bytes are UTF-8 of printable characters, at least eight."""
    if not any(c.isupper() for c in token) or not any(c.islower() for c in token):
        return None
    if token.startswith("eyJ") and token.count(".") >= 1:
        parts = [_base64_text(p) for p in token.split(".")[:2]]
        return None if None in parts else " ".join(p for p in parts if p)
    if "%" in token:
        token = _URL_ESCAPES.sub(lambda m: _URL_CHARS[m[0]], token)
    body = token.rstrip("=")
    if len(body) % 4 == 1:
        return None
    try:
        raw = base64.b64decode(
            body.replace("-", "+").replace("_", "/") + "=" * (-len(body) % 4), validate=True
        )
        text = raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    if len(text) < 8 or not all(c.isprintable() or c in "\t\r\n" for c in text):
        return None
    return as_read(text)[0]  # (its own escapes: a web token's JSON writes ``Sar\u0131``)


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")  # fmt: skip
_JAVADATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (" + "|".join(_MONTH_ABBR) + r") ([0-3]\d) "
    r"00:00:00 [A-Z]{2,5}(?:[+-]\d\d:?\d\d)? ([12]\d{3})(?!\w)"
)
"""A Java ``Date`` of a day as its ``toString`` writes it (``Thu Jan 19 00:00:00 CET
1956``), as Hibernate logs a bound parameter: read as ``1956-01-19`` (another time of
day is an event's, and stays as written)."""
_BLOCK_TAGS = BLOCK | {"en-note", "dd", "dt"}
_CELL_TAGS = frozenset({"td", "th"})
_INLINE_TAGS = frozenset(
    {"span", "b", "i", "u", "strong", "em", "font", "a", "sup", "sub", "small", "big", "code",
     "tt", "s", "strike", "ins", "del", "mark", "abbr", "cite", "q", "label", "img", "col",
     "colgroup", "tbody", "thead", "tfoot", "en-media", "en-todo", "o:p", "center", "body",
     "html", "head", "title", "meta"}
)  # fmt: skip
_TAG = re.compile(
    r"<(?:(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]{0,15})(?:\s[^<>]{0,400})?/?"
    r"|\?xml\s[^<>]{0,200}\?|!DOCTYPE\s[^<>]{0,300})>"
)
"""A tag as :data:`_TAG_GATE` finds one: HTML's (known by its name), an XML declaration, a
document type."""
_TAG_GATE = ("</", "<br", "<BR", "<?xml")
"""What a text holds that holds HTML's tags (:func:`_candidates`): a closing tag or a line
break."""


def _tag_text(m: re.Match[str]) -> str | None:
    """What a reader reads for a tag (see the module): None for one that is no HTML's."""
    name = m["name"]
    if name is None:
        return ""  # (an XML declaration, a document type)
    name = name.lower()
    if name in _BLOCK_TAGS:
        return "" if m["close"] else "\n"
    if name in _CELL_TAGS:
        return "\t" if m["close"] else ""
    return "" if name in _INLINE_TAGS else None


_JAVA_GATE = " 00:00:00 "
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@[^\n]*\n", re.MULTILINE)
"""A unified diff's hunk header; the lines under it that start with ``-``, ``+`` or a
space are the hunk's."""


def _diff_marks(text: str) -> list[int]:
    """Where each line of a unified diff's hunks starts (its ``-``, ``+`` or space)."""
    marks: list[int] = []
    for hunk in _HUNK.finditer(text):
        pos = hunk.end()
        while pos < len(text) and text[pos] in " +-":
            marks.append(pos)
            nl = text.find("\n", pos)
            if nl < 0:
                break
            pos = nl + 1
    return marks


_PYDATE = re.compile(
    r"(?:(?:(?:datetime|dt)\.|(?<![\w.]))(?:date|datetime)\("
    r"|(?<![\w.])(?:Date|DateTime)\.new\(|(?<![\w.])LocalDate(?:Time)?\.of\("
    r"|(?<![\w.])new (?:System\.)?(?:DateTime|DateOnly)\()"
    r"([12][0-9]{3}), ?([1-9]|1[0-2]), ?([1-9]|[12][0-9]|3[01])"
    r"(?:, [0-9]{1,6}){0,5}(?:, tzinfo=[^()]{1,80}(?:\([^()]{0,80}\))?)?\)"
)
"""A Python date or datetime as its ``repr`` writes it in a log of a dict or a record
(``datetime.date(1978, 3, 3)``, ``datetime.datetime(1978, 3, 3, 0, 0)``; the module
imported as ``dt``, ``dt.date(1978, 3, 3)``, as a test's fixture writes it; the class
imported, ``date(1982, 3, 5)``, as a seed script writes it); a Ruby date (a Rails seed's
``Date.new(1969, 8, 8)``), a Java one (``LocalDate.of(1969, 8, 8)``) and a C# one (a test's
``new DateTime(1975, 2, 22)``; not JavaScript's ``new Date(...)``, whose months count from
nought): read as its date in ISO form, which a label before it reads as any written
date."""

_PYDATE_WORDS = ("date(", "datetime(", "Date.new(", "Date.of(", "DateTime(", "DateOnly(")
"""What a text holds where :data:`_PYDATE` may match (a substring test first)."""
_PARTS_DATE = re.compile(
    r"(?<![\w.])(?:year|Year|jaar|Jaar)\"?:[ \t]*([12][0-9]{3})[ \t,]+"
    r"\"?(?:month|Month|maand|Maand)\"?:[ \t]*([1-9]|0[1-9]|1[0-2])[ \t,]+"
    r"\"?(?:day|Day|dag|Dag)\"?:[ \t]*"
    r"([1-9]|0[1-9]|[12][0-9]|3[01])(?![\w.])"
)
"""A date written as its year, month and day by name, as a protobuf's text format writes
a ``google.type.Date`` (``geboortedatum { year: 1989 month: 5 day: 29 }``) and Go's
``%+v`` a struct (``{Year:1989 Month:5 Day:29}``): read as its date in ISO form."""
_PARTS_WORDS = ("year:", "Year:", "jaar:", "Jaar:", 'year":')
"""What a text holds where :data:`_PARTS_DATE` may match."""

_UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
          "achttien", "negentien")  # fmt: skip
_TENS = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")


def _number_words() -> dict[str, str]:
    """Every Dutch number word from nought to ninety-nine and the digits it stands for
    (``één`` and ``eén`` as ``een``; ``tweeëntwintig``, ``drieentwintig`` as written with
    and without the diaeresis)."""
    words = {w: str(i) for i, w in enumerate(_UNITS)} | {"één": "1", "eén": "1"}
    words |= {w: str(10 + i) for i, w in enumerate(_TEENS)}
    for t, tens in enumerate(_TENS, 2):
        words[tens] = f"{t}0"
        for u, unit in enumerate(_UNITS[1:], 1):
            joins = ("ën", "en") if unit.endswith("e") else ("en",)
            for join in joins:
                words[f"{unit}{join}{tens}"] = f"{t}{u}"
    return words


NUMBER_WORDS = _number_words()
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SPOKEN = re.compile(
    rf"(?<![\w-])(?i:{_NUMBER_WORD})(?:[ ,]{{1,3}}(?i:{_NUMBER_WORD})){{5,}}(?![\w-])"
)
"""A run of at least six number words, a space or a comma between them: a number spoken
as a transcript writes it (a sentence counts with fewer: ``twee of drie keer``)."""
_SPOKEN_KEYS = ("nul", "twee", "drie", "vier", "vijf", "zes", "zeven", "negen")
"""Words that a spoken number of six words or more holds, nearly always several of them
(in its tens too: ``zesenvijftig``): :data:`_SPOKEN` is tried only around a cluster of
their places (:data:`_SPOKEN_CLUSTER`), found by substring tests, each a scan at C speed
of the text in small letters (an alternation of many words tried at every character
costs seconds over a dump's texts)."""
_SPOKEN_REACH = 200
"""How far around a key's place a spoken number is searched."""
_SPOKEN_CLUSTER = 3
_SPOKEN_CLUSTER_SPAN = 100
"""A spoken number of six words holds at least three keys within 100 characters
(``een twee drie, vier ...``; ``nul zes, twaalf, vierendertig``: ``nul``, ``zes``,
``vier``); prose's number words lie further apart."""
_SPOKEN_WORD = re.compile(rf"(?i:{_NUMBER_WORD})")


_LATEX_SIGNS = ("\\documentclass", "\\begin{", "\\newcommand", "\\usepackage")
"""What marks a text as a LaTeX document (a letter typeset with it)."""
_LATEX = re.compile(
    r"(?P<row>\\\\(?:\[[^\]\n]{0,12}\])?)|(?P<none>\\!|\\/)"
    r"|\{?\\(?P<accent>[\"'`^~])\{?(?P<letter>[A-Za-z])\}?\}?"
    r"|(?P<space>\\[,;: ]|~|(?<!\\)&)"
)
"""A LaTeX accent and its letter (``\\"u``, ``\\'{e}``, ``{\\"u}``), a thin, medium or
tied space (``\\,``, ``~``), a table's cell separator (``Huisarts: & drs.~M.C.~Overdijk``:
the label and its value, apart by a space), a negative space, an italic correction
(``\\!``, ``\\/``): nothing; a line's or a row's end (``\\\\``, ``\\\\[2mm]``: an address
block's ``Mevrouw Z.A.~Kaya\\\\Stationsweg 172``) as a line break."""
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}


def _latex_marks(text: str) -> dict[int, tuple[int, str]]:
    """``{start: (end, what is read)}`` of each LaTeX space and accent in ``text``, where
    it is a LaTeX document (:data:`_LATEX_SIGNS`)."""
    if "\\" not in text or not any(sign in text for sign in _LATEX_SIGNS):
        return {}
    out: dict[int, tuple[int, str]] = {}
    for m in _LATEX.finditer(text):
        if m["accent"]:
            new = unicodedata.normalize("NFC", m["letter"] + _ACCENTS[m["accent"]])
        else:
            new = " " if m["space"] else "\n" if m["row"] else ""
        out[m.start()] = (m.end(), new)
    return out


_XPN = re.compile(
    r"(?<![\w^&\\])(?P<family>[^\W\d_](?:[^\W\d_]|['-])*(?:[ ][^\W\d_](?:[^\W\d_]|['-])*)*)"
    r"\^(?P<given>[^\W\d_][\w'.-]*(?:[ ][\w'.-]+){0,2})(?:\^[\w.-]*){0,5}(?![\w^.-])"
)
"""An HL7 name field (XPN: family, given, then middle name, suffix, prefix, degree and
the name's type) as an interface engine's log quotes it (``PID-5 too long:
'DOĞAN^NURCAN^^^^^L'``), read as ``DOĞAN, NURCAN``."""


def _hl7_names(text: str) -> dict[int, tuple[int, str]]:
    """``{start: (end, what is read)}`` of each HL7 name field in ``text``
    (:data:`_XPN`): each word of the family name capitalised or in capitals (or a
    prefix, ``van der``; the words before those in the text's sentence left out), each of
    the given name too or an initial (``P.``); a code's ``hrHPV^HPV-test^LN`` is none."""
    if "^" not in text:
        return {}
    out: dict[int, tuple[int, str]] = {}
    for m in _XPN.finditer(text):
        given = m["given"]
        if not _name_words(given, prefixes=False):
            continue
        start, family = m.start(), m["family"]
        while family and not _name_words(family, prefixes=True):
            cut = family.find(" ")
            start, family = (start + cut + 1, family[cut + 1 :]) if cut >= 0 else (start, "")
        if family and not _inside_field(text, start):
            out[start] = (m.end(), f"{family}, {given}")
    return out


def _inside_field(text: str, start: int) -> bool:
    """Whether the words before ``start`` belong to a field of ``^`` components (a
    provider's ``01763690^van Vliet^T.K.``: ``Vliet^T.K.`` is no name field of its own)."""
    k = start
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] in " '-"):
        k -= 1
    return k > 0 and text[k - 1] == "^"


def _name_words(name: str, *, prefixes: bool) -> bool:
    """Whether each word of ``name`` (and each part of a double name) is capitalised or
    in capitals, a prefix where ``prefixes``, or an initial (``P.``, ``P.J.``)."""
    words = name.replace("-", " ").split()
    for word in words:
        bare = word.replace(".", "")
        if prefixes and is_prefix(word):
            continue
        if not bare.isalpha() or len(bare) < (1 if "." in word else 2):
            return False
        if not (bare.istitle() or bare.isupper()):
            return False
    return bool(words) and not (prefixes and len(words) == 1 and is_prefix(words[0]))


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")  # fmt: skip
_DAY_WORD = "|".join(w for w, d in sorted(NUMBER_WORDS.items(), key=lambda x: -len(x[0]))
                     if 1 <= int(d) <= 31)  # fmt: skip
_SPOKEN_DATE = re.compile(
    rf"(?<![\w-])(?P<day>(?i:{_DAY_WORD}))[ ](?P<month>(?i:{'|'.join(_MONTHS)}))[ ]"
    rf"(?P<year>(?P<c>(?i:negentien(?:[ ]?honderd)?|tweeduizend))(?:[ ]?(?:en[ ])?"
    rf"(?P<y>(?i:{_NUMBER_WORD})))?)(?![\w-])"
)
"""A date spoken as a transcript writes it: its day and year in words, the month's name
between (``drie maart negentien zesentachtig``, ``een januari tweeduizend en twee``)."""


def _spoken_date(m: re.Match[str]) -> Iterator[tuple[int, int, str]]:
    """The rewrites of a spoken date: its day and its year as digits."""
    yield m.start("day"), m.end("day"), NUMBER_WORDS[m["day"].lower()]
    century = "19" if m["c"].lower().startswith("negentien") else "20"
    year = NUMBER_WORDS[m["y"].lower()] if m["y"] else "0"
    yield m.start("year"), m.end("year"), f"{century}{int(year):02d}"


def _spoken(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """The rewrites of the spoken number ``text[start:end]``: each word as its digits,
    what stands between the words as nothing."""
    done = start
    for m in _SPOKEN_WORD.finditer(text, start, end):
        if m.start() > done:
            yield done, m.start(), ""
        yield m.start(), m.end(), NUMBER_WORDS[m[0].lower()]
        done = m.end()


@lru_cache(maxsize=8)
def _starts(extra: str) -> re.Pattern[str]:
    """:data:`_STARTS` and the ``extra`` characters that start a rewrite in this text:
    ``=`` in a quoted-printable text, ``>`` in one with quoted lines."""
    return re.compile(_STARTS.pattern[:-1] + extra + "]")


def _candidates(
    text: str,
    qp: bool,
    diff: list[int],
    b64: dict[int, tuple[int, str]],
    spoken: dict[int, int],
) -> Iterator[int]:
    """Where a rewrite of ``text`` may start, in order: the characters of
    :func:`_starts`, a fill line's underscores, a hyphen at a line's end, an inline
    image's placeholder and a Python date's repr, each of the last four found by its own
    search where a substring test finds one (most underscores join a log's words, most
    hyphens stand in a date or a name)."""
    extra = ("=" if qp else "") + (">" if _quoted_lines(text) else "")
    streams: list[Iterator[int]] = [(m.start() for m in _starts(extra).finditer(text))]
    if "__" in text or " _" in text:
        streams.append(m.start() for m in _FILL.finditer(text))
    if "-\n" in text or "-\r" in text:
        streams.append(m.start() for m in _LINE_END_HYPHEN.finditer(text))
    if "[cid:" in text:
        streams.append(m.start() for m in _IMAGE.finditer(text))
    if any(g in text for g in _TAG_GATE):
        streams.append(m.start() for m in _TAG.finditer(text))
    if any(w in text for w in _PYDATE_WORDS):
        streams.append(m.start() for m in _PYDATE.finditer(text))
    if any(w in text for w in _PARTS_WORDS):
        streams.append(m.start() for m in _PARTS_DATE.finditer(text))
    if _BOX_GATE.search(text) is not None:
        streams.append(m.start() for m in _CHAR_BOXES.finditer(text))
    if b64:  # (a value in base64; LaTeX's spaces and accents)
        streams.append(iter(sorted(b64)))
    if _JAVA_GATE in text:
        streams.append(m.start() for m in _JAVADATE.finditer(text))
    if spoken:
        streams.append(iter(sorted(spoken)))
    if diff:
        streams.append(iter(diff))
    return streams[0] if len(streams) == 1 else heapq.merge(*streams)


def _quoted_lines(text: str) -> bool:
    """Whether ``text`` has two lines that start with :data:`_QUOTE_MARKS`."""
    return (text[:1] == ">") + text.count("\n>") >= 2


_MARKERS = ("\u00ad", "\\", "&", "%", "+")
"""The characters of latin-1 that can start a rewrite (the soft hyphen; a JSON escape; a
character reference; a percent escape; a form post's space)."""

_URL_SIGNS = re.compile(r"[?&]|%[0-9a-fA-F]{2}")
"""What marks a word as URL encoded: a query string's ``?``, the ``&`` between a form
post's fields, or a percent escape."""
_BLANK = re.compile(r"[\s\"<>]")


@dataclass(frozen=True)
class SpanMap:
    """Where each character of the text as seen came from in the text as written."""

    starts: np.ndarray
    """Per character seen (and one past the end): its first offset in the written text."""
    ends: np.ndarray
    """Per character seen: the offset just past the characters it was read from."""

    def back(self, start: int, end: int) -> tuple[int, int]:
        """The span of the written text that ``[start, end)`` of the seen text covers (a
        character dropped inside it stays inside; one read from several written
        characters is covered whole)."""
        if end <= start:
            return int(self.starts[start]), int(self.starts[start])
        return int(self.starts[start]), int(self.ends[end - 1])


def span_back(seen: SpanMap | None, start: int, end: int) -> tuple[int, int]:
    """:meth:`SpanMap.back`, or the span itself where the text was read as written."""
    return (start, end) if seen is None else seen.back(start, end)


def needs_reading(text: str, latin1: bool = False, *, names: bool = True) -> bool:
    """Whether :func:`as_read` would change ``text``. ``latin1``: the caller knows the text
    is latin-1 (a plain text), where only a few characters can start a rewrite and
    substring tests (a ``memchr`` each) rule most texts out before the scan. ``names``:
    as :func:`as_read`'s."""
    if (
        latin1
        and not _quoted_lines(text)
        and not any(x in text for x in _SOMETIMES)
        and _BOX_GATE.search(text) is None
        and not (_JAVA_GATE in text and _JAVADATE.search(text))
        and not _base64_values(text)
        and not _spoken_numbers(text)
        and not (names and _hl7_names(text))
    ):
        present = [c for c in _MARKERS if c in text]
        if "=" not in text and (not present or present == ["+"]):  # (a phone's +31)
            return False
        if not present and _QP_SIGN.search(text) is None:
            return False
    return next(_rewrites(text, names), None) is not None


_SOMETIMES = (
    "__", " _", "-\n", "-\r", "[cid:", *_PYDATE_WORDS, *_PARTS_WORDS, "@@ -", *_TAG_GATE
)  # fmt: skip
"""What a fill line, a hyphen at a line's end, an inline image's placeholder, HTML's tags,
a Python date's repr, a form's character boxes, a diff's hunk or a Java date needs in a text
(:func:`_candidates`)."""


def as_read(text: str, *, names: bool = True) -> tuple[str, SpanMap | None]:
    """``text`` as a reader sees it (see the module), and the map back; ``(text, None)``
    where it reads as written. ``names``: whether an HL7 name field is read as a name
    (not in a table's cell: an HL7 table's columns hold its components already, and a
    coded value's cell, ``HPV^hrHPV^L``, is no name)."""
    pieces: list[str] = []
    firsts: list[int] = []  # per run of characters seen: where its first was written,
    lasts: list[int] = []  # where the written characters of a rewrite end (-1: kept as
    sizes: list[int] = []  # written, one each), and how many characters it has
    done = 0
    for s, e, new in _rewrites(text, names):
        if s > done:  # the written characters before it, each its own
            pieces.append(text[done:s])
            firsts.append(done)
            lasts.append(-1)
            sizes.append(s - done)
        pieces.append(new)
        firsts.append(s)
        lasts.append(e)
        sizes.append(len(new))
        done = e
    if not pieces:
        return text, None
    pieces.append(text[done:])
    firsts.append(done)
    lasts.append(-1)
    sizes.append(len(text) - done + 1)  # (and one past the end)
    size = np.array(sizes)
    kept = np.repeat(np.array(lasts) < 0, size)
    offset = np.arange(len(kept)) - np.repeat(np.cumsum(size) - size, size)
    starts = np.repeat(np.array(firsts), size) + np.where(kept, offset, 0)
    ends = np.where(kept, starts + 1, np.repeat(np.array(lasts), size))
    return "".join(pieces), SpanMap(starts, ends[:-1])


def _rewrites(text: str, names: bool = True) -> Iterator[tuple[int, int, str]]:
    """The rewrites of ``text``, left to right, apart: the span each replaces and what
    the reader reads there."""
    done = 0
    qp = "=" in text and _QP_SIGN.search(text) is not None
    diff = _diff_marks(text) if "@@ -" in text else []
    marks = set(diff)
    b64 = _base64_values(text) | _latex_marks(text) | (_hl7_names(text) if names else {})
    spoken = _spoken_numbers(text)
    for at in _candidates(text, qp, diff, b64, spoken):
        if at < done:
            continue
        if at in spoken:  # (a spoken number or date: its digits)
            end = spoken[at]
            if end < 0:
                date = _SPOKEN_DATE.match(text, at)
                assert date is not None
                yield from _spoken_date(date)
            else:
                yield from _spoken(text, at, end)
            done = abs(end)
            continue
        m: re.Match[str] | None
        new: str | None
        if at in marks:  # (a diff's line: its first column)
            yield at, at + 1, ""
            done = at + 1
            continue
        if at in b64:  # (a value in base64: the text it encodes; LaTeX's marks)
            end, decoded = b64[at]
            yield at, end, decoded
            done = end
            continue
        if text[at] == ">":  # (at a line's start only)
            m = _QUOTE_MARKS.match(text, at) if at == 0 or text[at - 1] == "\n" else None
            new = ""
        elif text[at] == "_":
            m, new = _FILL.match(text, at), " "
        elif text[at] == "-":
            m, new = _HYPHEN.match(text, at), ""
        elif text[at] == "[":
            m, new = _IMAGE.match(text, at), ""
        elif text[at] == "<":
            m = _TAG.match(text, at)
            new = None if m is None else _tag_text(m)
        elif text[at] in "0123456789-" and "|" in text[at : at + 3]:
            m = _CHAR_BOXES.match(text, at)
            if m is not None:
                for bar in _BOX_BAR.finditer(text, m.start(), m.end()):
                    yield bar.start(), bar.end(), ""
                done = m.end()
            continue
        elif text[at] in "MTWFS" and (java := _JAVADATE.match(text, at)) is not None:
            month = _MONTH_ABBR.index(java[1]) + 1
            yield at, java.end(), f"{java[3]}-{month:02d}-{java[2]}"
            done = java.end()
            continue
        elif text[at] in "dDLnyYjJ":
            m = _PYDATE.match(text, at) or _PARTS_DATE.match(text, at)
            new = None if m is None else f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        elif text[at] == "=":
            m = _QP.match(text, at)
            new = None if m is None else _quoted(m[0])
        else:
            m = _PATTERN.match(text, at)
            new = None if m is None else _rewrite(m, text)
        if m is None or new is None:
            continue
        start, end = m.span()
        if m.lastgroup == "marks":  # composed with the letter they sit on, if they can be
            if start == done or not text[start - 1].isalpha():
                continue
            start -= 1
            new = unicodedata.normalize("NFC", text[start:end])
            if len(new) >= end - start:
                continue
        if m.lastgroup in _BYTE_RUNS or (m.re is _QP and new):  # each character from its
            per = 4 if m.lastgroup in ("hex", "oct") else 3  # escapes
            for char in new:
                width = per * len(char.encode("utf-8"))
                yield start, start + width, char
                start += width
        else:
            yield start, end, new
        done = end


_BYTE_RUNS = frozenset({"pct", "hex", "oct"})
"""Rewrites of a run of escaped bytes (``%C3%BC``, ``\\xC3\\xBC``, ``\\303\\274``): each
character seen maps back to the escapes of its own bytes."""


def _rewrite(m: re.Match[str], text: str) -> str | None:
    """What the reader reads for the match ``m``, or None where it reads as written."""
    kind = m.lastgroup
    raw = m.group()
    if kind == "drop":
        return ""
    if kind == "lig":
        return LIGATURES[raw]
    if kind == "marks":
        return raw  # (composed with the letter before them by _rewrites)
    if kind == "ref":
        return _reference(raw)
    if kind == "esc":
        return _escape(raw)
    if kind == "pct":
        return _percent(raw)
    if kind == "hex":
        return _percent(raw.replace("\\x", "%"))
    if kind == "oct":
        codes = [int(raw[i + 1 : i + 4], 8) for i in range(0, len(raw), 4)]
        new = _percent("".join(f"%{c:02x}" for c in codes))
        return new if new is not None and not new.isascii() else None
    if kind == "plus":
        return " " if _plus_is_space(text, m.start()) else None
    if kind in ("unbox", "box"):
        return ""
    return None


def _reference(raw: str) -> str | None:
    """An HTML character reference as its character (``&eacute;``, ``&#233;``,
    ``&#xE9;``); None for an unknown name or a code that is no character to read."""
    new = html.unescape(raw)
    if new == raw or len(new) != 1 or new == "\ufffd":  # (an invalid code reads as U+FFFD)
        return None
    return new if _readable(new) else None


def _escape(raw: str) -> str | None:
    """A JSON or program string escape as what it stands for (a surrogate pair as its
    character); None for a lone surrogate or a control code."""
    if raw[1] != "u":
        return _JSON_ESCAPES[raw[1]]
    codes = [int(raw[i + 2 : i + 6], 16) for i in range(0, len(raw), 6)]
    if len(codes) == 2:
        return chr(0x10000 + ((codes[0] - 0xD800) << 10) + codes[1] - 0xDC00)
    if 0xD800 <= codes[0] < 0xE000:
        return None  # a lone surrogate
    new = chr(codes[0])
    return new if _readable(new) else None


def _percent(raw: str) -> str | None:
    """A run of percent escapes as the UTF-8 text they encode (``%C3%BC`` as ``ü``);
    None where the bytes are no UTF-8 or encode a control code."""
    try:
        new = bytes.fromhex(raw.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return new if all(_readable(c) for c in new) else None


def _quoted(raw: str) -> str | None:
    """Quoted-printable's soft line break as nothing, a run of its escapes as the UTF-8
    text they encode (as :func:`_percent`)."""
    if raw[1] in "\r\n":
        return ""
    return _percent(raw.replace("=", "%"))


def _readable(c: str) -> bool:
    """A character a reader reads: no control code, but a line break or a tab."""
    return c in "\n\r\t" or unicodedata.category(c)[0] != "C"


def _plus_is_space(text: str, at: int) -> bool:
    """Whether the ``+`` at ``at`` is a space a URL's encoding wrote: its word (the run of
    characters up to a blank or a quote) is URL encoded, and the ``+`` lies in a value
    (after a ``key=`` since the word's last ``?``, ``&`` or ``;``)."""
    lo = max(0, at - 2000)  # (a word longer than that is no URL to read)
    begin = max((m.end() for m in _BLANK.finditer(text, lo, at)), default=lo)
    end_m = _BLANK.search(text, at)
    word = text[begin : end_m.start() if end_m else len(text)]
    field = re.split(r"[?&;]", text[begin:at])[-1]
    return "=" in field and _URL_SIGNS.search(word) is not None
