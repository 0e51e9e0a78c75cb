"""Dutch phone numbers of a table column validated with Arrow compute.

The strict shapes Dutch records use (``0612345678``, ``06-12345678``, ``020 123 4567``,
``(020) 1234567``, ``+31 6 12345678``, ``0031 6 1234 5678``, and with a claiming column
the 9 digits of a spreadsheet that dropped the trunk zero) are checked against the
national-number patterns of python ``phonenumbers``' own NL metadata (RE2, the same
checks as ``is_valid_number``; with a claiming column, any mobile number's shape:
:data:`MOBILE`) and formatted to E.164 with string operations. Everything
else (foreign numbers, ``(0)``, odd punctuation or whitespace, date-like values) is left
to :meth:`PhoneDetector.validate`.
"""

from __future__ import annotations

import re

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

_SEP = r"[ \-./]?"
_BODY = rf"[1-9](?:{_SEP}[0-9])*"
SHAPE = (
    r"^[ \t]*(?:\+31[ \-]?" + _BODY + r"|0031[ \-]?" + _BODY + r"|0" + _BODY
    + r"|\(0[1-9][0-9]{0,3}\)[ \-]?[0-9](?:" + _SEP + r"[0-9])*|" + _BODY + r")[ \t]*$"
)  # fmt: skip
"""The shapes decided here (ASCII only: digits, ``+ ( )`` and single separators)."""
DATE_LIKE = (
    r"^(?:[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,4}"
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})(?:[^0-9]|$)"
)
"""The detector's date test (``03.03.1978 12``) in RE2: left to :meth:`validate`."""
_DESCS = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
"""The number types ``phonenumbers`` tries after the general description."""


def _desc_check(desc: phonenumbers.PhoneNumberDesc | None) -> tuple[str, tuple[int, ...]] | None:
    if desc is None or desc.national_number_pattern is None:
        return None
    return f"^(?:{desc.national_number_pattern})$", tuple(desc.possible_length or ())


_META = phonenumbers.PhoneMetadata.metadata_for_region("NL")
assert _META is not None and _META.country_code == 31
GENERAL = _desc_check(_META.general_desc)
TYPES = tuple(c for c in (_desc_check(getattr(_META, d)) for d in _DESCS) if c is not None)


_PY_GENERAL = None if GENERAL is None else (re.compile(GENERAL[0], re.ASCII), GENERAL[1])
_PY_TYPED = {
    n: re.compile("|".join(alts), re.ASCII)
    for n in range(33)  # a value of at most 32 characters
    if (alts := [f"(?:{p})" for p, ls in TYPES if not ls or n in ls])
}
"""Per number length: the number types that allow it, as one alternation."""
_PY_SHAPE = re.compile(SHAPE.removeprefix("^[ \\t]*").removesuffix("[ \\t]*$"), re.ASCII)
_PY_DATE_LIKE = re.compile(DATE_LIKE.removesuffix("(?:[^0-9]|$)") + "(?![0-9])", re.ASCII)
_NOT_DIGIT = re.compile(r"[^0-9]", re.ASCII)
MOBILE = r"^6[0-9]{8}$"
"""A mobile number's shape (``06`` and eight digits), the ranges aside: with a claiming
column or a label (``context``) such a number is a phone number even where no operator
has its range (``06-79078745``: a typo or an invented number is still what the person
gave as hers); without one only a valid number is. Eight times one digit
(:data:`PLACEHOLDER`, ``0600000000``) is a form's filler, never a number."""
PLACEHOLDER = "^6(?:" + "|".join(d * 8 for d in "0123456789") + ")$"
_PY_MOBILE = re.compile(MOBILE.removeprefix("^").removesuffix("$"), re.ASCII)
_PY_PLACEHOLDER = re.compile(PLACEHOLDER.removeprefix("^").removesuffix("$"), re.ASCII)


def mobile_shaped(nsn: str) -> bool:
    """Whether a national significant number has a mobile number's shape, and is no
    filler (:data:`MOBILE`, :data:`PLACEHOLDER`)."""
    return _PY_MOBILE.fullmatch(nsn) is not None and not _PY_PLACEHOLDER.fullmatch(nsn)


def valid_nsn_one(nsn: str) -> bool:
    """:func:`valid_nsn` of one national significant number, in Python ``re``."""
    if _PY_GENERAL is None:
        return False
    general, lengths = _PY_GENERAL
    size = len(nsn)
    if (lengths and size not in lengths) or not general.fullmatch(nsn):
        return False
    typed = _PY_TYPED.get(size)
    return typed is not None and typed.fullmatch(nsn) is not None


def strict_phone(text: str, context: bool) -> tuple[bool, str | None]:
    """:func:`phone_column` for one stripped value: ``(decided, E.164 or None)``, the
    same as :meth:`PhoneDetector.validate` for the shapes decided here (about 3 us a
    value, where ``phonenumbers`` takes 20-40); ``(False, None)`` for the others."""
    if len(text) > 32 or not _PY_SHAPE.fullmatch(text) or _PY_DATE_LIKE.match(text):
        return False, None
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("+31"):
        nsn = digits[2:]
    elif text.startswith("0031"):
        nsn = digits[4:]
    elif text.startswith(("0", "(0")):
        nsn = digits[1:]
    elif context and len(digits) == 9:
        nsn = digits  # a spreadsheet dropped the trunk zero
    elif context and len(digits) == 11 and digits.startswith("31") and digits[2] != "0":
        nsn = digits[2:]  # a spreadsheet dropped the plus: 31612345678
    else:
        return True, None
    ok = valid_nsn_one(nsn) or (context and mobile_shaped(nsn))
    return True, ("+31" + nsn) if ok else None


MIN_FAST = 384
"""Fewer shaped cells than this are cheaper one by one (:func:`strict_phone`, about 4 us
a value): the Arrow calls cost about 1 ms (each regex is compiled per call); measured
crossover 300-400 values."""


def _length_ok(nsn: pa.Array, lengths: tuple[int, ...]) -> pa.Array:
    return pc.is_in(pc.utf8_length(nsn), pa.array(lengths, pa.int32()))


def valid_nsn(nsn: pa.Array) -> pa.Array:
    """Whether each national significant number is a valid NL number (any type): the
    general description, then the types whose lengths allow the number's length
    (one regex per length present)."""
    if GENERAL is None:
        return pa.array([False] * len(nsn), pa.bool_())
    pattern, lengths = GENERAL
    ok = pc.match_substring_regex(nsn, pattern)
    if lengths:
        ok = pc.and_(ok, _length_ok(nsn, lengths))
    size = pc.utf8_length(nsn)
    any_type = pa.array([False] * len(nsn), pa.bool_())
    for n in pc.unique(size).to_pylist():
        alts = [p for p, ls in TYPES if not ls or n in ls]
        if alts:
            typed = pc.match_substring_regex(nsn, "|".join(alts))
            any_type = pc.or_(any_type, pc.and_(pc.equal(size, n), typed))
    return pc.and_(ok, any_type)


def phone_column(values: pa.Array, context: bool) -> tuple[pa.Array, pa.Array] | None:
    """``(fast, normal)``: which cells the shapes decide, and their E.164 form or null
    (meaningful where ``fast``); None when too few cells have the shapes."""
    if len(values) < MIN_FAST:
        return None
    shaped_mask = pc.fill_null(pc.match_substring_regex(values, SHAPE), False)
    rows = np.flatnonzero(shaped_mask.to_numpy(zero_copy_only=False))
    if len(rows) < MIN_FAST:
        return None
    text = pc.utf8_trim(values.take(pa.array(rows, pa.int64())), " \t")
    fast = pc.and_(
        pc.invert(pc.match_substring_regex(text, DATE_LIKE)),
        pc.less_equal(pc.utf8_length(text), 32),
    )
    digits = pc.replace_substring_regex(text, "[^0-9]", "")
    international = pc.starts_with(text, "+31")
    dialled = pc.starts_with(text, "0031")
    trunk = pc.or_(pc.starts_with(text, "0"), pc.starts_with(text, "(0"))
    bare = pc.invert(pc.or_(pc.or_(international, dialled), trunk))
    plus_dropped = pc.and_(  # a spreadsheet dropped the plus: 31612345678
        pc.and_(bare, pc.equal(pc.utf8_length(digits), 11)),
        pc.and_(pc.starts_with(digits, "31"), pc.invert(pc.starts_with(digits, "310"))),
    )
    if not context:
        plus_dropped = pc.and_(plus_dropped, False)
    nsn = pc.if_else(
        pc.or_(international, plus_dropped),
        pc.utf8_slice_codeunits(digits, 2),
        pc.if_else(
            dialled,
            pc.utf8_slice_codeunits(digits, 4),
            pc.if_else(trunk, pc.utf8_slice_codeunits(digits, 1), digits),
        ),
    )
    ok = valid_nsn(nsn)
    if context:
        shaped = pc.and_(
            pc.match_substring_regex(nsn, MOBILE),
            pc.invert(pc.match_substring_regex(nsn, PLACEHOLDER)),
        )
        ok = pc.or_(ok, shaped)
        nine = pc.equal(pc.utf8_length(digits), 9)
        ok = pc.and_(ok, pc.or_(pc.invert(bare), pc.or_(nine, plus_dropped)))
    else:
        ok = pc.and_(ok, pc.invert(bare))
    e164 = pc.binary_join_element_wise("+31", nsn, "")
    normal = pc.if_else(pc.fill_null(ok, False), e164, pa.scalar(None, pa.string()))
    n = len(values)
    full = np.zeros(n, dtype=bool)
    full[rows[np.asarray(fast.to_numpy(zero_copy_only=False), dtype=bool)]] = True
    return pa.array(full), pc.replace_with_mask(pa.nulls(n, pa.string()), shaped_mask, normal)
