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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import regex

from breachscope.detect.context import TextView, match, search
from breachscope.detect.intervals import take_best
from breachscope.detect.names import (
    ABBREVIATIONS,
    CAP_WORD,
    CAPS_WORD,
    GIVEN_NAMES,
    INITIALS,
    PREFIX_RE,
    UPPER,
    is_not_name,
    is_prefix,
)

_P = rf"(?i:{PREFIX_RE})"
WORD = rf"(?:{CAP_WORD}|{CAPS_WORD})"
SURNAME = rf"(?:{_P}[ ])?{WORD}(?:[ ]?-[ ]?(?:{_P}[ ])?{WORD})?"
GIVEN = rf"{WORD}(?:-{WORD})?"

BARE_AT_END = rf"[{UPPER}]{{1,3}}(?=[ ]?[,;)\r\n<\"]|$)"
"""Initials without dots closing a reversed name ("Postenga, HPP,", "Broek, E")."""

SHAPES: dict[str, regex.Pattern[str]] = {
    "reversed": regex.compile(
        rf"(?<![\w-])(?P<n>{SURNAME},[ ]?\"?(?:(?:{INITIALS}|{BARE_AT_END})\"?"
        rf"(?:[ ]?{_P}(?![\w]))?"
        rf"|{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{_P}(?![\w]))?))"
    ),
    "initials": regex.compile(rf"(?<![\w.])(?P<n>{INITIALS}[ ]?{SURNAME})(?![\w])"),
    "given": regex.compile(
        rf"(?<![\w-])(?P<n>{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{INITIALS})?[ ]{SURNAME})(?![\w])"
    ),
}
"""Name shapes that stand on their own (no cue needed)."""
BARE_INITIALS = rf"[{UPPER}]{{1,3}}[ ]"
"""``M``, ``RH`` without dots: only after a cue."""
ANY_NAME = (
    rf"(?:{SURNAME},[ ]?\"?{INITIALS}\"?(?:[ ]?{_P}(?![\w]))?|(?:{INITIALS}[ ]?|{BARE_INITIALS})?"
    rf"(?:{GIVEN}[ ]){{0,3}}{SURNAME})"
)
STREET_WORDS = (
    "straat",
    "laan",
    "plein",
    "gracht",
    "kade",
    "singel",
    "steeg",
    "dreef",
    "straatweg",
)
"""Words ending so are streets ("Dokter Schaepmanstraat"), never a person's name."""


def _street_word(token: str) -> bool:
    """``Schaepmanstraat`` (a compound ending in a street word), not ``Laan`` itself."""
    low = token.lower()
    if not low.endswith(STREET_WORDS):
        return False
    return any(low.endswith(w) and len(low) > len(w) + 2 for w in STREET_WORDS)


_TOKEN = regex.compile(r"[^\s,\"]+")


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    shape: str


def cue_regex(cues: Iterable[str]) -> regex.Pattern[str]:
    """``cue`` followed by a name (the name is group ``n``)."""
    alts = "|".join(regex.escape(c) for c in sorted(cues, key=len, reverse=True))
    return regex.compile(
        rf"(?i:(?<![\w])(?:{alts}))(?:[ \t]*[:.,]?[ \t]*|[ \t]*[:,]?(?:[ \t]*\r?\n){{1,3}}[ \t]*)"
        rf"(?P<n>{ANY_NAME})(?![\w])"
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
        after = text.split(",", 1)[1].replace('"', " ").split()
        bare_initial = after and len(after[0]) <= 3 and after[0].isupper()
        if (
            after
            and not after[0].endswith(".")
            and not bare_initial
            and _titled(after[0]) not in GIVEN_NAMES
        ):
            return None
    if any(_street_word(t) for _, _, t in toks):
        return None
    keep = len(toks)
    for k, (_, _, t) in enumerate(toks):
        if is_prefix(t) or t.endswith("."):
            continue
        if t.isupper() and len(t) <= 3 and k < len(toks) - 1:
            continue  # bare initials ("EN Kowalski"), even when they spell a word
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
    return int(toks[-1][1])


def _titled(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word


TITLE = r"(?:(?i:dr|drs|prof|mr|mevr|mw|dhr|ir|mej)\.?[ ]+)"
AFTER_CUE = regex.compile(
    rf"(?:[ \t]*[:.,]?[ \t]*|[ \t]*[:,]?(?:[ \t]*\r?\n){{1,3}}[ \t]*)\"?{TITLE}?"
    rf"(?P<n>{ANY_NAME})(?![\w])"
)
"""A name right after a cue word (matched at the cue's end)."""
_NAME_CHARS = frozenset("-'’")


def word_start(text: str, end: int, lo: int = 0) -> int:
    """Start of the word ending at ``end`` (letters, hyphens, apostrophes)."""
    i = end
    while i > lo and (text[i - 1].isalpha() or text[i - 1] in _NAME_CHARS):
        i -= 1
    return i


def anchored(
    view: TextView, pat: regex.Pattern[str], pos: int, span: int = 160
) -> regex.Match[str] | None:
    """``pat`` matched at ``pos`` (within ``span`` characters)."""
    return match(pat, view.text, pos, pos + span)


def best_spans(candidates: Iterable[tuple[str, int, int]], text: str) -> list[NameSpan]:
    """Plausible, non-overlapping name spans (longest first) from ``(shape, start, end)``
    candidates."""
    found: list[NameSpan] = []
    for shape, s, e in candidates:
        n = plausible(text[s:e], "cue" if shape in ("register", "addressee", "before") else shape)
        if shape == "addressee" and n != e - s:
            continue  # an addressee line is a name as a whole, or no name
        if n is not None:
            found.append(NameSpan(s, s + n, shape))
    return [found[i] for i in take_best([(n.start, n.end) for n in found])]


NAME_LINE = regex.compile(rf"[ \t]*{TITLE}?(?P<n>{ANY_NAME})[ \t]*,?[ \t]*\r?")
"""A whole line that is a name (an addressee above a street line)."""
NAME_LINE_MAX = 160
"""Longest line read as an addressee name."""
BEFORE_CUE = regex.compile(rf"(?:^|(?<=[\s:;]))(?P<n>{ANY_NAME})[ \t]*[,(]?[ \t]*$")
"""A name right before a trailing cue ("Naima Hofenga, geboren ...")."""


def addressee(view: TextView, number_end: int) -> tuple[int, int] | None:
    """The name on the line above the street line ending at ``number_end``."""
    text = view.text
    street_start = text.rfind("\n", 0, number_end) + 1
    if street_start <= 1:
        return None
    line_start = text.rfind("\n", 0, street_start - 1) + 1
    if street_start - 1 - line_start > NAME_LINE_MAX:
        return None  # too long for a line that is only a name
    m = NAME_LINE.fullmatch(text, line_start, street_start - 1)
    return m.span("n") if m else None


def before_cue(view: TextView, cue_end: int) -> tuple[int, int] | None:
    """The name ending just before the cue word that ends at ``cue_end``."""
    text = view.text
    cue_start = cue_end
    while cue_start > 0 and text[cue_start - 1] == ".":
        cue_start -= 1
    cue_start = word_start(text, cue_start)
    while cue_start > 0 and text[cue_start - 1] == "(":
        cue_start -= 1  # "(geb."
    line_start = max(text.rfind("\n", 0, cue_start) + 1, cue_start - 80)
    m = search(BEFORE_CUE, text, line_start, cue_start)
    return m.span("n") if m else None


def find_names(
    view: TextView, hits: Mapping[str, Sequence[int]], register_re: regex.Pattern[str] | None = None
) -> list[NameSpan]:
    """Name spans woken by prefilter hits: ``cue`` (cue word ends), ``given`` (given-name
    ends), ``register`` (register surname ends) and ``""`` (shape patterns)."""
    text = view.text
    cands: list[tuple[str, int, int]] = []
    for e in hits.get("cue", ()):
        m = anchored(view, AFTER_CUE, e)
        if m:
            cands.append(("cue", *m.span("n")))
    for e in hits.get("given", ()):
        m = anchored(view, SHAPES["given"], word_start(text, e))
        if m:
            cands.append(("given", *m.span("n")))
    if register_re is not None:
        for e in hits.get("register", ()):
            s = word_start(text, e)
            m = anchored(view, register_re, s)
            if m:
                cands.append(("register", *m.span("n")))
    for e in hits.get("addressee", ()):
        span = addressee(view, e)
        if span:
            cands.append(("addressee", *span))
    for e in hits.get("before", ()):
        span = before_cue(view, e)
        if span:
            cands.append(("before", *span))
    for lo, hi in view.windows(hits.get("", ()), 64, 24):
        for shape in ("reversed", "initials"):
            for m in view.finditer(SHAPES[shape], lo, hi):
                cands.append((shape, *m.span("n")))
    return best_spans(cands, text)
