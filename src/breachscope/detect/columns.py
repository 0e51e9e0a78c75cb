"""Column headers: normalisation and keyword matching.

Headers come as found: Dutch or English words (``Geboortedatum``, ``patient_dob``,
``AchterNaam``), LIMS codes, HL7 field ids (``PID-5``, ``PID-5.1``, ``OBX[2]-5``, ``PID-3(2)``) and
EDIFACT tags (``NAD+PAT``, ``DTM+329``). A keyword is either ``=`` + a whole normalised
header, or a field id (contains ``-`` or ``+`` next to a digit or tag), matched exactly or
as a component prefix, or ``~`` + words, matched as whole words only, or words,
matched as whole words, or - for keywords of four or more letters - inside a compound
(``geboortedatum`` contains ``datum``). A word that ends another common word takes ``~``
(``~file``: ``profile.lastName`` names no file).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_HEADER_WORDS = 6
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_REPEAT = re.compile(r"\[\d+\]|\(\d+\)")
_FIELD_ID = re.compile(r"^[a-z0-9]{2,4}(?:(?:\+[a-z0-9:]+)+(?:-\d+(?:\.\d+)*)?|-\d+(?:\.\d+)*)$")


@lru_cache(maxsize=4096)
def normalise_header(header: str) -> str:
    """Lower-case words without accents: ``'PatiëntGeboorteDatum'`` -> ``'patient geboorte
    datum'``; field ids keep their shape without repetition: ``OBX[2]-5`` -> ``obx-5``; a
    repetition number is no word either (``naam (2)``, the second column a header names
    ``naam``, see :func:`breachscope.extract.chunking.column_names`: ``naam``)."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).strip()
    low = _REPEAT.sub("", text.lower())
    if _FIELD_ID.match(low):
        return low
    return _NON_ALNUM.sub(" ", _CAMEL.sub(" ", _REPEAT.sub(" ", text)).lower()).strip()


def is_field_id(keyword: str) -> bool:
    return bool(_FIELD_ID.match(keyword))


def header_hit(header: str, keywords: Sequence[str]) -> str | None:
    """The first keyword naming ``header``, or None."""
    if not keywords or not header:
        return None
    return _header_hit(header, tuple(keywords))


CODE_ATTRIBUTES = (
    "use", "code", "codeSystem", "codeSystemName", "codeSystemVersion", "qualifier",
    "nullFlavor", "classCode", "moodCode", "typeCode", "determinerCode", "contextControlCode",
    "unit", "mediaType", "representation", "xsi:type", "type", "version", "lang", "xml:lang",
    "inversionInd", "negationInd",
)  # fmt: skip
_CODE_ATTRIBUTE = re.compile(rf"(?:^|\.)@(?:{'|'.join(CODE_ATTRIBUTES)})$")
"""The last step of an XML record's path that is an attribute holding a code
(``addr.@use`` = ``HP``, ``administrativeGenderCode.@code`` = ``F``): no header keyword
of the path above it (``patientRole``) names its values."""


_POSITIONAL_STEP = re.compile(r"column\d+\.(?=.)")
"""The first step of a path below a column with no header (``column3.patient.achternaam``:
the JSON in its cells, :mod:`breachscope.detect.jsoncells`), which names nothing: the
path after it is the header (``column`` would veto a name's claim as a structure word)."""


@lru_cache(maxsize=65536)
def _header_hit(header: str, keywords: tuple[str, ...]) -> str | None:
    """:func:`header_hit`, memoised: every column is asked by every detector."""
    if not keywords or not header:
        return None
    if "@" in header and _CODE_ATTRIBUTE.search(header):
        return None
    if header.startswith("column") and (m := _POSITIONAL_STEP.match(header)) is not None:
        header = header[m.end() :]  # (a JSON cell's path under a column with no header)
    h = normalise_header(header)
    if h.count(" ") >= MAX_HEADER_WORDS and any(c.isspace() for c in header.strip()):
        return None  # a sentence (a note in the first row), not a column name (a path of
        # a nested record, entry.0.resource.address.0.postalCode, is one however deep)
    rules = _rules(keywords)
    words = f" {h} "
    compact = _compact(header, h)
    if rules.any_hit is not None and rules.any_hit.search(f"{words}\x00{compact}") is None:
        return None  # no keyword matches: most (header, detector) pairs end here
    for mode, kw, joined in rules.ordered:
        if mode == "=":  # the whole header, nothing more
            if h == kw:
                return kw
        elif mode == "~":  # whole words, never inside a compound
            if f" {kw} " in words:
                return kw
        elif mode == "field":
            if h == kw or h.startswith((kw + ".", kw + "+", kw + "-")):
                return kw
        elif f" {kw} " in words or (len(kw) >= 4 and joined in compact):
            return kw
    return None


def _compact(header: str, normal: str) -> str:
    """The header's words run together, where a compound keyword is looked for
    (``geboortedatum`` in ``PatientGeboorteDatum``), but never across a path's steps: a
    JSON path's ``payload.resultaten`` holds no ``adres`` (``payloADRESultaten``). A step
    of three characters or fewer is an abbreviation's (``Geb.datum``, ``d.o.b.``) or an
    index, run together with the next. Nor across an opening bracket: the remark in it
    (``Achternaam (gebruik)``) holds no compound with the words before it
    (``naamgebruik``, the BRP's indicator of the name in use)."""
    if "." not in header and "(" not in header:
        return normal.replace(" ", "")
    steps: list[str] = []
    short = False
    for step in _STEP.split(header):
        word = normalise_header(step).replace(" ", "")
        if short and steps:
            steps[-1] += word
        else:
            steps.append(word)
        short = len(word) <= _ABBREVIATION
    return "\x00".join(steps)


_ABBREVIATION = 3
_STEP = re.compile(r"[.(]")


@dataclass(frozen=True, slots=True)
class _Rules:
    """A keyword list, compiled: ``(mode, keyword, keyword without spaces)`` in order, and
    one regex over ``" {header} \\0{compact header}"`` that matches iff some keyword does."""

    ordered: tuple[tuple[str, str, str], ...]
    any_hit: re.Pattern[str] | None
    """None for short lists (compiling would cost more than it saves)."""


@lru_cache(maxsize=1024)
def _rules(keywords: tuple[str, ...]) -> _Rules:
    ordered: list[tuple[str, str, str]] = []
    anchored: list[str] = []
    literals: list[str] = []
    for kw in keywords:
        if kw.startswith("="):
            ordered.append(("=", kw[1:], ""))
            anchored.append("^" + re.escape(f" {kw[1:]} \x00"))
        elif kw.startswith("~"):
            ordered.append(("~", kw[1:], ""))
            literals.append(f" {kw[1:]} ")
        elif is_field_id(kw):
            ordered.append(("field", kw, ""))
            anchored.append("^" + re.escape(f" {kw}") + r"(?: \x00|[.+\-])")
        else:
            joined = kw.replace(" ", "")
            ordered.append(("word", kw, joined))
            literals.append(f" {kw} ")
            if len(kw) >= 4:
                literals.append(joined)
    if len(keywords) <= _LOOP_ONLY:
        return _Rules(tuple(ordered), None)
    alternatives = [*anchored, *([literal_trie(literals)] if literals else [])]
    return _Rules(tuple(ordered), re.compile("|".join(alternatives)))


def literal_trie(words: Sequence[str]) -> str:
    """A regex that matches where one of ``words`` (literal, not empty) does, as a trie:
    ``a(?:b|c)`` for ``ab``, ``ac``, ``acd``. It only tells whether one matches (words of
    a common prefix are merged, a longer one into a shorter one, not kept in order): a
    failing position costs a test or two per character, where an alternation of the
    words tries each in turn."""
    trie: dict[str, dict[str, Any]] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict[str, Any]]) -> str:
    if "" in node:
        return ""  # a word ends here: whatever follows, one matches
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_LOOP_ONLY = 3
"""Keyword lists this short are matched keyword by keyword, without a compiled regex."""


_TAG = re.compile(r"[A-Z][A-Z0-9]{2}(?:\[\d+\])?")
"""A segment's tag (``ADR``, ``PID``, ``OBX[2]``), the column of an EDIFACT segment with
no qualifier (``ADR`` encloses ``ADR-2``); HL7 segments have no column of their own."""
_LAST_PART = re.compile(r"^(?P<parent>.+?)(?:\.\d+|\(\d+\)|-\d+)$")


@lru_cache(maxsize=4096)
def field_parents(header: str) -> tuple[str, ...]:
    """The enclosing fields of an HL7 or EDIFACT component or repetition column,
    innermost first: ``PNA+PAT-5.1`` -> ``('PNA+PAT-5', 'PNA+PAT')``, ``PID-13(2).4`` ->
    ``('PID-13(2)', 'PID-13', 'PID')`` (an HL7 field's column holds all its repetitions),
    ``ADR-2.2`` -> ``('ADR-2', 'ADR')`` (a segment's tag last);
    ``()`` for other headers (``telefoon-1`` is no field id)."""
    if not is_field_id(normalise_header(header)):
        return ()
    out: list[str] = []
    h = header
    while (m := _LAST_PART.match(h)) is not None:
        h = m.group("parent")
        if not is_field_id(normalise_header(h)) and "+" not in h and not _TAG.fullmatch(h):
            break
        out.append(h)
    return tuple(out)


_REPETITION = re.compile(r"\(\d+\)$")


@lru_cache(maxsize=4096)
def repeating_parents(header: str) -> tuple[str, ...]:
    """The fields of :func:`field_parents` whose findings of a kind a column's findings
    of that kind repeat: not beyond a repetition (``PID-5(2).1`` -> ``('PID-5(2)',)``;
    ``PID-5(2)`` -> ``()``). A field's column holds all its repetitions but gives one
    name (``PID-5``: the first repetition's, the name in use), so a second repetition's
    (a birth name) is another; beyond a repetition only the same value repeats."""
    out: list[str] = []
    h = header
    for parent in field_parents(header):
        if _REPETITION.search(h):
            break
        out.append(parent)
        h = parent
    return tuple(out)


_ANY_NAME = re.compile(r"(?i)(?:.*[._/ \]@-])?name")
"""A header that is the word ``name`` or ends in it as a path's step (``labels.name``,
``data.board.name``), or an XML element's ``@name`` attribute (a draw.io page's
``diagram.@name``): what a JSON export or an XML file calls the name of anything, a
list, a label, a board, a file, a page."""
_PERSON_STEP = re.compile(
    r"(?i)patie|client|cliënt|person|persoon|member|user|contact|deelnemer|owner|author"
    r"|creator|sender|recipient|from|naam|full|given|family|first|last|display|nk1|pid"
)
"""Words in such a header that make it a person's (``patient.name``, ``contact.0.name``)."""


def anything_named(header: str) -> bool:
    """Whether ``header`` is the word ``name`` (or ends in it as a path's step) with no
    word that makes it a person's: a JSON export's name of anything (``lists.name``). Its
    column is a name column only where half its sample names a person (the name
    detector's claim)."""
    return _ANY_NAME.fullmatch(header) is not None and _PERSON_STEP.search(header) is None
