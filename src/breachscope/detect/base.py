"""The detector contract.

A detector is a small class whose rules read as data: class constants for its identity
(``id``, ``data_class``, ``kind``), its loose prefilter ``patterns`` (compiled together with
every other detector's into one multi-pattern database), its exact ``regex`` (run only in a
small window around a prefilter hit), its context words and its column-header keywords,
plus one hook, :meth:`Detector.validate`, that checks and normalises a candidate (a failed
checksum drops the hit). Detectors with richer logic (dates, names, addresses) override
:meth:`Detector.find` and/or :meth:`Detector.cells`.

Detectors live one per module in :mod:`breachscope.detect.detectors` and are discovered
automatically; third-party packs register subclasses through the entry-point group
``breachscope.detectors``.
"""

from __future__ import annotations

import re
from abc import ABC
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import ClassVar, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import regex as regex_module

from breachscope.config import Config
from breachscope.detect.columns import header_hit
from breachscope.detect.context import TextView
from breachscope.vocabulary import DATA_CLASSES


class TextMatch(NamedTuple):
    """A validated value in free text: ``text[start:end]``, normalised to ``value``.
    An immutable named tuple: a pass makes one or two per hit, and a frozen dataclass
    costs about three times as much to build."""

    start: int
    end: int
    value: str
    kind: str
    confidence: float
    evidence: str
    """Why (pattern, checksum, context words); never holds the raw value."""
    data_class: str | None = None
    """Overrides the detector's data class (detectors emitting several classes)."""


@dataclass(frozen=True, slots=True)
class ColumnVerdict:
    """A detector's claim on a table column, decided once from header and sample."""

    score: float
    """Higher wins when several detectors claim a column."""
    kind: str
    confidence: float
    evidence: str
    sample_read: object = field(default=None, compare=False, repr=False)
    """What the detector already read from the sample (detector-specific), so that its
    :meth:`Detector.cells` does not read those values again; detectors stay stateless.
    A :class:`CellFindings` here is the column's cells, read whole by the claim: they
    are used as they are."""
    on_values: bool = False
    """Claimed on its values alone (:meth:`Detector.value_claim`), not on its header."""


HEADER_SAMPLE_SHARE = 0.5
"""Share of a header-named column's sample that must hold a finding for the claim."""
FULL_CHECK_ROWS = 4096
"""A claim may read a column of at most this many cells whole while it checks the sample
(and hand what it read to :meth:`Detector.cells`): for short columns the sample check and
the cells otherwise cost about the same twice. Longer columns check the sample only, so
that a claim another detector wins never reads a long column for nothing."""


class ColumnSample(list[str]):
    """What classification looks at of a column: up to ``SAMPLE_SIZE`` non-empty, stripped
    values from its head (a ``list`` of them, as every claim reads it), with the
    ``column`` they came from and their ``rows`` in it (positions, ascending)."""

    __slots__ = ("column", "rows")

    def __init__(self, values: Iterable[str], column: pa.Array, rows: Sequence[int]) -> None:
        super().__init__(values)
        self.column = column
        self.rows = rows

    def short_column(self) -> pa.Array | None:
        """The column, where it is short enough to read whole (``FULL_CHECK_ROWS``)."""
        return self.column if len(self.column) <= FULL_CHECK_ROWS else None


@dataclass(frozen=True, slots=True)
class CellFindings:
    """Validated values of a claimed column: ``index`` (int64 positions into the column,
    repeated when a cell holds several values), ``value`` (normalised strings) and,
    where they differ per value, ``kind`` and ``data_class``."""

    index: pa.Array
    value: pa.Array
    kind: pa.Array | None = None
    data_class: pa.Array | None = None

    @staticmethod
    def from_lists(
        index: list[int],
        value: list[str],
        kind: list[str] | None = None,
        data_class: list[str] | None = None,
    ) -> CellFindings:
        return CellFindings(
            pa.array(index, pa.int64()),
            pa.array(value, pa.string()),
            None if kind is None else pa.array(kind, pa.string()),
            None if data_class is None else pa.array(data_class, pa.string()),
        )


def expand_cells(column: pa.Array, parse: Callable[[str], list[tuple[str, str]]]) -> CellFindings:
    """Cells that hold several values (a full address): ``parse`` runs once per distinct
    value and returns ``(kind, value)`` pairs; the result repeats the cell index."""
    enc = column.dictionary_encode()
    parsed = [parse(u.strip()) if u else [] for u in enc.dictionary.to_pylist()]
    slots = [
        (
            pa.array([p[slot][0] if len(p) > slot else None for p in parsed], pa.string()),
            pa.array([p[slot][1] if len(p) > slot else None for p in parsed], pa.string()),
        )
        for slot in range(max((len(p) for p in parsed), default=0))
    ]
    return slot_cells(enc.indices, slots)


def slot_cells(indices: pa.Array, slots: Sequence[tuple[pa.Array, pa.Array]]) -> CellFindings:
    """Findings of cells holding several values: per slot, the kind and value of each
    distinct value (null where it has fewer), and ``indices``, each cell's distinct value
    (null for none). Ordered by slot, then row."""
    codes = indices.fill_null(-1).to_numpy(zero_copy_only=False)
    indexes: list[np.ndarray] = []
    values: list[pa.Array] = []
    kinds: list[pa.Array] = []
    for slot_kind, slot_value in slots:
        has = np.append(slot_value.is_valid().to_numpy(zero_copy_only=False), False)
        rows = np.nonzero(has[codes])[0]
        if not len(rows):
            continue
        picked = pa.array(codes[rows])
        indexes.append(rows)
        values.append(pc.take(slot_value, picked))
        kinds.append(pc.take(slot_kind, picked))
    if not indexes:
        return CellFindings.from_lists([], [], [])
    return CellFindings(
        pa.array(np.concatenate(indexes), pa.int64()),
        pa.chunked_array(values, pa.string()).combine_chunks(),
        pa.chunked_array(kinds, pa.string()).combine_chunks(),
    )


SMALL_COLUMN = 32
"""Columns of at most this many cells are read in Python, value by value
(:func:`cells_by_value`), wherever a detector's column path would otherwise call Arrow
or NumPy: each such call costs 5-20 us, so the few dozen of a vectorised path (50-400 us
a column of BSNs or birth dates, whatever its length) outweigh reading a few values
(about 2 us each). Tables set in text, HL7 segments and short exports have such columns."""


def distinct_cells(
    column: pa.Array,
    read: Callable[[str], str | None],
    kind_of: Callable[[str], str] | None = None,
) -> CellFindings:
    """The cells of ``column`` that ``read`` (given each distinct value once, stripped)
    gives a normal form: their positions and those forms, and with ``kind_of`` (given
    each distinct form once) their kinds."""
    if len(column) <= SMALL_COLUMN:
        return cells_by_value(column.to_pylist(), read, kind_of)
    enc = column.dictionary_encode()
    normal = [None if u is None else read(u.strip()) for u in enc.dictionary.to_pylist()]
    values = pc.take(pa.array(normal, pa.string()), enc.indices)
    valid = values.is_valid()
    index = np.flatnonzero(valid.to_numpy(zero_copy_only=False))
    kinds = None
    if kind_of is not None:
        named = pa.array([None if v is None else kind_of(v) for v in normal], pa.string())
        kinds = pc.take(named, enc.indices).filter(valid)
    return CellFindings(pa.array(index, pa.int64()), values.filter(valid), kinds)


def cells_by_value(
    cells: Sequence[str | None],
    read: Callable[[str], str | None],
    kind_of: Callable[[str], str] | None = None,
) -> CellFindings:
    """:func:`distinct_cells` of the cells of a short column, in Python: ``read`` given
    each distinct cell once (stripped), ``kind_of`` each distinct form once."""
    forms: dict[str, str | None] = {}
    index: list[int] = []
    value: list[str] = []
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        if cell in forms:
            form = forms[cell]
        else:
            form = forms[cell] = read(cell.strip())
        if form is not None:
            index.append(i)
            value.append(form)
    if kind_of is None:
        return CellFindings.from_lists(index, value)
    kinds: dict[str, str] = {}
    for form in value:
        if form not in kinds:
            kinds[form] = kind_of(form)
    return CellFindings.from_lists(index, value, [kinds[form] for form in value])


_PLACEHOLDER = re.compile(
    r"#[A-Z][A-Z/0]*[!?A-Z]"  # a spreadsheet's error (#N/B, #WAARDE!, #VERW!, #DIV/0!, #NAAM?)
    r"|(.)\1{2,}"  # one character repeated: 000000000, ---, xxx
    r"|\d(?:[.,]\d+)?E\+\d{1,2}"  # a long number a spreadsheet showed in its E notation
    r"|n\.?v\.?t\.?|n/a|onbekend|unknown|null|none|-|\?"
    r"|nan|nat|<na>|na",  # a data frame's missing value (pandas' NaN, NaT, <NA>; R's NA)
    re.IGNORECASE,
)
"""A cell that holds no value of any kind: what a spreadsheet wrote for a formula's error
or for a number too long for its cell (``7.15344E+08``: its digits are lost), a filler,
the words for none and a printed data frame's missing value. A header's claim does not
count them against its column."""


def without_placeholders(sample: Sequence[str], rows: Sequence[int]) -> tuple[list[str], list[int]]:
    """``sample`` and its ``rows`` less the cells of :data:`_PLACEHOLDER`."""
    kept = [(v, r) for v, r in zip(sample, rows, strict=True) if not _PLACEHOLDER.fullmatch(v)]
    return [v for v, _ in kept], [r for _, r in kept]


def share_of_rows(found: CellFindings, n: int, rows: Sequence[int]) -> float:
    """The share of ``rows`` (positions into a column of ``n`` cells) with a finding."""
    if not len(rows):
        return 0.0
    has = np.zeros(n, dtype=bool)
    has[found.index.to_numpy(zero_copy_only=False)] = True
    return int(has[np.asarray(rows, dtype=np.int64)].sum()) / len(rows)


def share_at_least(sample: Sequence[str], ok: Callable[[str], bool], share: float) -> bool:
    """Whether at least ``share`` of ``sample`` (non-empty) passes ``ok`` (asked once per
    distinct value: a column repeats its values); stops as soon as the answer is known."""
    n = len(sample)
    good = bad = 0
    seen: dict[str, bool] = {}
    for v in sample:
        passed = seen.get(v)
        if passed is None:
            passed = seen[v] = ok(v)
        if passed:
            good += 1
            if good / n >= share:
                return True
        else:
            bad += 1
            if (n - bad) / n < share:
                return False
    return good / n >= share


class Detector(ABC):
    """Base class of every detector. Subclasses set the constants; most override only
    :meth:`validate`."""

    id: ClassVar[str]
    """Stable id, recorded in every finding: never rename."""
    data_class: ClassVar[str]
    """One of :data:`breachscope.vocabulary.DATA_CLASSES`."""
    kind: ClassVar[str]
    """Finer role within the class (``data_class`` when there is nothing finer)."""
    patterns: ClassVar[tuple[str, ...]] = ()
    """Loose prefilter patterns (Hyperscan syntax; matched on latin-1 bytes). A hit only
    means "look here": the exact ``regex`` and :meth:`validate` decide."""
    caseless: ClassVar[bool] = False
    """Compile ``patterns`` case-insensitively."""
    regex: ClassVar[str] = ""
    """Exact pattern (``regex`` module); group ``v`` (or the whole match) is the value."""
    regex_flags: ClassVar[int] = 0
    max_len: ClassVar[int] = 64
    """Longest possible exact match: the validation window starts this far before a hit."""
    lookahead: ClassVar[int] = 8
    """The validation window ends this far after a hit."""
    context_words: ClassVar[tuple[str, ...]] = ()
    """Lower-case Dutch and English words that make a nearby value this class."""
    negative_words: ClassVar[tuple[str, ...]] = ()
    """Lower-case words that make a nearby value something else (lab number, invoice)."""
    context_required: ClassVar[bool] = False
    """Only report a text match when a context word is near."""
    context_before: ClassVar[int] = 48
    context_after: ClassVar[int] = 0
    header_keywords: ClassVar[tuple[str, ...]] = ()
    """Normalised header texts (or field ids such as ``PID-3``) naming this class; a header
    matches when it equals one or contains it as a whole word."""
    header_negative: ClassVar[tuple[str, ...]] = ()
    """Header words that veto this class for a column (``lab``, ``barcode``, ``monster``)."""
    text_labels: ClassVar[tuple[str, ...]] = ()
    """Header words that claim no column for this class, but name one whose cells, read as
    free text, are read after their header as a label that this detector's text rules
    read (a form's ``klachten`` field: only a cervix's symptoms after it are health)."""
    cell_text_negative: ClassVar[tuple[str, ...] | None] = None
    """Header words that rule this class's values out of an unclaimed column's free text
    (a creditor's IBAN, a fax number); None: :attr:`header_negative`."""
    identifier_systems: ClassVar[tuple[str, ...]] = ()
    """Identifier systems (lower case) whose values are this detector's: in a record's
    identifier list (FHIR ``identifier.N.system`` beside ``identifier.N.value``), a
    value under one of these is validated as the detector's, backed by the system."""
    shares_columns_with: ClassVar[tuple[str, ...]] = ()
    """Ids of detectors whose values may stand, cell by cell, in a column this detector
    claims: a contact column (FHIR ``telecom.N.value``, a CSV ``contact``) holds phone
    numbers in some rows and e-mail addresses in others. The filled cells this detector
    finds nothing in are validated by these, on their own shape (no column context):
    the patient with only an e-mail address, whose address stands where the others'
    phone numbers do, is found."""
    header_last_step: ClassVar[bool] = False
    """Whether a path's last step that names this class (``bsn`` in ``monsters.0.bsn``,
    ``aanvraag.patient.bsn``: a record's field under the sample, order or invoice it
    belongs to) claims the column whatever the steps above it are; a negative word then
    vetoes only in that last step. For a class whose keywords name nothing else."""
    header_over_negative: ClassVar[tuple[str, ...]] = ()
    """Header keywords that name this class although a negative word is part of them
    (``geslachtsnaam``, a surname, holds ``geslacht``, a gender)."""
    sample_pass_rate: ClassVar[float] = 0.9
    """Share of sampled non-empty cells that must validate to claim a column without a
    header keyword; ``> 1`` means header-only."""
    base_confidence: ClassVar[float] = 0.9
    emit: ClassVar[bool] = True
    """False for context-only detectors (KvK, ID documents): their hits steer other rules
    (company documents) and ``breachscope detect`` shows them, but they are no findings."""
    organisation_markers: ClassVar[tuple[str, ...]] = ()
    """Lower-case markers (``b.v.``, ``www.``, ``kvk``) that, on a value's line or the line
    before, make it an organisation's contact detail rather than a person's."""
    organisation_lines_before: ClassVar[int] = 1
    """How many lines above a value are searched for organisation markers."""
    priority: ClassVar[int] = 0
    """Wins overlaps with lower-priority detectors' matches (then the longer match wins)."""

    _compiled: ClassVar[regex_module.Pattern[str] | None] = None

    @classmethod
    def create(cls, config: Config, register: frozenset[str]) -> Detector:
        """Instantiate for one run (override to load word lists or use the register)."""
        return cls()

    def literals(self) -> Iterable[tuple[str, bool] | tuple[str, bool, str]]:
        """Extra prefilter words ``(word, caseless[, tag])`` matched at word boundaries;
        hits come back to :meth:`find_tagged` grouped by tag. A
        detector whose values need a context word is triggered by its context words
        (rare) rather than by its value shape (every 9-digit number, every date)."""
        if self.context_triggered:
            return ((w, True) for w in self.context_words)
        return ()

    @property
    def context_triggered(self) -> bool:
        return self.context_required and self.context_after == 0 and bool(self.context_words)

    def tagged_patterns(self) -> Iterable[tuple[str, str]]:
        """Extra ``(tag, pattern)`` prefilter patterns whose hits reach
        :meth:`find_tagged` under ``tag`` (e.g. the name detector's addressee lines)."""
        return ()

    def prefilter_patterns(self) -> tuple[str, ...]:
        """The loose patterns compiled into the prefilter (none when context-triggered)."""
        return () if self.context_triggered else self.patterns

    # -- rules -------------------------------------------------------------------------

    def labelled(self, label: str, raw: str) -> tuple[str, str] | None:
        """A table cell ``raw`` read as the value of what ``label`` names in its row (an
        HL7 ``OBX-5`` under the test its ``OBX-3`` names; a FHIR Observation's value under
        its code): (kind, normal form) when it is this detector's, else None (the
        default: no label makes a value this detector's)."""
        return None

    def validate(self, raw: str, context: bool) -> str | None:
        """Normalise ``raw`` (an exact-regex match, or a cell) or return None to drop it.
        ``context`` tells whether a context word or a claiming column backs the value."""
        return raw

    def refuses(self, raw: str) -> bool:
        """Whether ``raw``, a cell of a column this detector claims that it could not read,
        holds no value of its class even read as free text after its header (an API
        request's title under ``name``: ``POST uitslag (Bouma)`` is no one's ``Post``).
        Other classes' values in the cell are still read."""
        return False

    def validate_column(self, values: pa.Array, context: bool) -> pa.Array:
        """:meth:`validate` of every (stripped) element of a string array: its normal form,
        or null where it is dropped (nulls stay null). The default validates each distinct
        value once; detectors whose columns are long and distinct override it with Arrow
        compute, equal to :meth:`validate` element-wise. Samples are checked value by value
        (with early exit), where a regex compiled per Arrow call would cost more."""
        enc = values.dictionary_encode()
        uniques = enc.dictionary.to_pylist()
        normal = pa.array(
            [self.validate(u.strip(), context) if u is not None else None for u in uniques],
            pa.string(),
        )
        return pc.take(normal, enc.indices)

    # -- free text ---------------------------------------------------------------------

    @classmethod
    def exact(cls) -> regex_module.Pattern[str]:
        pat = cls.__dict__.get("_compiled")
        if pat is None:
            pat = regex_module.compile(cls.regex, cls.regex_flags | regex_module.VERSION1)
            cls._compiled = pat
        return pat

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """Validated matches around prefilter hits, grouped by literal tag (patterns have
        tag ``""``). The default merges them and calls :meth:`find`."""
        if len(hits) == 1:
            ends: Sequence[int] = next(iter(hits.values()))
        else:
            ends = sorted({e for group in hits.values() for e in group})
        return self.find(view, ends)

    def find(self, view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
        """Validated matches around prefilter hits ending at ``ends`` (sorted)."""
        seen: set[tuple[int, int]] = set()
        pat = self.exact()
        group: str | int | None = None
        if self.context_triggered:  # hits end at context words: look ahead for values
            before, after = 4, self.context_before + self.max_len
        else:
            before, after = self.max_len, self.lookahead
        for lo, hi in view.hit_windows(ends, before, after):
            for m in view.finditer(pat, lo, hi):
                if group is None:
                    group = "v" if "v" in m.groupdict() else 0
                start, end = m.span(group)
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                found = self.check(view, start, end, m.group(group))
                if found is not None:
                    yield found

    def check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """Context check + :meth:`validate` for one exact match."""
        words = view.labelled(
            start,
            end,
            self.context_words,
            self.negative_words,
            self.context_before,
            self.context_after,
        )
        if self.context_required and not words:
            return None
        if (
            not words
            and self.negative_words
            and view.context_hits(start, end, self.negative_words, self.context_before, 0)
        ):
            return None
        if self.organisation_markers and (
            (
                view.line_has(start, self.organisation_markers, self.organisation_lines_before)
                and not _query_value(view.text, start)
                and not self._request_field(view, start)
            )
            or _party_key_before(view.lower, start)
        ):
            return None
        value = self.validate(raw, bool(words))
        if value is None:
            return None
        return TextMatch(
            start, end, value, self.kind, self.text_confidence(bool(words)), self.explain(words)
        )

    def _request_field(self, view: TextView, start: int) -> bool:
        """Whether the value at ``start`` is a field of a request's JSON body under its
        quoted key (``curl https://lims.../api/v1/clients -d '{"postcode":"3771LP"}'``)
        and only a web address marks its line: what a person's record sent to a site,
        not the site's own contact (a letterhead writes no JSON keys); or a URL query's
        value (:func:`_query_value`: ``zoek?achternaam=Vos&postcode=1503+KK``)."""
        if start and view.text[start - 1] in "=Bb+" and _query_value(view.text, start):
            return True
        if start == 0 or view.text[start - 1] not in '":':
            return False  # (C-speed: most values have no key right before them)
        if _JSON_KEY.search(view.text, max(0, start - _JSON_KEY_REACH), start) is None:
            return False
        others = tuple(m for m in self.organisation_markers if m not in _WEB_MARKERS)
        return not view.line_has(start, others, self.organisation_lines_before)

    def labelled_match(
        self, start: int, end: int, raw: str, words: Sequence[str]
    ) -> TextMatch | None:
        """``raw`` at ``start:end`` validated as a value its context ``words`` label (the
        rules that find such a label themselves): the match, or None."""
        value = self.validate(raw, True)
        if value is None:
            return None
        return TextMatch(
            start, end, value, self.kind, self.text_confidence(True), self.explain(words)
        )

    def text_confidence(self, context: bool) -> float:
        if context or not self.context_words:
            return self.base_confidence
        return round(self.base_confidence - 0.15, 3)

    def explain(self, words: Sequence[str], extra: str = "") -> str:
        return _explanation(self.id, tuple(words), extra)

    # -- tables ------------------------------------------------------------------------

    def claim_column(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        """Decide once whether this detector owns a column (header + sample of values)."""
        decided, verdict = self.header_claim(header, sample)
        return verdict if decided else self.value_claim(sample)

    def header_claim(self, header: str, sample: Sequence[str]) -> tuple[bool, ColumnVerdict | None]:
        """The header's part of :meth:`claim_column`: ``(True, verdict or None)`` when the
        header decides (a negative word, or a keyword with the sample check), else
        ``(False, None)``: the values decide (:meth:`value_claim`).

        A short column (:meth:`ColumnSample.short_column`) is read whole by
        :meth:`cells` for the check, and its cells go with the verdict
        (``sample_read``): the sample's share is then that of its rows with a finding."""
        key = _header_key(header, type(self))
        if key is _NEGATIVE:
            return True, None
        if not key:
            return False, None
        verdict = self.column_verdict(header, key)
        if not sample:
            return True, verdict
        rows = sample.rows if isinstance(sample, ColumnSample) else range(len(sample))
        values, rows = without_placeholders(sample, rows)  # (``#N/B``, ``000000000``)
        if not values:
            return True, None
        if not isinstance(sample, ColumnSample) or (whole := sample.short_column()) is None:
            return True, (verdict if self.sample_share(values, HEADER_SAMPLE_SHARE) else None)
        found = self.cells(whole, verdict)  # what the cells would read, read once
        if share_of_rows(found, len(whole), rows) < HEADER_SAMPLE_SHARE:
            return True, None
        return True, replace(verdict, sample_read=found)

    def column_verdict(self, header: str, key: str) -> ColumnVerdict:
        """The claim the header ``header``, named by keyword ``key``, makes on a column:
        :meth:`header_verdict` with the detector's kind (a detector whose kinds differ by
        column tells the kind from the header)."""
        return self.header_verdict(key, self.kind)

    def header_verdict(self, key: str, kind: str) -> ColumnVerdict:
        """The claim a header keyword ``key`` makes on a column (before the sample check)."""
        confidence = min(1.0, self.base_confidence + 0.08)
        return ColumnVerdict(2.0, kind, confidence, f"column header {key!r}")

    def value_claim(self, sample: Sequence[str], at_least: float = 0.0) -> ColumnVerdict | None:
        """The values' part of :meth:`claim_column` (score ``1 + share valid``); None also
        when fewer than ``at_least`` of them are valid (checked with early exit)."""
        if self.sample_pass_rate > 1 or len(sample) < 5 or at_least > 1:
            return None
        ok = self.passing(sample, False, max(self.sample_pass_rate, at_least))
        rate = 0.0 if ok is None else ok / len(sample)
        if ok is not None and rate >= self.sample_pass_rate:
            return ColumnVerdict(
                1.0 + rate,
                self.kind,
                self.base_confidence,
                f"column values ({rate:.0%} of sample valid)",
                on_values=True,
            )
        return None

    def sample_share(self, sample: Sequence[str], share: float) -> bool:
        """Whether at least ``share`` of ``sample`` validates with a claiming column's
        backing (``context``), as a header-named column must."""
        return share_at_least(sample, lambda v: self.validate(v, True) is not None, share)

    def passing(self, sample: Sequence[str], context: bool, rate: float) -> int | None:
        """How many ``sample`` values pass :meth:`validate` (each distinct value checked
        once), or None when fewer than ``rate`` of them pass (as soon as that is sure)."""
        n = len(sample)
        seen: dict[str, bool] = {}
        ok = failed = 0
        for v in sample:
            good = seen.get(v)
            if good is None:
                good = seen[v] = self.validate(v, context) is not None
            if good:
                ok += 1
            else:
                failed += 1
                if (n - failed) / n < rate:
                    return None
        return ok

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        """Validated values of a claimed column (:meth:`validate_column`, backed by the
        column; a short one value by value: :data:`SMALL_COLUMN`)."""
        if len(column) <= SMALL_COLUMN:
            return distinct_cells(column, lambda u: self.validate(u, True))
        normal = self.validate_column(column, True)
        valid = normal.is_valid()
        index = np.flatnonzero(valid.to_numpy(zero_copy_only=False))
        return CellFindings(pa.array(index, pa.int64()), normal.filter(valid))

    @classmethod
    def check_constants(cls) -> None:
        """Raise if the class constants break the contract (run when a set is built)."""
        for name in ("id", "data_class", "kind"):
            if not getattr(cls, name, ""):
                raise TypeError(f"detector {cls.__qualname__} lacks {name}")
        if cls.data_class not in DATA_CLASSES:
            raise TypeError(f"detector {cls.id}: unknown data class {cls.data_class!r}")


_PARTY_KEY = re.compile(
    r"(?<![\w.])(?:lab|laboratorium|praktijk|huisarts|aanvrager|verwijzer|zorgverlener"
    r"|afzender|sender|organisatie|organisation|company|bedrijf)[._][\w.\-]{1,40}"
    r"[ \t]*[=:][ \t]*[\"']?\Z"
)
"""A key of someone else's contact detail right before a value (``lab.iban=``,
``praktijk.telefoon: ``, ``aanvrager_email=``: a properties file's, a log's): the
organisation's, never the patient's."""
_PARTY_KEY_REACH = 64


_QUERY_KEY = re.compile(r"[?&][A-Za-z_][\w.\-\[\]]{0,39}=(?:%2[Bb]|\+)?\Z")
"""A URL's query key right before a value (``?email=...&tel=%2B316...``)."""
_QUERY_KEY_REACH = 48
_JSON_KEY = re.compile(r"\"[A-Za-z_][\w.\-]{0,39}\"[ \t]*:[ \t]*\"?\Z")
"""A JSON object's quoted key right before a value (``"postcode":"``)."""
_JSON_KEY_REACH = 48
_WEB_MARKERS = frozenset({"www.", "http:", "https:"})
"""The organisation markers a web address holds (a request's endpoint on a command's line)."""


def _query_value(text: str, start: int) -> bool:
    """Whether the value at ``start`` is a URL query's (an access log's request line:
    ``POST /portaal/wachtwoord-vergeten?...&tel=%2B31658501506``): what a person sent
    to a site, never the site's own contact, so a web address on its line (the request's
    referrer) marks no organisation's value."""
    if start == 0 or text[start - 1] not in "=Bb+":
        return False  # (C-speed: most values have no key right before them)
    return _QUERY_KEY.search(text, max(0, start - _QUERY_KEY_REACH), start) is not None


def _party_key_before(lower: str, start: int) -> bool:
    """Whether :data:`_PARTY_KEY` ends at ``start``; searched only where a key's ``=`` or
    ``:`` stands right before the value (C-speed string checks: most values have none)."""
    lo = max(0, start - _PARTY_KEY_REACH)
    before = lower[lo:start]
    if before.endswith(("'", '"')):
        before = before[:-1]
    if not before.rstrip(" \t").endswith(("=", ":")):
        return False
    return _PARTY_KEY.search(lower, lo, start) is not None


_NEGATIVE = "\x00negative"
"""What :func:`_header_key` gives for a header a negative word rules out."""


@lru_cache(maxsize=65536)
def names_column(header: str, cls: type[Detector]) -> bool:
    """Whether the header keywords of detector class ``cls`` name ``header`` (and no
    negative word of it rules it out)."""
    key = _header_key(header, cls)
    return bool(key) and key is not _NEGATIVE


def _header_key(header: str, cls: type[Detector]) -> str | None:
    """The keyword by which the header keywords of detector class ``cls`` name ``header``
    (its words over negative ones first), :data:`_NEGATIVE` where a negative word rules it
    out, else None: once per header and class, where the classification of a column asks
    every detector, and a merged table's segments ask again."""
    key = header_hit(header, cls.header_over_negative)
    if key:
        return key
    if cls.header_last_step and "." in header:
        last = header.rsplit(".", 1)[1]
        if last and not header_hit(last, cls.header_negative):
            key = header_hit(last, cls.header_keywords)
            if key:
                return key
    if header_hit(header, cls.header_negative):
        return _NEGATIVE
    return header_hit(header, cls.header_keywords)


@lru_cache(maxsize=4096)
def _explanation(detector: str, words: tuple[str, ...], extra: str) -> str:
    """:meth:`Detector.explain`, memoised: a pass explains the same few context words
    thousands of times."""
    text = f"pattern {detector}"
    if extra:
        text += "; " + extra
    if words:
        text += "; context " + ", ".join(repr(w) for w in words)
    return text
