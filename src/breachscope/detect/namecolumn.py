"""Person names of a table column normalised with Arrow compute.

The common shapes of name columns - words of latin-1 letters separated by single spaces:
``Jansen``, ``de Vries``, ``van 't Hof``, ``JANSEN``, ``DE MOL``, ``Berg-Smit``,
``ZUIDEMA-WILLEMS``, ``IJzerman``, ``J.P.``, ``J. P.``, ``Marieke de Vries`` - get exactly
what :func:`breachscope.detect.names.normalise_name` makes of them: lower-case and
capitalised words stay as written, all-capital words are capitalised (each part of a
double name), a one-word tussenvoegsel in capitals or capitalised is lower-cased before
another word, runs of initials are joined, and a value made only of non-names and
tussenvoegsels is dropped. The shapes whose normal form needs the full grammar (titles,
more than one comma, HL7/EDIFACT components, a tussenvoegsel in capitals at the end or
one of several words such as ``IN 'T``, short all-capital words that may be initials,
other letters) are not decided here. ``Family, given names`` is: the family name moves to
the end first.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.fastpath import flags
from breachscope.detect.names import NOT_NAMES, PREFIXES, TRAILING_INITIALS, capitalised_double
from breachscope.detect.names import SHAPE_LOWER as L
from breachscope.detect.names import SHAPE_TITLE as TITLE
from breachscope.detect.names import SHAPE_UPPER as U

_WORDS = rf"[{U}{L}'.\-]+(?: +[{U}{L}'.\-]+)*"
ROW = rf"^ *{_WORDS} *$"
COMMA_ROW = rf"^ *{_WORDS} *, *{_WORDS} *$"
"""``Family, given names``: the family name is moved to the end (``Vries, Marieke de``
-> ``Marieke de Vries``), then the words read as a row's."""
LOW = rf"^[{L}']*[{L}][{L}']*$"
CAP = rf"^(?:IJ|[{U}])[{L}']*[{L}][{L}']*$"
CAPS = rf"^'?[{U}]+$"
INIT = rf"^(?:[{U}][{L}]?\.)+$"
HYPH = rf"^(?:(?:IJ|[{U}])[{L}]+|[{L}]{{1,3}})(?:-(?:(?:IJ|[{U}])[{L}]+|[{L}]{{1,3}}))+$"
CAPSH = rf"^[{U}]+(?:-[{U}]+)+$"
"""The word shapes of :data:`breachscope.detect.names._SHAPE_TOKEN`, one regex each."""
_PREFIX_FORMS = pa.array(
    sorted({p.lower() for p in PREFIXES} | {w for p in PREFIXES for w in p.split()}), pa.string()
)
_ONE_WORD_PREFIXES = pa.array(sorted({p.lower() for p in PREFIXES if " " not in p}), pa.string())
"""Tussenvoegsels of one word: in capitals before another word, always lower-cased (the
grammar's windows of several words hold only more tussenvoegsel words)."""
_NOT_NAMES = pa.array(sorted(NOT_NAMES), pa.string())
_NULL = pa.scalar(None, pa.string())
_PREFIX_EDGE = "|".join(re.escape(p) for p in _PREFIX_FORMS.to_pylist() if " " not in p)
PREFIX_EDGE = rf"^(?:{_PREFIX_EDGE})(?: |$)|(?:^| )(?:{_PREFIX_EDGE})$"
"""Given names that begin or end with (a word of) a tussenvoegsel, lower-cased
(``Vries, J.M. de``, ``Berg, van den Anna``): where it goes is for the full grammar."""
FAMILY_PREFIX_END = rf" (?:{_PREFIX_EDGE})$"
"""A family name with its tussenvoegsel after it, lower-cased, as registers sort names
(``berg van den, a.``): the full grammar puts it first."""
MIN_FAST = 500
"""Fewer distinct values are cheaper value by value: the Arrow calls cost about 1 ms
(each regex is compiled per call), ``normalise_name`` about 2-3 us a value (measured on
the largest benchmark corpus's name columns: the crossover lies at 250-500 distinct
values, the lower for names in capitals and ``Family, given names``)."""


def _family_last(
    values: pa.Array, text: pa.Array, candidates: np.ndarray
) -> tuple[pa.Array, np.ndarray]:
    """``text`` (values with single spaces, trimmed) with the rows of ``candidates`` in
    the comma shape (:data:`COMMA_ROW`) rewritten as ``given names + family name``, as
    :func:`breachscope.detect.names.common_name` rewrites them, and which rows those are.
    Left out (for the full grammar): given names that begin or end with a tussenvoegsel,
    family names that end with one (the caller leaves out values that begin with a
    title)."""
    at = np.flatnonzero(candidates)
    moved = np.zeros(len(values), dtype=bool)
    if not len(at):
        return text, moved
    picked = pa.array(at, pa.int64())
    comma = flags(pc.match_substring_regex(values.take(picked), COMMA_ROW))
    at = at[comma]
    if not len(at):
        return text, moved
    parts = pc.split_pattern(text.take(pa.array(at, pa.int64())), ",", max_splits=1)
    family = pc.utf8_trim(pc.list_element(parts, 0), " ")
    given = pc.utf8_trim(pc.list_element(parts, 1), " ")
    ok = ~flags(pc.match_substring_regex(pc.utf8_lower(given), PREFIX_EDGE))
    ok &= ~flags(pc.match_substring_regex(pc.utf8_lower(family), FAMILY_PREFIX_END))
    if not ok.any():
        return text, moved
    keep = pa.array(ok)
    moved[at[ok]] = True
    rewritten = pc.binary_join_element_wise(given.filter(keep), family.filter(keep), " ")
    return pc.replace_with_mask(text, pa.array(moved), rewritten), moved


def name_column(values: pa.Array) -> tuple[pa.Array, pa.Array] | None:
    """``(fast, normal)`` of a string array: which cells the common shapes decide, and
    there :func:`normalise_name` of the cell (null where it drops it); None for short
    arrays."""
    n = len(values)
    if n < MIN_FAST:
        return None
    text = pc.utf8_trim(values, " ")
    if pc.any(pc.match_substring(text, "  ")).as_py():  # (runs of spaces are rare)
        text = pc.replace_substring_regex(text, " +", " ")
    short = flags(pc.less_equal(pc.utf8_length(values), 80))
    row = flags(pc.match_substring_regex(values, ROW))
    titled = flags(pc.match_substring_regex(text, TITLE))  # (before a family name moves)
    text, moved = _family_last(values, text, short & ~row & ~titled)
    shaped = (row | moved) & short & ~titled
    rows = np.flatnonzero(shaped)
    fast = np.zeros(n, dtype=bool)
    if not len(rows):
        return pa.array(fast), pa.nulls(n, pa.string())
    lists = pc.split_pattern(text.take(pa.array(rows, pa.int64())), " ")
    # words repeat across names (given names, tussenvoegsels, common surnames): each
    # word-level check runs once per distinct word and is taken at every occurrence
    encoded = lists.flatten().dictionary_encode()
    vocab = encoded.dictionary
    at = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    parent = np.asarray(pc.list_parent_indices(lists).to_numpy(zero_copy_only=False))
    lower = pc.utf8_lower(vocab)
    v_low = flags(pc.match_substring_regex(vocab, LOW))
    v_caps = flags(pc.match_substring_regex(vocab, CAPS))
    v_cap = flags(pc.match_substring_regex(vocab, CAP))
    v_capsh = flags(pc.match_substring_regex(vocab, CAPSH))
    v_init = flags(pc.match_substring_regex(vocab, INIT))
    v_hyph = flags(pc.match_substring_regex(vocab, HYPH))
    v_known = v_low | v_caps | v_cap | v_capsh | v_init | v_hyph
    v_prefix = flags(pc.is_in(lower, _PREFIX_FORMS))
    v_cased = v_prefix & (v_caps | v_cap) & flags(pc.is_in(lower, _ONE_WORD_PREFIXES))
    v_short = np.asarray(pc.utf8_length(vocab).to_numpy(zero_copy_only=False)) <= 3
    v_trailing = flags(pc.match_substring_regex(vocab, f"^{TRAILING_INITIALS.pattern}$"))
    v_bad = (v_prefix & ~v_low & ~v_cased) | flags(pc.equal(vocab, "V."))
    v_not_name = flags(pc.is_in(pc.utf8_trim(lower, ".,:;"), _NOT_NAMES))
    caps, init, known, prefix = v_caps[at], v_init[at], v_known[at], v_prefix[at]
    cased = v_cased[at]
    same_next = np.append(parent[1:] == parent[:-1], False)
    last = ~same_next
    # a tussenvoegsel in capitals at the end stays for the grammar (``Jansen VAN``)
    # and so do initials after the surname (``JANSEN PJ``: dotted by the grammar)
    after_first = np.insert(same_next[:-1], 0, False)
    trailing = v_trailing[at] & last & after_first
    odd = v_bad[at] | (caps & ~cased & ~last & v_short[at]) | (cased & last) | trailing
    joins_next = init & same_next & np.append(init[1:], False)
    in_run = joins_next | np.insert(joins_next[:-1], 0, False)
    named = in_run | ~(prefix | v_not_name[at])
    m = len(rows)
    decided = np.bincount(parent, weights=~(known & ~odd), minlength=m) == 0
    has_name = np.bincount(parent, weights=named, minlength=m) > 0
    shown = pc.if_else(pa.array(v_caps), pc.utf8_capitalize(vocab), vocab)
    shown = pc.if_else(pa.array(v_cased), lower, shown)
    if v_capsh.any():  # (few distinct double names in capitals)
        doubles = vocab.filter(pa.array(v_capsh)).to_pylist()
        shown = pc.replace_with_mask(
            shown, pa.array(v_capsh), pa.array([capitalised_double(w) for w in doubles])
        )
    words = pc.take(shown, pa.array(at))
    seps = pc.if_else(pa.array(last | joins_next), "", " ")
    pieces = pc.binary_join_element_wise(words, seps, "")
    joined = pc.binary_join(pa.ListArray.from_arrays(lists.offsets, pieces), "")
    normal_rows = pc.if_else(pa.array(has_name), joined, _NULL)
    fast[rows[decided]] = True
    normal = pc.replace_with_mask(pa.nulls(n, pa.string()), pa.array(shaped), normal_rows)
    return pa.array(fast), normal
