"""Address fields of a form in free text: a label, a colon (or a tab) and the value.

A web-form submission, an intake form printed to PDF or a referral written as a list of
fields gives an address as separate fields::

    Straat: Kerkstraat
    Huisnummer: 12a
    Postcode: 1234 AB
    Woonplaats: Utrecht

The street pattern needs a house number right after the street, and a city is read only
after a postcode, so such a form gave the postcode alone. Here the label says what the
value is:

- ``woonplaats`` (``woonpl.``), ``stad``, ``city``, ``town``: a city; ``plaats`` only
  with another address field or a postcode near it (a pathology report's ``Plaats:`` is
  where a biopsy was taken);
- ``straat``, ``straatnaam``, ``street``, ``adres``, ``woonadres``, ``huisadres``: a
  street, with its house number when one follows (``Adres: Achterom 12``, ``Straat +
  huisnummer: Achterom 12``; a street word is not needed after a label; a ``Postbus``
  is an organisation's);
- ``huisnummer``, ``huisnr.`` (also ``+ toevoeging``): a house number, only with another
  address field or a postcode near it; there also without a colon, in a sentence
  (``mijn postcode 3521 AZ, huisnummer 17``).

The value runs to the end of the line, a tab, two spaces, ``|``, ``;``, ``,``, ``(`` or a
double quote (a key's value: ``"straat": "Vondelstraat"``),
and stops before a word that ends in a colon (the next field on the same line:
``Plaats: Utrecht Datum: 3-3-2024``). It must have the value's shape (capitalised words
without digits for a city, capitalised words and an optional house number for a street,
a house number alone for a house number); anything else (``n.v.t.``, ``zie boven``) is
no finding. ``geboorteplaats`` is a whole word and never reaches here (labels are
matched at word boundaries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import regex

from breachscope.detect.base import TextMatch
from breachscope.detect.context import TextView, fullmatch, match, search

FIELD_TAG = "field"
"""Prefilter tag of the label words' hits."""
LABELS: dict[str, str] = {
    "woonplaats": "city",
    "woonpl": "city",
    "plaats": "city",
    "stad": "city",
    "city": "city",
    "town": "city",
    "adres": "street",
    "woonadres": "street",
    "huisadres": "street",
    "straatnaam": "street",
    "straat": "street",
    "street": "street",
    "huisnummer": "house_number",
    "huisnr": "house_number",
}
"""Label word (lower case) -> what its value is."""
NEEDS_COMPANY = frozenset({"plaats", "huisnummer", "huisnr"})
"""Labels whose value counts only with another address field or a postcode near it."""
COMPANY_LINES = 2
"""How many lines above and below are searched for that company."""
_COMPANY_WORDS = ("straat", "adres", "address", "postcode", "huisn", "woonpl", "plaats")
_POSTCODE_SHAPE = regex.compile(r"(?<![\w])[1-9]\d{3}[ ]?[A-Z]{2}(?![\w])")
_AFTER_LABEL = regex.compile(
    r"\.?(?:[ ]?(?:\+|/|&|en)[ ]?(?:toevoeging|huisnummer|huisnr\.?|nr\.?))?[\"']?[ ]*"
    r"(?::[ \t]*|\t[ \t]*|=[ \t]*(?=[\"']))(?:\"|'(?![st][\- ]))?(?=[^ \t\r\n\"])"
)
"""What follows a label word up to its value: an optional abbreviation dot, an optional
second part (``+ toevoeging``, ``+ huisnummer``), then a colon or a tab; a key's and its
value's quotes around the colon too (``"straat": "Vondelstraat"``, a YAML flow's
``{straat: "Vondelstraat", huisnummer: "222"}``); an equals sign before a quoted value
(a logged object's ``adres='Ringbaan-West 228'``, a TOML inline table's ``{ straat =
"Kalfsvel 183" }``)."""
_HOUSE_IN_WORDS = regex.compile(
    r"\.?[ ]+(?:is[ ]+)?(?P<v>[1-9]\d{0,4}(?:-?[A-Za-z]{1,2}|-\d{1,3})?)(?![\w\-/.,]\w)(?![\w\-])"
)
"""A house number after its label word in a sentence, no colon between (``mijn postcode
3521 AZ, huisnummer 17``, ``huisnummer is 12a``): the number and a suffix written against
it, only beside another address field or a postcode, as a labelled one."""
_VALUE_END = regex.compile(r"[\t\r\n|;,(\x1e\"]|'(?!\w)|[ ]{2}")
VALUE_MAX = 80
_LABEL_GAP = 64
"""How far after its label word a value's colon may stand (a fixed-width report pads its
labels: ``08.11.10  Straatnaam                              : Ganzenmarkt``)."""
"""Longest value read after a label."""
COMPANY_REACH = 400
"""How far (characters) from a field its company is looked for."""
NOT_VALUES = frozenset(
    {"onbekend", "unknown", "geen", "nvt", "n.v.t", "idem", "zie", "nederland", "netherlands",
     "nl", "anoniem", "leeg", "privé", "prive", "geheim", "-", "?"}
)  # fmt: skip
"""First words of a field's value that say it holds none."""


def find_fields(
    view: TextView,
    ends: Sequence[int],
    city: regex.Pattern[str],
    street: regex.Pattern[str],
    house: regex.Pattern[str],
    house_number: Callable[[str], str],
    is_organisation: Callable[[int, int], bool],
) -> Iterator[TextMatch]:
    """Address fields whose label word ends at ``ends``: ``city`` (no digits), ``street``
    (group ``street``, then ``num``/``suf`` of a house number) and ``house`` (``num``,
    ``suf``) are fullmatched against the value; ``house_number`` normalises one;
    ``is_organisation(start, end)`` rejects an organisation's address."""
    text, low = view.text, view.lower
    for e in ends:
        s = e
        while s > 0 and low[s - 1].isalpha():
            s -= 1
        kind = LABELS.get(low[s:e])
        if kind is None:
            continue
        seg_hi = view.segment(e)[1]
        after = match(_AFTER_LABEL, text, e, min(seg_hi, e + _LABEL_GAP), view.fast)
        if after is None and kind == "house_number":
            worded = match(_HOUSE_IN_WORDS, text, e, min(seg_hi, e + 24), view.fast)
            if worded is not None:  # (``huisnummer 17`` in a sentence)
                vs, ve = worded.span("v")
                if _has_company(view, s, vs, ve) and not is_organisation(vs, ve):
                    yield TextMatch(
                        vs, ve, house_number(text[vs:ve]), "house_number", 0.9,
                        f"address field {low[s:e]!r}",
                    )  # fmt: skip
            continue
        if after is None:
            continue
        vs, ve = _value_span(view, after.end(), seg_hi)
        if ve <= vs:
            continue
        if low[s:e] in NEEDS_COMPANY and not _has_company(view, s, vs, ve):
            continue
        if is_organisation(vs, ve):
            continue
        if kind == "city":
            if any(c.isdigit() for c in text[vs:ve]) or not fullmatch(
                city, text, vs, ve, view.fast
            ):
                continue
            yield TextMatch(vs, ve, text[vs:ve], "city", 0.8, f"address field {low[s:e]!r}")
        elif kind == "street":
            m = fullmatch(street, text, vs, ve, view.fast)
            if m is None:
                continue
            yield TextMatch(
                m.start("street"),
                m.end("street"),
                m.group("street"),
                "street",
                0.9,
                f"address field {low[s:e]!r}",
            )
            if m.group("num"):
                ns, ne = m.start("num"), m.end("suf") if m.group("suf") else m.end("num")
                yield TextMatch(
                    ns, ne, house_number(text[ns:ne]), "house_number", 0.9,
                    f"address field {low[s:e]!r}",
                )  # fmt: skip
        else:
            m = fullmatch(house, text, vs, ve, view.fast)
            if m is None:
                continue
            yield TextMatch(
                vs, ve, house_number(text[vs:ve]), "house_number", 0.9,
                f"address field {low[s:e]!r}",
            )  # fmt: skip


def _value_span(view: TextView, start: int, seg_hi: int) -> tuple[int, int]:
    """The value after a label: up to its first end (none further than
    :data:`VALUE_MAX` characters: a longer run is a sentence, no value), without a
    trailing word that ends in a colon (the next field) and a full stop at its end."""
    text = view.text
    hi = min(seg_hi, start + VALUE_MAX + 1)
    end = search(_VALUE_END, text, start, hi, view.fast)
    if end is None and hi < seg_hi:
        return start, start
    stop = hi if end is None else end.start()
    kept: list[str] = []
    for w in text[start:stop].split(" "):
        if w.endswith(":"):
            break
        kept.append(w)
    value = " ".join(kept).rstrip(" .")
    if value.split(" ", 1)[0].lower().strip(".") in NOT_VALUES:
        return start, start
    return start, start + len(value)


def _has_company(view: TextView, label_start: int, vs: int, ve: int) -> bool:
    """Another address field or a postcode within :data:`COMPANY_LINES` lines of a field
    (at most :data:`COMPANY_REACH` characters away; the field's own label and value left
    out)."""
    lo, hi = view.line_bounds(label_start, COMPANY_LINES, COMPANY_LINES)
    lo, hi = max(lo, label_start - COMPANY_REACH), min(hi, ve + COMPANY_REACH)
    low, text = view.lower, view.text
    if any(w in low[lo:label_start] or w in low[ve:hi] for w in _COMPANY_WORDS):
        return True
    return any(
        search(_POSTCODE_SHAPE, text, a, b, view.fast) is not None
        for a, b in ((lo, label_start), (ve, hi))
        if b > a
    )
