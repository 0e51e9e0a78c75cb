"""Address table columns read with Arrow compute (RE2), not Python per distinct value.

The common cell shapes of each address column kind (a city, a house number, ``Kerkstraat
12a``, ``1234 AB``, ``Kerkstraat 12a, 1234 AB Ede``, HL7 ``street^^city^^pc``, EDIFACT
``PAT+...+street:nr+city++pc+NL``) are recognised by strict RE2 patterns whose ``(kind,
value)`` pairs provably equal the address detector's per-cell parse on those shapes (ASCII
digits only, single spaces, nothing to strip); every other cell goes through that parse,
once per distinct value.
The result is what :func:`breachscope.detect.base.expand_cells` gives: by slot, then row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.base import CellFindings, slot_cells
from breachscope.detect.fastpath import flags, string_bytes
from breachscope.detect.floats import whole_numbers
from breachscope.detect.streetwords import HOUSE_WORDS, POST_BOXES, SUFFIXES

Pairs = list[tuple[str, str]]
Parse = Callable[[str], Pairs]


_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ'.\-/()]+"
_STREET = rf"(?:[1-9]e )?{_WORD}(?: {_WORD})*"
"""Street words (no digit, comma, ``&``, ``:``, ``+``, ``^`` or whitespace but single
spaces), after an ordinal (``1e Jan Steenstraat``): what the parse's ``(?:[1-9]e )?[^\\d,]+?``
street takes, unchanged by strip/collapse."""
_HOUSE = (
    rf"[1-9][0-9]{{0,4}}(?: ?[A-Za-z]|-[0-9]{{1,4}}| (?:(?i:{HOUSE_WORDS})|I{{1,3}}|IV)"
    r"|-[A-Za-z]{1,3})?"
)
"""A house number as the detector's ``HOUSE`` takes it whole (ASCII digits)."""
_PC = r"[1-9][0-9]{3} ?[A-Z]{2}"
_CITY_WORD = r"(?:[A-Z][a-z]+|IJ[a-z]+)"
_CITY = (
    rf"(?:'s[ \-])?{_CITY_WORD}"
    rf"(?: (?:{_CITY_WORD}|de|der|den|van|het|aan|op|in|bij|te|ten|ter)){{0,3}}"
)
"""A city the ``CITY`` group takes whole: capitalised words (``IJssel`` too) and
connectors (the detector tries connectors longest first as whole words, so ``aan den
Rijn`` stays whole there as here), at most 4 words."""
_CITY_END = rf"{_CITY_WORD}$"
"""A city that ends in a connector is shortened."""
_CITY_STOP = r"(?:^| )(?:Tel|Telefoon|Nederland|Email|Fax|The|Netherlands)(?: |$)"
_SUF_END = "^(?:" + "|".join(sorted((w[::-1] for w in SUFFIXES), key=len, reverse=True)) + ")"
"""A street word ends the (lower-cased, reversed) text (case-free: Latin-1 letters never
fold to ASCII ones)."""
_LEAD_START = (
    r"^(?:de|der|den|van|het|aan|op|in|bij|te|ten|ter|(?i:adres|woonadres|postadres|"
    r"bezoekadres|verblijfadres|address|straat|woont|wonend|woonachtig|aan|op|in|te))"
    r"(?: |:|$)"
)
"""A street that ``_LEAD`` might shorten (a superset)."""
_STREET_RE_AT_0 = (
    r"^(?:(?:[A-Z][A-Za-zÀ-ÖØ-öø-ÿ\-]*\.?|de|der|den|van|het|aan|op|in|bij|te|ten|ter"
    r"|[1-9]e|v\.|dr\.|mr\.) )"
    r"{0,4}[A-Za-zÀ-ÖØ-öø-ÿ\-]+$"
)
"""Street words the detector's ``STREET`` matches from the first word on."""
_PC_LIKE = r"[1-9][0-9]{3} *[A-Z]{2}"
_ASCII_REST = r"[ !-*,-\]_-~]"
"""Printable ASCII but ``+`` and ``^`` (no EDIFACT or HL7 reading)."""

_CELL_STREET = rf"^(?P<street>{_STREET})(?: (?P<house>{_HOUSE}))?$"
_CELL_HOUSE = r"^[1-9][0-9]{0,4}(?:[ \-]?[A-Za-z0-9]{1,4})?$"
_CELL_CITY = r"^[A-Za-z'][A-Za-z' .\-/]{1,40}$"
_CELL_POSTCODE = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
_FULL_PLAIN = rf"^(?P<street>{_STREET}) (?P<house>{_HOUSE})(?P<rest>&{_ASCII_REST}*)?$"
_FULL_COMMA = rf"^(?P<street>{_STREET}) (?P<house>{_HOUSE}), (?P<pc>{_PC}) (?P<city>{_CITY})$"
"""``Kerkstraat 12a, 1234 AB Ede``: what the HL7 reading rewrites its cells to."""
_FULL_PC = rf"^{_PC}$"
_FULL_EMPTY = r"^[ !-*,-\]_-~À-ÖØ-öø-ÿ]*$"
_HL7_TAIL = rf"\^[^^+]*\^(?P<city>{_CITY})\^[^^+]*\^(?P<pc>{_PC})(?:\^[^+]*)?$"
_FULL_HL7 = rf"^(?P<street>{_STREET}) (?P<house>{_HOUSE}){_HL7_TAIL}"
_FULL_HL7_SUB = rf"^[^&^+]*&(?P<street>{_STREET})&(?P<house>{_HOUSE}){_HL7_TAIL}"
_FULL_EDIFACT = (
    rf"^PAT\+[A-Z]{{1,4}}[0-9]{{1,12}}::LAB\+\+\+(?P<street>{_STREET}):(?P<house>{_HOUSE})"
    rf"\+(?P<city>[A-Za-z'\-]+(?: [A-Za-z'\-]+)*)\+\+(?P<pc>{_PC})\+NL$"
)
MAX_CELL = 200
"""Longer cells hold no address (the detector's rule)."""


MIN_FAST = {"address": 96, "street": 64, "city": 64, "house_number": 32, "postcode": 32}
"""Per kind: columns with fewer distinct values are parsed in Python only (the Arrow
calls cost more than that many parses)."""


@dataclass(frozen=True, slots=True)
class _Part:
    """Pairs of some distinct values: ``rows`` (positions) and, per slot, kind and value
    aligned with ``rows`` (null where a value has fewer pairs)."""

    rows: np.ndarray
    slots: list[tuple[pa.Array, pa.Array]]


def _match(text: pa.Array, pattern: str) -> np.ndarray:
    return flags(pc.match_substring_regex(text, pattern))


def _extract(text: pa.Array, pattern: str) -> pa.StructArray:
    """``pc.extract_regex(text, pattern)``, extracting only from the values the pattern
    matches (null elsewhere). RE2 tells a match with its fast DFA; extracting groups takes
    its slower engines (about 1 us a value for these patterns), so most of a column that
    has another shape costs nothing here."""
    hit = _match(text, pattern)
    if hit.all():
        out: pa.StructArray = pc.extract_regex(text, pattern)
        return out
    found = pc.extract_regex(text.take(pa.array(np.flatnonzero(hit), pa.int64())), pattern)
    return _spread(found, hit)


def _spread(found: pa.StructArray, hit: np.ndarray) -> pa.StructArray:
    """``found`` (one entry per ``True`` of ``hit``) at the positions of ``hit``, null at
    the others."""
    if hit.all():
        return found
    at = np.full(len(hit), -1, dtype=np.int64)
    at[hit] = np.arange(int(hit.sum()))
    spread: pa.StructArray = pc.take(found, pa.array(at, mask=~hit))
    return spread


def _cut(data: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> pa.Array:
    """The strings ``data[lo[i]:hi[i]]`` (byte offsets of UTF-8 text, cut at ASCII
    characters), gathered with numpy."""
    lens = (hi - lo).astype(np.int64)
    offsets = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, out=offsets[1:])
    index = np.repeat(lo - offsets[:-1], lens) + np.arange(offsets[-1], dtype=np.int64)
    return pa.StringArray.from_buffers(
        len(lens), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data[index])
    )


def _comma_fields(text: pa.Array) -> pa.StructArray:
    """``_extract(text, _FULL_COMMA)`` without RE2's submatch engines, which cost most of
    a column of full addresses (about 1 us a value). In a value the pattern matches, its
    fields sit at points found in the value's bytes: the street holds no digit and no
    comma (a column with a street after an ordinal is read by RE2), so the house number
    starts at the first digit, one space after the street; the house number holds no
    comma, so the first ``, `` ends it; the postcode has 7
    characters when its fifth is a space, else 6, and the city follows it after a
    space. The bytes searched are ASCII, which no UTF-8 sequence of another character
    contains."""
    if text.type != pa.string():
        return _extract(text, _FULL_COMMA)
    hit = _match(text, _FULL_COMMA)
    rows = np.flatnonzero(hit)
    if not len(rows):  # every value null, with the pattern's fields
        return _spread(pc.extract_regex(text.slice(0, 0), _FULL_COMMA), hit)
    sub = text if len(rows) == len(text) else text.take(pa.array(rows, pa.int64()))
    offsets32, data = string_bytes(sub)
    offsets = offsets32.astype(np.int64)
    starts, ends = offsets[:-1], offsets[1:]
    if ((data[starts] >= 0x30) & (data[starts] <= 0x39)).any():
        return _extract(text, _FULL_COMMA)  # a street after an ordinal ("1e Jan Steenstraat")
    digits = np.flatnonzero((data >= 0x30) & (data <= 0x39))
    house = digits[np.searchsorted(digits, starts)]
    commas = np.flatnonzero((data[:-1] == 0x2C) & (data[1:] == 0x20))
    comma = commas[np.searchsorted(commas, starts)]
    code = comma + 2
    code_end = code + np.where(data[code + 4] == 0x20, 7, 6)
    found = pa.StructArray.from_arrays(
        [
            _cut(data, starts, house - 1),
            _cut(data, house, comma),
            _cut(data, code, code_end),
            _cut(data, code_end + 1, ends),
        ],
        names=["street", "house", "pc", "city"],
    )
    return _spread(found, hit)


def _house(house: pa.Array) -> pa.Array:
    """``house_number()`` of a house number in the ``_HOUSE``/``_CELL_HOUSE`` shape: a
    single letter after the digits is upper-cased and joined, a suffix word lower-cased
    (``88 BIS``), all else stays."""
    letter = pc.fill_null(pc.match_substring_regex(house, r"^[0-9]+ ?[A-Za-z]$"), False)
    joined = pc.utf8_upper(pc.replace_substring(house, " ", ""))
    word = pc.fill_null(
        pc.match_substring_regex(house, rf"^[0-9]+ (?:{HOUSE_WORDS})$", ignore_case=True),
        False,
    )
    return pc.if_else(letter, joined, pc.if_else(word, pc.utf8_lower(house), house))


def _postcode(raw: pa.Array) -> pa.Array:
    """``normalise_postcode()`` of an ASCII ``1234 AB`` that is no ``S[ADS]``."""
    return pc.utf8_upper(pc.replace_substring(raw, " ", ""))


def _pc_ok_array(code: pa.Array) -> pa.Array:
    """An upper-cased ``1234AB`` is issued (no ``SA``, ``SD``, ``SS``)."""
    return pc.invert(pc.is_in(pc.utf8_slice_codeunits(code, 4, 6), pa.array(["SA", "SD", "SS"])))


def _pc_ok(code: pa.Array) -> np.ndarray:
    return flags(_pc_ok_array(code))


def _const(kind: str, n: int) -> pa.Array:
    out: pa.Array = pa.repeat(pa.scalar(kind, pa.string()), n)
    return out


def _parse(values: pa.Array, rows: np.ndarray, parse: Parse) -> _Part:
    """``parse`` of the (distinct) ``values`` at ``rows``."""
    texts = pc.take(values, pa.array(rows)).to_pylist()
    parsed = [parse(u.strip()) if u else [] for u in texts]
    slots = []
    for s in range(max((len(p) for p in parsed), default=0)):
        kinds = pa.array([p[s][0] if len(p) > s else None for p in parsed], pa.string())
        found = pa.array([p[s][1] if len(p) > s else None for p in parsed], pa.string())
        slots.append((kinds, found))
    return _Part(rows, slots)


class _Fast:
    """The fast shapes found among distinct values."""

    def __init__(self, values: pa.Array) -> None:
        self.values = values
        self.taken = np.zeros(len(values), dtype=bool)
        self.parts: list[_Part] = []

    def add(self, pos: np.ndarray, hit: np.ndarray, slots: Sequence[tuple[str, pa.Array]]) -> None:
        """The values at ``pos[hit]`` have the pairs ``slots`` (kind, values aligned with
        ``pos``; a null value ends a value's pairs)."""
        keep = np.flatnonzero(hit & ~self.taken[pos])
        if not len(keep):
            return
        rows = pos[keep]
        self.taken[rows] = True
        at = pa.array(keep)
        self.parts.append(_Part(rows, [(_const(k, len(rows)), pc.take(v, at)) for k, v in slots]))

    def subset(self, mask: np.ndarray) -> tuple[np.ndarray, pa.Array]:
        return _rows(self.values, mask)

    def all(self, parse: Parse) -> list[_Part]:
        """The fast parts and ``parse`` of the other values."""
        rows = np.flatnonzero(~self.taken)
        return [*self.parts, _parse(self.values, rows, parse)] if len(rows) else self.parts


def _street_flags(street: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """``(suffixed, whole)``: whether a street word ends the street (the detector's
    street pattern matches before the number; without one its plain street + number
    rule reads it), and whether that pattern matches from the first word and keeps the
    street whole (no lead word to drop, no quotes, longer than 3)."""
    suffixed = _match(pc.utf8_reverse(pc.utf8_lower(street)), _SUF_END)
    whole = (
        _match(street, _STREET_RE_AT_0)
        & ~_match(street, _LEAD_START)
        & flags(pc.greater(pc.utf8_length(street), 3))
    )
    return suffixed, whole


def _distinct(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct values of ``values`` and a null after them, and the position of each
    value among them (element-wise checks of the distinct values, taken at these
    positions, are the checks of the values)."""
    enc = values.dictionary_encode()
    n = len(enc.dictionary)
    at = np.asarray(enc.indices.fill_null(n).to_numpy(zero_copy_only=False), dtype=np.int64)
    return pa.concat_arrays([enc.dictionary, pa.nulls(1, enc.dictionary.type)]), at


def _rows(values: pa.Array, mask: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """The positions where ``mask`` holds and the values there."""
    at = np.flatnonzero(mask)
    return at, values if len(at) == len(values) else values.take(pa.array(at, pa.int64()))


def _fields(shape: pa.StructArray, *names: str) -> list[pa.Array]:
    return [shape.field(n) for n in names]


@dataclass(frozen=True, slots=True)
class _Shape:
    """Candidates of one full-address shape: positions, whether the shape matched, its
    fields and its form (``edifact``, ``hl7``, ``comma``, ``plain``)."""

    pos: np.ndarray
    ok: np.ndarray
    street: pa.Array
    house: pa.Array
    pcode: pa.Array | None
    city: pa.Array | None
    form: str


def _fast_full(fast: _Fast) -> None:
    values = fast.values
    short = flags(pc.less_equal(pc.utf8_length(values), MAX_CELL))
    plus = flags(pc.match_substring(values, "+"))
    caret = flags(pc.match_substring(values, "^")) & ~plus
    shapes: list[_Shape] = []
    if (plus & short).any():  # EDIFACT NAD
        pos, sub = fast.subset(plus & short)
        edi = pc.extract_regex(sub, _FULL_EDIFACT)
        street, house, pcode, city = _fields(edi, "street", "house", "pc", "city")
        shapes.append(_Shape(pos, flags(edi.is_valid()), street, house, pcode, city, "edifact"))
    if (caret & short).any():  # HL7 XAD, plain and with street&name&number
        pos, sub = fast.subset(caret & short)
        for pattern in (_FULL_HL7, _FULL_HL7_SUB):
            hl7 = pc.extract_regex(sub, pattern)
            street, house, city, pcode = _fields(hl7, "street", "house", "city", "pc")
            shapes.append(_Shape(pos, flags(hl7.is_valid()), street, house, pcode, city, "hl7"))
    other = ~plus & ~caret
    if other.any():
        pos, sub = fast.subset(other)
        pc_like = _match(sub, _PC_LIKE)
        comma_shape: _Shape | None = None
        rest = np.ones(len(sub), dtype=bool)
        if pc_like.any():  # street + number, postcode + city
            cpos, csub = _rows(sub, pc_like)
            comma = _comma_fields(csub)
            street, house, pcode, city = _fields(comma, "street", "house", "pc", "city")
            hit = flags(comma.is_valid())
            comma_shape = _Shape(
                pos[cpos], hit & short[pos[cpos]], street, house, pcode, city, "comma"
            )
            rest[cpos[hit]] = False  # the comma form is no other shape: skip its checks
        if rest.any():
            at, sub = _rows(sub, rest)
            pos, pc_like = pos[at], pc_like[at]
            spaced = _match(sub, " [0-9]")
            # nothing an address is made of: no number after a space, nothing postcode-like
            fast.add(pos, _match(sub, _FULL_EMPTY) & ~spaced & ~pc_like, [])
            bare = _match(sub, _FULL_PC)
            if bare.any():
                code = _postcode(sub)
                fast.add(pos, bare & _pc_ok(code), [("postcode", code)])
            if spaced.any():  # street + number (and an ``&...`` tail)
                plain = _extract(sub, _FULL_PLAIN)
                street, house = _fields(plain, "street", "house")
                ok = flags(plain.is_valid()) & ~pc_like & ~_match(sub, r"  |&.* [0-9]|&.* $")
                shapes.append(_Shape(pos, ok & short[pos], street, house, None, None, "plain"))
        if comma_shape is not None:
            shapes.append(comma_shape)
    shapes = [sh for sh in shapes if sh.ok.any()]
    if shapes:
        _add_shapes(fast, shapes)


def _joined(arrays: list[pa.Array | None], masks: list[np.ndarray]) -> pa.Array:
    return pa.concat_arrays(
        [
            pa.nulls(int(m.sum()), pa.string()) if a is None else a.filter(pa.array(m))
            for a, m in zip(arrays, masks, strict=True)
        ]
    )


_POST_BOX = rf"^(?i:{'|'.join(POST_BOXES)})$"
"""A post-office box where a street stands (:data:`~breachscope.detect.streetwords.POST_BOXES`:
the detector's per-cell parse keeps its postcode and town only)."""


def _add_shapes(fast: _Fast, shapes: list[_Shape]) -> None:
    """Check the matched shapes' fields (in one call per check) and add them."""
    oks = [sh.ok for sh in shapes]
    street = _joined([sh.street for sh in shapes], oks)
    house = _joined([sh.house for sh in shapes], oks)
    pcode = _postcode(_joined([sh.pcode for sh in shapes], oks))
    city = _joined([sh.city for sh in shapes], oks)
    # streets, house numbers and cities repeat: each check runs once per distinct value
    streets, street_at = _distinct(street)
    suffixed, whole = (per_street[street_at] for per_street in _street_flags(streets))
    houses, house_at = _distinct(house)
    cities, city_at = _distinct(city)
    city_ok = flags(
        pc.or_kleene(pc.is_null(cities), pc.invert(pc.match_substring_regex(cities, _CITY_STOP)))
    ) & flags(pc.or_kleene(pc.is_null(cities), pc.match_substring_regex(cities, _CITY_END)))
    good = ~_match(houses, _PC_LIKE)[house_at] & city_ok[city_at]
    good &= ~_match(streets, _POST_BOX)[street_at]  # (read value by value: no street)
    good &= flags(pc.or_kleene(pc.is_null(pcode), _pc_ok_array(pcode)))
    number = pc.take(_house(houses), pa.array(house_at))
    at = 0
    for sh in shapes:
        n = int(sh.ok.sum())
        pos = sh.pos[sh.ok]
        part = slice(at, at + n)
        at += n
        suf, fine = suffixed[part], whole[part] & good[part]
        street_p, number_p, code_p, city_p = (
            x.slice(part.start, n) for x in (street, number, pcode, city)
        )
        if sh.form == "edifact":  # the street only where the street pattern reads it
            fast.add(
                pos,
                fine & suf,
                [
                    ("street", street_p),
                    ("house_number", number_p),
                    ("postcode", code_p),
                    ("city", city_p),
                ],
            )
            fast.add(pos, good[part] & ~suf, [("postcode", code_p), ("city", city_p)])
            continue
        pairs = [("street", street_p), ("house_number", number_p)]
        if sh.form in ("hl7", "comma"):
            pairs += [("postcode", code_p), ("city", city_p)]
        fast.add(pos, good[part] & (~suf | fine), pairs)


def _fast(values: pa.Array, kind: str) -> _Fast:
    """Fast shapes among the distinct ``values`` of a column of ``kind``."""
    fast = _Fast(values)
    every = np.arange(len(values))
    if kind == "suffix":
        fast.add(every, np.ones(len(values), dtype=bool), [])
    elif kind == "postcode_house":
        pass  # (a rare column: read value by value)
    elif kind == "house_number":  # (a float's ``12.0``: a spreadsheet's number column)
        house = whole_numbers(values)
        fast.add(every, _match(house, _CELL_HOUSE), [("house_number", _house(house))])
    elif kind == "city":
        ok = _match(values, _CELL_CITY) & ~_match(values, "  | $")
        fast.add(every, ok, [("city", values)])
    elif kind == "postcode":
        ok = _match(values, _CELL_POSTCODE)
        code = _postcode(values)
        fast.add(every, ok & _pc_ok(code), [("postcode", code)])
        fast.add(every, ok, [])
    elif kind == "street":
        shape = pc.extract_regex(values, _CELL_STREET)
        street, house = _fields(shape, "street", "house")
        ok = flags(shape.is_valid()) & flags(pc.not_equal(values, "-"))
        ok &= flags(pc.less_equal(pc.utf8_length(values), MAX_CELL))
        number = pc.if_else(pc.equal(house, ""), pa.scalar(None, pa.string()), house)
        fast.add(every, ok, [("street", street), ("house_number", _house(number))])
    else:
        _fast_full(fast)
    return fast


def _merge(parts: list[_Part]) -> list[tuple[pa.Array, pa.Array]]:
    """Slots of parts that cover every position once, in position order."""
    if not parts:
        return []
    rows = np.concatenate([p.rows for p in parts])
    order = pa.array(np.argsort(rows, kind="stable"))
    out: list[tuple[pa.Array, pa.Array]] = []
    for slot in range(max((len(p.slots) for p in parts), default=0)):
        kinds: list[pa.Array] = []
        found: list[pa.Array] = []
        for p in parts:
            if len(p.slots) > slot:
                kinds.append(p.slots[slot][0])
                found.append(p.slots[slot][1])
            else:
                kinds.append(pa.nulls(len(p.rows), pa.string()))
                found.append(pa.nulls(len(p.rows), pa.string()))
        out.append(
            (pc.take(pa.concat_arrays(kinds), order), pc.take(pa.concat_arrays(found), order))
        )
    return out


def _slots(values: pa.Array, kind: str, parse: Parse) -> list[tuple[pa.Array, pa.Array]]:
    """Per slot, kind and value of each of the distinct ``values`` (null: no such pair)."""
    n = len(values)
    if n < MIN_FAST.get(kind, 96):
        return _parse(values, np.arange(n), parse).slots
    return _merge(_fast(values, kind).all(parse))


@dataclass(frozen=True, slots=True)
class Known:
    """The pairs of distinct values already read (a column's sample), for its cells."""

    kind: str
    values: pa.Array
    slots: list[tuple[pa.Array, pa.Array]]


def _slots_known(
    values: pa.Array, kind: str, parse: Parse, known: Known | None
) -> list[tuple[pa.Array, pa.Array]]:
    """:func:`_slots`, taking the pairs of values in ``known`` from there."""
    if known is None or known.kind != kind or not len(known.values):
        return _slots(values, kind, parse)
    if len(known.values) == len(values) and known.values.equals(values):
        return known.slots  # the claim read the whole column
    at = pc.index_in(values, known.values).fill_null(-1).to_numpy(zero_copy_only=False)
    hit = at >= 0
    if not hit.any():
        return _slots(values, kind, parse)
    take = pa.array(at[hit])
    parts = [
        _Part(np.flatnonzero(hit), [(pc.take(k, take), pc.take(v, take)) for k, v in known.slots])
    ]
    rest = np.flatnonzero(~hit)
    if len(rest):
        parts.append(_Part(rest, _slots(values.take(pa.array(rest)), kind, parse)))
    return _merge(parts)


def address_cells(
    column: pa.Array, kind: str, parse: Parse, known: Known | None = None
) -> CellFindings:
    """``expand_cells(column, parse)`` for an address column of ``kind`` (the pairs of
    values in ``known`` are taken from there)."""
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    enc = column.dictionary_encode()
    return slot_cells(enc.indices, _slots_known(enc.dictionary, kind, parse, known))


def column_share(
    column: pa.Array, rows: Sequence[int], kind: str, parse: Parse, share: float
) -> tuple[bool, Known]:
    """Whether at least ``share`` of the values at ``rows`` of ``column`` parse to a pair,
    reading every distinct value of the column at once, and the pairs read (for
    :func:`address_cells`: they cover all its cells)."""
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    enc = column.dictionary_encode()
    slots = _slots(enc.dictionary, kind, parse)
    known = Known(kind, enc.dictionary, slots)
    if not slots or not len(rows):
        return 0 / max(1, len(rows)) >= share, known
    has = np.append(slots[0][1].is_valid().to_numpy(zero_copy_only=False), False)
    codes = (
        enc.indices.take(pa.array(rows, pa.int64())).fill_null(-1).to_numpy(zero_copy_only=False)
    )
    good = int(has[codes].sum())
    return good / len(rows) >= share, known


def address_share(
    sample: Sequence[str], kind: str, parse: Parse, share: float
) -> tuple[bool, Known]:
    """Whether at least ``share`` of ``sample`` (stripped, non-empty) parses to a pair,
    and the pairs read (for :func:`address_cells`)."""
    return column_share(pa.array(sample, pa.string()), range(len(sample)), kind, parse, share)
