"""Finding person names in free text: the regular shapes of Dutch names, used by the name
detector (patients) and the provider detector (GPs). See :mod:`breachscope.detect.names`
for the vocabulary and the normaliser.

Shapes, each checked against the word lists after matching:

* ``cue``: a name after a cue (``Mevr.``, ``dhr.``, ``Patiënt:``, ``naam:``, ``t.a.v.``,
  ``Betreft:``) - any capitalised words that are not known non-names;
* ``reversed``: ``Jansen-de Vries, J.M.`` / ``Berg, A.B. van der`` / ``Jansen, Marieke``;
* ``initials``: ``J.M. de Vries``;
* ``given``: a listed given name followed by a surname (``Marieke de Vries``);
* ``register``: a surname already found in structured sources.

Upper-case forms (``MARIEKE DE VRIES``, ``JANSEN, J.M.``) follow the same shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from breachscope.detect.context import TextView
from breachscope.detect.names import (
    ABBREVIATIONS,
    CAP_WORD,
    CAPS_WORD,
    GIVEN_NAMES,
    INITIALS,
    PREFIX_RE,
    is_not_name,
    is_prefix,
)

_P = rf"(?i:{PREFIX_RE})"
WORD = rf"(?:{CAP_WORD}|{CAPS_WORD})"
SURNAME = rf"(?:{_P}[ ])?{WORD}(?:[ ]?-[ ]?(?:{_P}[ ])?{WORD})?"
GIVEN = rf"{WORD}(?:-{WORD})?"

SHAPES: dict[str, regex.Pattern[str]] = {
    "reversed": regex.compile(
        rf"(?<![\w-])(?P<n>{SURNAME},[ ]?(?:(?:{INITIALS})(?:[ ]?{_P}(?![\w]))?"
        rf"|{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{_P}(?![\w]))?))"
    ),
    "initials": regex.compile(rf"(?<![\w.])(?P<n>{INITIALS}[ ]?{SURNAME})(?![\w])"),
    "given": regex.compile(
        rf"(?<![\w-])(?P<n>{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{INITIALS})?[ ]{SURNAME})(?![\w])"
    ),
}
"""Name shapes that stand on their own (no cue needed)."""
ANY_NAME = (
    rf"(?:{SURNAME},[ ]?{INITIALS}(?:[ ]?{_P}(?![\w]))?|(?:{INITIALS}[ ]?)?"
    rf"(?:{GIVEN}[ ]){{0,3}}{SURNAME})"
)
_TOKEN = regex.compile(r"[^\s,]+")


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    shape: str


def cue_regex(cues: Iterable[str]) -> regex.Pattern[str]:
    """``cue`` followed by a name (the name is group ``n``)."""
    alts = "|".join(regex.escape(c) for c in sorted(cues, key=len, reverse=True))
    return regex.compile(
        rf"(?i:(?<![\w])(?:{alts}))(?:[ \t]*[:.]?[ \t]*|[ \t]*\n[ \t]*)(?P<n>{ANY_NAME})(?![\w])"
    )


def plausible(text: str, shape: str) -> int | None:
    """Length of the plausible name at the start of ``text`` (a match of ``shape``), or
    None. Cue and given-name matches are cut before the first known non-name word."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not toks:
        return None
    first = toks[0][2]
    if shape == "initials" and first.lower() in ABBREVIATIONS:
        return None
    if shape == "given" and _titled(first.split("-")[0]) not in GIVEN_NAMES:
        return None
    if shape == "reversed":
        after = text.split(",", 1)[1].split()
        if after and not after[0].endswith(".") and _titled(after[0]) not in GIVEN_NAMES:
            return None
    keep = len(toks)
    for k, (_, _, t) in enumerate(toks):
        if is_prefix(t) or t.endswith("."):
            continue
        if any(p and not is_prefix(p) and is_not_name(p) for p in t.split("-")):
            keep = k
            break
    if keep < len(toks) and shape in ("reversed", "initials"):
        return None
    toks = toks[:keep]
    reversed_form = "," in text[: toks[-1][1]] if toks else False
    while toks and (is_prefix(toks[-1][2]) or toks[-1][2].endswith(".")) and not reversed_form:
        toks.pop()
    words = [t for _, _, t in toks if not t.endswith(".") and not is_prefix(t)]
    if reversed_form:
        words = text[: toks[-1][1]].split(",", 1)[0].split()
    if not words or len(words[-1].strip("-")) < 2:
        return None
    if shape == "given" and len(words) < 2:
        return None
    return toks[-1][1]


def _titled(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word


def find_names(
    view: TextView,
    lo: int,
    hi: int,
    cue: regex.Pattern[str] | None,
    register_re: regex.Pattern[str] | None = None,
    standalone: bool = True,
) -> Iterator[NameSpan]:
    """Non-overlapping name spans in ``text[lo:hi]``, longest first."""
    found: list[NameSpan] = []
    shapes: list[tuple[str, regex.Pattern[str]]] = list(SHAPES.items()) if standalone else []
    if cue is not None:
        shapes.insert(0, ("cue", cue))
    if register_re is not None:
        shapes.append(("register", register_re))
    for shape, pat in shapes:
        for m in view.finditer(pat, lo, hi, overlapped=shape == "given"):
            s, e = m.span("n")
            n = plausible(view.text[s:e], "cue" if shape == "register" else shape)
            if n is not None:
                found.append(NameSpan(s, s + n, shape))
    found.sort(key=lambda n: (-(n.end - n.start), n.start))
    taken: list[NameSpan] = []
    for n in found:
        if all(n.end <= t.start or n.start >= t.end for t in taken):
            taken.append(n)
    yield from sorted(taken, key=lambda n: n.start)
