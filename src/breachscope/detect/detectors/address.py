"""Street addresses: street + house number, postcode, city (class ``address``; kinds
``street``, ``house_number``, ``postcode``, ``city``).

Free text: a street (one to four words, the last ending in a Dutch street word - straat,
laan, weg, plein, gracht, kade, singel, dijk, hof, pad, dreef...) followed by a house
number with optional suffix (``12A``, ``7-2``, ``3 bis``), and/or a postcode
(``1234 AB``; python-stdnum: SA, SD and SS are never issued) with the city after it. A
bare postcode needs a city after it, a street before it or a postcode label; units
(``500 MG``) never pass. Letterhead and invoice addresses (a line with ``B.V.``, ``www.``,
``KvK``...) are organisations'. A town on its own is no address.

Tables: columns by header (``straat``, ``huisnummer``, ``postcode``, ``woonplaats``,
``adres``, HL7 ``PID-11``). A row only counts as exposing an address with a street and
house number or a postcode (see :mod:`breachscope.detect.tables`). Column cells are
read by :mod:`breachscope.detect.addresscolumn` (Arrow), the odd ones by :meth:`_cell`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import pyarrow as pa
import regex
from stdnum.nl import postcode as nl_postcode

from breachscope.detect.addresscolumn import Known, address_cells, address_share, column_share
from breachscope.detect.addressfields import FIELD_TAG, LABELS, find_fields
from breachscope.detect.base import (
    HEADER_SAMPLE_SHARE,
    CellFindings,
    ColumnSample,
    ColumnVerdict,
    Detector,
    TextMatch,
)
from breachscope.detect.columns import header_hit, normalise_header
from breachscope.detect.context import (
    MAX_WINDOW,
    WRAPPED_LINE,
    Match,
    TextView,
    match,
    search,
    spoken_reply,
)
from breachscope.detect.dates import MONTH_WORDS
from breachscope.detect.detectors._org import ORGANISATION_MARKERS
from breachscope.detect.detectors.provider import PRACTICE_WORDS
from breachscope.detect.floats import whole_number
from breachscope.detect.lazypattern import lazy
from breachscope.detect.namegrammar import (
    GIVEN_FAMILY_COMMA,
    GIVEN_FAMILY_END,
    SURNAME,
    TITLE,
    given_family_before,
)
from breachscope.detect.names import GIVEN_NAMES, INITIALS, UPPER, grouped_alternation
from breachscope.detect.streetwords import HOUSE_WORDS, POST_BOXES, SUFFIX_ALTERNATION, SUFFIXES
from breachscope.detect.vectors import postcode_found

_SUF = SUFFIX_ALTERNATION
_CAP = r"[A-Z'À-Þ][\w'.\-]*"
_CONNECT = r"(?:der|den|de|van|het|'t|aan|op|in|bij|ten|ter|te|a/d|a\.d\.|v\.d\.)(?![\w])"
"""Longest first and whole words: a city ``aan den Rijn`` is not cut at ``de``."""
_SUF_GROUPED = grouped_alternation(tuple(sorted(SUFFIXES, key=len, reverse=True)))
"""The street words grouped by first letter: the same matches in the same order, but a
position where none ends costs a test per letter group, not one per word (the exact
pattern tries them after every character of a street's last word)."""
_STREET_LEAD = r"(?:[1-9]e|v\.|dr\.|mr\.)(?![\w])"
"""Words a street's name may hold before its capitalised ones: an ordinal (``1e Jan
Steenstraat``), an abbreviated ``van`` or title (``v. Heemskerckstraat``, ``Prof. dr.
Bronkhorstlaan``)."""
_STREET_LEAD_RE = regex.compile(_STREET_LEAD)
STREET = (
    rf"(?:(?:{_CAP}[ ]en(?![\w])|{_CAP}|{_CONNECT}|{_STREET_LEAD})[ ]){{0,4}}"
    rf"[A-Z'À-Þ]?[\w'\-]*(?i:{_SUF_GROUPED})"
)
"""A street's name: capitalised words and connecting ones before the word it ends in
(``Burgemeester de Withstraat``), ``en`` between two capitalised (``Bos en Lommerweg``,
``Maas en Waalstraat``; never a street's first word: ``... en Kerkstraat 12``)."""
HOUSE = (
    r"(?P<num>[1-9]\d{0,4})(?!\d)(?![\-./]\d{1,2}[\-./]\d{2,4}(?!\d))"
    r"(?P<suf>[ ]?[A-Za-z](?![\w/])|-\d{1,4}(?![\w])"
    rf"|[ ](?:(?i:{HOUSE_WORDS})|I{{1,3}}|IV)(?![\w])|-[A-Za-z]{{1,3}}(?![\w]))?"
)
"""A house number and its suffix (``12``, ``12a``, ``12-3``, ``12 hs``, ``88 BIS`` in an
address block in capitals, ``22-II``); never the day of a date (``van Dijk 12-03-1980``:
a name and her date of birth)."""
POSTCODE = r"(?P<pc>[1-9]\d{3}[ ]?[A-Z]{2})(?![\w])"
CITY = rf"(?P<city>(?:'s[ \-])?{_CAP}(?:[ \-](?:{_CONNECT}|{_CAP})){{0,3}})"
UNITS = frozenset(
    {
        "MG",
        "ML",
        "KG",
        "CM",
        "MM",
        "KM",
        "UL",
        "GB",
        "MB",
        "KB",
        "HZ",
        "MV",
        "KW",
        "CC",
        "DL",
        "NG",
        "UG",
        "IE",
        "MU",
        "GR",
        "LT",
        "ST",
    }
)
"""Units after a number (``1000 MG``; ``2000 ST``, stuks: an order line's count): a bare
postcode-shaped token with one of these is not taken for a postcode in free text (tables
and street addresses still are)."""
TOWN = (
    rf"(?P<town>(?:'s[ \-])?{_CAP}(?:[ \-](?:{_CONNECT}|{_CAP})){{0,3}})(?=[ ]*(?:[.,;:()]|\r?$))"
)
"""A town right after a house number with no postcode (``Kerkstraat 12, Utrecht``,
``Dorpsstraat 4 te Ede``, ``Molenweg 3 in Hengelo (Gld)``), ending its clause."""
_STREET_RE = regex.compile(
    rf"(?<![\w'\-])(?P<street>{STREET})(?:[ ]+|[ ]*\r?\n[ >]*){HOUSE}"
    rf"(?:[ ,]*\r?\n?[ ]*{POSTCODE}(?:[ ,]*{CITY})?"
    rf"|(?:[ ]*,[ ]*|[ ]+(?:te|in)[ ]+){TOWN})?",
    regex.MULTILINE,
)
"""A street with a house number, and the postcode and city after it on the same line or
the next (lines end in ``\n`` or ``\r\n``: PDF pages and e-mails), or a town after it
(:data:`TOWN`). A mail's wrapped line may break between the street and its number
(``Kerkstraat`` over ``12 te Utrecht``; :meth:`AddressDetector.find` keeps such a match
only where the line is long enough to have been wrapped, the street capitalised and the
number no list's)."""
_BEFORE_PC = regex.compile(
    rf"(?<![\w'\-])(?P<street>(?:{_CAP}[ ]|{_CONNECT}[ ]){{0,3}}{_CAP})[ ]+{HOUSE}"
    r"(?:[ ]*,?[ ]*|\^[^^\n]{0,30}\^[^^\n]{1,40}\^[^^\n]{0,20}\^)\r?$"
)
"""A street and its house number right before a postcode, on its line; or as an HL7
address (XAD) puts them, the town between (``Nieuwstraat 61^^Purmerend^^1448XX^NL``, a
segment quoted in a log)."""
_FIELD_CITY = regex.compile(CITY)
_FIELD_STREET = regex.compile(
    rf"(?P<street>(?:(?:{_CAP}|{_CONNECT}|en(?![\w])|{_STREET_LEAD})[ ]){{0,4}}{_CAP})"
    rf"(?:[ ]+{HOUSE})?"
)
"""A street after a ``Straat:`` label: capitalised words (no street word needed; ``en``
between them too, ``Bos en Lommerweg``), and the house number when one follows."""
_FIELD_HOUSE = regex.compile(HOUSE)
_HOUSE_LETTER = regex.compile(r"(\d+)[ ]?([A-Za-z])")
_HOUSE_DASH = regex.compile(r"[ ]?-[ ]?")
_HOUSE_WORD = regex.compile(rf"(?<=\d[ ])(?i:{HOUSE_WORDS})$")
"""A house number's suffix word, written small however the address was (``88 BIS``)."""
_HOUSE_CELL = regex.compile(r"[1-9]\d{0,4}(?:[ \-]?[A-Za-z0-9]{1,4})?")
_CITY_CELL = regex.compile(r"(?:'s[ \-])?[A-Za-zÀ-ÿ'][\w' .\-/]{1,40}")
_STREET_CELL = regex.compile(rf"(?P<street>(?:[1-9]e[ ])?[^\d,]+?)(?:[ ]+{HOUSE})?")
_STREET_NUMBER = regex.compile(rf"(?P<street>(?:[1-9]e[ ])?[^\d,]*?[^\d, ])[ ]++{HOUSE}")
"""A street and its house number. The street ends in no space (its shortest reading never
did), so a run of spaces is tried once, not once per split (a search over a layout's
gap costs no cube of its length)."""
_CONNECTORS = frozenset(
    {
        "de",
        "der",
        "den",
        "van",
        "het",
        "'t",
        "aan",
        "op",
        "in",
        "bij",
        "te",
        "ten",
        "ter",
        "a/d",
        "a.d.",
        "v.d.",
    }
)
_PC_LABEL = r"(?P<pre>(?i:postcode|pc)[\"']?[ \t:=]*[\"']?)"
"""A postcode's label, a key's quotes around it and its value's after it (``pc="8921
KJ"``, a log line's; ``"postcode": "3827 CM"``, a JSON body's)."""
_PADDED_PC_LABEL = re.compile(r"(?i:postcode|pc)[ \t]*[:=][ \t]*\Z")
"""A postcode's label padded to a fixed width before its colon (``08.11.60  Postcode
: 7577VD``, a register's extract): it labels the value right after the colon."""
_PADDED_REACH = 80
_PC_RE = regex.compile(rf"(?<![\w\-]){_PC_LABEL}?{POSTCODE}(?:[ ,]*{CITY})?")
_PC_WRAPPED = regex.compile(
    rf"(?<![\w\-]){_PC_LABEL}?"
    rf"(?P<pc>[1-9]\d{{3}}[ ]?\r?\n[ >]*[A-Z]{{2}})(?![\w])(?:[ ,]*{CITY})?"
)
""":data:`_PC_RE` over a wrapped line (:meth:`AddressDetector._wrapped_postcode`)."""
_WORD_PAIRS = frozenset((
    "aa", "af", "al", "as", "da", "de", "en", "er", "ga", "ik", "in", "is", "je", "ja", "na",
    "nu", "of", "om", "op", "te", "to", "tv", "we", "ze", "zo",
))  # fmt: skip
_LOWER_PC = (
    rf"(?P<pc>[1-9]\d{{3}}(?:[a-z]{{2}}|[ ](?!(?:{'|'.join(sorted(_WORD_PAIRS))})(?![\w]))"
    r"[a-z]{2}))(?![\w])"
)
"""A postcode typed in small letters (``2512ab``, ``2512 ab``: a patient's own e-mail or a
call note), read only after a postcode label or a street and house number on its line;
with a space, not a Dutch word (``in 2024 en 2025``)."""
_PC_LABELLED_LOWER = regex.compile(rf"(?<![\w\-]){_PC_LABEL}{_LOWER_PC}(?:[ ,]*{CITY})?")
_SPOKEN_PC = regex.compile(r"(?P<pc>[1-9]\d{3}[ ]?[a-z]{2})(?![\w])")
"""A postcode said in a call and written down by its transcript in small letters, the
letters a Dutch word or not (``00:00:34 BELLER: 3435 de eh nummer 30``), read only in the
reply to a question for it on the line above (:data:`_PC_QUESTION`)."""
_PC_QUESTION = re.compile(r"postcode[^\n?]{0,40}\??[ \t\r]*$")
"""A line that asks for a postcode (lower-cased: ``AGENT: en uw postcode en huisnummer``),
its question mark missing or not."""
_OTHER_PC_SAID = re.compile(r"jaar|sinds|vanaf|geleden|uitslag|afspra|brief|nummer")
"""Words said before a number that make it another than the postcode asked for."""
_PC_AFTER_STREET = regex.compile(rf"[ ]*+,?[ ]*+{_LOWER_PC}(?:[ ,]*{CITY})?")
_SPACES = regex.compile(r"\s+")


_NAME_COMMA = regex.compile(rf"(?<![\w.]){GIVEN_FAMILY_COMMA}")
"""A given name (checked against the list) and a family name, then a comma, right before a
postcode (a counter note's list: ``- Sabine Rooijakkers, 3522 GB , 06-...``): her
postcode, with no city or label after it."""


_RESIDES_BEFORE = re.compile(
    r"(?i:\b(?:woont|wonend|wonende|woon(?:-[ \t]*\r?\n[ \t]*)?achtig))[ \t]+"
    r"(?:(?i:te|in)[ \t]+)?"
    r"[A-Z][\w'\-]+(?:[ \t]+[A-Z][\w'\-]+)?[ \t]*[(,]?[ \t]*\Z"
)
"""Where she lives and her town, ending where a postcode starts (``woonachtig te Lelystad
(4737 ZM)``, ``wonend in Den Helder, 1781 AB``; ``woon-`` wrapped over ``achtig``): the
postcode is her address's."""


def _resides_before(view: TextView, s: int) -> bool:
    """Whether :data:`_RESIDES_BEFORE` ends at ``s``, on its line or from the line above
    where a hyphen wrapped its word (``woon-`` over ``achtig te Lelystad (...``)."""
    line = view.text.rfind("\n", 0, s)
    lo = max(view.text.rfind("\n", 0, max(line, 0)) + 1, s - 200)
    return _RESIDES_BEFORE.search(view.text, lo, s) is not None


_NAME_END = lazy(rf"(?<![\w.]){GIVEN_FAMILY_END}")
"""A given name (checked against the list) and a family name right before a postcode that
ends its line (a fax page's ``PageName: Pagina 1 van 3 - Malika Benali 6821 JZ``)."""
_DOB_BEFORE = regex.compile(
    r"(?i:(?<![\w])(?:geb(?:oren)?\.?|geboortedatum|geb\.?[ ]?datum|dob)[ \t]*:?)[ \t]*"
    rf"(?:\d{{1,2}}[\-/. ]\d{{1,2}}[\-/. ]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[ ](?i:{MONTH_WORDS})\.?[ ]\d{{4}})[ \t]*[,;][ \t]*\Z"
)
"""A labelled date of birth and a comma right before a postcode (a trigger's log line:
``voor Renée Hendriks (geb. 29-09-1985, 7557 RA)``): her postcode, as a record lists
a person's name, birth date and address."""


def _named_before(view: TextView, s: int, end: int) -> bool:
    """Whether :data:`_NAME_COMMA` ends at ``s`` on its line, its given name of the list;
    or, where the postcode ending at ``end`` ends its line, :data:`_NAME_END`, or a comma
    before it on a line that :data:`_INITIALS_OPEN` opens; or a labelled date of birth
    and a comma (:data:`_DOB_BEFORE`)."""
    lo = max(view.text.rfind("\n", 0, s) + 1, s - 60)
    if given_family_before(_NAME_COMMA, view, lo, s):
        return True
    if _LINE_ENDS.match(view.text, end):
        if given_family_before(_NAME_END, view, lo, s):
            return True
        line = view.text.rfind("\n", 0, s) + 1
        if view.text[s - 2 : s] == ", " and match(_INITIALS_OPEN, view.text, line, s, view.fast):
            return True
    return search(_DOB_BEFORE, view.text, lo, s, view.fast) is not None


_INITIALS_OPEN = lazy(rf"[ \t]*{INITIALS}[ ]?{SURNAME},")
"""A person's initials and family name and a comma opening the line whose last item is a
postcode (a dashboard's tooltip: ``P. Sitaldin, tel 06 13 84 62 96, 7513 HJ``)."""


_LINE_ENDS = re.compile(r"[ \t]*(?:\r?\n|\Z)")


def _street_end(text: str, number: int) -> int:
    """Where the street before the house number at ``number`` ends: back over the spaces,
    and over a line break with the quote marks after it (a wrapped line)."""
    k = number
    while k > 0 and text[k - 1] in " >":
        k -= 1
    if k > 0 and text[k - 1] == "\n":
        k -= 2 if k > 1 and text[k - 2] == "\r" else 1
        while k > 0 and text[k - 1] == " ":
            k -= 1
    return k


def _wrap_ok(view: TextView, m: Match) -> bool:
    """A street and its number on two lines (a wrapped mail's): the street's line long
    enough to have been wrapped (:data:`WRAPPED_LINE`), its last word capitalised (not
    ``via de snelweg`` over ``2 keer``), the number not a list's (``Laan`` over ``2. Bel
    de huisarts``)."""
    text = m.string
    if "\n" not in text[m.end("street") : m.start("num")]:
        return True
    line = m.end("street") - view.line_bounds(m.end("street"))[0]
    after = text[m.end("num") : m.end("num") + 1]
    return (
        line >= WRAPPED_LINE
        and m.group("street").rsplit(" ", 1)[-1][:1].isupper()
        and after not in (".", ")")
    )


def _wrapped_start(text: str, end: int) -> int | None:
    """Where a postcode whose letters end at ``end`` starts, where a line break stands
    between its digits and its letters (``3722`` over ``GT``, quote marks too); else
    None."""
    if text[end - 3] not in "\n >":
        return None
    k = end - 2
    while k > 0 and text[k - 1] in " >\r\n":
        k -= 1
    return k - 4 if "\n" in text[k : end - 2] else None


def _digit_follows(text: str, i: int) -> bool:
    """A digit after ``i`` past spaces and a comma (what a postcode after a street needs
    before its pattern is tried)."""
    j = i
    while j < len(text) and j - i < 60 and text[j] in " ,":
        j += 1
    return j < len(text) and text[j].isdigit()


_CITY_STOP = frozenset(
    {
        "Tel",
        "T",
        "Telefoon",
        "Nederland",
        "NL",
        "Tel.",
        "E-mail",
        "Email",
        "Fax",
        "The",
        "Netherlands",
        "HTTP",  # an access log's protocol (``?postcode=3025%20BA HTTP/1.1``)
        "HTTPS",
    }
)
HEADER_KINDS = (
    # a postcode and its house number in one column ("3511AB 12", the key of a Dutch
    # address)
    ("postcode huisnr", "postcode_house"), ("postcode huisnummer", "postcode_house"),
    ("pc huisnr", "postcode_house"), ("postcode hnr", "postcode_house"),
    # a postcode and its town in one column ("9403 JC Assen"): read as an address
    ("postcode woonplaats", "address"), ("postcode en woonplaats", "address"),
    ("postcode plaats", "address"), ("postcode en plaats", "address"),
    ("pc woonplaats", "address"), ("pc plaats", "address"), ("zip city", "address"),
    # ISO 20022's (a SEPA direct debit's, a bank statement's) and UBL's address fields
    ("strt nm", "street"), ("bldg nb", "house_number"), ("pst cd", "postcode"),
    ("twn nm", "city"), ("building number", "house_number"), ("postal zone", "postcode"),
    ("huisnummer", "house_number"),
    ("hnr", "house_number"),
    ("wpl", "city"),
    ("woonpl", "city"),
    ("str", "street"), ("huisnr", "house_number"), ("house number", "house_number"),
    ("housenumber", "house_number"), ("toevoeging", "suffix"), ("toev", "suffix"),
    ("postcode", "postcode"), ("postcd", "postcode"),
    ("zip", "postcode"), ("postal code", "postcode"), ("pc", "postcode"),
    ("woonplaats", "city"), ("plaats", "city"), ("city", "city"), ("stad", "city"),
    ("gemeente", "city"), ("town", "city"), ("straatnaam", "street"), ("straat", "street"),
    ("street", "street"), ("pid-11", "address"), ("nk1-4", "address"), ("adres", "address"),
    ("address", "address"), ("nad+pat", "address"),
)  # fmt: skip

_HEADER_KEYS = tuple(key for key, _ in HEADER_KINDS)
_EDIFACT_ADR = re.compile(r"ADR(?:\+[A-Z0-9]{1,6})?(?:\[\d+\])?")
"""An EDIFACT ``ADR`` segment's column (``ADR``, ``ADR+1``, the second ``ADR[2]``), not
its elements' (``ADR-2.2``): an address whatever its first element (the address's use).
Its own form (``ADR++1:Kerkstraat 12+Utrecht+3511 AB+NL``: street line, town, postcode)
is read by :meth:`AddressDetector._full`."""
_HEADER_KIND = dict(HEADER_KINDS)
_STREET_KEYS = tuple(key for key, kind in HEADER_KINDS if kind == "street")


_NUMBER_FIELDS = frozenset(("number", "nummer", "nr", "no", "num"))
"""The last step of a record's path that, below an address, is its house number
(``profile.address.number``, ``adres.nr``)."""


def _number_of_address(header: str) -> bool:
    """Whether ``header`` is a nested record's path whose last step is a number field
    (:data:`_NUMBER_FIELDS`) below a step that names an address."""
    head, _, last = header.rpartition(".")
    return bool(head) and normalise_header(last) in _NUMBER_FIELDS


_POSTNL_GAP = regex.compile(r"  (?=[A-Z'])")
"""Two spaces between a postcode and its town, as PostNL has letters addressed
(``Windmolen 191`` over ``2581KW  Den Haag``): no unit is written so."""
_ADDRESS_LABEL = regex.compile(r"(?i:woon|post|bezoek|verblijf)?(?i:adres|address)\b")


_PERSON_TITLES = frozenset(
    {"mw", "mevr", "mevrouw", "dhr", "heer", "meneer", "mej", "fam", "familie", "pt", "pte"}
    | {"patiënt", "patiënte", "patient", "cliënt", "cliënte", "client"}
)
"""Words that put a person, never a street, right after them (``Dr.`` and ``Mr.`` also
start streets: ``Dr. Schaepmanstraat``)."""
_INITIAL = regex.compile(INITIALS)


def _person_before_street(words: str) -> bool:
    """Whether ``words`` (up to a house number's street word) are a person's initials and
    surname before a street of one word: an address block a PDF glued to one line
    (``E. Smits Lindelaan 12 3722 GT``). A street named after someone has its surname
    in its street word (``P.C. Hooftstraat``, ``Dr. A. Schweitzerlaan``) or a
    tussenvoegsel before it (``J. van Stolberglaan``), or a title before her name
    (``Dr. Willem Dreeslaan``: ``Dr.`` is no initial)."""
    first, *middle, last = words.split(" ") if " " in words else (words, "")
    return (
        bool(middle)
        and _INITIAL.fullmatch(first) is not None
        and first.lower() not in _TITLE_WORDS
        and all(w[:1].isupper() and w not in _CONNECTORS and "." not in w for w in middle)
        and last[:1].isupper()
        and len(last) > _SHORTEST_STREET_WORD
    )


def _people_and_street(street: str) -> bool:
    """Whether a street read with ``en`` in it is a given name and a street (``Jan en
    Kerkstraat 12``), not a street named for two things (``Bos en Lommerweg``)."""
    if " en " not in street:
        return False
    before = street.split(" en ", 1)[0].rsplit(" ", 1)[-1]
    return before in GIVEN_NAMES


_TITLE_WORDS = frozenset({"dr.", "mr.", "ir.", "ds.", "st.", "pr."})
"""Titles shaped as initials that open a street named after someone (``Dr. Willem
Dreeslaan``, ``Mr. Jan Troelstralaan``, ``Ds. Jan Scharpstraat``)."""
_SHORTEST_STREET_WORD = 6
"""A street of one word is longer than its suffix word (``Lindelaan``, not ``Laan``)."""


def _name_words(words: str) -> bool:
    """Whether the words after a person's title, up to a house number's street word, are
    only a name's: initials and tussenvoegsels before one last word (``A. van Dijk``,
    ``Bakker``), so that title, name and number are a person and a number (a surname such
    as ``van Dijk`` or ``Bakker`` ends with a street word)."""
    *lead, _ = words.split(" ")
    return all(w in _CONNECTORS or _INITIAL.fullmatch(w) for w in lead)


_LABEL_BEFORE_PC = regex.compile(
    r"(?i:(?:woon|post|bezoek|verblijf)?adres|address|woonplaats)[ \t]*:?[ \t]*\Z"
)
_ADDRESSEE_LINE = regex.compile(
    rf"[ \t]*(?i:{'|'.join(sorted(_PERSON_TITLES, key=len, reverse=True))})\.?[ \t]+\S"
)


def _labelled_or_addressed(text: str, pc_start: int) -> bool:
    """Whether a postcode whose letters are a unit's (``2511 CC``, ``3011 ML``) is one
    all the same: an address label right before it on its line (``Adres: 2511 CC Den
    Haag``), or a person's title opening the line above (``Mevr. A. Jansen`` over
    ``5623 KB Eindhoven``)."""
    line = text.rfind("\n", 0, pc_start) + 1
    if _LABEL_BEFORE_PC.search(text, max(line, pc_start - 24), pc_start):
        return True
    if line == 0 or text[line:pc_start].strip():
        return False
    above = text.rfind("\n", 0, line - 1) + 1
    return _ADDRESSEE_LINE.match(text, above, line - 1) is not None


def _line_of(street: Match) -> str:
    """The line a street match stands on, up to its end: a label before the street
    (``Woonadres: Overtoom 4``, ``Adres<TAB>Overtoom 4``) is on it."""
    text = street.string
    return text[text.rfind("\n", 0, street.start()) + 1 : street.end()]


_LEAD = regex.compile(
    rf"(?:(?:{_CONNECT}|(?i:adres|woonadres|postadres|bezoekadres|verblijfadres|address|"
    r"straat|woont|wonend|woonachtig|aan|op|in|te)[:]?)[ ]+)+"
)


_TOWN_THEN_STREET = regex.compile(
    rf"(?<=(?<![\w])(?i:te|in)[ ]+)(?:{_CAP}[ \-]){{0,2}}{_CAP}[ ]+(?:aan|op)[ ]+(?:den|de|het)[ ]+"
    r"(?=\S)"
)
"""A town between ``te``/``in`` and ``aan de``: ``wonende te Rotterdam aan de Coolsingel
40``, ``woont in Den Haag aan de Lange Voorhout 1`` (``Alphen aan den Rijn`` is a town,
never a street)."""


_PC_HOUSE_CELL = regex.compile(
    r"(?P<pc>[1-9]\d{3}[ ]?[A-Za-z]{2})[ ]*[ ,/\-][ ]*(?P<house>[1-9]\d{0,4}"
    r"(?:[ ]?[A-Za-z]|-\d{1,4}|-[A-Za-z]{1,3}|[ -](?:I{1,3}|IV))?)"
)
"""A postcode and its house number in one cell (``3511AB 12``, ``1071 AB 3-II``)."""
_SHORT_STREETS = frozenset({"Dam", "Wal", "Hof", "Erf", "Pad", "Dal", "Lei", "Ham"})
"""Streets of one three-letter street word (``Dam 1, 1012 JS Amsterdam``, ``Wal 7``,
``Hof 7``), capitalised: a street though no longer than its word."""


_ERING = regex.compile(r"(?i)(?<!wet)ering\Z")
"""A word ending in ``-ering`` is a noun (``herinnering 2``, ``levering 3``: a reminder's,
a delivery's count), never a street on ``-ring`` (``Zuiderring``, ``Stadsring``), though
a ``Wetering`` is one."""


def _past_town(text: str, s: int, e: int) -> int:
    """The street's start past a town named before it (:data:`_TOWN_THEN_STREET`)."""
    m = _TOWN_THEN_STREET.match(text, s, e)
    return m.end() if m else s


_QUOTES = "'\"\u2018\u2019`"


def _unquoted(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without quotes around it (``adres='Kerkweg 1, 1234 AB Ede'`` in a log),
    keeping the apostrophe of ``'s-Hertogenbosch`` and ``'t Zand``."""
    if s < e and text[s] in _QUOTES and text[s + 1 : s + 3].lower() not in ("s ", "s-", "t "):
        s += 1
    while e > s and text[e - 1] in _QUOTES:
        e -= 1
    return s, e


def house_number(raw: str) -> str:
    """``12 a`` -> ``12A``, ``7 - 2`` -> ``7-2``, ``3  bis`` and ``3 BIS`` -> ``3 bis``."""
    text = _HOUSE_WORD.sub(lambda m: m[0].lower(), _SPACES.sub(" ", raw.strip()))
    m = _HOUSE_LETTER.fullmatch(text)
    if m:
        return f"{m[1]}{m[2].upper()}"
    return str(_HOUSE_DASH.sub("-", text))


_ISSUED = re.compile(r"[1-9][0-9]{3}(?!S[ADS])[A-Z]{2}")
"""What python-stdnum's ``nl.postcode.is_valid`` accepts of six ASCII characters without a
separator (its clean-up leaves them as they are): four digits, no leading zero, and two
letters that are not ``SA``, ``SD`` or ``SS``."""


@lru_cache(maxsize=65536)
def normalise_postcode(raw: str) -> str | None:
    """``1234 ab`` -> ``1234AB`` when valid (memoised: postcodes recur across files). The
    common shape is checked here, as python-stdnum checks it, without its clean-up (about
    5 us a value); every other value goes to python-stdnum."""
    value = raw.replace(" ", "").upper()
    if len(value) != 6:
        return None
    if _ISSUED.fullmatch(value) is not None:
        return value
    return None if value.isascii() or not nl_postcode.is_valid(value) else value


_PRACTICE_HEADS = (*PRACTICE_WORDS, "Huisarts", "huisarts")
"""The words a line that a practice or a GP heads begins with."""
_INSTITUTION_HEADS = (
    "Laboratorium", "Lab", "Kliniek", "Stichting", "UMC", "Diagnostisch", "Instituut",
    "Apotheek", "GGD",
)  # fmt: skip
_PRACTICE_STARTS = tuple(
    f"{v}{sep}"
    for w in (*_PRACTICE_HEADS, *_INSTITUTION_HEADS)
    for v in (w, w.upper())
    for sep in " \t"
)
"""How the first line of an address block that a practice, a GP or an institution heads
begins (a letter to the GP: ``Huisartsen De Vaart`` over ``Marnixstraat 32`` and ``9743
XP Groningen``; a lab's sender block: ``Laboratorium Midden-Holland`` over ``Lange
Kleiweg 12``; a letterhead in capitals: ``APOTHEEK DE OOIEVAAR`` over ``Markt 1``)."""
_PRACTICE_LINE = regex.compile(
    rf"(?:{'|'.join(regex.escape(w) for w in _PRACTICE_HEADS)})"
    rf":?[ \t]+{TITLE}*[A-Z]"
)
"""A line that starts with a practice word or ``huisarts`` before a name (``Huisarts: Dr.
A. de Wit``, ``Huisarts: dr. P. Bakker``, ``Huisartsenpraktijk Het Anker``; not
``huisarts gebeld``)."""


_INSTITUTION_WORDS = (
    r"(?i:ziekenhuis|kliniek|polikliniek|laboratorium|huisartsenpraktijk|gezondheidscentrum|"
    r"umc|medisch[ \t]+centrum|instituut|apotheek|ggd)"
)
_INSTITUTION_BEFORE = regex.compile(
    rf"(?<![\w])(?:[{UPPER}][\w'\-]*[ \t]+{_INSTITUTION_WORDS}|(?=[{UPPER}]){_INSTITUTION_WORDS})"
    r"(?:[ \t]+[\w'\-]+){0,3}[ \t]*,[ \t]*(?:[^\n,]{2,40}[ \t]\d{1,5}[a-z]?[ \t]*,[ \t]*)?\Z"
)
"""An institution's name right before an address on its line, a comma between
(``verwezen naar het Alrijne Ziekenhuis, Houtlaan 55, 2334 CK Leiden``, ``Ziekenhuis
Gelderse Vallei, ...``): the institution's address, not the patient's the line also
names. A name, so a capital (``naast het ziekenhuis, Houtlaan 55`` may be hers)."""
_INSTITUTION_REACH = 100
_ROLES = r"(?i:huisarts|arts|tandarts|verloskundige|fysiotherapeut|apotheker|gynaecoloog)"
"""A provider's role after her name (``H. Yilmaz, huisarts``)."""
_ROLE_ADDRESS = regex.compile(
    rf"(?:,|\()[ \t]*{_ROLES}\)?[ \t,]+"
    r"(?:[^\n,:]{2,40}[ \t]\d{1,5}[a-zA-Z]?[ \t]*,[ \t]*"
    r"(?:[1-9]\d{3}[ ]?[A-Z]{2}[ \t]+[^\n,:]{2,30}?[ \t,]+)?)?\Z"
)
"""A provider's role after her name, then (up to the value) her practice's street and
number and its postcode and town (``H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum
035-6222222``: a GP list's line): the practice's address and number. Not after a label's
colon (``huisarts: dr. Bos, adres: ...`` goes on to the patient's)."""


_ROLE_LINE = regex.compile(
    rf"{TITLE}*(?:[{UPPER}]\.[ ]?){{1,4}}[^\n,:]{{1,40}},[ \t]*{_ROLES}(?![\w])"
    r"(?:[ \t]*[-,|][ \t]*(?i:agb|big)[^\n]{0,30})?[ \t|]*\r?\Z"
)
"""A provider's line: her initials and name and her role after a comma, her AGB or BIG
code after it (``M. Dekker, huisarts - AGB 01-055123``): the address block it heads is
her practice's. Not a label's (``Huisarts: M. Dekker``, the practice heads that)."""


_POSTCODE_ON_LINE = regex.compile(rf"(?<![\w]){POSTCODE}")


def on_practice_address_line(view: TextView, pos: int) -> bool:
    """Whether ``pos`` stands on a practice's or an institution's address line: a postcode
    on the line, and a practice, a GP or an institution naming the line or heading it
    (:func:`_practice_above`: ``Apotheek De Ooievaar`` over ``Markt 1, 6131 EH Sittard -
    tel 046-4511111``; a GP list's ``H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum
    035-6222222``). The phone detector drops such a line's number as this detector drops
    its address."""
    lo, hi = view.line_bounds(pos)
    return _POSTCODE_ON_LINE.search(view.text, lo, hi) is not None and _practice_above(view, pos)


def _practice_above(view: TextView, pos: int) -> bool:
    """Whether the line above the line of ``pos`` names a practice or a GP, or its own
    line does before a comma before ``pos`` (``Huisartsenpraktijk Het Anker, Dorpsstraat
    1, 1234 AB Ergens``: the practice's address)."""
    text = view.text
    seg_lo = view.segment(pos)[0]
    line_start = text.rfind("\n", seg_lo, pos)
    own = max(line_start + 1, seg_lo)
    while own < pos and text[own] in " \t":
        own += 1
    if (
        text.startswith(_PRACTICE_HEADS, own, pos)  # (C speed: most lines start otherwise)
        and _PRACTICE_LINE.match(text, own, pos)
        and "," in text[own:pos]
    ):
        return True
    if "," in text[max(own, pos - 4) : pos] and _INSTITUTION_BEFORE.search(
        text, max(own, pos - _INSTITUTION_REACH), pos
    ):
        return True  # (``verwezen naar het Alrijne Ziekenhuis, Houtlaan 55, ...``)
    if "," in text[own:pos] and _ROLE_ADDRESS.search(text, max(own, pos - _INSTITUTION_REACH), pos):
        return True  # (``H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum``)
    if line_start <= seg_lo:
        return False
    above = max(text.rfind("\n", seg_lo, line_start) + 1, seg_lo)
    while above < line_start and text[above] in " \t|>":  # (a form's box, a quoted mail)
        above += 1
    return (
        text.startswith(_PRACTICE_STARTS, above, line_start)
        or bool(_INSTITUTION_LINE.match(text, above, line_start))
        or bool(_ROLE_LINE.match(text, above, line_start))
    )


_INSTITUTION_LINE = regex.compile(
    rf"(?:(?i:aan|to)[ \t]*:?[ \t]+)?(?:[{UPPER}][\w'\-]*[ \t]+){{0,3}}"
    r"(?i:ziekenhui(?:s|zen)|polikliniek|kliniek|laboratorium|huisartsen(?:praktijk)?"
    r"|huisartspraktijk|gezondheidscentrum|umc|medisch[ \t]+centrum|instituut)(?![\w])"
)
"""The first line of a hospital's, a lab's or a practice's address block, its name
before the institution's word (``Meander Medisch Centrum, afd. Gynaecologie``, ``Gelre
ziekenhuizen``, ``Aan: Huisartsenpraktijk Zeewijk, t.a.v. dhr. R. Koster``): the
institution's address, though a patient's letter holds it."""


def _sentence_end(word: str) -> bool:
    """A word that ends a sentence: a full stop after a word of four letters or more
    with no dot inside (``Vleuten.``); not an abbreviation (``St.``, ``a.d.``, ``v.d.``)."""
    stem = word[:-1]
    return word.endswith(".") and len(stem) >= 4 and "." not in stem


def _city_of(m: Match) -> str | None:
    """The city after a postcode (:func:`_clean_city`), without a last word that a colon
    follows: that is the next field's label (``1234 AB  Plaats: Utrecht``)."""
    raw = m.group("city")
    if raw and m.string.startswith(":", m.end("city")):
        raw = raw.rsplit(" ", 1)[0] if " " in raw else None
    return _clean_city(raw)


def _edifact_components(elements: list[str]) -> list[tuple[str, str]]:
    """The address in an EDIFACT ``ADR`` segment's elements, read component by component:
    the first street line with its house number (``Kerkstraat 12``, ``Laan van
    Meerdervoort 1042``), the first postcode, and the town, the first component of words
    after the street line that is no country code (``ADR++1:Kerkstraat 12+Utrecht+3511
    AB+NL``, ``ADR+1+Laan van Meerdervoort 1042:2564 AZ:Den Haag``)."""
    out: list[tuple[str, str]] = []
    town_from = None
    for i, comp in enumerate(c.strip() for e in elements for c in e.split(":")):
        if not comp:
            continue
        if town_from is None and (m := _STREET_NUMBER.fullmatch(comp)) is not None:
            if m.group("street").strip().lower() in POST_BOXES:
                town_from = i
                continue
            out.append(("street", m.group("street").strip()))
            out.append(("house_number", house_number(comp[m.start("num") :])))
            town_from = i
        elif (pc := normalise_postcode(comp)) is not None:
            if not any(kind == "postcode" for kind, _ in out):
                out.append(("postcode", pc))
        elif (
            town_from is not None
            and len(comp) > 2
            and not any(c.isdigit() for c in comp)
            and _CITY_CELL.fullmatch(comp)
            and not any(kind == "city" for kind, _ in out)
            and (city := _clean_city(comp))
        ):
            out.append(("city", city))
    return out


def _clean_city(text: str | None) -> str | None:
    if not text:
        return None
    words = text.split()
    out: list[str] = []
    for w in words:
        if w.strip(".,:") in _CITY_STOP or w.split("/", 1)[0] in _CITY_STOP:
            break
        if out and out[0].isupper() and not w.isupper():
            break  # "3722 GT BILTHOVEN Uw kenmerk": a town in capitals ends at a word in none
        out.append(w)
        if _sentence_end(w):
            break  # "... 3451 AB Vleuten. Mijn dochter": the next sentence is no city
    while out and out[-1] in _CONNECTORS:
        out.pop()
    if out and out[-1].endswith("."):
        out[-1] = out[-1].rstrip(".")  # the end of a sentence: "... 3511 NK Utrecht."
    return " ".join(out) or None


class AddressDetector(Detector):
    id = "address"
    data_class = "address"
    kind = "street"
    patterns = (
        rf"(?i:{_SUF})(?: +|[ ]*\r?\n[ >]*)[1-9]",
        r"\b[1-9]\d{3} ?[A-Z]{2}\b",
        r"\b(?i:postcode|pc)[ \t:]*[1-9]\d{3} ?[a-z]{2}\b",
        r"\b[1-9]\d{3}[ ]?\r?\n[ >]*[A-Z]{2}\b",  # over a wrapped line (_wrapped_postcode)
        r"[A-Za-z]:[ \t]*[^\n\d:?]{0,60}\b[1-9]\d{3}[ ]?[a-z]{2}\b",  # (spoken: _SPOKEN_PC)
    )
    max_len = 70
    lookahead = 60
    context_words = ("postcode", "adres", "woonadres", "address", "woonplaats")
    header_keywords = (*(k for k, _ in HEADER_KINDS), "woonadres", "verblijfadres")
    header_negative = (
        "huisarts",
        "praktijk",
        "aanvrager",
        "lab",
        "email",
        "e mail",
        "mail",
        "ip",
        "web",
        "url",
        "geboorteplaats",
        "place of birth",
        "bedrijf",
        "factuur",
        "vestiging",
        "leverancier",
    )
    organisation_markers = (
        *ORGANISATION_MARKERS,
        # an organisation's own address, as its letter gives it (not ``ons adres``: a
        # family writes it too)
        "bezoekadres", "onze locatie",
    )  # fmt: skip
    sample_pass_rate = 2.0
    base_confidence = 0.9

    def find(self, view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
        """Hits end right after a house number's first digit (street pattern) or after a
        postcode's letters (postcode pattern): each is matched anchored, no scanning."""
        text = view.text
        seen: set[int] = set()
        postcodes: set[int] = set()
        """Postcodes already reported with their street."""
        pc_starts: list[int] = []
        for e in ends:
            if text[e - 1].isdigit():
                k = _street_end(text, e - 1)
                m = self._street_at(view, k, view.clamp(k - self.max_len, k, e - 1)[0])
                if m is None or m.start() in seen or not _wrap_ok(view, m):
                    continue
                seen.add(m.start())
                if self._organisation(view, m.start(), m.end()):
                    continue
                if m.group("pc"):
                    postcodes.add(m.start("pc"))
                yield from self._parts(m, street_evidence=True)
                if not m.group("pc") and _digit_follows(text, m.end()):
                    after = match(
                        _PC_AFTER_STREET,
                        text,
                        m.end(),
                        view.clamp(m.end(), m.end() + 60, m.end())[1],
                        view.fast,
                    )
                    if after:
                        postcodes.add(after.start("pc"))
                        yield from self._parts(after, street_evidence=False)
            elif (wrapped := _wrapped_start(text, e)) is not None:
                found = self._wrapped_postcode(view, wrapped)
                if found is not None and found[0].start("pc") not in postcodes:
                    postcodes.add(found[0].start("pc"))
                    if found[1] is not None:
                        yield from self._parts(found[1], street_evidence=True)
                    yield from self._parts(found[0], street_evidence=False)
            else:
                pc_starts.append(e - 7 if text[e - 3] == " " else e - 6)
        for s in pc_starts:
            if s in postcodes or s < 0:
                continue
            pre, post = view.clamp(s - 12, s + 60, s)
            lower = text[s : s + 7].islower()
            m = search(_PC_LABELLED_LOWER if lower else _PC_RE, text, max(0, pre), post, view.fast)
            if lower and (m is None or m.start("pc") != s):
                spoken = self._spoken(view, s)
                if spoken is not None:
                    yield from self._parts(spoken, street_evidence=False)
                continue
            if m is None or m.start("pc") != s or self._organisation(view, s, m.end()):
                continue
            city = _city_of(m)
            named = _named_before(view, s, m.end("pc")) or _resides_before(view, s)
            same = self._number_before(view, s)
            if not (
                city
                or m.group("pre")
                or view.context(s, s, self.context_words, 30, 0)
                or _PADDED_PC_LABEL.search(text, max(0, s - _PADDED_REACH), s)
                or named
                or (same and "^" in same.group())
            ):
                continue
            above = None if same else self._line_before(view, s, city)
            before = same or above
            if m.group("pc")[-2:] in UNITS and not (
                m.group("pre")
                or named
                or same
                or (above and _ADDRESS_LABEL.match(_line_of(above)))
                or (above and _POSTNL_GAP.match(text, m.end("pc")))
                or _labelled_or_addressed(text, s)
            ):  # "1000 MG Paracetamol" under "Aantal 5" is no address
                continue
            if _practice_above(view, s if above is None else above.start()):
                continue
            if above is not None and self._organisation(view, above.start(), above.end()):
                continue  # (a letterhead: ``Cytolab Noord B.V.`` over its street over this)
            if before is not None:
                yield from self._parts(before, street_evidence=True)
            yield from self._parts(m, street_evidence=False)

    @staticmethod
    def _spoken(view: TextView, s: int) -> Match | None:
        """A postcode at ``s`` that a call's transcript gives as the reply to a question
        for it (:data:`_SPOKEN_PC`)."""
        m = match(_SPOKEN_PC, view.text, s, min(len(view.text), s + 8), view.fast)
        if m is None or spoken_reply(view, s, _PC_QUESTION, 80, _OTHER_PC_SAID) is None:
            return None
        if m["pc"][-2:] in _WORD_PAIRS and m["pc"][:2] in ("19", "20"):
            return None  # (``in 2024 en 2025``: a year, then a word)
        return m

    def _wrapped_postcode(self, view: TextView, s: int) -> tuple[Match, Match | None] | None:
        """A postcode over a mail's wrapped line (``Kerkstraat 12, 3722`` over ``GT
        Bilthoven``), its digits at ``s``: with the street and house number
        before it on its line or its label right before it (``postcode 3722``), in a
        line long enough to have been wrapped (:data:`WRAPPED_LINE`). A number ending a
        line over two capitals is otherwise a year over a name (``2024`` over ``VU
        medisch centrum``). (postcode, street or None)."""
        text = view.text
        if s < 0:
            return None
        line_start, line_end = view.line_bounds(s)
        if len(text[line_start:line_end].rstrip()) < WRAPPED_LINE:
            return None
        pre, post = view.clamp(s - 12, s + 60, s)
        m = search(_PC_WRAPPED, text, max(0, pre, line_start), post, view.fast)
        if m is None or m.start("pc") != s or self._organisation(view, s, m.end()):
            return None
        street = self._number_before(view, s)
        return None if street is None and not m.group("pre") else (m, street)

    def _organisation(self, view: TextView, start: int, end: int) -> bool:
        """An organisation's address: a marker on its lines, on the line above or on
        the line below (a letterhead: ``Laboratoriumweg 14, 2288 EZ Rijswijk`` over
        ``T 070 - 307 44 00 | www.dlhw-lab.nl``), or a practice's name over it; not a
        request body's field under its key where only a web address marks the line
        (:meth:`~breachscope.detect.base.Detector._request_field`)."""
        marked = view.lines_have(start, end, self.organisation_markers, 1, 1)
        return (marked and not self._request_field(view, start)) or _practice_above(view, start)

    @staticmethod
    def _number_before(view: TextView, pc_start: int) -> Match | None:
        """``Damrak 3, 5648 VM``: capitalised words and a house number right before a
        postcode on the same line are a street even without a street word."""
        lo = max(0, view.clamp(pc_start - 80, pc_start, pc_start)[0])
        line_start = view.text.rfind("\n", lo, pc_start) + 1
        return search(_BEFORE_PC, view.text, max(line_start, lo), pc_start, view.fast)

    @staticmethod
    def _line_before(view: TextView, pc_start: int, city: str | None) -> Match | None:
        """``Overtoom 5`` on the line above ``3322 LT Dordrecht``: an address block. Only
        for a postcode that starts its line and has a city after it."""
        text = view.text
        seg_lo = view.segment(pc_start)[0]
        newline = text.rfind("\n", max(seg_lo, pc_start - 80), pc_start)
        line_start = newline + 1
        if not city or newline < 0 or text[line_start:pc_start].strip():
            return None
        lo = max(seg_lo, line_start - 81)
        above = text.rfind("\n", lo, line_start - 1) + 1
        return search(_BEFORE_PC, text, max(above, lo), line_start - 1, view.fast)

    @staticmethod
    def _street_at(view: TextView, word_end: int, lo: int) -> Match | None:
        """The longest street + house number whose last street word ends at ``word_end``:
        walk back over up to four capitalised words or connectors on the same line, then
        match anchored."""
        text = view.text
        start = word_end
        while start > lo and (text[start - 1].isalnum() or text[start - 1] in "'-"):
            start -= 1
        starts = [start]
        for _ in range(4):
            k = start - 1
            if k <= lo or text[k] != " ":
                break
            m = k
            while m > lo and (text[m - 1].isalnum() or text[m - 1] in "'.-/"):
                m -= 1
            token = text[m:k]
            if token.rstrip(".").lower() in _PERSON_TITLES:
                if _name_words(text[k + 1 : word_end]):
                    return None  # ``Mw. A. van Dijk 12``, ``Mevr. Bakker 2 keer``: a person
                break
            if not token or not (
                token[0].isupper()
                or token[0] == "'"
                or token in _CONNECTORS
                or token == "en"  # (between capitalised words only: :data:`STREET`)
                or _STREET_LEAD_RE.fullmatch(token)
            ):
                break
            start = m
            starts.append(m)
        if any(_person_before_street(text[s:word_end]) for s in starts[2:]):
            del starts[1:]  # (the street is its last word alone)
        for s in reversed(starts):
            found = match(_STREET_RE, text, s, view.clamp(s, s + 200, s)[1], view.fast)
            if found and not _people_and_street(found.group("street")):
                return found
        return None

    def _parts(self, m: Match, street_evidence: bool, town: bool = True) -> Iterator[TextMatch]:
        """The address's findings in a match of :data:`_STREET_RE` or :data:`_PC_RE`;
        ``town``: a town right after the house number is one (free text; a cell's
        parse reads its city fields its own way, as the Arrow paths do)."""
        groups = m.groupdict()
        pc = groups.get("pc")
        if pc and "\n" in pc:  # (over a wrapped line)
            pc = _SPACES.sub("", pc).replace(">", "")
        pc_value = normalise_postcode(pc) if pc else None
        if not street_evidence and pc_value is None:
            return
        why = "street and house number" if street_evidence else "postcode"
        if street_evidence:
            s, e = m.span("street")
            lead = _LEAD.match(m.group("street"))
            if lead:
                s += lead.end()
            s = _past_town(m.string, s, e)
            s, e = _unquoted(m.string, s, e)
            if (s >= e - 3 and m.string[s:e] not in _SHORT_STREETS) or _ERING.search(
                m.string, s, e
            ):
                if not groups.get("city"):
                    return
                street_evidence = False  # (``De 7, 9934 AN Delfzijl``: its postcode, town)
            else:
                yield TextMatch(
                    s, e, _SPACES.sub(" ", m.string[s:e]), "street", 0.9, f"pattern address/{why}"
                )
                s, e = m.span("num")
                if m.group("suf"):
                    e = m.end("suf")
                yield TextMatch(
                    s, e, house_number(m.string[s:e]), "house_number", 0.9,
                    f"pattern address/{why}",
                )  # fmt: skip
        after = _clean_city(groups["town"]) if town and groups.get("town") else None
        if street_evidence and after and not (after.isupper() and len(after) <= 3):  # (``NS``)
            s = m.start("town")
            yield TextMatch(
                s, s + len(after), after, "city", 0.8, "pattern address/town after house number"
            )
        if pc_value:
            s, e = m.span("pc")
            yield TextMatch(s, e, pc_value, "postcode", 0.9, "pattern address/postcode")
            city = _city_of(m) if groups.get("city") else None
            if city:
                s, e = _unquoted(m.string, m.start("city"), m.start("city") + len(city))
                if e > s:
                    city = m.string[s:e]
                    yield TextMatch(s, e, city, "city", 0.8, "pattern address/city after postcode")

    # -- tables ------------------------------------------------------------------------

    def claim_column(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        if header_hit(header, self.header_negative):
            return None
        key = header_hit(header, _HEADER_KEYS)  # the first of HEADER_KINDS naming it
        if not key and _EDIFACT_ADR.fullmatch(header):
            key = "adr"
        if not key:
            return None
        kind = _HEADER_KIND.get(key, "address")
        if kind == "house_number" and header_hit(header, _STREET_KEYS):
            kind = "street"  # "Straat + huisnr": a street cell reads its number too
        elif kind == "address" and _number_of_address(header):
            kind = "house_number"
        known = None
        if sample:
            parse = self._parser(kind)
            if (
                isinstance(sample, ColumnSample)
                and kind != "postcode"  # postcode cells are read their own way
                and (whole := sample.short_column()) is not None
            ):
                ok, known = column_share(whole, sample.rows, kind, parse, HEADER_SAMPLE_SHARE)
            else:
                ok, known = address_share(sample, kind, parse, HEADER_SAMPLE_SHARE)
            if not ok:
                return None
        return ColumnVerdict(2.0, kind, 0.95, f"column header {key!r}", known)

    def _parser(self, kind: str) -> Callable[[str], list[tuple[str, str]]]:
        """The per-cell parse of a column of ``kind`` (for the cells no fast shape reads)."""
        return lambda raw: self._cell(raw, kind)

    def _cell(self, raw: str, kind: str) -> list[tuple[str, str]]:
        """``(kind, value)`` pairs in one cell of a column of ``kind``."""
        text = _SPACES.sub(" ", raw.strip())
        if not text or text in ("-", "?") or len(text) > 200:
            return []
        if kind == "postcode":
            v = normalise_postcode(text)
            return [("postcode", v)] if v else []
        if kind == "house_number":
            text = whole_number(text)  # (``12.0``: a spreadsheet's float)
            ok = _HOUSE_CELL.fullmatch(text)
            return [("house_number", house_number(text))] if ok else []
        if kind == "suffix":
            return []
        if kind == "postcode_house":
            m = _PC_HOUSE_CELL.fullmatch(text)
            v = normalise_postcode(m["pc"]) if m else None
            return [] if m is None or v is None else [
                ("postcode", v), ("house_number", house_number(m["house"]))
            ]  # fmt: skip
        if kind == "city":
            ok = _CITY_CELL.fullmatch(text)
            return [("city", text)] if ok and not any(c.isdigit() for c in text) else []
        if kind == "street":
            m = _STREET_CELL.fullmatch(text)
            if not m:
                return []
            out = [("street", m.group("street").strip())]
            if m.group("num"):
                out.append(("house_number", house_number(text[m.start("num") :])))
            return out
        return self._full(text)

    def _full(self, text: str) -> list[tuple[str, str]]:
        town = None
        if "+" in text and (":" in text or "^" not in text):  # EDIFACT
            comps = text.split("+")
            if not comps[0].startswith("PAT"):  # ADR (and a NAD of another layout)
                return _edifact_components(comps)
            # NAD: PAT+id::LAB+++street:nr+city++pc+NL
            town = comps[5].strip() if len(comps) > 7 else None
            text = ", ".join(p.replace(":", " ").strip() for p in text.split("+") if p.strip())
        if "^" in text:  # HL7 XAD: street^other^city^state^zip^country
            comps = text.split("^")
            sub = comps[0].split("&")
            street_line = f"{sub[1]} {sub[2]}" if len(sub) >= 3 else sub[0]
            text = (
                f"{street_line}, {comps[4] if len(comps) > 4 else ''} "
                f"{comps[2] if len(comps) > 2 else ''}"
            )
        out: list[tuple[str, str]] = []
        view = TextView(text)
        end = min(len(text), MAX_WINDOW)  # a cell longer than that is no address
        for m in view.finditer(_STREET_RE, 0, end):
            out.extend((t.kind, t.value) for t in self._parts(m, True, town=False))
            break
        else:
            m = _STREET_NUMBER.match(text)
            if m:
                out.append(("street", m.group("street").strip()))
                out.append(("house_number", house_number(text[m.start("num") : m.end()])))
        if not any(kind == "postcode" for kind, _ in out):
            for m in view.finditer(_PC_RE, 0, end):
                out.extend((t.kind, t.value) for t in self._parts(m, False))
                break
        if any(kind == "street" and value.lower() in POST_BOXES for kind, value in out):
            out = [(k, v) for k, v in out if k not in ("street", "house_number")]
        kinds = {kind for kind, _ in out}
        city = _clean_city(town) if town and "postcode" in kinds and "city" not in kinds else None
        if city:  # the NAD's city component, where its postcode was read
            out.append(("city", city))
        return out

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        if verdict.kind == "postcode":
            found, value = postcode_found(column)
            return CellFindings(pa.array(found, pa.int64()), value)
        known = verdict.sample_read if isinstance(verdict.sample_read, Known) else None
        return address_cells(column, verdict.kind, self._parser(verdict.kind), known)

    def literals(self) -> Iterable[tuple[str, bool, str]]:
        return ((label, True, FIELD_TAG) for label in LABELS)

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """Streets with house numbers and postcodes (:meth:`find`), and the fields of a
        form whose labels hit (:mod:`breachscope.detect.addressfields`)."""
        ends = hits.get("", ())
        if ends:
            yield from self.find(view, ends)
        labels = hits.get(FIELD_TAG, ())
        if labels:
            yield from find_fields(
                view,
                labels,
                _FIELD_CITY,
                _FIELD_STREET,
                _FIELD_HOUSE,
                house_number,
                lambda s, e: self._organisation(view, s, e),
            )
