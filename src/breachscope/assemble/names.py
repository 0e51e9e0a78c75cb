"""Dutch personal names: split a written name into given names, initials and surname parts.

Handles the forms seen in Dutch records: ``J.M. Jansen-de Vries``, ``Jansen-de Vries, J.M.``,
``Vries, J.M. de``, ``MARIEKE DE VRIES``, ``mevr. J. Jansen``, ``Jansen J.M.``,
``M. Jansen e.v. de Vries`` (birth name Jansen, partner de Vries) and
``J. Jansen geb. de Vries`` (current name Jansen, born de Vries). Tussenvoegsels are
lower-cased; ALL-CAPS and all-lower names are title-cased. ``Partner-Birth`` is the Dutch
convention for a married name, so a hyphenated surname is read that way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PREFIX_WORDS: frozenset[str] = frozenset(
    {
        "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "aan",
        "bij", "uit", "onder", "over", "voor", "vd", "v.d.", "v/d", "d'", "la", "le", "du",
        "des", "di", "da", "das", "do", "dos", "del", "della", "von", "zu", "l'", "'s", "el",
        "al",
    }
)  # fmt: skip
"""Tussenvoegsels (and common foreign particles) that precede a Dutch surname core."""

TITLES: frozenset[str] = frozenset(
    {
        "mevr", "mevrouw", "mw", "mvr", "mej", "mejuffrouw", "dhr", "heer", "mr", "mrs", "ms",
        "dr", "drs", "prof", "ir", "ing", "ds", "bc", "ba", "msc", "phd", "arts", "zr", "geachte",
        "beste", "patient", "patiënt", "patiente", "patiënte", "naam",
    }
)  # fmt: skip
"""Salutations and titles dropped from a written name (compared without the dot)."""

_BIRTH_MARKERS = ("geboren", "geb.", "geb")
"""``X geb. Y``: current (partner) name X, birth name Y."""
_PARTNER_MARKERS = ("echtgenote van", "echtgenoot van", "weduwe van", "gehuwd met", "e.v.",
                    "ev", "wed.", "wed", "v/h")  # fmt: skip
"""``X e.v. Y``: birth name X, partner name Y."""

_INITIALS_TOKEN = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]?\.?$|^[A-Z]$")
_CAPS_INITIALS = re.compile(r"^[A-Z]{2,3}$")
_WS = re.compile(r"\s+")
_DE_HEER = re.compile(r"(?i)^(?:geachte\s+)?de\s+heer\s+")
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013]\s*")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into its parts; ``None`` where the form does not show a part."""

    given_names: str | None = None
    """Given names, space-separated (``Marieke Johanna``)."""
    initials: str | None = None
    """Initials in canonical form (``M.J.``), derived from the given names if not written."""
    surname: str | None = None
    """Surname as it was written, prefixes included (``Jansen-de Vries``, ``de Vries``)."""
    birth_surname: str | None = None
    partner_surname: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.given_names or self.initials or self.surname)


def fold(text: str) -> str:
    """Lower-case ASCII folding used for comparing names (``Çelik`` -> ``celik``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _is_prefix(token: str) -> bool:
    return token.lower() in PREFIX_WORDS


def _is_title(token: str) -> bool:
    return token.lower().rstrip(".") in TITLES


_SHORT_GIVEN = frozenset({"BO", "JO", "ED", "AB", "AD", "AN", "AL", "EL", "ES", "IS", "OS"})
_VOWELS = frozenset("AEIOUY")


def _is_initials(token: str, allcaps: bool = False) -> bool:
    """``J.M.``, ``Th.``, ``J``, ``MJ``; in an all-capitals name a two-letter token is
    initials unless a known short name (``JO``), a three-letter one only when it starts with
    two consonants or has no vowel (``JSL``, not ``JAN``)."""
    if _INITIALS_TOKEN.match(token):
        return True
    if not _CAPS_INITIALS.match(token):
        return False
    if not allcaps:
        return True
    if len(token) == 2:
        return token not in _SHORT_GIVEN
    return not (set(token) & _VOWELS) or not (set(token[:2]) & _VOWELS)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


@lru_cache(maxsize=1 << 12)
def canonical_initials(text: str) -> str | None:
    """``m.j`` / ``MJ`` / ``M. J.`` / ``Th.`` -> ``M.J.`` / ``M.J.`` / ``M.J.`` / ``T.``."""
    groups = [g for g in re.split(r"[.\s]+", text) if g]
    letters: list[str] = []
    for g in groups:
        if len(g) > 1 and g.isupper() and "." not in text:
            letters.extend(g)  # 'MJ' written without dots: one initial per letter
        else:
            letters.append(g[0])
    letters = [c.upper() for c in letters if c.isalpha()]
    return "".join(f"{c}." for c in letters) or None


def given_as_initials(text: str) -> str | None:
    """Initials written where given names belong (a FHIR ``name.given`` of ``J.H.``, or
    ``JHC``, which detection reads as the name ``Jhc``): their canonical form, else None.
    An undotted word counts only without a vowel (``Jhc``, not ``Jan`` or ``Bo``)."""
    tokens = text.split()
    if not tokens:
        return None
    if all(_INITIALS_TOKEN.match(t) and "." in t for t in tokens):
        return canonical_initials(text)
    undotted = len(tokens) == 1 and 2 <= len(text) <= 5 and text.isalpha()
    if undotted and not set(text.upper()) & _VOWELS:
        return canonical_initials(text.upper())
    return None


def initials_of(given_names: str) -> str | None:
    """Initials of written given names (``Marieke Johanna`` -> ``M.J.``)."""
    letters = [g[0].upper() for g in given_names.split() if g[:1].isalpha()]
    return "".join(f"{c}." for c in letters) or None


def _cap_word(word: str) -> str:
    parts = re.split(r"([-'])", word)
    return "".join(p[:1].upper() + p[1:].lower() if p not in "-'" else p for p in parts)


@lru_cache(maxsize=1 << 12)
def display_case(text: str) -> str:
    """Title-case a name written all in capitals or all in lower case; keep mixed case."""
    letters = [c for c in text if c.isalpha()]
    if letters and not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return text
    return " ".join(_cap_word(w) for w in text.split(" "))


@lru_cache(maxsize=1 << 12)
def normalise_surname(text: str) -> str | None:
    """Tidy a written surname: spaces, hyphens, case, lower-case tussenvoegsels."""
    text = _HYPHEN.sub("-", _WS.sub(" ", text).strip(" ,.;"))
    if not text:
        return None
    text = display_case(text)
    out: list[str] = []
    for piece in text.split("-"):
        words = piece.split(" ")
        fixed = []
        for i, w in enumerate(words):
            core_follows = any(not _is_prefix(x) for x in words[i + 1 :])
            fixed.append(w.lower() if _is_prefix(w) and core_follows else w)
        out.append(" ".join(fixed))
    return "-".join(out)


def _split_marriage(text: str) -> tuple[str, str | None, str | None]:
    """Find a marriage marker; return (text before it, birth name, partner name)."""
    low = f" {text.lower()} "
    for marker in _PARTNER_MARKERS:
        i = low.find(f" {marker} ")
        if i > 0:
            before, after = text[: i - 1].strip(), text[i + len(marker) :].strip()
            return before, None, after or None
    for marker in _BIRTH_MARKERS:
        i = low.find(f" {marker} ")
        if i > 0:
            before, after = text[: i - 1].strip(), text[i + len(marker) :].strip()
            return before, after or None, None
    return text, None, None


def _given_parts(tokens: list[str], allcaps: bool) -> tuple[str | None, str | None]:
    initials = [t for t in tokens if _is_initials(t, allcaps)]
    names = [t for t in tokens if not _is_initials(t, allcaps)]
    given = display_case(" ".join(names)) if names else None
    if initials:
        inits = canonical_initials(" ".join(initials))
        if given:  # 'Marieke J.': the written name counts first
            inits = (initials_of(given) or "") + (inits or "")
    else:
        inits = initials_of(given) if given else None
    return given, inits


def _joins_prefix(token: str) -> bool:
    """``Jansen-de``: a hyphenated surname continuing with a tussenvoegsel."""
    return "-" in token and _is_prefix(token.rsplit("-", 1)[1])


def _split_tokens(tokens: list[str], allcaps: bool) -> tuple[list[str], list[str]]:
    """Split 'given... surname...' tokens (no comma) into (given, surname)."""
    if len(tokens) == 1:
        return [], tokens
    # reversed list form without comma: 'Jansen J.M.' / 'de Vries M.' / 'Vries M. de'
    # (a register's order: the tussenvoegsel after the initials)
    trailing = len(tokens)
    while trailing > 2 and _is_prefix(tokens[trailing - 1]):
        trailing -= 1
    last = tokens[trailing - 1]
    if _is_initials(last, allcaps) and not _is_initials(tokens[0], allcaps):
        k = trailing
        while k > 0 and _is_initials(tokens[k - 1], allcaps):
            k -= 1
        return tokens[k:trailing], [*tokens[trailing:], *tokens[:k]]
    if _is_prefix(tokens[0]) or _joins_prefix(tokens[0]):  # 'de Vries', 'Jansen-de Vries'
        return [], tokens
    lead = 0
    while lead < len(tokens) and _is_initials(tokens[lead], allcaps):
        lead += 1
    if 0 < lead < len(tokens) and not any(_is_initials(t, allcaps) for t in tokens[lead:]):
        return tokens[:lead], tokens[lead:]  # 'K.A. Ait Ouali': the words after initials
    start = len(tokens) - 1
    for i in range(1, len(tokens)):
        if _is_prefix(tokens[i]) or "-" in tokens[i]:
            start = i
            break
    if all(_is_prefix(t) for t in tokens[start:]):  # 'Marieke de': no surname core after
        start = len(tokens) - 1
    return tokens[:start], tokens[start:]


def _surname_roles(surname: str | None) -> tuple[str | None, str | None]:
    """``Jansen-de Vries`` -> (birth ``de Vries``, partner ``Jansen``); else (None, None)."""
    if not surname or "-" not in surname:
        return None, None
    partner, _, birth = surname.partition("-")
    if not partner.strip() or not birth.strip():
        return None, None
    return birth.strip(), partner.strip()


@lru_cache(maxsize=1 << 12)
def parse_name(text: str) -> ParsedName:
    """Parse one written full name (a pure function, memoised: names repeat in a dump)."""
    text = _HYPHEN.sub("-", _WS.sub(" ", text).strip(" ,;:"))
    text = _DE_HEER.sub("", text)
    text, birth_marked, partner_marked = _split_marriage(text)
    allcaps = _all_caps(text)
    if "," in text:
        left, _, right = text.partition(",")
        rtoks = [t for t in right.split() if not _is_title(t)]
        trailing: list[str] = []
        while rtoks and _is_prefix(rtoks[-1]):
            trailing.insert(0, rtoks.pop())
        ltoks = [t for t in left.split() if not _is_title(t)]
        given_tokens, surname_tokens = rtoks, [*trailing, *ltoks]
    else:
        tokens = [t for t in text.split() if not _is_title(t)]
        given_tokens, surname_tokens = _split_tokens(tokens, allcaps) if tokens else ([], [])
    given, inits = _given_parts(given_tokens, allcaps)
    surname = normalise_surname(" ".join(surname_tokens)) if surname_tokens else None
    birth, partner = _surname_roles(surname)
    if partner_marked:  # 'X e.v. Y': X birth, Y partner
        birth, partner = surname, normalise_surname(partner_marked)
        surname = f"{partner}-{birth}" if partner and birth else surname
    elif birth_marked:  # 'X geb. Y': X partner, Y birth
        birth, partner = normalise_surname(birth_marked), surname
        surname = f"{partner}-{birth}" if partner and birth else surname
    return ParsedName(given, inits, surname, birth, partner)


@lru_cache(maxsize=1 << 12)
def combine(
    full_name: str | None = None,
    surname: str | None = None,
    prefix: str | None = None,
    given_names: str | None = None,
    initials: str | None = None,
    birth_surname: str | None = None,
    partner_surname: str | None = None,
) -> ParsedName:
    """Merge name pieces found in separate columns or findings into one :class:`ParsedName`.

    Separate pieces win over what a full-name value implies; a prefix column is joined
    to its surname (``de`` + ``Vries``)."""
    base = parse_name(full_name) if full_name else ParsedName()
    sn = base.surname
    if surname:
        raw = (
            f"{prefix} {surname}"
            if prefix and not surname.lower().startswith(prefix.lower() + " ")
            else surname
        )
        sn = normalise_surname(raw)
    elif prefix and sn and not sn.lower().startswith(prefix.lower()):
        sn = normalise_surname(f"{prefix} {sn}")
    written = given_as_initials(given_names) if given_names else None
    if written and not initials:  # initials in a given-names column
        given_names, initials = None, written
    given = display_case(_WS.sub(" ", given_names).strip()) if given_names else base.given_names
    inits = canonical_initials(initials) if initials else None
    if given:
        derived = initials_of(given)
        inits = inits if inits and len(inits) > len(derived or "") else derived
    inits = inits or base.initials
    birth, partner = (
        _surname_roles(sn) if sn != base.surname else (base.birth_surname, base.partner_surname)
    )
    if birth_surname:
        birth = normalise_surname(birth_surname)
    if partner_surname:
        partner = normalise_surname(partner_surname)
    if sn is None and (birth or partner):
        sn = f"{partner}-{birth}" if partner and birth else birth or partner
    return ParsedName(given, inits, sn, birth, partner)


def surname_cores(surname: str) -> list[str]:
    """Folded surname words without tussenvoegsels (``Jansen-de Vries`` -> jansen, vries)."""
    words = re.split(r"[^a-z]+", fold(surname))
    return [w for w in words if len(w) > 1 and w not in PREFIX_WORDS]
