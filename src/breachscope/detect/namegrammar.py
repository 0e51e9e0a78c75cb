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

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import regex

from breachscope.detect.context import (
    SEGMENT_SEP,
    WRAPPED_LINE,
    Match,
    TextView,
    fullmatch,
    match,
    postcode_letters,
    search,
)
from breachscope.detect.data import word_list
from breachscope.detect.detectors._org import OTHER_PARTY_HEADERS
from breachscope.detect.intervals import take_best
from breachscope.detect.lazypattern import lazy
from breachscope.detect.names import (
    ABBREVIATIONS,
    CAP_WORD,
    CAPS_WORD,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    INITIALS,
    LAB_ACRONYMS,
    LOWER,
    PREFIX_RE,
    PREFIXES,
    SURNAMES,
    UPPER,
    grouped_alternation,
    is_not_name,
    is_prefix,
)
from breachscope.detect.register import REGISTER_PREFIXES

_P = rf"(?i:{PREFIX_RE})"
_SMALL = r"[^\W\d_A-Z]"
"""A letter other than A-Z: a small one, or one with a diacritic (``Renée``, ``Şeyma``,
``Öztürk``), for the standard-library twins of the patterns too."""
_CAP = r"(?:[A-Z]|[^\W\d_a-z])"
"""A capital, one with a diacritic too (``Şeyma``, ``Özlem``)."""
GIVEN_FAMILY = (
    rf"(?P<g>{_CAP}{_SMALL}+)[ \t]+(?:{_CAP}{_SMALL}+[ \t]+){{0,2}}(?:{_P}[ \t]+)*"
    rf"{_CAP}(?:{_SMALL}|['\-])+"
)
"""A given name (its middle names too, two at most) and a family name (its tussenvoegsel
too); the given name is checked by :func:`given_family_before`."""
GIVEN_FAMILY_COMMA = rf"{GIVEN_FAMILY}[ \t]*,[ \t]*\Z"
GIVEN_FAMILY_END = rf"{GIVEN_FAMILY}[ \t]+\Z"
"""A given name and a family name, then a comma, ending where the search ends: the tail
of a pattern whose opening says where such a name may start; :data:`GIVEN_FAMILY_END`
the same with spaces only after the name."""


GIVEN_FAMILY_BRACKET = rf"{GIVEN_FAMILY}[ \t]*\([ \t]*\Z"
"""A given name and a family name, then an opening bracket (``Magdalena Nowak (``)."""


def given_family_before(pat: regex.Pattern[str], view: TextView, lo: int, hi: int) -> bool:
    """Whether ``pat`` (ending in :data:`GIVEN_FAMILY_COMMA` or :data:`GIVEN_FAMILY_BRACKET`)
    matches in ``view.text[lo:hi]`` with a given name of the list (``Greet Smit, 7 november
    1955``, ``Sabine Rooijakkers, 3522 GB``: no cue before the name)."""
    m = search(pat, view.text, lo, hi, view.fast)
    return m is not None and m["g"] in GIVEN_NAMES


WORD = rf"(?:{CAP_WORD}|{CAPS_WORD})"


def _surname(gap: str) -> str:
    """:data:`SURNAME` with ``gap`` after its tussenvoegsel."""
    return (
        rf"(?:{_P}{gap})?{WORD}(?:(?:-[Aa]-|[ ]A[ ])[A-Z](?:[a-z]+|[A-Z]+))?"
        rf"(?:[ ]?-[ ]?(?:{_P}[ ])?{WORD})?"
    )


SURNAME = _surname("[ ]")
"""A family name: a tussenvoegsel, a word, a Chinese-Surinamese ``-A-`` infix
(``Tjon-A-Fong``, ``Lie-A-Ling``, also written with spaces: ``Lie A Ling``) and a double
name's second part."""
GIVEN = rf"{WORD}(?:-{WORD})?"

_TRAILING_P = rf"(?:,?[ ]{_P}(?=,))?"
"""A tussenvoegsel after the family name, before the comma, as registers sort names
(``Berg van den, A.``, ``Jong de, P.M.``), a comma before it too (``Berg, van den,
E.M.J.``)."""
BARE_AT_END = rf"[{UPPER}]{{1,3}}(?=[ ]?[,;()\r\n<\"]|$)"
"""Initials without dots closing a reversed name ("Postenga, HPP,", "Broek, E")."""

_DEGREE = r"(?:(?i:drs|mr|ir)\.[ ])"
"""An academic title between a reversed name's comma and its initials (``Nijenhuis, drs.
A.B.``), as a register writes it; no part of the name's value. Not ``dr.`` nor
``prof.``: a doctor's name is a care provider's (see the provider detector)."""

SHAPES: dict[str, regex.Pattern[str]] = {
    "reversed": lazy(
        rf"(?<![\w-])(?P<n>{SURNAME}{_TRAILING_P},[ ]?\"?"
        rf"(?:{_DEGREE}?(?>{INITIALS}|{BARE_AT_END})\"?"
        rf"(?![ ]?{_P}[ ]{WORD})(?:[ ]?{_P}(?![\w]))?"
        rf"|{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{_P}(?![\w]))?))"
    ),
    "initials": lazy(rf"(?<![\w.])(?P<n>{INITIALS}[ ]?{SURNAME})(?![\w])"),
    "given": lazy(
        rf"(?<![\w-])(?P<n>{GIVEN}(?:[ ]{GIVEN}){{0,2}}(?:[ ]{INITIALS})?[ ]{SURNAME})(?![\w])"
    ),
}
"""Name shapes that stand on their own (no cue needed)."""
BARE_INITIALS = rf"[{UPPER}]{{1,3}}[ ]"
"""``M``, ``RH`` without dots: only after a cue."""
_CAPITAL_INITIALS = rf"(?:[{UPPER}]\.){{1,5}}"
_AFTER_FAMILY = (
    rf"(?:[ ]{_CAPITAL_INITIALS}(?![\w])|[ ][{UPPER}]{{1,3}}(?=[ ]?[\"'<>,;()\r\n]|[ ]*\Z))?"
)
"""A family name's initials after it, as a LIMS lists a patient: with their dots
(``Jansen A.B.``, ``JANSSEN-OBBINK W.G.``: capitals only, ``huisarts Van Es.`` is ``van
Es`` at a sentence's end), or bare before a quote, a bracket or a comma where the family
name is in capitals (``naam="JANSEN P"``, ``JANSEN P <p.jansen@...>``: :func:`plausible`
keeps them only then); tried only once a family name matched."""
ANY_NAME = (
    rf"(?:{SURNAME}{_TRAILING_P},[ ]?\"?{_DEGREE}?{INITIALS}\"?(?:[ ]?{_P}(?![\w]))?"
    rf"|(?:{INITIALS}[ ]?|{BARE_INITIALS})?"
    rf"(?:{GIVEN}[ ]){{0,3}}{SURNAME}{_AFTER_FAMILY})"
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
    "allee",
    "boulevard",
    "plantsoen",
    "promenade",
)
"""Words ending so are streets ("Dokter Schaepmanstraat", ``Veerallee``), never a
person's name."""


def _street_word(token: str) -> bool:
    """``Schaepmanstraat`` (a compound ending in a street word), not ``Laan`` itself."""
    low = token.lower()
    if not low.endswith(STREET_WORDS):
        return False
    return any(low.endswith(w) and len(low) > len(w) + 2 for w in STREET_WORDS)


_TOKEN = regex.compile(r"[^\s,\"]+")


class NameSpan(NamedTuple):
    start: int
    end: int
    shape: str


@lru_cache(maxsize=65536)
def plausible(text: str, shape: str) -> int | None:
    """Length of the plausible name at the start of ``text`` (a match of ``shape``), or
    None. Cue and given-name matches are cut before the first known non-name word
    (memoised: the same names recur in every file of a dump)."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not toks:
        return None
    first = toks[0][2]
    if shape == "initials" and first.lower() in ABBREVIATIONS:
        return None
    if shape == "given" and _titled(first.split("-")[0]) not in GIVEN_NAMES:
        return None
    if shape == "reversed":
        family, rest = text.split(",", 1)
        between, comma, tail = rest.partition(",")
        if comma and between.split() and all(is_prefix(w) for w in between.split()):
            rest = tail  # ("Berg, van den, E.M.J.": the tussenvoegsel between commas)
        after = rest.replace('"', " ").split()
        if len(after) > 1 and after[-1] == family.split()[-1]:
            return None  # "mevrouw Bos, Lisa Bos": her name again, no reversed one
        bare_initial = after and len(after[0]) <= 3 and after[0].isupper()
        if bare_initial and after[0] in LAB_ACRONYMS:
            return None  # "Peters, PSA 6,2": a test after the name, no initials
        if (
            after
            and not after[0].endswith(".")
            and not bare_initial
            and _titled(after[0]) not in GIVEN_NAMES
        ):
            return None
    kinds = [_token_kind(t) for _, _, t in toks]
    if IS_STREET in kinds:
        return None
    keep = len(toks)
    for k, (_, _, t) in enumerate(toks):
        if kinds[k] is IS_PART:
            continue
        if t.isupper() and len(t) <= 3 and k < len(toks) - 1:
            continue  # bare initials ("EN Kowalski"), even when they spell a word
        if kinds[k] is IS_NOT_NAME:
            if _family_word(text, toks, k) or (
                k == 0 and shape == "cue" and _month_given_name(toks, kinds)
            ):
                continue
            keep = k
            break
    if keep < len(toks) and shape in ("reversed", "initials"):
        return None
    toks = toks[:keep]
    reversed_form = "," in text[: toks[-1][1]] if toks else False
    initials_after = shape == "cue" and _initials_after(toks, kinds)
    while toks and kinds[len(toks) - 1] is IS_PART and not (reversed_form or initials_after):
        toks.pop()
    words = [t for k, (_, _, t) in enumerate(toks) if kinds[k] is not IS_PART]
    if initials_after and words and words[-1] == toks[-1][2]:
        words.pop()  # (bare initials after the family name: ``JANSEN P``)
    if reversed_form:
        words = text[: toks[-1][1]].split(",", 1)[0].split()
    if not words or len(words[-1].strip("-")) < 2:
        return None
    if shape == "given" and len(words) < 2:
        return None
    return int(toks[-1][1])


_DOTTED_INITIALS = regex.compile(rf"(?:[{UPPER}]\.)+")
_INITIAL_FIRST = regex.compile(rf"[{UPPER}][{LOWER}]?\.")
_BARE_CAPITALS = regex.compile(rf"[{UPPER}]{{1,3}}")


_INITIALS_LAST = regex.compile(
    rf"(?P<s>[^,]*[^\s,.])[ ](?P<i>(?:[{UPPER}]\.)+|(?<=[{UPPER}]{{2}}[ ])[{UPPER}]{{1,3}}"
    rf"|(?<=[{LOWER}][ ])[{UPPER}])"
)


def initials_last(written: str) -> str | None:
    """``written`` as ``family, initials`` where it ends in dotted initials after the
    family name (``Jansen A.B.`` -> ``Jansen, A.B.``: the reversed form, which the name's
    normal form reads as ``A.B. Jansen``), or in bare capitals after a family name in
    capitals (``JANSEN P`` -> ``JANSEN, P``) or one after a family name in lower case
    (``Jansen B`` -> ``Jansen, B``), else None."""
    m = _INITIALS_LAST.fullmatch(written)
    if (
        m is None
        or _DOTTED_INITIALS.match(m["s"])
        or not (m["i"].endswith(".") or m["s"].isupper() or len(m["i"]) == 1)
    ):
        return None  # (initials first already: ``J. Jansen A.``)
    return f"{m['s']}, {m['i']}"


def _family_not_given(word: str) -> bool:
    """A capitalised word that may be a family name before one bare initial (``Jansen
    B``), not a given name that is no surname (``Maria J``: her given name and her
    family name's initial)."""
    return word[:1].isupper() and (word not in GIVEN_NAMES or word in SURNAMES)


def _initials_after(toks: list[tuple[int, int, str]], kinds: list[str]) -> bool:
    """Whether the tokens end in initials after a family name (``Jansen A.B.``,
    ``JANSSEN-OBBINK W.G.``, as a LIMS lists a patient after a cue; without dots after
    a family name in capitals, ``JANSEN PJ``, or one letter, ``Jansen B``): they are
    kept."""
    if len(toks) < 2:
        return False
    last, before = toks[-1][2], toks[-2][2]
    bare = (
        _BARE_CAPITALS.fullmatch(last)
        and len(before) > 1
        and (before.isupper() or (len(last) == 1 and _family_not_given(before)))
    )
    if not (_DOTTED_INITIALS.fullmatch(last) or bare):
        return False
    if _INITIAL_FIRST.match(toks[0][2]):
        return False  # (initials first already: ``J. Jansen A.``)
    return kinds[len(toks) - 2] is not IS_PART


_MONTH_GIVEN_NAMES = frozenset({"april", "mei", "juni", "juli", "june"})
"""Months that are given names too (``Mevrouw April de Wit``, ``Patiënte: Mei Ling
Tjoe``)."""


def _month_given_name(toks: list[tuple[int, int, str]], kinds: list[str]) -> bool:
    """The first token, after a cue, is a month that is a given name, and a name goes on
    after it (a tussenvoegsel or a word that is a name's): ``Mevrouw April de Wit``, not
    ``Betreft: Juli``."""
    word = toks[0][2]
    if word.lower() not in _MONTH_GIVEN_NAMES or not word[1:].islower() or len(toks) < 2:
        return False
    return kinds[1] is IS_PART or (kinds[1] is IS_WORD and toks[1][2][:1].isupper())


def _family_word(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    """Token ``k``, a capitalised function word (:data:`FUNCTION_WORDS`), is a family
    name: a tussenvoegsel stands right before it, and initials or a word before that
    (``B.M. van Door``, ``Anna van der Bij``), or, in a reversed name, it ends the family
    part before its comma (``van Door, B.M.``)."""
    word = toks[k][2]
    if word.lower() not in FUNCTION_WORDS or not (word[:1].isupper() and word[1:].islower()):
        return False
    j = k - 1
    while j >= 0 and is_prefix(toks[j][2]):
        j -= 1
    if j == k - 1:
        return False  # no tussenvoegsel right before it
    return j >= 0 or (text[toks[k][1] : toks[k][1] + 1] == "," and k + 1 < len(toks))


IS_STREET, IS_PART, IS_NOT_NAME, IS_WORD = "street", "part", "not_name", "word"
"""What a token of a candidate name is to :func:`plausible`: a street (``Schaepmanstraat``),
a part that never ends a name (a tussenvoegsel, an initial: it ends with a dot), a word
with a known non-name part (``Uitslag``, ``Pap-Jansen``), or any other word."""


LABEL_ENDS = (
    "nummer", "datum", "atie", "ectie", "itis", "kokken", "ologie",
    "manager", "coördinator", "coordinator", "medewerker", "medewerkster", "functionaris",
    "adviseur", "assistent", "assistente", "team", "controle", "account", "dienst",
)  # fmt: skip
"""How the labels of a form's numbers and dates end (``Burgerservicenummer``,
``Patiëntnummer``, ``Afnamedatum``), clinical words (``Medicatie``, ``Infectie``,
``Hepatitis``, ``Streptokokken``, ``Gynaecologie``) and job titles (``Programmamanager``,
``Zorgcoördinator``, ``Beleidsmedewerker``, ``Privacyfunctionaris``, a signature's line
under the name), a team's or a service's name (``Screeningsteam``, ``Klantendienst``), a
run's controls (``Negatieve kitcontrole``) and a system's accounts (``Testaccount``):
no Dutch surname does, so such a word in free text is no name
(``Burgerservicenummer (BSN): ...`` before the trailing BSN cue; ``hepatitis B.
Medicatie: geen`` is no initial and surname)."""


@lru_cache(maxsize=65536)
def _token_kind(token: str) -> str:
    """:data:`IS_STREET`, :data:`IS_PART`, :data:`IS_NOT_NAME` or :data:`IS_WORD`
    (memoised: a text's candidates share their words)."""
    if _street_word(token):
        return IS_STREET
    if is_prefix(token) or token.endswith("."):
        return IS_PART
    if any(p and not is_prefix(p) and is_not_name(p) for p in token.split("-")):
        return IS_NOT_NAME
    if token.lower().endswith(LABEL_ENDS):
        return IS_NOT_NAME
    return IS_WORD


def _titled(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() else word


_WRAP = r"[ ]*\r?\n[ \t]*"
"""A line break where a paragraph wraps (the lines of a PDF or a plain-text letter)."""
WRAPPED_NAME = (
    rf"(?:{SURNAME}{_TRAILING_P},[ ]?\"?{INITIALS}\"?(?:[ ]?{_P}(?![\w]))?"
    rf"|(?:{INITIALS}(?:{_WRAP}|[ ])?|{BARE_INITIALS})?"
    rf"(?:{GIVEN}(?:[ ]|{_WRAP}(?!(?!IJ[a-z])[{UPPER}]{{2}}))){{0,3}}"
    rf"{_surname(f'(?:[ ]|{_WRAP})')}{_AFTER_FAMILY})"
)
""":data:`ANY_NAME`, wrapped after its initials, a given name or its tussenvoegsel where
a cue stands before it (``mevrouw P.<newline>Jansen``, ``mevr. A. de<newline>Vries``, a
signature's ``Met vriendelijke groet,<newline>Johanna<newline>van der Meulen``): a
letter's line ends wherever its paragraph wraps. A word in capitals after a given name's
line is no surname (``Sanne<newline>UMC Utrecht``: her employer's), a Dutch ``IJ`` opening
one is (``IJzerman``)."""


_TITLE_WORDS = ("dr", "drs", "prof", "mr", "mevr", "mw", "dhr", "ir", "mej", "fam", "familie")
TITLE = rf"(?:(?i:{'|'.join(_TITLE_WORDS)})\.?[ ]+)"
AFTER_CUE = lazy(
    rf"(?:[ \t]*+(?:\([^()\r\n]{{1,40}}\)[ \t]*+)?[\"']?[ \t]*+[:=.,]?[ \t]*+"
    rf"(?:[._\u2026]{{3,}}+[ \t]*+)?(?:\[[ \t]*+)?"
    rf"|[ \t]*+[:,]?(?:[ \t]*+\r?\n){{1,3}}[ \t]*+)[\"']?{TITLE}?"
    rf"(?P<n>{WRAPPED_NAME})(?![\w])"
)
"""A name right after a cue word (matched at the cue's end), also after a form's leader
(``Naam patiënt: ......... Jansen``), a remark in brackets (``Achternaam
(geboortenaam): Jansen``) and in a form's text box (``Achternaam ...... [ EL MESSAOUDI
]``, as form recognition writes a field); as a log or JSON text writes a
key and its value too (``achternaam="de Vries"``, ``"naam":"Jansen"``, a Python dict's
``{'achternaam': 'Jansen'}``, SQL's ``achternaam='Jansen'``).

Its runs of white space and of a leader's dots are possessive (``*+``): what follows
each starts with neither, so giving one back never helps a match. Backtracking into
them cost the ``re`` twin cubic time over a long gap (0.8 s for a cue and 160 spaces);
the detectors' windows keep their gaps short, but a search over a letter's layout (the
twin test's) could run for minutes."""
_NAME_CHARS = frozenset("-'’")


def word_start(text: str, end: int, lo: int = 0) -> int:
    """Start of the word ending at ``end`` (letters, hyphens, apostrophes)."""
    i = end
    while i > lo and (text[i - 1].isalpha() or text[i - 1] in _NAME_CHARS):
        i -= 1
    return i


_CUE_GAP = frozenset(' \t:=.,\r\n"_\u2026[')
"""Characters AFTER_CUE may skip between a cue and the name (a superset; a remark in
brackets too)."""
_NAME_FIRST = frozenset({"?", "\ufffd"} | {w[0] for w in _TITLE_WORDS} | {p[0] for p in PREFIXES})
"""Lower-case first characters of a title (``dr``, ``prof``, ``mr``, ``ir``) or a
tussenvoegsel; otherwise a name starts upper-case."""
_NAME_LAST = frozenset('."')
"""Non-letters a name can end with (initials, a quoted initial)."""
_LEAD_WORDS = frozenset(
    {*_TITLE_WORDS, *(re.sub(r"[^a-z].*", "", p.lower()) for p in PREFIXES), "d"} - {""}
)
"""The letters a title or tussenvoegsel starts with, up to its first other character
(``van`` of ``van der``, ``v`` of ``v.d.``, ``in`` of ``in 't``), and the ``d`` of
``d'Ancona``: what an ASCII word in lower case must be for a name to start with it (names
start upper-case)."""


def may_follow(text: str, pos: int) -> bool:
    """Cheap necessary condition for :data:`AFTER_CUE` to match at ``pos``: past the
    separators, a title, a tussenvoegsel or an upper-case letter starts."""
    n = min(len(text), pos + 40)
    while pos < n and text[pos] in _CUE_GAP:
        pos += 1
    if pos < n and text[pos] == "(" and (close := text.find(")", pos, pos + 42)) > 0:
        pos, n = close + 1, min(len(text), close + 41)  # (a remark: the name after it)
        while pos < n and text[pos] in _CUE_GAP:
            pos += 1
    if pos >= n:
        return pos < len(text)  # long gap: let the regex decide
    c = text[pos]
    if c.isupper():
        return True
    if c.lower()[:1] not in _NAME_FIRST:
        return False
    if "a" <= c <= "z":  # then a title or a tussenvoegsel starts: its letters are all
        end = pos + 1  # of the word (a dot, apostrophe or space follows them)
        while end < len(text) and text[end].isalpha():
            end += 1
        word = text[pos:end]
        if word.isascii():  # (other letters may fold to ASCII: the regex decides)
            return word.lower() in _LEAD_WORDS
    return True


def may_precede(text: str, lo: int, hi: int) -> bool:
    """Cheap necessary condition for :data:`BEFORE_CUE` to match in ``text[lo:hi]``: a
    letter, ``.`` or ``"`` ends the name and an upper-case letter (or a lost one) occurs."""
    if hi > lo and text[hi - 1] == "\n":
        hi -= 1  # ``$`` also matches before a final newline
    while hi > lo and text[hi - 1] in " \t,(":
        hi -= 1
    if hi <= lo:
        return False
    c = text[hi - 1]
    if not (c.isalpha() or c in _NAME_LAST):
        return False
    return _HAS_CAPITAL.search(text, lo, hi) is not None


_HAS_CAPITAL = re.compile(rf"[{UPPER}?\ufffd]")
_NOT_IN_NAME = re.compile(r"[0-9@:;/()\[\]<>=+*&%$#!|\\_{}]")
"""Characters no :data:`ANY_NAME` (or title) holds."""


_UPPER_CHARS = frozenset(
    c for c in map(chr, range(0x250)) if regex.fullmatch(f"[{UPPER}]", c) is not None
)
_LOWER_CHARS = frozenset(
    c for c in map(chr, range(0x250)) if regex.fullmatch(f"[{LOWER}]", c) is not None
)
_IN_SURNAME = frozenset(
    f"{''.join(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha())}"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz?\ufffd'\u2019 -.\u0130\u017f\u212a"
)
"""Every character a :data:`SURNAME` can hold (its tussenvoegsel is case-insensitive)."""
_SURNAME_SPACES = 6
"""Most spaces in a :data:`SURNAME` (``van der X - van der Y``)."""
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9_\-\u00aa\u00b5\u00baÀ-ÖØ-öø-ÿ\u0100-\u024f])[^ \-.]")
"""A character not preceded by one that the shapes' look-behind certainly rejects (a
latin-1 or Latin Extended letter, digit, ``_`` or ``-``)."""


_DEGREE_AT = re.compile(_DEGREE)
_AFTER_COMMA = _UPPER_CHARS | {"?", "\ufffd"}
"""What a ``reversed`` match holds after its comma (and an optional space and quote):
the first character of initials or a given name (a capital, or the mark of a lost one)."""


def _name_after(text: str, c: int, hi: int) -> bool:
    """Whether what follows the comma at ``c`` (before ``hi``) can open the initials or
    given names of a ``reversed`` match, after an academic title too (:data:`_DEGREE`): a
    comma after which none can is no such match's (``Utrecht, 12 mei``, ``mevrouw Jansen,
    hierbij``)."""
    j = c + 1
    if j < hi and text[j] == " ":
        j += 1
    if j < hi and text[j] == '"':
        j += 1
    if j < hi and text[j] in "dDmMiI" and (m := _DEGREE_AT.match(text, j, hi)) is not None:
        j = m.end()  # (``Nijenhuis, drs. A.B.``)
    return j < hi and text[j] in _AFTER_COMMA


def reversed_starts(text: str, lo: int, hi: int) -> list[int]:
    """Sorted superset of where a ``reversed`` match can start in ``text[lo:hi]``: word
    starts among the characters a surname can hold, at most :data:`_SURNAME_SPACES`
    spaces before a comma that follows one of them (a letter; the dot of ``Berg v.d.,
    Jan``) and comes before what can open initials or given names
    (:func:`_name_after`)."""
    out: list[int] = []
    c = text.find(",", lo + 1, hi)
    while c >= 0:
        if text[c - 1] in _IN_SURNAME and _name_after(text, c, hi):
            r = c
            spaces = 0
            while r > lo:
                ch = text[r - 1]
                if ch not in _IN_SURNAME:
                    break
                if ch == " ":
                    spaces += 1
                    if spaces > _SURNAME_SPACES:
                        break
                r -= 1
            out.extend(m.start() for m in _WORD_BEFORE.finditer(text, r, c))
            if r > lo + 1 and text[r - 1] == "," and is_prefix(text[r:c].strip()):
                out.extend(_family_before(text, lo, r - 1))  # ``Graaf, de, P.H.``
        c = text.find(",", c + 1, hi)
    return sorted(set(out))


def _family_before(text: str, lo: int, comma: int) -> list[int]:
    """Where a family name can start that ends at the comma at ``comma`` (before its
    tussenvoegsel in a slot of its own: ``Graaf, de, P.H.``)."""
    r = comma
    while r > lo and text[r - 1] in _IN_SURNAME and text[r - 1] != " ":
        r -= 1
    return [m.start() for m in _WORD_BEFORE.finditer(text, r, comma)]


_GLUED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_."
    + "".join(chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha())
)
"""Characters that the ``initials`` shape's look-behind ``(?<![\\w.])`` rejects in both
engines (ASCII and latin-1 letters, digits, ``_`` and ``.``)."""


def initial_starts(text: str, lo: int, hi: int) -> list[int]:
    """Where an ``initials`` match can start in ``text[lo:hi]``: an upper-case letter,
    perhaps a lower-case one, then a dot; not glued to a letter, digit or dot before it
    (``J.M.``: only ``J``; ``Dr.``, ``Mevr.``: no start in ``mevr.``)."""
    out: list[int] = []
    d = text.find(".", lo + 1, hi)
    while d >= 0:
        a = text[d - 1]
        if a in _UPPER_CHARS:
            s = d - 1
        elif d - 2 >= lo and a in _LOWER_CHARS and text[d - 2] in _UPPER_CHARS:
            s = d - 2
        else:
            s = -1
        if s >= 0 and (s == 0 or text[s - 1] not in _GLUED):
            out.append(s)
        d = text.find(".", d + 1, hi)
    return out


_BEFORE_REGISTER = regex.compile(
    rf"(?P<i>(?<![\w.])(?:{INITIALS}|[{UPPER}]{{1,3}}[ ]))?"
    rf"(?:(?<![\w-])(?P<p>(?i:{grouped_alternation(REGISTER_PREFIXES)}))[ ])?\Z"
)
"""What a register word's name may start with before it: initials (``J.``, ``S.R.``, or
bare: ``SR``, ``NFG``) and a tussenvoegsel, ending where the word starts."""


_VERB_AFTER = re.compile(r"[ ](?:de|het|een|uw|u|alle|dit|deze)\b")
"""An article or pronoun right after a register word alone: the word is a verb (``Sluit
het apparaat aan``, where a typo made ``Sluit`` of a patient's ``Sluis``), not a name."""
WORD_SURNAMES = frozenset(w.lower() for w in word_list("word_surnames.txt"))
"""Surnames that are also everyday words: a register word among them is a name only with
initials or a tussenvoegsel before it (:func:`register_start`)."""


def register_start(
    text: str,
    start: int,
    end: int,
    known: frozenset[str] = frozenset(),
    floor: int = 0,
    fast: bool = False,
) -> int:
    """Start of the name whose family word (a register word) is ``text[start:end]``: with
    the initials and the tussenvoegsel right before it (``Uitslag J van den Kamp``). Where
    ``known`` (lower-case family names with their tussenvoegsel, from the register) holds
    the word with a shorter tussenvoegsel but not with this one, and no initials come
    first, the name starts at the shorter one (``uitslag van de Boer`` -> ``de Boer``).
    Nothing before ``floor`` (the start of the word's segment) is looked at; ``fast``: the
    regex twin may run (:func:`breachscope.detect.context.search`)."""
    lo = max(floor, start - 40)
    m = search(_BEFORE_REGISTER, text, lo, start, fast)
    if m is None:
        return start
    first: int = m.start()
    prefix: str | None = m.group("p")
    if prefix is None or m.group("i") is not None or not known:
        return first
    word = text[start:end].lower()
    if f"{prefix.lower()} {word}" in known:
        return first
    parts = prefix.split(" ")
    for k in range(1, len(parts)):
        if " ".join([*parts[k:], word]).lower() in known:
            at: int = m.start("p")
            return at + len(" ".join(parts[:k])) + 1
    return first


NAME_WORD_MAX = 80
"""The longest word (letters, hyphens, apostrophes) a given name's or register word's hit
looks back over for the start of its word: a hostile run of hyphenated names (``Anna-Anna-
...``) is read this far back from each hit, not to its start (quadratic in its length)."""


def _double_of(word: str, register: frozenset[str]) -> bool:
    """A double name whose every part is a register word (``Bakker-Verkerk``: a married
    name the register holds only as her birth and her partner's surname)."""
    parts = word.split("-")
    return len(parts) > 1 and all(p in register for p in parts)


def _word_edge(text: str, i: int) -> bool:
    """Position ``i`` is outside the text or no word character (nor ``-``)."""
    return i < 0 or i >= len(text) or not (text[i].isalnum() or text[i] in "_-")


def anchored(view: TextView, pat: regex.Pattern[str], pos: int, span: int = 160) -> Match | None:
    """``pat`` matched at ``pos`` (within ``span`` characters of its segment)."""
    return match(pat, view.text, pos, view.clamp(pos, pos + span, pos)[1], view.fast)


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


NAME_LINE = lazy(rf"[ \t]*{TITLE}?(?P<n>{ANY_NAME})[ \t]*,?[ \t]*\r?")
"""A whole line that is a name (an addressee above a street line)."""
NAME_LINE_MAX = 160
"""Longest line read as an addressee name."""
BEFORE_CUE = lazy(
    rf"(?:^|(?<=[\s:;{SEGMENT_SEP}]))(?<![0-9]{{4}}[ ])(?<![0-9]{{4}}[ ][A-Z]{{2}}[ ])"
    rf"(?<![0-9]{{4}}[A-Z]{{2}}[ ])"
    rf"(?P<n>{ANY_NAME})[ \t]*[,(]?[ \t]*$"
)
"""A name right before a trailing cue ("Naima Hofenga, geboren ..."); not the letters of
a postcode and the city after them (``1234 AB Utrecht, geb. ...``, ``1018DD AMSTERDAM``)."""


def addressee(view: TextView, number_end: int) -> tuple[int, int] | None:
    """The name on the line above the street line ending at ``number_end``."""
    text = view.text
    seg_lo = view.segment(max(0, number_end - 1))[0]
    newline = text.rfind("\n", seg_lo, number_end)
    if newline <= seg_lo:
        return None  # the street line is the segment's first, or an empty line is above
    street_start = newline + 1
    line_start = text.rfind("\n", seg_lo, street_start - 1) + 1
    if line_start <= seg_lo:
        return None  # no line break before the name line: the prefilter never wakes this
    if street_start - 1 - line_start > NAME_LINE_MAX:
        return None  # too long for a line that is only a name
    if _NOT_IN_NAME.search(text, line_start, street_start - 1) or not _HAS_CAPITAL.search(
        text, line_start, street_start - 1
    ):
        return None  # cheap rejects: a digit or punctuation no name line holds
    span = _name_line(text[line_start : street_start - 1], view.fast)
    return None if span is None else (line_start + span[0], line_start + span[1])


@lru_cache(maxsize=65536)
def _name_line(line: str, fast: bool) -> tuple[int, int] | None:
    """The name span (in ``line``) of :data:`NAME_LINE` matching a whole line that
    follows a line break, memoised: letterheads and department lines above a street
    (``Afdeling Pathologie``) recur in every letter of a dump. The match sees what it
    would in the text: a line break before the line, nothing after it."""
    m = fullmatch(NAME_LINE, "\n" + line, 1, len(line) + 1, fast)
    return None if m is None else (m.start("n") - 1, m.end("n") - 1)


def before_cue(view: TextView, cue_end: int) -> tuple[int, int] | None:
    """The name ending just before the cue word that ends at ``cue_end``."""
    text = view.text
    seg_lo = view.segment(max(0, cue_end - 1))[0]
    cue_start = cue_end
    while cue_start > seg_lo and text[cue_start - 1] == ".":
        cue_start -= 1
    cue_start = word_start(text, cue_start)
    while cue_start > seg_lo and text[cue_start - 1] == "(":
        cue_start -= 1  # "(geb."
    line_start = max(text.rfind("\n", seg_lo, cue_start) + 1, cue_start - 80, seg_lo)
    if not may_precede(text, line_start, cue_start):
        return None
    m = search(BEFORE_CUE, text, line_start, cue_start, view.fast)
    if m is None or _town(text, max(line_start, m.start("n") - 24), m.start("n")):
        return None
    if m["n"].lower() in _POSSESSIVES:
        return None  # "Haar geboortedatum is ...": her date of birth, no Mrs Haar's
    return m.span("n")


_POSSESSIVES = frozenset({"haar", "zijn", "hun", "uw", "mijn", "onze", "jouw", "je", "ons"})


_PLACE_BEFORE = re.compile(r"(?:^|[\s(,])(?i:in|te|uit|naar|nabij)[ ]+$")
_PLACE_VERB = re.compile(
    r"(?:^|[\s(,])(?i:geboren|wonende|woonachtig|woont|gevestigd)[ ]+(?:te|in)[ ]$"
)


def _town(text: str, lo: int, start: int) -> bool:
    """The name-shaped words at ``start`` are a town: a preposition of place stands
    right before them (``woont in Zwolle, bsn ...``), or they start with one after
    ``geboren`` or ``woont`` (``geboren te Zwolle, geb. ...``: ``te`` is a tussenvoegsel
    too)."""
    if _PLACE_BEFORE.search(text[lo:start]):
        return True
    return _PLACE_VERB.search(text[lo:start] + text[start : start + 3]) is not None


_HEADER_CUES = ("from:", "to:", "cc:", "van:", "aan:", "afzender:")
"""An e-mail header's cues: the display name after them may be a department's."""


def _header_cue(text: str, cue_end: int) -> bool:
    """Whether the cue ending at ``cue_end`` is an e-mail header's (``To:``, ``Van:``)."""
    return text[cue_end - 1 : cue_end] == ":" and (
        text[max(0, cue_end - 10) : cue_end].lower().endswith(_HEADER_CUES)
    )


def _header_acronym(text: str, cue_end: int, start: int, end: int) -> bool:
    """An e-mail header's display name that is an acronym alone (``Van: FG (Functionaris
    Gegevensbescherming)``, ``From: HR``, ``Aan: MT``, ``Van: ICT Servicedesk``): a
    department, no person's surname."""
    if not _header_cue(text, cue_end):
        return False
    n = plausible(text[start:end], "cue")  # (the name as it is kept: "ICT" of "ICT Servicedesk")
    word = text[start : start + n] if n is not None else ""
    return len(word) <= 4 and word.isupper() and word.isalpha()


_CLOSINGS = (
    "groet", "groeten", "groetjes", "hoogachtend", "liefs", "mvg", "m.v.g", "m.v.g.", "regards",
)  # fmt: skip
"""The last words of a letter's closing cue: the signature under it may put the given
name and the surname on two lines (``Johanna`` over ``van der Meulen``)."""


_LABEL_LINE = re.compile(r"[ \t]*[^\s:][^:\n]{0,23}:")
"""A line that starts with a form's label (``Geb.datum:``, ``Tel:``)."""


def _given_wrapped(view: TextView, cue_end: int, start: int, end: int) -> tuple[int, int]:
    """The span of a name after a cue, up to the end of its first line where the line
    ends after a given name and the surname on the next is not the same name's: the
    name of a closing's signature may go on (``Met vriendelijke groet,`` / ``Johanna`` /
    ``van der Meulen``), and so may one in a paragraph's wrapped line
    (:data:`~breachscope.detect.context.WRAPPED_LINE`), but not a greeting's (``Hoi
    Sanne`` / ``Kun je ...``), nor one over a form's next label (``Tel:``). A line that
    ends after initials or a tussenvoegsel goes on as before (``P.`` / ``Jansen``,
    ``de`` / ``Vries``)."""
    text = view.text
    nl = text.find("\n", start, end)
    if nl < 0:
        return start, end
    last = nl
    while last > start and text[last - 1] in " \t\r":
        last -= 1
    word = text[word_start(text, last, start) : last]
    if word.endswith(".") or text[last - 1 : last] == "." or is_prefix(word):
        return start, end
    if _LABEL_LINE.match(text, nl + 1, view.line_bounds(nl + 1)[1]):
        return start, last  # (a form's next label: ``Geb.datum: 3 mei 1965``)
    if text[max(0, cue_end - 8) : cue_end].lower().endswith(_CLOSINGS):
        return start, end
    line_start = view.line_bounds(start)[0]
    low = text[word_start(text, cue_end, max(0, cue_end - 12)) : cue_end].lower()
    if last - line_start >= WRAPPED_LINE and low not in _GREETINGS:
        return start, end
    return start, last


_NEXT_ADDRESS = re.compile(r">[ \t]*[,;][ \t]*(?:\r?\n[ \t]+)?(?=[^<>@\r\n]{1,60}<[^<>\s]+@)")
"""The end of an address and its list separator before the next display name and its
address (``JANSEN P <p.jansen@gmail.com>; DE VRIES M <mdevries@...>``; a folded header
goes on after a line break and a space)."""
MAX_HEADER_CHARS = 8192
"""Longest address list read after one header cue."""


def _list_items(text: str, cue_end: int) -> list[int]:
    """Where the display names after the first of an e-mail header's address list start
    (the header cue ``To:``, ``CC:``, ``Aan:`` ending at ``cue_end``): each is read as
    the first is, after its cue."""
    if not _header_cue(text, cue_end):
        return []
    hi = min(len(text), cue_end + MAX_HEADER_CHARS)
    if text.find(">", cue_end, hi) < 0:  # (C speed: no address in angle brackets)
        return []
    return [m.end() for m in _NEXT_ADDRESS.finditer(text, cue_end, _header_end(text, cue_end, hi))]


def _header_end(text: str, start: int, hi: int) -> int:
    """Where the header line from ``start`` ends: at a line break not followed by a space
    or a tab (a folded header's next line starts with one), at most at ``hi``."""
    pos = start
    while True:
        nl = text.find("\n", pos, hi)
        if nl < 0 or text[nl + 1 : nl + 2] not in (" ", "\t"):
            return hi if nl < 0 else nl
        pos = nl + 1


_ABBREVIATED_CUES = frozenset(("mevr", "dhr", "fam"))
"""Cue words of four letters or more that are abbreviations: a dot after them is theirs."""


_GREETINGS = frozenset(
    ("hoi", "hallo", "goedemorgen", "goedemiddag", "goedenavond", "beste", "geachte")
)
"""Cue words that open a letter or a message: a name follows on their line, before any
comma (a closing's name comes after its comma: ``Met vriendelijke groet,\\nSanne``)."""
_GREETING_ALONE = re.compile(r"[ \t]*[,!][ \t]*\r?\n")


def _greeting_alone(text: str, cue_end: int) -> bool:
    """Whether the cue word ending at ``cue_end`` is a greeting that ends its line with a
    comma (``Hoi,``, ``Goedemorgen,``): what the next line starts with is no name."""
    if text.find("\n", cue_end, cue_end + 8) < 0 or _GREETING_ALONE.match(text, cue_end) is None:
        return False
    return text[word_start(text, cue_end, max(0, cue_end - 12)) : cue_end].lower() in _GREETINGS


def _sentence_end(text: str, cue_end: int) -> bool:
    """Whether the cue word ending at ``cue_end`` ends a sentence: a whole word of four
    letters or more (no abbreviation, whose dot is its own: ``mw.``, ``t.a.v.``), then a
    full stop and a space on the same line (``de partner. Wilt u ...``). A closing's full
    stop before a line break keeps the name on the next line (``Met vriendelijke
    groet.`` / ``Ria Mulder``)."""
    if text[cue_end : cue_end + 1] != "." or text[cue_end + 1 : cue_end + 2] not in (" ", "\t"):
        return False
    word = text[word_start(text, cue_end, max(0, cue_end - 40)) : cue_end]
    return len(word) >= 4 and word.isalpha() and word.lower() not in _ABBREVIATED_CUES


def _identifier_cue(text: str, end: int) -> bool:
    """Whether the cue word ending at ``end`` is the last step of a dotted or joined
    identifier (``public.patient``, ``tbl_patient``, ``record.naam``): a word of three
    letters or more joined to a word before it by ``.`` or ``_``."""
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return (
        end - start >= 3
        and start >= 2
        and text[start - 1] in "._"
        and (text[start - 2].isalnum() or text[start - 2] == "_")
    )


def find_names(
    view: TextView,
    hits: Mapping[str, Sequence[int]],
    register: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
) -> list[NameSpan]:
    """Name spans woken by prefilter hits: ``cue`` (cue word ends), ``given`` (given-name
    ends), ``register`` (ends of words of ``register``, a whole word each; ``known``: see
    :func:`register_start`) and ``""`` (shape patterns)."""
    text = view.text
    cands: list[tuple[str, int, int]] = []
    for e in hits.get("cue", ()):
        if postcode_letters(text, e):
            continue  # '3907 MW Veenendaal': a postcode and its city, no 'Mw.'
        if _sentence_end(text, e):
            continue  # 'van onze patiënte. Kunt u ...': the next sentence starts
        if _greeting_alone(text, e):
            continue  # 'Hoi,\n\nKun je ...': a greeting with no one's name
        if _identifier_cue(text, e):
            continue  # 'COMMENT ON TABLE public.patient IS ...': a table's name in SQL
        m = anchored(view, AFTER_CUE, e) if may_follow(text, e) else None
        if (
            m
            and not _header_acronym(text, e, *(span := m.span("n")))
            and not _other_party_remark(text, e, span[0])
        ):
            cands.append(("cue", *_given_wrapped(view, e, *span)))
        for item in _list_items(text, e):  # (the next display names of an address list)
            m = anchored(view, AFTER_CUE, item) if may_follow(text, item) else None
            if m and not _header_acronym(text, e, *(span := m.span("n"))):
                cands.append(("cue", *span))
    for e in hits.get("given", ()):
        m = anchored(view, SHAPES["given"], word_start(text, e, max(0, e - NAME_WORD_MAX)))
        if m:
            cands.append(("given", *m.span("n")))
    for e in hits.get("addressee", ()):
        span = addressee(view, e)
        if span:
            cands.append(("addressee", *span))
    for e in hits.get("addressee_pc", ()):
        span = addressee(view, text.rfind("\n", 0, e))  # (the street line's end)
        if span:
            cands.append(("addressee", *span))
    for e in hits.get("before", ()):
        span = before_cue(view, e)
        if span:
            cands.append(("before", *span))
    cands.extend(
        c for c in _shapes(view, hits) if c[0] != "reversed" or not _in_a_list(text, *c[1:])
    )
    if register:  # last: a span another shape finds as well keeps that shape
        for e in hits.get("register", ()):
            s = word_start(text, e, max(0, e - NAME_WORD_MAX))  # (a longer run has no
            word = text[s:e]  # word edge there, so no name)
            if (
                (word in register or _double_of(word, register))
                and _word_edge(text, s - 1)
                and _word_edge(text, e)
            ):
                first = register_start(text, s, e, known, view.segment(s)[0], view.fast)
                if first < s or (
                    text[s:e].lower() not in WORD_SURNAMES and not _VERB_AFTER.match(text, e)
                ):
                    cands.append(("register", first, e))
    return best_spans([c for c in cands if not _named_after(text, c[1], c[2])], text)


_OTHER_PARTIES = (
    *OTHER_PARTY_HEADERS, "arts", "assistent", "medewerker", "afdeling", "bedrijf",
    "organisatie", "werkgever", "contactpersoon", "partner", "verzekeraar",
)  # fmt: skip
_OTHER_PARTY_REMARK = re.compile(
    rf"\((?:[^()]*\W)?(?:{'|'.join(_OTHER_PARTIES)})s?(?:\W[^()]*)?\)", re.IGNORECASE
)
"""A remark in brackets after a name's cue that says whose name follows when it is not
hers (``Naam (huisarts): Jansen``, ``Naam (contactpersoon): ...``)."""


def _other_party_remark(text: str, cue_end: int, name_start: int) -> bool:
    """Whether a remark in brackets between a cue and its name names another party."""
    at = text.find("(", cue_end, name_start)
    return at >= 0 and _OTHER_PARTY_REMARK.match(text, at, name_start) is not None


_INSTITUTIONS = frozenset(
    ("museum", "stichting", "ziekenhuis", "kliniek", "instituut", "fonds", "school",
     "college", "lyceum", "gymnasium", "academie", "universiteit", "theater", "schouwburg",
     "stadion", "zorgcentrum", "verpleeghuis", "hospice", "paviljoen", "kazerne",
     "foundation", "hospital", "clinic", "institute")
)  # fmt: skip
"""Words that make a person's name before them an institution's (``het Jan Steen
Museum``, ``de Anne Frank Stichting``, ``Willem Alexander Ziekenhuis``): none is a listed
surname or given name."""
_INSTITUTION_AFTER = re.compile(rf"[ \t]+(?i:{'|'.join(sorted(_INSTITUTIONS))})(?![A-Za-z])")
_INSTITUTION_LAST = tuple(
    f"{sep}{form}"
    for word in sorted(_INSTITUTIONS)
    for form in (word.title(), word.upper())
    for sep in (" ", "\t")
)
"""An institution word ending a name, capitalised as a name's words are."""


def _named_after(text: str, start: int, end: int) -> bool:
    """Whether the name ``text[start:end]`` names an institution: an institution word
    right after it on its line, or as its last word (two C calls: this runs for every
    candidate)."""
    return text.endswith(_INSTITUTION_LAST, start, end) or (
        _INSTITUTION_AFTER.match(text, end) is not None
    )


def _shapes(view: TextView, hits: Mapping[str, Sequence[int]]) -> list[tuple[str, int, int]]:
    """``reversed`` and ``initials`` matches in windows around the shape patterns' hits,
    tried only where :func:`reversed_starts` / :func:`initial_starts` say they can
    start (what scanning each window finds, for a fraction of the regex calls)."""
    text = view.text
    out: list[tuple[str, int, int]] = []
    for lo, hi in view.hit_windows(hits.get("", ()), 64, 24):
        hi = min(hi, len(text))
        for shape, starts in (("reversed", reversed_starts), ("initials", initial_starts)):
            at = starts(text, lo, hi)
            if at:
                for m in view.finditer_at(SHAPES[shape], at, lo, hi):
                    out.append((shape, *m.span("n")))
    return out


_INITIALS_BEFORE = regex.compile(rf"(?<![\w.])(?:[{UPPER}][{LOWER}]?\.)+[ ]?\Z")
_WORD_AFTER = regex.compile(rf"[ ]?(?P<w>[{UPPER}][{LOWER}]+)(?![\w.])")
_GIVEN_BEFORE = regex.compile(rf"(?<![\w\-])(?P<g>[{UPPER}][{LOWER}]+)[ ]\Z")
"""A word right before a ``Family, ...`` match: a given name there makes it ``Given
Family``, then a comma and what follows (``Kim Bosschaart, PLW``)."""


def _in_a_list(text: str, start: int, end: int) -> bool:
    """Whether a ``Family, Initials`` match is two names of a list instead (``P. de Boer,
    K. Visser en M. Smit``): its family name follows initials or a given name, or a family
    name follows its initials."""
    if _INITIALS_BEFORE.search(text, max(0, start - 12), start):
        return True
    given = _GIVEN_BEFORE.search(text, max(0, start - 24), start)
    if given is not None and given["g"] in GIVEN_NAMES:
        return True  # (``Kim Bosschaart, PLW``: a signature's name and its firm, no initials)
    if text[end - 1 : end] != ".":
        return False
    m = _WORD_AFTER.match(text, end)
    return m is not None and not is_not_name(m["w"])


LABEL_GAP = r"(?:[ \t]*\|[ \t]*|[ \t]{1,3})"
"""What stands between a label's fields: spaces, or a bar that a worklist prints between
its columns (``VAN ROOIJ A | 28.02.1961 | V``)."""
LABEL_DATE_SEX = rf"\d{{1,2}}[\-/.]\d{{1,2}}[\-/.]\d{{2,4}}{LABEL_GAP}[VvMmFf]"
"""A date of birth and the person's sex after it, as a patient label prints them after
the name (``JANSEN P 03.03.78 V``, ``JANSSEN W.G. 12-03-1958 V``: see :func:`label_name`)."""
_PREFIX_WORDS_CAPS = "|".join(
    re.escape(w) for w in sorted({w.upper() for p in PREFIXES for w in p.split()}, key=len)[::-1]
)
"""The tussenvoegsels' words in capitals (``VAN``, ``DEN``, ``'T``), longest first."""
_LABEL_NAME = re.compile(
    rf"(?:^|(?<=[\s;|,:]))(?P<s>(?:(?:{_PREFIX_WORDS_CAPS})[ ])*[A-Z][A-Z'\-]+)"
    r"[ ](?P<i>[A-Z]{1,3}|(?:[A-Z]\.){1,4})[ ]?\|?[ ]?\Z"
)


def label_name(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """A family name in capitals and its initials without dots, ending at ``hi`` (after
    ``lo``): what a lab's label or worklist prints before the person's sex or her date of
    birth (``BAKKER J (M)``, ``DE VRIES PA (V)``, ``JANSEN P 03.03.78 V``); groups ``s``
    and ``i``. A family name of known non-names (``HPV A (V)``) is none."""
    m = _LABEL_NAME.search(text, lo, hi)
    if m is None:
        return None
    words = m["s"].replace("-", " ").split()
    if any(is_not_name(w) for w in words if not is_prefix(w.lower())):
        return None
    return m
