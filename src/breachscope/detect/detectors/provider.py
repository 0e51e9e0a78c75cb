"""Care providers: the GP or other requester of a test, by name (``Huisarts: dr. A.B. van
der Berg``, ``aanvrager``, ``verwijzer``) and practice (``Huisartsenpraktijk De Linde``,
``Gezondheidscentrum Noord``). Class ``provider``; kinds ``provider_name`` and
``provider_practice`` (AGB, BIG and UZI numbers have their own detectors).

Tables: referral columns (``huisarts``, ``aanvrager``, ``ORC-12``, ``OBR-16``, ``PV1-8``, the
patient's GP in ``PD1-4``, a copy's addressee in ``OBR-28``,
``NAD+GP``...). A name after a provider cue is the provider's, never the patient's: this
detector outranks the name detector on overlaps.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import regex

from breachscope.detect.base import SMALL_COLUMN, CellFindings, ColumnVerdict, Detector, TextMatch
from breachscope.detect.context import Match, TextView, match, search
from breachscope.detect.fastpath import as_strings, flags
from breachscope.detect.lazypattern import lazy
from breachscope.detect.namegrammar import ANY_NAME, plausible
from breachscope.detect.names import (
    GIVEN_NAMES,
    UPPER,
    hl7_family,
    is_not_name,
    is_prefix,
    normalise_name,
)

_PLURAL_CUES = ("huisartsen", "verwijzers", "behandelaars")
"""Cues before a list of providers' names (:data:`_NEXT_IN_LIST`)."""
CUES: tuple[str, ...] = (
    "huisarts", "huisarts:", "aanvrager", "aanvragend arts", "verwijzer", "verwezen door",
    "behandelaar", "behandelend arts", "behandelend huisarts", "uw huisarts", "arts",
    "gynaecoloog", "specialist", "referring physician", "requested by", "requester",
    "ordering physician", "zorgverlener", "dokter", "waarnemer", "praktijkhouder",
    "verloskundige",
    # several named in a list (``Huisartsen geïnformeerd: B. Tuinstra, G. Brinkman``)
    *_PLURAL_CUES,
    # a note's and a label's abbreviations (``verw. door dr. Bos``, ``HA: Wijnstra``; not
    # ``h.a.``: the initials of ``Y.H.A. Nijhuis``)
    "verw. door", "ha:",
    # a letter in German or French to a patient across the border (``Ihre Hausärztin,
    # Frau J. de Haan``, ``votre médecin traitant, Dr Martin``)
    "hausarzt", "hausärztin", "frauenarzt", "frauenärztin", "médecin traitant",
)  # fmt: skip
_TITLE = (
    r"(?:(?i:dr|drs|prof|mr|mevr|mw|dhr|ir|mevrouw|meneer|de[ ]heer|dokter"
    r"|frau|herr|madame|monsieur|mme)\.?[ ]+|(?:eh|ehm|uh|uhm|euh)[ ]+)*"
)
"""Titles before a provider's name, and a speaker's fillers between them (a call's
transcript: ``dokter eh Hoogendoorn``)."""
_TOLD = (
    r"(?:(?:is|zijn|werd|werden)[ \t]+)?(?:ge[iï]nformeerd|ingelicht|gebeld|gemaild|bericht"
    r"|op[ \t]+de[ \t]+hoogte(?:[ \t]+gebracht)?)"
)
"""What a note says was done with the providers its label names (``Huisartsen
geïnformeerd:``)."""
_CUE_RE = lazy(
    rf"(?i:(?<![\w])(?:{'|'.join(regex.escape(c) for c in sorted(CUES, key=len, reverse=True))}))"
    rf"(?:[._](?i:naam|name|full_?name|volledige_?naam)[\"']?[ \t]*[:=][ \t]*"
    r"|[\"']?[ \t]*:[ \t]*\{[ \t]*[\"']?(?i:naam|name)[\"']?[ \t]*:[ \t]*"
    rf"|[ \t]+{_TOLD}[ \t]*:[ \t]*"
    rf"|[\"']?[ \t]*[:.,=(]?[ \t]*)[\"']?(?:{_TITLE})(?P<n>{ANY_NAME})(?![\w])"
)
"""A cue, then the provider's name: after a label's colon or a key's ``=`` or in brackets
(``via de huisarts (M.C. Bosma)``), also where the
key names the cue's name field (``aanvrager.naam=G.J. Ridder``, ``huisarts_naam: ...``)
or a label says what was done with them (``Huisarts geïnformeerd: B. Tuinstra``)
or a YAML flow mapping under the cue opens with it (``huisarts: {naam: "H. Kroon", agb:
...}``), the value in quotes or not, the key too (a JSON payload in a log: ``"huisarts":
"H.M. Dijkman, huisarts"``)."""
_ONE_WORD_IN_BRACKETS = regex.compile(r"\([ \t]*[^\W\d_][\w\-']*[ \t]*\)")
"""A cue and one word in brackets after it: a provider's town (``huisarts (Utrecht)``); a
name in brackets has initials or more words (``huisarts (M.C. Bosma)``)."""


def _one_word_in_brackets(text: str, cue: int, name: int) -> bool:
    """Whether the name at ``name`` after the cue at ``cue`` is one word alone in brackets
    (:data:`_ONE_WORD_IN_BRACKETS`)."""
    bracket = text.rfind("(", cue, name)
    return bracket >= 0 and _ONE_WORD_IN_BRACKETS.match(text, bracket) is not None


_NEXT_IN_LIST = lazy(
    rf"(?:[ \t]*\([^()\r\n]{{1,40}}\))?[ \t]*(?:[,;&]|en(?![\w]))[ \t]*(?:{_TITLE})"
    rf"(?P<n>{ANY_NAME})(?![\w])"
)
"""The next name of a list after a plural cue (``Huisartsen geïnformeerd: B. Tuinstra (voor
Marloes), G. Brinkman (voor Linda)``): a remark in brackets, a comma or ``en``, a name."""
_PLURAL_CUE = re.compile(rf"(?:{'|'.join(_PLURAL_CUES)})(?![\w])")
_HOW = {
    "cue": "provider name after cue",
    "title": "provider name after title",
    "role": "provider name after role",
    "list": "provider name in a list after a plural cue",
}
_LIST_REACH = 200
"""How far past a list's previous name its next one is looked for."""
_DR_RE = lazy(rf"(?<![\w])(?<![0-9]{{4}}[ ])(?:[Dd][Rr]\.|[Dd]r)[ ]+(?P<n>{ANY_NAME})(?![\w])")
"""A doctor's title before a name: a care provider even without a referral cue. Not
``drs.``, a master's degree that patients hold as often (``Mw. drs. A. van den Berg``),
nor a postcode's letters (``1063 DR Amsterdam``), nor ``DR`` in capitals without a dot:
initials (``mevr. DR Gerritsen``)."""
_LAB_STAFF = (
    "patholoog", "microbioloog", "klinisch chemicus", "cytoanalist", "cytotechnoloog",
    "analist", "screener", "supervisor", "geautoriseerd", "laboratoriumspecialist",
)  # fmt: skip
"""Words on a ``dr.`` name's line that make the doctor the lab's own (a pathologist who
authorised the report, a screener's supervisor), not the patient's requester."""
_ROLES = (
    "huisarts", "arts", "gynaecoloog", "specialist", "waarnemer", "praktijkhouder",
    "verloskundige",
)  # fmt: skip
"""The cues that also follow a provider's name as their role: ``A. Yilmaz, huisarts``
(a letter's signature), ``J. Smit (huisarts)``."""
_NAME_BEFORE_ROLE = lazy(rf"(?<![\w.])(?P<n>{ANY_NAME})[ \t]*(?:,|\()[ \t]*\Z")
_ROLE_END = regex.compile(
    r"[ \t]*(?:[,.;)(\r\n|]|\Z|te[ ]|in[ ])|[ \t]{2}|[ \t]+[-\u2013][ \t]"
    r"|[ \t]+[A-Z][\w'\-]*(?:[ \t][\w'\-]+){0,3}[ \t]\d{1,5}[a-zA-Z]?[ \t]*,"
    r"[ \t]*[1-9]\d{3}[ ]?[A-Z]{2}\b"
)
"""A name before its role, where the role ends the phrase: not a label (``Jansen,
huisarts: dr. De Vries``), nor a cue before the next name (``Jansen, huisarts De
Vries``). Searched in the stretch of the line before the role. A list's cell gap (two
spaces), a stamp's dash (``M. Dekker, huisarts - AGB 01-055123``) or the practice's
address after the role ends it too (``drs. M.C. Koster-Wolf,
huisarts Kerkelaan 1, 1215 CA Hilversum``)."""
ROLE_BEFORE = 60
"""How far before its role a name may begin."""
_CELL_CODE_TAIL = r"\((?:[Aa][Gg][Bb](?:[ -]?code)?[ :]*)?(?P<agb>\d{8})\)[ \t]*"
_CELL_CODE = rf"[ \t]*{_CELL_CODE_TAIL}$"
"""A cell's AGB code in brackets after the name (``Dr. K. de Vries (01012345)``), for
Arrow's RE2 (linear time)."""
_CELL_CODE_AT = re.compile(rf"{_CELL_CODE_TAIL}\Z", re.ASCII)
r""":data:`_CELL_CODE` for the cells of a short column, read in Python: matched at the
cell's last ``(`` (no other can open it), with ASCII digits as RE2's, and ``\Z`` for
RE2's ``$`` (the end of the text alone). Linear on any cell: tried at one position, and
no two of its repeats can take the same character."""
_SENTENCE_END = regex.compile(r"[^\n:]*[a-zà-ÿ]{4}\.[ \t]+")
"""A cue word that ends its sentence, then the next sentence's first word (no label's
colon, no abbreviation's dot: ``dr.``, ``mw.``)."""
_HOUSE_NUMBER_AFTER = regex.compile(r"[ \t]\d{1,5}[a-zA-Z]?[ \t]*,")
"""A house number and a comma right after a name a cue reads: the street of the provider
the role names (``H. Yilmaz, huisarts Oostereind 4, 1212 VH``), no name."""
_PLACE_AFTER_CUE = "te "
"""``huisarts te Leiden``: the town the provider works in, not a surname (``te Velde``
after a cue needs its initials: ``huisarts J. te Velde``)."""
_COMPOUNDS = (
    "Huisartsenpraktijk",
    "Huisartspraktijk",
    "Huisartsengroep",
    "Huisartsenmaatschap",
    "Huisartsencentrum",
    "Huisartsenpost",
    "Verloskundigenpraktijk",
    "Verloskundigepraktijk",
    "Ziekenhuisgroep",
)
PRACTICE_WORDS = (
    *_COMPOUNDS,
    "Huisartsen Maatschap",
    "Huisartsen",
    "Ziekenhuis",
    "Gezondheidscentrum",
    "Gezondheidshuis",
    "Medisch Centrum",
    "Medisch centrum",
    "Praktijk",
    *(w.lower() for w in (*_COMPOUNDS, "Gezondheidscentrum", "Gezondheidshuis")),
)
"""The words a practice's name begins with; the compounds also in lower case, as running
text writes them (``verwezen door huisartsenpraktijk De Linde``). The general words
(``praktijk``, ``huisartsen``) count only capitalised."""
_PRACTICE_RE = regex.compile(
    rf"(?<![\w])(?P<n>(?:{'|'.join(PRACTICE_WORDS)})(?:[ ]+(?:de|het|van|der|den|'t|aan|op)?"
    rf"(?:[ ]*[{UPPER}'][\w'\-]*)){{1,4}})"
)
_BRACKETED_DOCTOR = lazy(rf"[ \t]*\([ \t]*(?:{_TITLE})?(?P<n>{ANY_NAME})[ \t]*\)")
"""A person's name in brackets right after a practice's name: its doctor (a requester's
``Huisartsenpraktijk De Maten (drs. P.J. Veldhuis)``)."""
_XCN_TITLE = regex.compile(r"(?i)(?:dr|drs|prof|mr|ir|ing|dhr|mw|mevr)\.?")
"""A title in an HL7 XCN's prefix component, which goes before the initials (``dr. J.
Bakker``); a tussenvoegsel there goes after them (``R. van Vliet``)."""
_SPACES = regex.compile(r"\s+")
_LAB = regex.compile(
    r"\b(?:laboratori(?:um|a)|lab|pathologie|microbiologie|klinische[ ]chemie)\b", regex.IGNORECASE
)
"""A laboratory's words: a lab is no one's care provider (``PATHOLOGIE LABORATORIUM
WATERLAND``, an EDIFACT report's sender or the receiver a lab sends it on to)."""
_NON_SPACE = regex.compile(r"\S+")
_LABEL = regex.compile(rf"Praktijk[ \t:]+(?=[{UPPER}])")


def _literal(cue: str) -> str:
    """A cue as the prefilter finds it: without its colon where the bare word is a cue
    too (``huisarts:``), with it where the colon makes it one (``ha:``, a label's)."""
    bare = cue.rstrip(":")
    return bare if bare in CUES else cue


_CUE_WORDS = tuple(sorted({_literal(c).lower() for c in CUES}, key=len, reverse=True))
"""The cue words as the prefilter finds them (lower case)."""


def _by_last(words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their last character (order kept)."""
    out: dict[str, tuple[str, ...]] = {}
    for w in words:
        out[w[-1]] = (*out.get(w[-1], ()), w)
    return out


def _starts(text: str, ends: Sequence[int], words: Mapping[str, Sequence[str]]) -> list[int]:
    """Sorted starts of the words (grouped by :func:`_by_last`) ending at ``ends`` in
    ``text``: only words ending in the character before an end can end there."""
    return sorted(
        {
            e - len(w)
            for e in ends
            if e > 0
            for w in words.get(text[e - 1], ())
            if text.endswith(w, 0, e)
        }
    )


_CUES_BY_LAST = _by_last(_CUE_WORDS)
_PRACTICES_BY_LAST = _by_last(PRACTICE_WORDS)
_HOSPITAL_WORDS = ("Ziekenhuizen", "ziekenhuizen", "Ziekenhuis", "ziekenhuis", "Gasthuis")
"""The words a hospital's name ends in after its own (``Deventer Ziekenhuis``, ``Gelre
ziekenhuizen``, ``Spaarne Gasthuis``)."""
_HOSPITALS_BY_LAST = _by_last(_HOSPITAL_WORDS)
_NOT_A_HOSPITALS_NAME = frozenset(
    {
        "het",
        "de",
        "een",
        "dit",
        "deze",
        "dat",
        "die",
        "uw",
        "ons",
        "onze",
        "naar",
        "in",
        "bij",
        "van",
        "op",
        "voor",
        "ander",
        "andere",
        "welk",
        "welke",
        "elk",
        "elke",
        "ieder",
        "geen",
        "zelfde",
        "eigen",
        "nieuw",
        "nieuwe",
        "oud",
        "oude",
        "groot",
        "grote",
        "klein",
        "kleine",
        "regionaal",
        "regionale",
        "lokaal",
        "lokale",
        "algemeen",
        "algemene",
        "academisch",
        "academische",
        "verwijzend",
        "verwijzende",
        "behandelend",
        "behandelende",
        "betreffende",
        "genoemde",
        "dichtstbijzijnde",
        "dichtbijzijnde",
        "ziekenhuis",
        "ziekenhuizen",
        "naast",
    }
)
"""Words before a hospital word that name none of them (``Het ziekenhuis``, ``Uw
ziekenhuis``, ``het verwijzende ziekenhuis``)."""
_HOSPITAL_NAME_WORD = regex.compile(rf"[{UPPER}][\w'\-]*")


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` is its line's or its sentence's first."""
    before = text[max(0, at - 3) : at].rstrip(" ")
    return not before or before[-1] in "\n\r\t.!?:;"


MAX_HOSPITAL_WORDS = 3


def _hospital_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of a hospital's name that ends in the hospital word at ``start`` (its
    own capitalised words before it, up to :data:`MAX_HOSPITAL_WORDS`, on its line:
    ``Rode Kruis Ziekenhuis``), or None where no such word stands right before it; a
    hospital word in lower case only after a name within a sentence (``naar Gelre
    ziekenhuizen``)."""
    word = next((w for w in _HOSPITAL_WORDS if text.startswith(w, start)), None)
    if word is None:
        return None
    end = start + len(word)
    if end < len(text) and (text[end].isalnum() or text[end] in "-'"):
        return None
    first = start
    for _ in range(MAX_HOSPITAL_WORDS):
        if first < 2 or text[first - 1] != " ":
            break
        w_end = first - 1
        w_start = w_end
        while w_start > 0 and (text[w_start - 1].isalnum() or text[w_start - 1] in "'-"):
            w_start -= 1
        token = text[w_start:w_end]
        if not _HOSPITAL_NAME_WORD.fullmatch(token) or token.lower() in _NOT_A_HOSPITALS_NAME:
            break
        first = w_start
    if first == start:
        return None
    if word.islower() and _opens_sentence(text, first):
        return None  # (``Morgen ziekenhuis bellen``: a sentence's first word, no name)
    return first, end


def _role_before(view: TextView, role: int) -> Match | None:
    """The name before the role word at ``role`` (``A. Yilmaz, huisarts``), on its line
    and at most ``ROLE_BEFORE`` characters before it."""
    text = view.text
    i = role
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in ",(":  # (most cues open a line or follow a word)
        return None
    word = next((w for w in _ROLES if view.lower.startswith(w, role)), None)
    if word is None:
        return None
    end = role + len(word)
    if match(_ROLE_END, text, end, min(len(text), end + ROLE_BEFORE), view.fast) is None:
        return None
    lo = max(text.rfind("\n", 0, role) + 1, role - ROLE_BEFORE)
    return search(_NAME_BEFORE_ROLE, text, lo, role, view.fast)


def _without_code_or_role(text: str) -> str:
    """A provider cell without the AGB code or the role after the name (``Dr. K. de Vries
    (01012345)``, ``P. Berg, huisarts``, ``K. de Vries (huisarts)``, in either order),
    by string operations: a cell may be long."""
    for _ in range(2):
        tail = text.rstrip(" \t.")  # (a name's own dots stay: "Berg, J.M.")
        if tail.endswith(")") and (i := tail.rfind("(")) > 0:
            inner = tail[i + 1 : -1].strip().lower()
            code = inner.removeprefix("agb").strip(" -:").removeprefix("code").strip(" :")
            if inner in _ROLES or (len(code) == 8 and code.isdigit() and code.isascii()):
                text = tail[:i].rstrip(" \t")
                continue
        if (i := tail.rfind(",")) > 0 and tail[i + 1 :].strip().lower() in _ROLES:
            text = tail[:i].rstrip(" \t")
    return text


def _before_town(name: str) -> int:
    """The length of a provider's name without the town after it (``T. Brouwer te
    Zwolle``): ``te`` after a family name names her town; after initials or a given name
    it starts the family name (``J. te Velde``, ``Jan te Velde``)."""
    i = name.find(" te ")
    if i <= 0:
        return len(name)
    before = name[:i].split()[-1]
    if before.endswith(".") or before in GIVEN_NAMES or before.capitalize() in GIVEN_NAMES:
        return len(name)
    return i


def _xcn_family(family: list[str]) -> str:
    """An XCN's family name (its first component, if any) without subcomponent marks
    (:func:`~breachscope.detect.names.hl7_family`)."""
    return hl7_family(family[0]) if family else ""


def _practice_value(text: str) -> str:
    """A practice's name as one value however running text writes it: white space
    collapsed, the practice word capitalised (``huisartsenpraktijk De Linde`` ->
    ``Huisartsenpraktijk De Linde``)."""
    value = str(_SPACES.sub(" ", text)).strip()
    return value[:1].upper() + value[1:]


def _practice_length(text: str) -> int:
    """Length of a practice name cut before the first known non-name word after the
    practice word ("Huisartsenpraktijk De Linde Uitslag" -> "...De Linde")."""
    head = next((w for w in PRACTICE_WORDS if text.startswith(w)), "")
    end = len(text)
    for m in _NON_SPACE.finditer(text, len(head)):
        word = m.group()
        if not is_prefix(word) and is_not_name(word):
            end = m.start()
            break
    cut = len(text[:end].rstrip())
    return cut if cut > len(head) else 0


_EDIFACT_NAME = regex.compile(r"[^:+^]+:(?:[A-Z][a-z]?\.)*(?:[ ]?[a-z' ]+)?(?::[^:+^]*)?")
"""An EDIFACT party name element on its own: ``surname:initials:title`` (``Van Meer::huisarts``,
``Burgt:E. van``, ``van den Heuvel:I.V.:Dr.``)."""


def _edifact_name(text: str) -> str:
    """The party name of an EDIFACT ``NAD`` segment or element (``PO+agb::AGB++surname:
    initials:title``, ``Van Meer::huisarts``) as ``initials surname``: the first element
    after the qualifier whose first component holds letters; the title is left out.
    Other text comes back as it is."""
    elements = text.split("+")
    for element in elements[1:] if len(elements) > 1 else elements:
        bits = element.split(":")
        if any(c.isalpha() for c in bits[0]):
            initials = bits[1] if len(bits) > 1 else ""
            return " ".join(b.strip() for b in (initials, bits[0]) if b.strip())
    return text


_NONE = frozenset(
    {"-", "onbekend", "nvt", "n.v.t.", "geen", "none", "null", "nil", "undefined", "n/a"}
)
"""What a provider's field holds where no provider is known (a logged object's
``huisarts=None``)."""


class ProviderDetector(Detector):
    id = "provider"
    data_class = "provider"
    kind = "provider_name"
    patterns = (r"\b[Dd][Rr]\.? +[A-Z]",)
    max_len = 40
    lookahead = 80
    header_keywords = (
        "huisarts",
        "aanvrager",
        "verwijzer",
        "behandelaar",
        "zorgverlener",
        "praktijk",
        "huisartsenpraktijk",
        "gp",
        "general practitioner",
        "referring",
        "referrer",
        "requester",
        "orc-12",
        "obr-16",
        "pv1-8",
        "pv1-9",
        "pv1-7",
        "pv1-17",
        "pd1-4",
        "obr-28",
        "nad+gp",
        "nad+po",
        "nad+rf",
        "nad+pr",
        "nad+dr",
        "nad+rcv",  # (a lab's report: the GP it goes to)
        "arts",
        "physician",
        "doctor",
        "dokter",
        "specialist",
        "aanvragend arts",
        "ha",
        "aanvr",
        "verw",  # (an insurer's declaration: ``agb_verw``, ``verw_naam``)
        "aanvrager naam",
        "huisarts naam",
    )
    header_over_negative = ("huisarts agb", "aanvrager agb", "verwijzer agb", "arts agb")
    """A provider's column that gives the AGB code too (``Huisarts (AGB)``: ``Yilmaz A
    (01012345)``): the names and, from the brackets, the codes; a column of bare codes
    fails the names' sample check and goes to the AGB detector."""
    header_negative = (
        "agb",
        "big",
        "uzi",
        "adres",
        "straat",
        "postcode",
        "plaats",
        "telefoon",
        "tel",
        "email",
        "mail",
        "iban",
        "rekening",
        "datum",
        "date",
        "code",
        "nummer",
        "id",
        "~reference",
    )
    sample_pass_rate = 2.0
    base_confidence = 0.9
    priority = 2

    def literals(self) -> Iterable[tuple[str, bool]]:
        for c in CUES:
            yield _literal(c), True
        for w in PRACTICE_WORDS:
            yield w, False
        for w in _HOSPITAL_WORDS:
            yield w, False

    def find(self, view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
        """Cue and practice names are matched anchored at the starts of the cue and
        practice words ending at ``ends`` (the matches a scan of each window would find:
        both regexes begin with one of those words); ``dr.`` names by a window scan."""
        seen: set[tuple[int, int]] = set()
        text, low = view.text, view.lower
        cues = _starts(low, ends, _CUES_BY_LAST)
        practices = _starts(text, ends, _PRACTICES_BY_LAST)
        hospitals = _starts(text, ends, _HOSPITALS_BY_LAST)
        for lo, hi in view.hit_windows(ends, self.max_len, self.lookahead):
            named = [
                (m, "cue")
                for p in cues[bisect_left(cues, lo) : bisect_left(cues, hi)]
                if (m := match(_CUE_RE, text, p, hi, view.fast)) is not None
            ]
            if low.find("dr", lo, hi) >= 0:
                named += [(m, "title") for m in view.finditer(_DR_RE, lo, hi, overlapped=True)]
            named += [
                (m, "role")
                for p in cues[bisect_left(cues, lo) : bisect_left(cues, hi)]
                if (m := _role_before(view, p)) is not None
            ]
            for m, shape in named:  # (a list's next names are appended as they are read)
                s, e = m.span("n")
                if shape in ("cue", "list") and text.startswith(_PLACE_AFTER_CUE, s):
                    continue
                if shape == "cue" and _SENTENCE_END.fullmatch(text, m.start(), s):
                    continue  # (``... de huisarts. Noteer in het LIMS``: the next sentence)
                if shape in ("cue", "list") and _HOUSE_NUMBER_AFTER.match(text, e):
                    continue  # (``H. Yilmaz, huisarts Oostereind 4, ...``: her street)
                if shape == "cue" and _one_word_in_brackets(text, m.start(), s):
                    continue  # (``R.J. Kuipers, huisarts (Utrecht)``: her town)
                if shape == "title" and view.line_has(s, _LAB_STAFF, 0):
                    continue  # the lab's own doctor (``Geautoriseerd door: dr. M. Verhoeven,
                    # klinisch patholoog``): staff, not the patient's requester
                n = plausible(text[s:e], "cue")
                if n:
                    n = _before_town(text[s : s + n])
                value = normalise_name(text[s : s + n]) if n else None
                if value is not None and value.lower() in _NONE:
                    value = None  # (a logged object's ``huisarts=None``)
                if n and (
                    shape == "list" or (shape == "cue" and _PLURAL_CUE.match(low, m.start()))
                ):
                    reach = min(len(text), s + n + _LIST_REACH)
                    if (nxt := match(_NEXT_IN_LIST, text, s + n, reach, view.fast)) is not None:
                        named.append((nxt, "list"))
                if not n or value is None or (s, s + n) in seen:
                    continue
                seen.add((s, s + n))
                yield TextMatch(
                    s,
                    s + n,
                    value,
                    "provider_name",
                    self.base_confidence,
                    _HOW[shape],
                    "provider",
                )

            for p in hospitals[bisect_left(hospitals, lo) : bisect_left(hospitals, hi)]:
                span = _hospital_before(text, p)
                if span is None or span in seen or _LAB.search(text, span[0], span[1]):
                    continue  # (a lab's name is no one's care provider)
                seen.add(span)
                yield TextMatch(
                    span[0], span[1], _SPACES.sub(" ", text[span[0] : span[1]]),
                    "provider_practice", self.base_confidence, "hospital name", "provider",
                )  # fmt: skip
            pos = lo
            for p in practices[bisect_left(practices, lo) : bisect_left(practices, hi)]:
                if p < pos:
                    continue  # inside the previous practice name (a scan skips it too)
                m = match(_PRACTICE_RE, text, p, hi, view.fast)
                if m is None:
                    continue
                pos = m.end()
                s, e = m.span("n")
                label = _LABEL.match(view.text, s, e)
                if label and view.text.startswith(PRACTICE_WORDS, label.end()):
                    s = label.end()
                length = _practice_length(view.text[s:e])
                if not length:
                    continue
                e = s + length
                if s and view.text[s - 1] == "'" and view.text[e - 1] == "'":
                    e -= 1  # (its field's closing quote: ``huisarts='Praktijk Zijlweg', ``)
                if (s, e) in seen:
                    continue
                seen.add((s, e))
                value = _practice_value(view.text[s:e])
                yield TextMatch(
                    s,
                    e,
                    value,
                    "provider_practice",
                    self.base_confidence,
                    "practice name",
                    "provider",
                )
                doctor = match(_BRACKETED_DOCTOR, text, e, hi, view.fast)
                if doctor is not None:  # (``Gezondheidscentrum Schelfhorst (A.J. Bruggink)``)
                    ds, de = doctor.span("n")
                    width = plausible(text[ds:de], "cue") or 0
                    doctor_name = normalise_name(text[ds : ds + width]) if width else None
                    if doctor_name is not None and (ds, ds + width) not in seen:
                        seen.add((ds, ds + width))
                        yield TextMatch(
                            ds, ds + width, doctor_name, "provider_name", self.base_confidence,
                            "name in brackets after a practice's name", "provider",
                        )  # fmt: skip

    def validate(self, raw: str, context: bool) -> str | None:
        text = str(_SPACES.sub(" ", raw.strip()))
        if not text or text.lower() in _NONE:
            return None
        if ":" in text and ("+" in text or _EDIFACT_NAME.fullmatch(text)):
            text = _edifact_name(text)
        if "^" in text:  # HL7 XCN: id^family^given^^^prefix... (a tussenvoegsel or a title)
            comps = text.split("^")
            prefix = comps[5:6]
            order = (prefix + comps[2:3] if _XCN_TITLE.fullmatch("".join(prefix)) else
                     comps[2:3] + prefix)  # fmt: skip
            text = " ".join(c for c in (*order, _xcn_family(comps[1:2])) if c) or text
        text = _without_code_or_role(text)
        if _LAB.search(text):
            return None  # (a lab: the sender of a report, or its receiver where it is sent on)
        if text.startswith(PRACTICE_WORDS):
            return _practice_value(text)
        return normalise_name(text)

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        """The providers' names, and the AGB codes that cells give in brackets after
        them (class ``provider``, kind ``provider_agb``)."""
        names = super().cells(column, verdict)
        if len(column) <= SMALL_COLUMN:
            return _with_codes_by_value(names, column.to_pylist(), verdict.kind)
        text = as_strings(column)
        if not pc.any(pc.match_substring(text, ")")).as_py():
            return names
        codes = pc.struct_field(pc.extract_regex(text, _CELL_CODE), "agb")
        index = np.flatnonzero(flags(codes.is_valid()))
        if not len(index):
            return names
        at = np.concatenate([names.index.to_numpy(zero_copy_only=False), index])
        order = np.argsort(at, kind="stable")  # each cell's name first, then its code
        kinds = np.array([verdict.kind] * len(names.index) + ["provider_agb"] * len(index))
        return CellFindings(
            pa.array(at[order], pa.int64()),
            pa.concat_arrays([names.value, codes.take(pa.array(index))]).take(pa.array(order)),
            pa.array(kinds[order], pa.string()),
        )

    def claim_column(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        verdict = super().claim_column(header, sample)
        if verdict is None:
            return None
        practice = sum(1 for v in sample if v.startswith(PRACTICE_WORDS))
        kind = "provider_practice" if sample and practice > len(sample) / 2 else "provider_name"
        return replace(verdict, score=verdict.score + 0.1, kind=kind)  # cells: kind-free


def _with_codes_by_value(names: CellFindings, cells: list[str | None], kind: str) -> CellFindings:
    """:meth:`ProviderDetector.cells` of a short column's cells (:data:`SMALL_COLUMN`),
    in Python: the names found (``names``, of kind ``kind``), and after each cell's name
    the AGB code in brackets that ends the cell."""
    codes = [
        (i, m["agb"])
        for i, cell in enumerate(cells)
        if cell is not None
        and (k := cell.rfind("(")) >= 0
        and (m := _CELL_CODE_AT.match(cell, k)) is not None
    ]
    if not codes:
        return names
    rows = [
        (i, 0, value, kind)
        for i, value in zip(names.index.to_pylist(), names.value.to_pylist(), strict=True)
    ]
    rows += [(i, 1, code, "provider_agb") for i, code in codes]
    rows.sort(key=lambda r: (r[0], r[1]))  # each cell's name first, then its code
    return CellFindings.from_lists([r[0] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
