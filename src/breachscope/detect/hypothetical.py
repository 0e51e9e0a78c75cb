"""Results that a text names without giving them: a leaflet's or a letter's conditions
(``Als de HPV-test positief is, ...``, ``Is de HPV-test positief, dan ...``), ranges
(``een uitslag Pap 2 of hoger``), general statements (``Een hrHPV-positieve uitslag
betekent niet dat ...``) and what a test looks for (``het lab kijkt naar afwijkende
cellen``). A screening programme's letters and folders say these to everyone; they are
no one's result.

The rules read the clause before a match (back to the nearest line end, sentence end,
comma, colon, semicolon or opening bracket: a label's value or a bracketed result is a
clause of its own) and the rest of its sentence after it, all lower-cased.
"""

from __future__ import annotations

import re

_CLAUSE_BACK = 120
"""How far before a match its clause is looked for."""
_SENTENCE_ON = 80
"""How far after a match the rest of its sentence is read."""
_LAST_END = re.compile(r"(?s:.*)(?:[\r\x1e;:,(\[]|[.!?](?=\s))")
"""Up to the last mark that ends a clause (besides a line break): a comma, colon,
semicolon or opening bracket, or a sentence's end (the mark, then a space)."""
_CONDITION = re.compile(
    r"\b(?:indien|wanneer|mocht|mochten|zodra|tenzij|if|when|whenever|unless|whether|"
    r"in\s+(?:geval|case)|stel\s+dat|"
    r"als\s+(?:de|het|uw|u|er|je|jouw|jij|een|die|dit|deze|zij|ze|hij|mijn|haar|zijn|jullie)\b)"
)
"""A condition's opening words; ``als`` only before a subject (``als de uitslag``), since
``als`` is also "as" (``werd als Pap 2 beoordeeld`` gives the result)."""
_INVERTED = re.compile(
    r"\s*(?:is|was|blijkt|bleek|wordt|werd|zijn|waren|komt|heeft|hebben)\s+"
    r"(?:de|het|uw|er|je|die|mijn|haar|zijn|een)\b"
)
"""A clause that opens with its verb: a condition (``Is de HPV-test positief, dan ...``)
or a question (``Is mijn uitslag HPV positief?``)."""
_GENERAL = re.compile(
    r"\bbij\s+een\s+(?:uitslag|positieve|negatieve|afwijkende)\b"
    r"|^\s*(?:een|na\s+een)\s+uitslag\b"
)
"""``Bij een uitslag Pap 1 ...``, ``Bij een positieve hrHPV ...``, a sentence that opens
with ``Een uitslag hrHPV positief met Pap 1 leidt tot ...``: what follows any such
result."""
_RANGE_AFTER = re.compile(
    r"\s+(?:of|or|en|t/m|tot\s+en\s+met)\s+(?:hoger|lager|erger|higher|lower|worse|above)\b"
)
_RANGE_BEFORE = re.compile(r"\b(?:vanaf|from|boven|above|minimaal|ten\s*minste)\s+$")
"""A range's lower bound before the result (``overige typen pas vanaf Pap 3a2``)."""
_AGGREGATE = re.compile(r"\b(?:aantal|totaal|percentage|number\s+of)\b|\d\s?%")
"""A count or a share of results, not a person's (``aantal Pap 1: 10.233``, ``9% van de
deelnemers hrHPV-positief``)."""
_COUNT_AFTER = re.compile(
    r"\s*(?:[:=][ \t]*\d[\d.,]*[ \t]*(?:[;,)|\r\n]|\.?$|\.\s)|(?:totaal|total)[ \t]*\d)"
)
"""A count after the result, a number alone in its clause (``Pap 2: 412;``, ``HSIL totaal
139``), not a number with its unit (``Pap 2: 6 mnd controle``)."""
_GROUP = re.compile(
    r"\b(?:vrouwen|mannen|patiënten|patienten|mensen|personen|iedereen|deelnemers|cliënten|"
    r"women|patients|people)\b"
)
"""A group a statement is about (``Bij vrouwen bekend met HIV ...``): no one's history."""
_REFERENCE = re.compile(
    r"\b(?:referentie|streef|afkap|normaal|reference|normal|target|cut-?off)"
    r"|(?:grens|doel|alarm)(?:waarden?|bereik)"
)
"""A reference range's or a target's words before a measurement on its line (``Streefwaarde
HbA1c: 53 mmol/mol``, ``Normaalwaarden: glucose 4,0 mmol/L``): a value for everyone, no
one's result."""
_REFERENCE_BACK = 40
_MEANS_AFTER = re.compile(
    r"[^.!?\n]{0,60}?\b(?:betekent|betekenen|means|houdt\s+in|wil\s+zeggen)\b"
)
_LOOKS_FOR = re.compile(r"\b(?:naar|op|for|of\s+er)\s+$")
"""What a test looks for (``kijkt naar afwijkende cellen``, ``onderzocht op CIN``)."""


def clause_before(text: str, lower: str, start: int) -> str:
    """The clause of ``lower`` (``text`` lower-cased) that ends at ``start``, at most
    :data:`_CLAUSE_BACK` characters. A line break ends a clause unless it wraps a
    sentence: a lower-case word on both sides of it (``Bij een\\nuitslag Pap 1``)."""
    lo = max(0, start - _CLAUSE_BACK)
    m = _LAST_END.match(lower, lo, start)  # (one call: ".*" backtracks from the end)
    cut = lo if m is None else m.end()
    nl = lower.rfind("\n", cut, start)
    while nl >= 0:
        if not _wraps(text, nl, cut, start):
            cut = nl + 1
            break
        nl = lower.rfind("\n", cut, nl)
    return lower[cut:start]


def _wraps(text: str, nl: int, lo: int, hi: int) -> bool:
    """Whether the line break at ``nl`` wraps a sentence (within ``text[lo:hi]``)."""
    before = text[lo:nl].rstrip()
    after = text[nl + 1 : hi].lstrip()
    return bool(before) and bool(after) and before[-1].islower() and after[0].islower()


_COUNTED = frozenset({"pap", "cytology", "kopac", "cisoe"})
"""Kinds whose result a lab's statistics count (``Pap 1: 10.233``); an HPV result's
colon is its genotype's (``HPV: 16``)."""


def hypothetical(text: str, lower: str, start: int, end: int, kind: str) -> bool:
    """Whether the result at ``text[start:end]`` (``lower``: ``text`` lower-cased) is one
    the text names without giving it (a condition, a range, a general statement, or what
    a test looks for)."""
    clause = clause_before(text, lower, start)
    after = lower[end : end + _SENTENCE_ON]
    if _COUNT_AFTER.match(after) and kind in _COUNTED:
        return True
    if kind == "history" and _GROUP.search(clause):
        return True
    if kind == "measurement":
        line = max(lower.rfind("\n", 0, start) + 1, start - _REFERENCE_BACK)
        if _REFERENCE.search(lower, line, start):
            return True
    if len(clause) < 3:  # (a result at a line's or a label's start: the common case)
        return _RANGE_AFTER.match(after) is not None
    if _CONDITION.search(clause) or _INVERTED.match(clause) or _GENERAL.search(clause):
        return True
    if _RANGE_BEFORE.search(clause) or _AGGREGATE.search(clause):
        return True
    if _RANGE_AFTER.match(after):
        return True
    if clause.strip() in ("een", "a", "an") and _MEANS_AFTER.match(after):
        return True
    return kind == "cytology" and _LOOKS_FOR.search(clause) is not None
