"""Dutch person names: the grammar shared by the name and provider detectors, and the
normaliser for name values.

A name is built from initials (``J.M.``), given names, a tussenvoegsel (``van der``) and a
surname, possibly double (``Jansen-de Vries``), in the orders Dutch records use:
``Marieke de Vries``, ``J.M. de Vries``, ``de Vries, J.M.``, ``Vries, J.M. de``,
``MARIEKE DE VRIES``, ``JANSEN-DE VRIES, J.M.``. :func:`normalise_name` turns all of them
into one canonical form: ``J.M. de Vries`` / ``Marieke de Vries`` (given or initials first,
tussenvoegsel lower case, capitalised words), HL7 ``family^given^^^prefix`` included.
"""

from __future__ import annotations

import re
from functools import lru_cache

from breachscope.detect.data import word_list
from breachscope.detect.invisible import INVISIBLE
from breachscope.detect.typeset import APOSTROPHES

PREFIXES: tuple[str, ...] = (
    "van der", "van den", "van de", "van 't", "van het", "in 't", "in de", "in den",
    "op den", "op de", "op 't", "uit de", "uit den", "uit het", "van", "de", "der", "den",
    "het", "'t", "ter", "ten", "te", "da", "dos", "du", "le", "la", "von", "di", "del",
    "el", "al", "binti", "bin", "ibn", "zu", "vd", "v.d.",
)  # fmt: skip
"""Tussenvoegsels, longest first."""


def grouped_alternation(words: tuple[str, ...]) -> str:
    """Lower-case ``words`` as a regex alternation grouped by first character
    (``v(?:an der|...)``): the same matches tried in the same order (words of different
    groups never match at one position), but a failing position costs a few character
    tests, not one per word."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        _esc(k) + (f"(?:{'|'.join(_esc(r) for r in rest)})" if len(rest) > 1 else _esc(rest[0]))
        for k, rest in groups.items()
    )


def _esc(word: str) -> str:
    return re.escape(word).replace(r"\ ", " ")


PREFIX_RE = grouped_alternation(PREFIXES)
"""The tussenvoegsels as a regex (case-sensitive; callers add ``(?i:...)``)."""
_EXTENDED = [chr(c) for c in range(0x100, 0x250) if c != 0x17F]  # not the long s
_VIETNAMESE = "\u1ea0-\u1ef9"
"""Latin Extended Additional's Vietnamese letters (``Ạ`` to ``ỹ``), capital and small
alternating: one range in both classes (a class of each letter alone made CPython's
``re`` about twice as slow on every name pattern; no word starts with a small one)."""
UPPER = "A-ZÀ-ÖØ-Þ" + "".join(c for c in _EXTENDED if c.isupper()) + _VIETNAMESE
"""Capital letters of names: latin-1, Latin Extended-A/B (``Ş``, ``Ł``, ``Ž``) and the
Vietnamese letters (``NGUYỄN``)."""
LOWER = "a-zß-öø-ÿ" + "".join(c for c in _EXTENDED if c.islower()) + _VIETNAMESE
"""Small letters of names: latin-1, Latin Extended-A/B (``ś``, ``ł``, ``ı``, ``ğ``) and the
Vietnamese letters (``Nguyễn``, ``Phạm``, ``Đặng``)."""
CAP_WORD = (
    rf"(?:[{UPPER}d]['’](?=[{UPPER}])|Ma?c(?=[{UPPER}][{LOWER}]))?"
    rf"(?:IJ|[{UPPER}]|(?<![\w])[?\ufffd](?=[{LOWER}]{{2}}))[{LOWER}]+"
    rf"(?:[?\ufffd][{LOWER}]{{2,}})*(?:['’][{LOWER}]+)?"
)
"""A capitalised word (``O'Neill``, ``d'Ancona``, ``McDonald`` too); letters lost to an
encoding count, first (``?ahin`` for ``Şahin``) or inside (``Wi?niewska`` for
``Wiśniewska``)."""
CAPS_WORD = rf"(?:[{UPPER}]['’])?[{UPPER}]{{2,}}(?:['’][{UPPER}]+)?"
INITIALS = rf"(?:[{UPPER}][{LOWER}]?\.[ ]?){{1,5}}"
"""``J.``, ``J.M.``, ``J. M.``, ``Th.``."""

GIVEN_NAMES: frozenset[str] = word_list("given_names.txt")
SURNAMES: frozenset[str] = word_list("surnames.txt")
NOT_NAMES: frozenset[str] = frozenset(w.lower() for w in word_list("not_names.txt"))
FUNCTION_WORDS = frozenset(
    {
        "dit", "deze", "die", "dat", "het", "een", "en", "of", "voor", "op", "aan", "bij",
        "uit", "naar", "over", "onder", "tussen", "door", "na", "als", "hoe", "er", "wie",
        "wat", "waar",
    }
)  # fmt: skip
"""The non-names that are Dutch function words (not a clinic's or a lab's vocabulary):
capitalised, one names a person only as her family name, where a surname's typo or a rare
name makes it one (``B.M. van Door`` for ``van Doorn``, ``A. van der Bij`` for ``van der
Bijl``): in text right after her initials or name and a tussenvoegsel
(:func:`~breachscope.detect.namegrammar.plausible`), in a table in a surname column."""
ABBREVIATIONS = frozenset(
    {
        "n.b.",
        "t.a.v.",
        "z.s.m.",
        "s.v.p.",
        "b.v.",
        "n.v.",
        "c.v.",
        "v.o.f.",
        "a.u.b.",
        "i.v.m.",
        "o.a.",
        "e.d.",
        "m.b.t.",
        "t.z.t.",
        "d.w.z.",
        "v.a.",
        "a.s.",
        "m.a.w.",
        "p.s.",
        "c.q.",
        "e.v.",
        "t.b.v.",
        "i.o.",
        "u.i.",
        "m.i.",
        "p.a.",
        "a.i.",
    }
)
LAB_ACRONYMS = frozenset(
    {
        "PSA", "CRP", "TSH", "FSH", "HIV", "HPV", "INR", "BSE", "GGT", "LDH", "CEA", "AFP",
        "SOA", "STI", "PAP", "CIN", "AGC", "AIS", "BMI", "MRI", "ECG", "EKG", "PCR", "IUD",
        "POS", "NEG", "BSN", "AGB", "UZI", "BIG", "KVK", "BTW", "NVT",
    }
)  # fmt: skip
"""Capitals that a lab's text writes after a comma and that bare initials would spell
(``Dhr. J. Peters, PSA 6,2``: a test, not ``P.S.A. Peters``)."""
TITLES = (
    "mevrouw",
    "mevr.",
    "mevr",
    "mw.",
    "mw",
    "dhr.",
    "dhr",
    "de heer",
    "heer",
    "meneer",
    "dr.",
    "dr",
    "drs.",
    "drs",
    "ir.",
    "prof.",
    "mr.",
    "mej.",
    "mrs.",
    "mrs",
    "mr",
    "ms.",
    "ms",
    "miss",
    # a letter to a patient from abroad
    "frau",
    "herr",
    "madame",
    "mme.",
    "monsieur",
    "huisarts",
    "arts",
    "dokter",
)
_A_TITLE = "(?:" + "|".join(re.escape(t) for t in TITLES) + r")(?:\s+|(?<=\.))"
_TITLE_RE = re.compile(f"^(?:{_A_TITLE})+", re.IGNORECASE)
_ONE_TITLE = re.compile(f"^{_A_TITLE}", re.IGNORECASE)
_CAPS_INITIALS_FIRST = re.compile(r"^([A-Z]{2}) +(?=\S*[a-zß-öø-ÿ])")
"""Two capitals without a dot before a word in small letters (``MW Jansen``)."""
_CAPS_WORD_AHEAD = re.compile(r"(?:^|\s)[A-Z]{2} ")
_TITLES_ONE_BY_ONE = 160
"""Longest value whose titles are stripped one at a time (a cell of thousands of titles
is stripped in one pass, as before)."""
_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


def strip_titles(text: str) -> str:
    """``text`` without its leading titles (``Mevr. dr. Jansen`` -> ``Jansen``). Two
    capitals without a dot before a word in small letters are initials, as ``RH
    Willemsen``'s are, though they spell a title: ``MW Jansen``, ``DR Gerritsen`` (M.W.,
    D.R.); ``Mw Jansen`` and ``MW JANSEN`` keep their title's reading."""
    if len(text) > _TITLES_ONE_BY_ONE or not _CAPS_WORD_AHEAD.search(text):
        return _TITLE_RE.sub("", text).strip()  # (the common case: one call)
    while True:
        m = _CAPS_INITIALS_FIRST.match(text)
        if m is not None and m.group(1).lower() in _TITLE_WORDS:
            return text
        one = _ONE_TITLE.match(text)
        if one is None:
            return text.strip()
        text = text[one.end() :].lstrip()


_PREFIX_SET = {p.lower() for p in PREFIXES}
_SPACE = re.compile(r"\s+")
_INITIAL_TOKEN = re.compile(rf"^(?:[{UPPER}][{LOWER}]?\.)+$")
_LONE_CAPITAL = re.compile(rf"[{UPPER}]")
"""One capital letter, an initial without its dot (``van Rooij A``)."""


TRAILING_INITIALS = re.compile(r"[BCDFGHJKLMNPQRSTVWXZ]{2,3}")
"""Letters without a vowel, in capitals, after a name's other words (``JANSEN PJ``,
``Jansen HPP``): initials written after the surname, as registers list people, never a
word of the name."""

_PREFIX_WORDS = frozenset(w for p in PREFIXES for w in p.split())
_PREFIX_FORMS = _PREFIX_SET | _PREFIX_WORDS

# -- the common shapes, decided without the full grammar -----------------------------------

SHAPE_UPPER = "A-ZÀ-ÖØ-Þ"
"""Capitals of the common shapes: latin-1 only (one-to-one case mapping, also in Arrow)."""
SHAPE_LOWER = "a-zà-öø-þ"
"""Small letters of the common shapes (not ``ß``/``ÿ``, whose upper case leaves latin-1)."""
SHAPE_TITLE = (
    "^(?i:(?:" + "|".join(sorted({t.rstrip(".") for t in TITLES}, key=len, reverse=True)) + ")[ .])"
)
"""A leading title (``Mevr. Jansen``, ``dr.Jansen``): more than the normaliser strips."""
_U, _L = SHAPE_UPPER, SHAPE_LOWER
_SHAPE_ROW = re.compile(rf"[{_U}{_L}'.\-]+(?: +[{_U}{_L}'.\-]+)*")
_SHAPE_TITLE = re.compile(SHAPE_TITLE)
_SHAPE_TOKEN = re.compile(
    rf"(?P<init>(?:[{_U}][{_L}]?\.)+)|(?P<low>[{_L}']*[{_L}][{_L}']*)"
    rf"|(?P<cap>(?:IJ|[{_U}])[{_L}']*[{_L}][{_L}']*)|(?P<caps>'?[{_U}]+)"
    rf"|(?P<hyph>(?:(?:IJ|[{_U}])[{_L}]+|[{_L}]{{1,3}})(?:-(?:(?:IJ|[{_U}])[{_L}]+|[{_L}]{{1,3}}))+)"
    rf"|(?P<capsh>[{_U}]+(?:-[{_U}]+)+)"
)
"""The token shapes (they exclude each other): initials, lower-case and capitalised words
(``IJzerman`` too), all-capital words (``'T`` too), double names with a hyphen, in
capitals too (``ZUIDEMA-WILLEMS``)."""


def common_name(text: str) -> tuple[bool, str | None]:
    """``(decided, normal form or None)`` of a stripped value in the common shapes, equal
    to the full grammar of :func:`normalise_name` there: words of latin-1 letters (and
    ``' . -``) separated by spaces, at most 80 characters, and at most one comma with
    such words on either side (``de Vries, Marieke``), not after a title. In these shapes
    the grammar's clean-up (components, whitespace, digits) changes nothing but the
    leading titles it strips (``huisarts Van Leeuwen``), so only its last steps apply; the
    commonest token shapes skip even those (:func:`_plain_tokens`). ``(False, None)`` for
    every other value (and a name with a spaced ``A`` infix, :data:`_SPACED_INFIX`, or a
    spaced hyphen, :data:`_SPACED_HYPHEN`)."""
    if len(text) > 80 or (" A " in text and _SPACED_INFIX.search(text)):
        return False, None
    if (" -" in text or "- " in text) and _SPACED_HYPHEN.search(text):
        return False, None  # (the grammar writes it without the spaces)
    if ("." in text or "Sint" in text) and (_SAINT.match(text) or _GLUED_INITIALS.search(text)):
        return False, None  # (a saint, initials against the name: the grammar reads them)
    if "," in text:
        family, _, rest = text.partition(",")
        family, rest = family.strip(), rest.strip()
        if not (_SHAPE_ROW.fullmatch(family) and _SHAPE_ROW.fullmatch(rest)):
            return False, None
        if _SHAPE_TITLE.match(" ".join(text.split())):  # ("mw ,Jansen": a title too)
            return False, None
        text = _family_last(f"{family},{rest}")
    elif not _SHAPE_ROW.fullmatch(text):
        return False, None
    elif _SHAPE_TITLE.match(spaced := " ".join(text.split())):
        text = strip_titles(spaced)  # (as the full grammar strips them)
        if not text:
            return True, None
    tokens = text.split()
    decided, value = _plain_tokens(tokens)
    if decided:
        return True, value
    if _nameless(text):
        return True, None
    return True, _grammar_tail(tokens)


def _plain_tokens(tokens: list[str]) -> tuple[bool, str | None]:
    """:func:`_grammar_tail` of tokens in the commonest shapes, without its passes over
    initials and non-names: lower-case and capitalised words stay, all-capital words are
    capitalised (each part of a double name; a tussenvoegsel part in lower case), runs of
    initials are joined, tussenvoegsels in capitals are lower-cased where the grammar's
    windows (:func:`_prefix_windows`) put them, tokens of non-names and tussenvoegsels only
    give None. Not decided here: tussenvoegsels in capitals that no window takes (``Jansen
    De``), initials that read as one (``V.D.``, ``V.``), short all-capital words before
    another (``RH Willemsen``, ``JAN JANSEN``). Per value what
    :func:`breachscope.detect.namecolumn.name_column` does per column, and the shapes
    with tussenvoegsels in capitals, ``IJ`` and double names in capitals besides."""
    n = len(tokens)
    kinds: list[str] = []
    lows: list[str] = []
    cased: list[int] = []  # tussenvoegsels in capitals: decided by the windows below
    named = False
    for i, token in enumerate(tokens):
        m = _SHAPE_TOKEN.fullmatch(token)
        if m is None:
            return False, None
        kind = str(m.lastgroup)
        low = token.lower()
        prefix = low in _PREFIX_FORMS
        if prefix and kind != "low":
            if kind != "cap" and kind != "caps":
                return False, None
            cased.append(i)
        elif token == "V." or (kind == "caps" and i < n - 1 and len(token) <= 3):
            return False, None
        elif kind == "caps" and i and TRAILING_INITIALS.fullmatch(token):
            return False, None  # initials after the surname: the grammar dots them
        kinds.append(kind)
        lows.append(low)
        if not prefix and low.strip(".,:;") not in NOT_NAMES:
            named = True
    lowered = _prefix_windows(lows) if cased else None
    if lowered is not None and not all(lowered[i] for i in cased):
        return False, None
    out: list[str] = []
    for i, token in enumerate(tokens):
        kind = kinds[i]
        joins = kind == "init" and i < n - 1 and kinds[i + 1] == "init"
        if not named and (joins or (i and kinds[i - 1] == "init" and kind == "init")):
            named = True  # a run of initials names someone
        if lowered is not None and lowered[i]:
            out.append(lows[i])
        elif kind == "caps":
            out.append(token.capitalize())
        elif kind == "capsh":
            out.append(capitalised_double(token))
        else:
            out.append(token)
        if i < n - 1 and not joins:
            out.append(" ")
    return True, ("".join(out) if named else None)


def _prefix_windows(lows: list[str]) -> list[bool]:
    """Which words of a name (lower-cased) the grammar writes as a tussenvoegsel, in
    lower case: from the left, the longest run of up to three words that is one and is
    followed by another word."""
    count = len(lows)
    out = [False] * count
    i = 0
    while i < count:
        for n in (3, 2, 1):
            if i + n < count and " ".join(lows[i : i + n]) in _PREFIX_SET:
                out[i : i + n] = [True] * n
                i += n
                break
        else:
            i += 1
    return out


def is_prefix(words: str) -> bool:
    """A tussenvoegsel (``van der``) or one word of one (``in``, ``'t``)."""
    low = words.lower()
    return low in _PREFIX_SET or low in _PREFIX_WORDS


def is_whole_prefix(words: str) -> bool:
    """A whole tussenvoegsel (``van der``, ``de``), not only a word of one (``in``)."""
    return words.lower() in _PREFIX_SET


def is_not_name(word: str) -> bool:
    """A capitalised word that is never a name (``Pap``, ``Uitslag``, month names...)."""
    return word.lower().strip(".,:;") in NOT_NAMES


def capitalised_double(token: str) -> str:
    """A double name in capitals with each part capitalised, a tussenvoegsel part in
    lower case (``HUISMAN-VAN`` -> ``Huisman-van``)."""
    return "-".join(_cap(p) for p in token.split("-"))


def _cap(word: str) -> str:
    """``JANSEN`` -> ``Jansen``, ``JANSEN-DE VRIES`` parts handled by the caller."""
    if not word or (not word.isupper() and not word.islower()):
        return word
    low = word.lower()
    if low in _PREFIX_SET:
        return low
    if "-" not in word:
        return _cap_one(word)
    return "-".join(_cap_one(p) for p in word.split("-"))


def _cap_one(word: str) -> str:
    """One word capitalised; after a one-letter head and an apostrophe the rest is too
    (``O'BRIEN`` -> ``O'Brien``, ``D'ANCONA`` -> ``D'Ancona``)."""
    if len(word) > 3 and word[1] in "'’":
        return word[:2].upper() + word[2].upper() + word[3:].lower()
    return word[:1].upper() + word[1:].lower()


def _initials(token: str) -> str:
    letters = [p for p in token.replace(" ", "").split(".") if p]
    return "".join(f"{p[0].upper()}{p[1:].lower()}." for p in letters)


def _fix_case(tokens: list[str], family_words: int = 0) -> list[str]:
    """Each word's case: tussenvoegsels lower, initials dotted, other words capitalised;
    the last ``family_words`` words are a known family name, where a short all-capital
    word is a word (``AIT OUALI``), not initials; a single capital before another word is
    an initial there too, as the name written out reads it again (``O NEILL^JAN``: ``Jan
    O. Neill``, not ``Jan O Neill``, which would read so the next time)."""
    out: list[str] = []
    count = len(tokens)
    initials_before = count - family_words
    lows = [t.lower() for t in tokens]  # (a space between words lowers alike joined)
    lowered = _prefix_windows(lows)  # tussenvoegsels: lower case when followed by a word
    for i, t in enumerate(tokens):
        if lowered[i]:
            out.append(lows[i])
        elif _INITIAL_TOKEN.match(t) or (t.isupper() and t.endswith(".")):
            out.append(_initials(t))
        elif (
            t.isupper()
            and len(t) <= 3
            and t.isalpha()
            and i < count - 1
            and (i < initials_before or len(t) == 1)
            and t[:1] + t[1:].lower() not in GIVEN_NAMES
        ):
            out.append("".join(f"{c}." for c in t))  # "RH Willemsen" -> "R.H. Willemsen"
        elif i and i == count - 1 < initials_before and TRAILING_INITIALS.fullmatch(t):
            out.append("".join(f"{c}." for c in t))  # "JANSEN PJ" -> "Jansen P.J."
        elif "-" in t:
            out.append(
                "-".join(
                    _cap(p) if p.isupper() or (p.islower() and len(p) > 3) else p
                    for p in t.split("-")
                )
            )
        else:
            out.append(_cap(t) if t.isupper() and len(t) > 1 else t)
    return out


_ADDRESS_LIKE = re.compile(r"://|(?i:www\.)|[A-Za-z]{2}/[A-Za-z]{2}")
"""A web address or a path (``http://fhir.nl/fhir/NamingSystem/bsn``): never a name
(``v/d`` abbreviates a tussenvoegsel and stays)."""


def _nameless(text: str) -> bool:
    """A cleaned-up value that names nobody: no letter, a digit, or an e-mail or web
    address (``www.jansen.nl``)."""
    return (
        not any(c.isalpha() for c in text)
        or any(c.isdigit() for c in text)
        or "@" in text
        or _ADDRESS_LIKE.search(text) is not None
    )


_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES, "'") | dict.fromkeys(INVISIBLE))
"""A cell's typeset apostrophes as plain ones, as free text reads them (``van \u2019t Hof``
is ``van 't Hof``), its invisible characters gone (``Jan&shy;sen``)."""


@lru_cache(maxsize=65536)
def normalise_name(raw: str) -> str | None:
    """Canonical form of a name as written, or None when nothing name-like remains
    (memoised: the same names recur in every file of a dump). Typeset apostrophes are
    plain ones in it, and characters that show nothing are left out (:data:`_FOLD`)."""
    text = raw.strip()
    if not text.isascii() or "`" in text:
        text = text.translate(_FOLD)
    if text.endswith(("EO", "/O", "/OF", "/of", "/o")):
        text = _AND_OR.sub("", text)
    text = _unspaced_hyphens(text)
    if "." in text or "Sint" in text:
        if _SAINT.match(text):
            return None
        text = _GLUED_INITIALS.sub(r"\1 ", text)
    if " " not in text and "," not in text:  # (other white space: no token shape)
        decided, value = one_token(text)
        if decided:
            return value
    if "(" in text and (m := _GOES_BY.search(text)) is not None:
        return _goes_by(text[: m.start()] + text[m.end() :], m["g"])
    decided, value = common_name(text)
    return value if decided else normalise_full(text)


_AND_OR = re.compile(r"(?<=\w)[ ]+(?:EO|E/O|EN/OF|en/of|e/o)$")
"""A bank account holder's ``and/or`` after the name (``P SMIT EO``, ``J. Jansen e/o``:
her partner may use the account too): no part of her name."""
_SAINT = re.compile(rf"(?:St\.|St |Sint[ -])[ ]?[{UPPER}]")
"""A saint's name, which names hospitals and places (``St. Antonius``, ``St.Jansdal``,
``Sint-Oedenrode``): no person (``St.`` is never a person's initials)."""
_GLUED_INITIALS = re.compile(
    rf"(?<![\w.])((?:[{UPPER}]\.){{1,4}})(?=[{UPPER}][{LOWER}]|(?:{PREFIX_RE})[ ])"
)
"""Initials written against the name after them (``P.Jansen``, ``J.M.de Vries``): a
space after them, as ``P. Jansen`` reads (one-letter initials only: ``St.Jansdal``)."""

_SPACED_HYPHEN = re.compile(r"(?<=[^\W\d_])[ ]*-(?:[ \t]*\r?\n[ \t]*|[ ]*)(?=[^\W\d_]|'[ts][ ])")
"""The hyphen of a double name written with spaces around it (``Bakker - de Wit``,
``Jansen -Smit``), or with a line break after it, as a spreadsheet's cell wraps
(``Jansen-⏎de Vries``): written without, as the name's other spelling is."""


def _unspaced_hyphens(text: str) -> str:
    if " -" in text or "- " in text or "-\n" in text or "-\r" in text:
        return _SPACED_HYPHEN.sub("-", text)
    return text


_SPACED_INFIX = re.compile(r"\b([A-Z][a-z]+|[A-Z]{2,}) A (?=[A-Z])")
"""A Chinese-Surinamese ``-A-`` infix written with spaces (``Lie A Ling``, ``TJON A
FONG``): written with hyphens, as the name's other spelling is (``Lie-A-Ling``); after a
given name the ``A`` is an initial (``Jan A Bakker``)."""


def _infix(m: re.Match[str]) -> str:
    word = m[1]
    return m[0] if word[0] + word[1:].lower() in GIVEN_NAMES else f"{word}-A-"


_GOES_BY = re.compile(r" ?\((?P<g>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\)")
"""The name a person goes by, in brackets (``J.M. (Joke) Bakker``, ``Bakker, J.M.
(Joke)``), as a table's name cell writes it too."""
_LEADING_INITIALS = re.compile(r"((?:[A-Z]\.)+) (.+)")


def _goes_by(rest: str, given: str) -> str | None:
    """The name of a cell with the name the person goes by in brackets: as free text
    reads it (``name._roepnamen``), the given name in place of its initials where it is
    a listed one that the first initials spell (``Joke M. Bakker``), else the initials
    alone (``J.M. Bakker``)."""
    value = normalise_name(rest)
    m = None if value is None else _LEADING_INITIALS.fullmatch(value)
    parts = given.split("-")
    if m is None or not all(p in GIVEN_NAMES for p in parts):
        return value
    letters = m[1].replace(".", "")
    if letters[: len(parts)] != "".join(p[0] for p in parts):
        return value
    return " ".join(p for p in (given, "".join(f"{c}." for c in letters[len(parts) :]), m[2]) if p)


def one_token(text: str) -> tuple[bool, str | None]:
    """:func:`common_name` of a stripped value that is one token (``Jansen``, ``JANSEN``,
    ``J.P.``, ``Berg-Smit``): :func:`_plain_tokens` of it alone, without the row checks
    and splits around it; ``(False, None)`` where the token needs more (a title such as
    ``Dr.``, ``V.``, a tussenvoegsel that is not lower-case) or is no common token. A
    table's initials and surname columns are mostly these."""
    if len(text) > 80 or ("." in text and _SHAPE_TITLE.match(text)):  # (a title needs
        return False, None  # a dot or a space after it)
    return _plain_tokens([text])


def normalise_full(text: str) -> str | None:
    """:func:`normalise_name` of a stripped value by the full grammar (every shape).

    In a structured name (EDIFACT ``PNA``, HL7 ``XPN``) the family name's words are known:
    a short all-capital word there is part of it (``AIT OUALI``), never initials."""
    if "." in text or "Sint" in text:
        if _SAINT.match(text):
            return None
        text = _GLUED_INITIALS.sub(r"\1 ", text)
    if " A " in text:
        text = _SPACED_INFIX.sub(_infix, text)
    text = _unspaced_hyphens(text)
    family_words = 0
    if "SU:" in text:  # EDIFACT PNA: ...+SU:surname+VV:prefix+VN:given names
        parts = dict(p.split(":", 1) for p in text.split("+") if ":" in p)
        family_words = len(parts.get("SU", "").split())
        text = " ".join(parts[q] for q in ("VN", "VL", "VV", "SU") if parts.get(q))
    if "^" in text:  # HL7 XPN: family^given^middle^suffix^prefix^degree
        fields = text.split("^")
        comps = [c.split("&")[0].strip(" -") for c in fields]  # ("A-": cut off)
        family = hl7_family(fields[0]).strip(" -")
        family_words = len(family.split())
        given = " ".join(c for c in comps[1:3] if c)
        prefix = comps[4] if len(comps) > 4 else ""
        if not prefix and len(comps) > 3 and is_prefix(comps[3]):
            prefix = comps[3]  # (a tussenvoegsel as its suffix: ``Jansen^Maria^J^de``)
        if prefix and family.lower().startswith(prefix.lower() + " "):
            prefix = ""
        text = " ".join(p for p in (given, prefix, family) if p)
    text = _SPACE.sub(" ", text.replace("\u00a0", " ")).strip(" ,;:")
    text = strip_titles(text)
    if not text or len(text) > 120 or _nameless(text):
        return None
    if "," in text:
        text = _family_last(text)
    return _grammar_tail([t for t in _SPACE.split(text) if t], family_words)


def hl7_family(component: str) -> str:
    """An HL7 family name (XPN-1, XCN-2) without its subcomponent marks: ``Wit&de`` (the
    surname, then its own tussenvoegsel) is ``de Wit``, ``Vries-Bakker&de&Vries&&Bakker``
    ``de Vries-Bakker``; ``de Wit&de&Wit`` (the whole name first, as Dutch messages
    repeat it) stays ``de Wit``."""
    subs = component.split("&")
    surname = subs[0]
    prefix = subs[1].strip() if len(subs) > 1 else ""
    if prefix and is_prefix(prefix) and not surname.lower().startswith(prefix.lower() + " "):
        return f"{prefix} {surname}"
    return surname


def _grammar_tail(tokens: list[str], family_words: int = 0) -> str | None:
    """The grammar's last steps, on the words of a cleaned-up name: initials joined, None
    for non-names and tussenvoegsels only, case fixed (the last ``family_words`` words
    are a known family name), and the initials that fixing the case dotted joined too
    (``A A Jansen`` -> ``A.A. Jansen``, as ``A.A. Jansen`` reads)."""
    if not any(c.isalpha() for t in tokens for c in t):
        return None  # (no letter: ``-`` before a title, ``-,Mevr.``)
    tokens = _merge_initials(tokens)
    if all(is_not_name(t) or is_prefix(t) for t in tokens):
        return None
    return " ".join(_merge_initials(_fix_case(tokens, family_words))) or None


_SEPARATORS = re.compile(r"[,;:]+")
"""Separators after a name's first comma: spaces once the family name is moved."""


def _family_last(text: str) -> str:
    """``Vries, J.M. de`` / ``Vries, de, J.M.`` / ``de Vries, Marieke``: the family name
    (before the first comma) moved to the end, a trailing tussenvoegsel with it. A given
    name said again with the family name after it (``Anja, Anja Koster``, as people
    talk) is the name after the comma."""
    family, _, rest = text.partition(",")
    again = rest.split()
    if len(again) > 1 and again[0].lower() == family.strip().lower():
        return " ".join(again)
    family = _prefix_first(family.strip(" ;:"))
    if "." in rest:  # (a title after the comma: ``Nijenhuis, drs. A.B.``)
        rest = strip_titles(rest.strip())
    rest_tokens = _SEPARATORS.sub(" ", rest).split()  # "Vries,, J.", "Vries, de, J.M."
    pre: list[str] = []
    while rest_tokens and rest_tokens[-1].lower() in _PREFIX_SET:
        pre.insert(0, rest_tokens.pop())
    lead: list[str] = []
    while (
        rest_tokens
        and rest_tokens[0].lower() in _PREFIX_SET
        and len(rest_tokens) > 1
        and not _INITIAL_TOKEN.match(rest_tokens[0])
    ):
        lead.append(rest_tokens.pop(0))
    return " ".join([*rest_tokens, *pre, *lead, family.strip()])


def _prefix_first(family: str) -> str:
    """A family name with its tussenvoegsel after it, as registers sort names (``Berg van
    den``, ``Berg-de Jong van den``): the tussenvoegsel before it (``van den Berg``)."""
    tokens = family.split()
    k = len(tokens)
    while k > 1 and tokens[k - 1].lower() in _PREFIX_SET:
        k -= 1
    if k == len(tokens) or tokens[0].lower() in _PREFIX_SET:
        return family
    return " ".join(tokens[k:] + tokens[:k])


def _merge_initials(tokens: list[str]) -> list[str]:
    """``['J.', 'M.', 'Jansen']`` -> ``['J.M.', 'Jansen']``."""
    out: list[str] = []
    for t in tokens:
        if out and _INITIAL_TOKEN.match(t) and _INITIAL_TOKEN.match(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    return out


_INITIAL_GROUPS = re.compile(r"[.\s]+")
INITIALS_RUN = 4
"""Most letters of an undotted group read as one initial each in an initials column (a
listed given name gives its first letter only)."""


@lru_cache(maxsize=4096)
def as_initials(value: str) -> str:
    """A (normalised) value of an initials column as initials: ``Jhc`` (``JHC`` as
    written), ``Am`` -> ``J.H.C.``, ``A.M.``; ``A`` -> ``A.``; ``J.H. C`` -> ``J.H.C.``;
    a given name written there gives its initial (``Johanna Maria``, ``Jan`` -> ``J.M.``,
    ``J.``). Dotted initials stay as they are (``Th.``); anything else that is not
    letters too."""
    if _INITIAL_TOKEN.match(value):
        return value
    groups = [g for g in _INITIAL_GROUPS.split(value) if g]
    if not groups or not all(g.isalpha() for g in groups):
        return value
    letters: list[str] = []
    for g in groups:
        spelt = len(g) <= INITIALS_RUN and g[:1].upper() + g[1:].lower() not in GIVEN_NAMES
        letters.extend(g if spelt else g[0])
    return "".join(f"{c.upper()}." for c in letters)


_INITIALS_AFTER = re.compile(rf"(?P<s>[^.]*[^\s.])[ ](?P<i>(?:[{UPPER}]\.)+)")


def initials_first(normalised: str) -> str:
    """A normalised name with its dotted initials after the family name, as a LIMS lists
    a patient, in the normal form's order (``Jansen-de Vries A.`` -> ``A. Jansen-de
    Vries``, ``van Dijk J.M.`` -> ``J.M. van Dijk``); any other name as it is."""
    m = _INITIALS_AFTER.fullmatch(normalised)
    if m is None or all(is_prefix(w) for w in m["s"].split()):
        return normalised  # (``van P.L.T.``: a typo's capitals, no family name before them)
    return f"{m['i']} {m['s']}"


def name_kind(normalised: str) -> str:
    """``full_name`` when given names or initials precede a surname or initials follow it
    (a LIMS's ``Jansen-de Vries A.``, ``el Amrani F.``), ``initials`` for initials alone
    (``E.``, ``J.M.``), else ``surname`` (a double name whose second part starts with a
    tussenvoegsel too: ``Bakker-de Wit``, ``Jansen-van der Berg``)."""
    tokens = normalised.split()
    if len(tokens) < 2:
        return "initials" if _INITIAL_TOKEN.fullmatch(normalised) else "surname"
    first = tokens[0]
    if _INITIAL_TOKEN.match(first) or first in GIVEN_NAMES:
        return "full_name"
    if any(_INITIAL_TOKEN.match(t) for t in tokens[1:]) or _LONE_CAPITAL.fullmatch(tokens[-1]):
        return "full_name"  # initials after the surname (``Jansen-de Vries A.``, ``Smit A``)
    if is_prefix(first) or ("-" in first and is_prefix(first.rsplit("-", 1)[1])):
        return "surname"
    return "full_name"
