"""Column headers: normalisation and keyword matching.

Headers come as found: Dutch or English words (``Geboortedatum``, ``patient_dob``,
``AchterNaam``), LIMS codes, HL7 field ids (``PID-5``, ``PID-5.1``, ``OBX[2]-5``, ``PID-3(2)``) and
EDIFACT tags (``NAD+PAT``, ``DTM+329``). A keyword is either ``=`` + a whole normalised
header, or a field id (contains ``-`` or ``+`` next to a digit or tag), matched exactly or
as a component prefix, or words,
matched as whole words, or - for keywords of four or more letters - inside a compound
(``geboortedatum`` contains ``datum``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

MAX_HEADER_WORDS = 6
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_REPEAT = re.compile(r"\[\d+\]|\(\d+\)")
_FIELD_ID = re.compile(r"^[a-z0-9]{2,4}(?:(?:\+[a-z0-9:]+)+(?:-\d+(?:\.\d+)*)?|-\d+(?:\.\d+)*)$")


@lru_cache(maxsize=4096)
def normalise_header(header: str) -> str:
    """Lower-case words without accents: ``'PatiëntGeboorteDatum'`` -> ``'patient geboorte
    datum'``; field ids keep their shape without repetition: ``OBX[2]-5`` -> ``obx-5``."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).strip()
    low = _REPEAT.sub("", text.lower())
    if _FIELD_ID.match(low):
        return low
    return _NON_ALNUM.sub(" ", _CAMEL.sub(" ", text).lower()).strip()


def is_field_id(keyword: str) -> bool:
    return bool(_FIELD_ID.match(keyword))


def header_hit(header: str, keywords: Sequence[str]) -> str | None:
    """The first keyword naming ``header``, or None."""
    if not keywords or not header:
        return None
    return _header_hit(header, tuple(keywords))


@lru_cache(maxsize=65536)
def _header_hit(header: str, keywords: tuple[str, ...]) -> str | None:
    """:func:`header_hit`, memoised: every column is asked by every detector."""
    if not keywords or not header:
        return None
    h = normalise_header(header)
    if h.count(" ") >= MAX_HEADER_WORDS:
        return None  # a sentence (a note in the first row), not a column name
    words = f" {h} "
    compact = h.replace(" ", "")
    for kw in keywords:
        if kw.startswith("="):  # the whole header, nothing more
            if h == kw[1:]:
                return kw[1:]
            continue
        if is_field_id(kw):
            if h == kw or h.startswith((kw + ".", kw + "+", kw + "-")):
                return kw
            continue
        if f" {kw} " in words:
            return kw
        if len(kw) >= 4 and kw.replace(" ", "") in compact:
            return kw
    return None
