"""Tables are tables: each column is classified once (header + a sample of its values)
and its detector applied to every cell; unclaimed columns holding text are scanned as
free text, all their cells in one block. Every finding's ``record`` is its row (one row =
one mention).

Row rules work on integer row positions before any location string is built:

* rows that identify a provider (AGB, BIG, UZI, practice) but hold no patient evidence
  (BSN, date of birth, health data) describe the provider (a GP practice list): their
  findings become class ``provider`` without a record, so they form no person mention;
* a table with a KvK column lists companies: only rows with patient evidence are kept;
* a town or a street name alone locates nobody: address findings count only in rows with
  a postcode or a house number;
* a component of an HL7 or EDIFACT field repeats what the field's own column holds
  (``PID-5.1`` in ``PID-5``, ``PNA+PAT-5.1`` in ``PNA+PAT``): where the field has a finding
  of the same kind in the row (any name kind for names; across a repetition, ``PID-5(2)``
  beside ``PID-5``, of the same value: a second name is a birth name), the component's is
  dropped. So a field is reported once, and code components (the name type ``L`` of
  ``PID-5.7``, the qualifier ``SU`` of ``PNA+PAT-5.1``, the authority ``Vektis`` of
  ``OBR-16.9``) never read as values;
* a value whose row names what it is (:data:`_LABELLED_VALUE`: an HL7 ``OBX-5`` under
  its ``OBX-3``, a FHIR Observation's value under its code) is read under that name by
  the detectors that read labels: ``positief`` under ``hrHPV`` is an HPV result, a bare
  ``16`` under ``HPV genotype`` a genotype.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.base import HEADER_SAMPLE_SHARE, CellFindings, ColumnSample
from breachscope.detect.columns import anything_named, field_parents, header_hit, repeating_parents
from breachscope.detect.detectors._org import OTHER_PARTY_HEADERS
from breachscope.detect.detectors.address import house_number
from breachscope.detect.examples import dummy_names
from breachscope.detect.fastpath import string_bytes
from breachscope.detect.finding import FINDINGS_SCHEMA, LABEL
from breachscope.detect.headerless import POSITIONAL, UNNAMED, guessed_headers
from breachscope.detect.replies import labelled_column, reply_labels
from breachscope.detect.rows import (
    RowStrings,
    as_label,
    cell_suffix,
    chunk_labels,
    empty_findings,
    label,
    label_mask,
)
from breachscope.detect.sideways import SideTable, relocated
from breachscope.detect.textmessages import hl7_cells
from breachscope.extract.units import TableUnit

if TYPE_CHECKING:
    from breachscope.detect.base import ColumnVerdict, Detector
    from breachscope.detect.detectorset import DetectorSet, Hit

SAMPLE_SIZE = 200
"""Non-empty cells per column looked at to classify it."""
MAX_REST_CELLS = 4096
"""Most cells of a claimed column that its detector could not read which are read as
free text (:meth:`TableScan._rest_as_text`); a column with more is not read so."""
PROSE_CHARS = 40
PROSE_SPACES = 5
"""A claimed cell holds a sentence around its value where it is at least this many
characters longer than the value and holds this many spaces (:meth:`TableScan._prose_as_text`)."""
TEXT_COLUMN_SHARE = 0.2
"""An unclaimed column is scanned as free text when at least this share of its sampled
cells holds several words or a structured value, or when the sample itself has findings
(a column mixing phone numbers and e-mail addresses). Columns of codes, numbers and dates
without findings in their sample are not scanned."""
PATIENT_EVIDENCE = ("bsn", "date_of_birth", "health")
"""Classes that make a row a person mention even when it identifies a provider."""
PROVIDER_IDS = ("provider_agb", "provider_big", "provider_uzi", "provider_practice")
"""Provider kinds that identify a provider (not just a referral by name)."""
FHIR_PROVIDERS = frozenset(
    {"Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService",
     "Device", "Endpoint"}
)  # fmt: skip
"""FHIR resources that describe a care provider, not a patient: their rows are provider
rows whatever they hold (a GP's name and AGB code in a Bundle beside her patients)."""


def fhir_providers(unit: TableUnit) -> np.ndarray:
    """Per row of ``unit``: a FHIR resource of :data:`FHIR_PROVIDERS` (its
    ``resourceType`` column, of a Bundle's entry or of the resource itself)."""
    for header in ("resource.resourceType", "resourceType"):
        if header in unit.columns:
            kinds = unit.data.column(f"c{unit.columns.index(header)}")
            found = pc.is_in(kinds, pa.array(sorted(FHIR_PROVIDERS)))
            return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    return np.zeros(unit.num_rows, dtype=bool)


ADDRESS_EVIDENCE = ("postcode", "house_number")


_IDENTIFIER_VALUE = re.compile(r"(?P<head>(?:.*\.)?[^.]+\.\d+\.)value")
"""The value of an entry of a record's list of identifiers, its system (or its type) beside
it (a FHIR resource's ``identifier.0.value``, an API's ``identifiers.0.value``)."""
_IDENTIFIER_EXTENSION = re.compile(r"(?P<head>(?:.*\.)?id(?:\.\d+)?\.)@extension")
"""An HL7 v3 (CDA) identifier read from XML, ``<id root="OID" extension="..."/>``: its value
the extension, its system the root beside it."""
_IDENTIFIER_COMPONENT = re.compile(r"(?P<head>[A-Z][A-Z0-9]{2}\+[A-Z0-9]{1,6}(?:\[\d+\])?-\d+\.)1")
"""An EDIFACT identification composite's number, its type the component after it
(``PNA+PAT+385280841:BSN``: ``PNA+PAT-2.1`` beside ``PNA+PAT-2.2``)."""
_PATIENT_PARTY = re.compile(r"(?:PNA|NAD)\+PAT(?:\[\d+\])?-\d+\.1")
"""The number of an EDIFACT patient's identification (``PNA+PAT++128790945:100``): where
its type is a code-list number no detector's system names (not a mnemonic such as
``PI``, a patient number), a number that passes the elfproef is read as her BSN (with
five messages or more, its column's values claim it anyway; a batch of four did not)."""
_PATIENT_ID = "a patient's identification (EDIFACT), its type a numbered code: read as a BSN"
_LABELLED_VALUE: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?P<head>OBX(?:\[\d+\])?-)5"), ("3.2", "3.1", "3")),
    (
        re.compile(
            r"(?P<head>(?:.*\.)?)value(?:String|Boolean|Integer|Quantity\.value|"
            r"CodeableConcept\.text|CodeableConcept\.coding\.\d+\.(?:display|code))"
        ),
        ("code.text", "code.coding.0.display", "code.coding.0.code"),
    ),
    (
        re.compile(r"(?P<head>(?:.*\.)?)value\.@displayName"),
        ("code.@displayName", "code.originalText", "code.@code"),
    ),
)
"""Value columns whose row names what the value is, and the columns beside them that
name it (compared without case), the first filled one per row: an HL7 observation's
value (``OBX[2]-5``) under its identifier (``OBX[2]-3.2``, the text, else the code), a
FHIR Observation's value (``valueString``, ``valueCodeableConcept.text``...) under its
``code``, an HL7 v3 (CDA) observation's coded value (``<value code="POS"
displayName="Positief"/>``) under its ``<code displayName="hrHPV"/>``."""
_PRACTICE = "provider_practice"
_GP_OF_THE_ROW = ("huisarts", "eigen huisarts", "verwijzer", "aanvrager", "~gp")
"""Headers of a column that names the GP of the row's person (see
:meth:`TableScan._gp_of_the_row`)."""
_TEST_COLUMNS = (
    "test", "testnaam", "test_naam", "bepaling", "analyse", "parameter", "onderzoek",
    "observatie", "analyte", "component",
)  # fmt: skip
"""The columns of a results export that name the test of the value beside them."""
_LABELLED_UNCLAIMED: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(
            r"(?P<head>(?:.*\.)?)(?i:waarde|meetwaarde|uitslagwaarde|value|result(?:aat)?|uitslag)"
        ),
        _TEST_COLUMNS,
    ),
)
"""As :data:`_LABELLED_VALUE`, for a value column that no detector claimed: a results
export's ``waarde`` under its ``test`` (``Glucose``, ``7.8``), also in one object of a
JSON record (``uitslag.waarde`` under ``uitslag.bepaling``: ``HbA1c``, ``84 mmol/mol``).
(A claimed ``uitslag`` column keeps its own findings and their header's explanation.)"""
_PAIR_VALUE = re.compile(
    r"(?:custom)?(?:field|attribute|property|veld)?[ _-]?(?:values?|waarde|answer|antwoord)",
    re.IGNORECASE,
)
"""A step of the header of a value whose row names its field (``value``,
``customfieldvalue``, ``answer``): see :meth:`TableScan._named_values`."""
_PAIR_NAME = re.compile(
    r"(?:custom)?(?:field|attribute|property)[ _-]?(?:name|naam|key|label)|key|label|question"
    r"|vraag|veldnaam|veld|field|attribute|attribuut|property|kenmerk",
    re.IGNORECASE,
)
"""The step of the header of the column beside it that names that field
(``customfieldname``, ``fieldName``, ``key``, ``question``)."""
_PAIR_NAME_NESTED = re.compile(r"name|naam", re.IGNORECASE)
"""Also, inside a list's entry (``fields.0.name`` beside ``fields.0.value``): a table's own
``naam`` column names its person."""
MAX_PAIR_FIELDS = 64
"""Most distinct field names a column of named values is read under."""
_TEXTY = re.compile(r"[ ^~;|\n]")
"""A texty value holds several words or is a structured value (HL7 components, lists)."""


def pair_names(columns: Sequence[str], header: str, nested: bool) -> int | None:
    """The column that names the field of each value in column ``header``, or None: a
    value's step (or its two last ones) is a value's (:data:`_PAIR_VALUE`), and a column
    under the same parent names a field (:data:`_PAIR_NAME`; ``name`` inside a list's
    entry, or in a table that is a document's list, ``nested``). A Jira issue's
    ``customfieldname`` beside ``customfieldvalues.customfieldvalue``; an API's
    ``fields.0.name`` beside ``fields.0.value``."""
    steps = header.split(".")
    for n in (1, 2):
        if len(steps) < n or not all(_PAIR_VALUE.fullmatch(x) for x in steps[-n:]):
            continue
        head = ".".join(steps[:-n])
        prefix = f"{head}." if head else ""
        inside = bool(head) or nested
        for j, c in enumerate(columns):
            last = c[len(prefix) :]
            if not c.startswith(prefix) or "." in last or c == header:
                continue
            if _PAIR_NAME.fullmatch(last) or (inside and _PAIR_NAME_NESTED.fullmatch(last)):
                return j
    return None


def has_pairs(unit: TableUnit) -> bool:
    """Whether a table holds a column of values named row by row (:func:`pair_names`)."""
    nested = unit.location.part is not None
    return any(pair_names(unit.columns, c, nested) is not None for c in unit.columns)


def sample_of(column: pa.Array, size: int = SAMPLE_SIZE) -> ColumnSample:
    """Up to ``size`` non-empty, stripped values from the head of a column (with the
    column and their rows in it)."""
    rows: list[int] = []
    out: list[str] = []
    _take_filled(column, 0, min(len(column), size * 4), size, rows, out)
    return ColumnSample(out, column, rows)


def _take_filled(
    column: pa.Array, start: int, stop: int, quota: int, rows: list[int], out: list[str]
) -> None:
    """Append to ``out`` (and their positions to ``rows``) the first ``quota`` non-empty,
    stripped values of ``column[start:stop]``. Rows are converted to Python in steps of
    ``quota`` (a dense column needs only the first step)."""
    taken = 0
    pos = start
    while pos < stop and taken < quota:
        step = min(stop - pos, max(quota - taken, 16))
        for i, v in enumerate(column.slice(pos, step).to_pylist(), pos):
            if v is not None and (s := v.strip()):
                out.append(s)
                rows.append(i)
                taken += 1
                if taken == quota:
                    break
        pos += step


def sample_of_segments(column: pa.Array, bounds: Sequence[tuple[int, int]]) -> ColumnSample:
    """:func:`sample_of` of a merged column: the first non-empty, stripped values of each
    segment ``(start, stop)`` in turn, an equal quota each (so the sample speaks for every
    unit, up to ``SAMPLE_SIZE`` of them); rows ascending."""
    quota = max(1, math.ceil(SAMPLE_SIZE / max(1, len(bounds))))
    rows: list[int] = []
    out: list[str] = []
    for start, stop in bounds:
        _take_filled(column, start, min(stop, start + quota * 4), quota, rows, out)
        if len(out) >= SAMPLE_SIZE:
            break
    return ColumnSample(out, column, rows)


def _filled(column: pa.Array) -> np.ndarray:
    """Per cell: it holds something besides white space. Read from the value offsets
    and each cell's first byte: a printable ASCII character other than a space decides
    it; only the other non-empty cells (leading white space, other characters) are
    trimmed by Arrow (Unicode white space, as before)."""
    text = column if pa.types.is_string(column.type) else column.cast(pa.string())
    offsets, data = string_bytes(text)
    out: np.ndarray = offsets[1:] > offsets[:-1]
    if text.null_count:
        out &= text.is_valid().to_numpy(zero_copy_only=False)
    cells = np.flatnonzero(out)
    if not len(cells):
        return out
    first = data[offsets[cells]]
    unsure = cells[(first <= 0x20) | (first >= 0x7F)]
    if len(unsure):
        trimmed = pc.utf8_trim_whitespace(text.take(pa.array(unsure, pa.int64())))
        out[unsure] = pc.greater(pc.utf8_length(trimmed), 0).to_numpy(zero_copy_only=False)
    return out


Label: TypeAlias = str | pa.DictionaryArray
"""A findings label of a chunk: one value for all its findings, or one per finding."""


@dataclass
class _Chunk:
    """Findings of one column: positions into the unit's rows and per-finding values
    (labels constant or dictionary-encoded, as in :data:`FINDINGS_SCHEMA`)."""

    column: str
    index: np.ndarray
    value: pa.Array
    data_class: Label
    kind: Label
    detector: Label
    confidence: float | pa.Array
    explanation: Label
    start: pa.Array | None = None
    """In-cell character spans (free text in cells), else None."""
    end: pa.Array | None = None

    def take(self, sel: np.ndarray) -> _Chunk:
        """The findings at positions ``sel`` of this chunk."""
        at = pa.array(sel)

        def pick(x: Label) -> Label:
            return x if isinstance(x, str) else x.take(at)

        return _Chunk(
            self.column,
            self.index[sel],
            self.value.take(at),
            pick(self.data_class),
            pick(self.kind),
            pick(self.detector),
            self.confidence if isinstance(self.confidence, float) else self.confidence.take(at),
            pick(self.explanation),
            None if self.start is None else self.start.take(at),
            None if self.end is None else self.end.take(at),
        )


_TWINNED = ("iban", "phone", "email")
"""Contact classes of which a table may hold a column of its people's and a column of the
organisation's own (an invoice list's ``IBAN debiteur`` beside ``Eigen rekening``)."""
MIN_CONSTANT = 3
"""Fewest rows of one value that make a column the organisation's beside its twin."""


def _without_constant_twins(chunks: list[_Chunk]) -> list[_Chunk]:
    """``chunks`` less the columns of a contact class that hold one value in every row
    (at least :data:`MIN_CONSTANT`) where another column of that class holds several:
    the organisation's own account, line or mailbox beside its people's (a debtor list's
    ``Eigen rekening``). A lone constant column stays: a household's shared number."""
    drop: set[int] = set()
    for cls in _TWINNED:
        mine = [k for k, c in enumerate(chunks) if c.data_class == cls and c.start is None]
        if len(mine) < 2:
            continue
        distinct = {k: pc.count_distinct(chunks[k].value).as_py() for k in mine}
        if any(d >= 2 for d in distinct.values()):
            drop.update(
                k for k in mine if distinct[k] == 1 and len(chunks[k].index) >= MIN_CONSTANT
            )
    return [c for k, c in enumerate(chunks) if k not in drop] if drop else chunks


SUFFIX_HEADERS = ("toevoeging", "toev", "huisnummertoevoeging", "hnr toev", "huisletter")
"""Headers of a column of house-number suffixes (``Toev.``), which no detector claims:
their cells join the row's house number (:func:`_with_suffix`)."""


def _with_suffix(chunk: _Chunk, suffix: pa.Array) -> _Chunk:
    """``chunk`` with the house numbers a table's cells give (not free text in a cell)
    joined to their row's suffix (``7`` and ``a`` under ``Toevoeging``: ``7A``; ``144``
    and ``bis``: ``144 bis``) where the number has none of its own."""
    named = chunk.data_class
    if chunk.start is not None or (isinstance(named, str) and named != "address"):
        return chunk
    at = np.flatnonzero(_mask(chunk.kind, len(chunk.index), ("house_number",)))
    if not len(at):
        return chunk
    values = chunk.value.to_pylist()
    ends = suffix.take(pa.array(chunk.index[at])).to_pylist()
    changed = False
    for k, end in zip(at.tolist(), ends, strict=True):
        number, tail = values[k], (end or "").strip()
        sep = "-" if tail.startswith("-") else " "  # (``-II``: ``3-II``)
        tail = tail.lstrip("-")
        if tail and number and number.isdigit() and len(tail) <= 4 and tail.isalnum():
            values[k] = house_number(f"{number}{sep}{tail}")
            changed = True
    return replace(chunk, value=pa.array(values, pa.string())) if changed else chunk


def _after(hit: Hit, n: int, header: str) -> Hit:
    """``hit``, found in a cell read after ``header`` as a label of ``n`` characters:
    where the label is one of the detector's :attr:`text_labels` and its match holds the
    label and more (``klachten: contactbloedingen sinds 3 mnd``, the health rule's), the
    match cut to the cell's text; else ``hit`` itself."""
    m = hit.match
    if m.start >= n or m.end <= n or not header_hit(header, hit.detector.text_labels):
        return hit
    return hit._replace(match=m._replace(start=n, value=m.value[n - m.start :]))


def _refused(header: str, det: Detector, raw: str | None) -> bool:
    """Whether ``det``, which ``header`` names, refuses cell ``raw`` of that column
    (:meth:`~breachscope.detect.base.Detector.refuses`: ``POST uitslag (Bouma)`` under
    ``name`` gives no name ``Post`` read after the header as a label)."""
    return raw is not None and bool(header_hit(header, det.header_keywords)) and det.refuses(raw)


def _mask(values: Label, n: int, wanted: tuple[str, ...]) -> np.ndarray:
    """Per-finding flags: the label is one of ``wanted``."""
    if isinstance(values, str):
        return np.full(n, values in wanted, dtype=bool)
    return label_mask(values, wanted)


def _kinds(chunk: _Chunk) -> np.ndarray:
    """Per finding: the kind a field component's finding must share with the field's to
    repeat it (``name`` for every name kind, ``health`` for every health kind: a coded
    result's field ``POS^positief^L`` read as an HPV result, its components as results;
    else ``class/kind``)."""
    n = len(chunk.index)

    def strings(x: Label) -> np.ndarray:
        if isinstance(x, str):
            return np.full(n, x, dtype=object)
        return np.array(x.cast(pa.string()).to_pylist(), dtype=object)

    cls, kind = strings(chunk.data_class), strings(chunk.kind)
    whole = (cls == "name") | (cls == "health")
    out: np.ndarray = np.where(whole, cls, cls + "/" + kind)
    return out


def _without_parts(chunks: list[_Chunk]) -> list[_Chunk]:
    """``chunks`` without the findings of field components that their field's column
    already holds in the same row, of the same kind; across a repetition, of the same kind
    and value (see the module docstring)."""
    columns = {c.column for c in chunks}
    if not any(p in columns for c in chunks for p in field_parents(c.column)):
        return chunks  # the common case: no component beside its field
    enclosing = {p for c in chunks for p in field_parents(c.column)}
    held: dict[str, list[tuple[np.ndarray, np.ndarray, list[str]]]] = {}
    for c in chunks:
        if c.column in enclosing:
            held.setdefault(c.column, []).append((c.index, _kinds(c), c.value.to_pylist()))
    out: list[_Chunk] = []
    for c in chunks:
        near = repeating_parents(c.column)
        parents = [part for p in near for part in held.get(p, ())]
        beyond = [part for p in field_parents(c.column)[len(near) :] for part in held.get(p, ())]
        if not parents and not beyond:
            out.append(c)
            continue
        k = _kinds(c)
        keep = np.ones(len(c.index), dtype=bool)
        for key in set(k.tolist()) if parents else ():
            mine = k == key
            rows = [index[pk == key] for index, pk, _ in parents]
            keep[mine] &= ~np.isin(c.index[mine], np.concatenate(rows))
        if beyond:  # a repetition repeats its field's finding only with the same value
            seen = {
                (int(i), pk_, v)
                for index, pk, pv in beyond
                for i, pk_, v in zip(index, pk, pv, strict=True)
            }
            values = c.value.to_pylist()
            keep &= np.array(
                [(int(i), k_, v) not in seen for i, k_, v in zip(c.index, k, values, strict=True)],
                dtype=bool,
            )
        if keep.all():
            out.append(c)
        elif keep.any():
            out.append(c.take(np.flatnonzero(keep)))
    return out


@dataclass(frozen=True, slots=True)
class Segment:
    """Rows ``start:stop`` of a merged table (:func:`detect_merged`): one unit's rows."""

    unit: TableUnit
    start: int
    stop: int


class TableScan:
    """One table unit through a detector set; or several units of one header, merged
    into one table (``segments``), whose findings come back per unit."""

    def __init__(
        self, dset: DetectorSet, unit: TableUnit, segments: Sequence[Segment] | None = None
    ) -> None:
        self.dset = dset
        self.unit = unit
        self.segments = (
            list(segments) if segments is not None else [Segment(unit, 0, unit.num_rows)]
        )
        self.merged = len(self.segments) > 1
        self.outliers: set[int] = set()
        """Segments whose columns read otherwise than the merged table's (see
        :meth:`_check_claimed`, :meth:`_check_value_claim`, :meth:`_check_unclaimed`):
        they are scanned alone."""
        self.context_columns: list[tuple[Detector, ColumnVerdict]] = []
        """Columns claimed by context-only detectors (KvK, ID documents)."""
        self.chunks: list[_Chunk] = []
        self.extras: list[TableUnit] = []
        """Tables of the HL7 messages in this table's cells (:meth:`_messages`)."""
        self._rows_of: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def run(self) -> pa.Table:
        """The findings of a single unit (and of the HL7 messages in its cells)."""
        self._scan()
        self.chunks = _without_constant_twins(self.chunks)
        own = self._build()[0]
        if not self.extras:
            return own
        return pa.concat_tables([own, *(detect_table(self.dset, t) for t in self.extras)])

    def run_segments(self) -> tuple[list[pa.Table | None], set[int]]:
        """Findings per segment (None for an outlier), and the outlier segments."""
        self._scan()
        return self._build(), self.outliers

    def _sample(self, column: pa.Array) -> ColumnSample:
        if not self.merged:
            return sample_of(column)
        return sample_of_segments(column, [(s.start, s.stop) for s in self.segments])

    def _guessed(self) -> dict[int, tuple[str, ColumnSample]]:
        """The positional columns' headers read from their values (a table with no
        header: :mod:`breachscope.detect.headerless`), with their samples."""
        at = [i for i, h in enumerate(self.unit.columns) if UNNAMED.fullmatch(h)]
        if not at:
            return {}
        samples = {i: self._sample(self.unit.data.column(f"c{i}").combine_chunks()) for i in at}
        columns = self.unit.columns
        guessed = guessed_headers(columns, [samples.get(i, []) for i in range(len(columns))])
        return {i: (h, samples[i]) for i, h in guessed.items()}

    def _scan(self) -> None:
        suffixes: list[pa.Array] = []  # (a house number's suffix column: ``Toevoeging``)
        guessed = self._guessed()
        fields = {p for h in self.unit.columns for p in field_parents(h)}
        nested = self.unit.location.part is not None
        pairs = {
            i: j
            for i, h in enumerate(self.unit.columns)
            if (j := pair_names(self.unit.columns, h, nested)) is not None
        }  # (value column -> the column that names each value's field)
        field_names = set(pairs.values())
        for i, header in enumerate(self.unit.columns):
            if i in field_names:
                continue  # (``headers.0.name`` beside ``headers.0.value``: fields' names)
            column = self.unit.data.column(f"c{i}").combine_chunks()
            if column.null_count == len(column):
                continue
            guess, sample = guessed.get(i) or (None, self._sample(column))
            claim = self.dset.classify(guess or header, sample)
            if claim is not None and guess is not None:
                what = "no header" if POSITIONAL.fullmatch(header) else f"header {header!r}"
                read_as = f"values of a column with {what}, read as {guess!r}"
                claim = claim[0], replace(claim[1], evidence=read_as)
            if claim is None:
                if header_hit(header, SUFFIX_HEADERS):
                    suffixes.append(column)
                if self._text_label(header):
                    as_text = True  # (a form's ``klachten``: what follows it is read)
                elif self.merged:
                    as_text = self._check_unclaimed(header, column, sample)
                else:
                    as_text = self._as_text(sample)
                if as_text:
                    self._free_text(header, column)
                self._identifier_values(header, column)
                self._labelled_values(header, column, None, as_text)
                if i in pairs:
                    self._named_values(header, column, pairs[i])
                continue
            det, verdict = claim
            if det.data_class == "address" and verdict.kind == "suffix":
                suffixes.append(column)
            before = len(self.chunks)
            if self.merged and verdict.on_values:
                self._check_value_claim(header, column, det)
            read = verdict.sample_read  # the claim may have read the whole column
            if not det.emit:
                if self.merged:
                    self._check_claimed(column, det.cells(column, verdict))
                self.context_columns.append((det, verdict))
                continue
            cells = read if isinstance(read, CellFindings) else det.cells(column, verdict)
            if self.merged:
                self._check_claimed(column, cells)
            if det in self.dset.label_readers:
                cells = self._labelled_values(header, column, (det, cells), False)
            rest = _filled(column)
            if len(cells.index):
                rest[cells.index.to_numpy(zero_copy_only=False)] = False
            for c in self.chunks[before:]:  # (what a label beside the value read)
                rest[c.index] = False
            if det.id in self.dset.column_partners and rest.any():
                self._partner_values(header, column, det, rest)
            if rest.any() and header not in fields:  # (a field's components read it)
                self._rest_as_text(header, column, rest, det)
            if not len(cells.index):
                continue
            if header not in fields:
                self._prose_as_text(header, column, cells, det)
            self.chunks.append(
                _Chunk(
                    header,
                    cells.index.to_numpy(zero_copy_only=False).astype(np.int64, copy=False),
                    cells.value,
                    det.data_class if cells.data_class is None else as_label(cells.data_class),
                    verdict.kind if cells.kind is None else as_label(cells.kind),
                    det.id,
                    verdict.confidence,
                    verdict.evidence,
                )
            )
        if len(suffixes) == 1:
            self.chunks = [_with_suffix(c, suffixes[0]) for c in self.chunks]

    def _identifier_values(self, header: str, column: pa.Array) -> None:
        """An unclaimed identifier ``value`` column (``identifier.0.value``; an HL7 v3
        ``id.@extension``; an EDIFACT composite's ``PNA+PAT-2.1``) read row by row under
        its ``system`` (``@root``, ``PNA+PAT-2.2``: the column beside it): where a
        detector owns the system
        (:attr:`~breachscope.detect.base.Detector.identifier_systems`: a FHIR resource's
        BSN), the value is that detector's, validated with the system's backing. A record
        alone, or a few, give its column too small a sample to claim on values."""
        m = _IDENTIFIER_VALUE.fullmatch(header)
        besides: tuple[str, ...] = ("system", "type")
        if m is None:
            m, besides = _IDENTIFIER_EXTENSION.fullmatch(header), ("@root",)
        if m is None:
            m, besides = _IDENTIFIER_COMPONENT.fullmatch(header), ("2",)
        if m is None or not self.dset.identifier_systems:
            return
        named = [m["head"] + b for b in besides if m["head"] + b in self.unit.columns]
        if not named:
            return
        j = self.unit.columns.index(named[0])
        systems = self.unit.data.column(f"c{j}").to_pylist()
        found: dict[str, tuple[Detector, list[int], list[str]]] = {}
        patient = _PATIENT_PARTY.match(header) is not None
        national = self.dset.identifier_systems.get("bsn")
        for row, (system, raw) in enumerate(zip(systems, column.to_pylist(), strict=True)):
            if not system or not raw:
                continue
            det = self.dset.identifier_systems.get(system.strip().lower())
            key = "" if det is None else det.id
            if det is None and patient and national is not None and system.strip().isdigit():
                det, key = national, "patient"  # (a code-list number, no mnemonic: PI is not)
            value = None if det is None else det.validate(raw.strip(), True)
            if det is not None and value is not None:
                rows, values = found.setdefault(key, (det, [], []))[1:]
                rows.append(row)
                values.append(value)
        for key, (det, rows, values) in found.items():
            why = _PATIENT_ID if key == "patient" else f"identifier system of {det.id}"
            self._row_chunk(header, det, rows, values, det.kind, why)

    def _partner_values(
        self, header: str, column: pa.Array, det: Detector, left: np.ndarray
    ) -> None:
        """The filled cells of a column ``det`` claims that it found nothing in (``left``,
        per row; those a partner reads are taken out of it), read by the detectors whose
        values may share its columns
        (:attr:`~breachscope.detect.base.Detector.shares_columns_with`): an e-mail
        address among a contact column's phone numbers. A partner reads the value on
        its own shape (no column context), each distinct value once."""
        rest = np.flatnonzero(left)
        partners = self.dset.column_partners[det.id]
        found: dict[str, tuple[Detector, list[int], list[str]]] = {}
        memo: dict[str, tuple[Detector, str] | None] = {}
        raws = column.take(pa.array(rest, pa.int64())).to_pylist()
        for row, raw in zip(rest.tolist(), raws, strict=True):
            if raw not in memo:
                text = raw.strip()
                memo[raw] = next(
                    ((p, v) for p in partners if (v := p.validate(text, False)) is not None),
                    None,
                )
            if (got := memo[raw]) is not None:
                rows, values = found.setdefault(got[0].id, (got[0], [], []))[1:]
                rows.append(row)
                values.append(got[1])
        for partner, rows, values in found.values():
            explanation = f"{partner.kind} among the {det.kind} values of its column"
            self._row_chunk(header, partner, rows, values, partner.kind, explanation)
            left[rows] = False

    def _prose_as_text(
        self, header: str, column: pa.Array, cells: CellFindings, det: Detector
    ) -> None:
        """The cells of a claimed column whose value ``det`` read stands in a sentence
        (:data:`PROSE_CHARS` more characters and :data:`PROSE_SPACES` spaces: a message
        body whose sender put her e-mail address in it, beside her BSN and birth date),
        read as free text after the header, as :meth:`_rest_as_text` reads a cell ``det``
        could not: ``det``'s own class is not read there again."""
        if (
            len(cells.index) > MAX_REST_CELLS
            or (pc.max(pc.binary_length(column)).as_py() or 0) < PROSE_CHARS
        ):
            return
        raws = column.take(cells.index)
        long = pc.greater_equal(
            pc.subtract(pc.utf8_length(raws), pc.utf8_length(cells.value)), PROSE_CHARS
        )
        if not pc.any(long).as_py():
            return
        rows: dict[int, str] = {}
        for row, raw, wide in zip(
            cells.index.to_pylist(), raws.to_pylist(), long.to_pylist(), strict=True
        ):
            if wide and raw is not None and raw.count(" ") >= PROSE_SPACES:
                rows.setdefault(row, raw)
        if rows:
            done = {(row, det.data_class) for row in rows}
            self._after_label(header, header, list(rows), list(rows.values()), done)

    def _rest_as_text(self, header: str, column: pa.Array, left: np.ndarray, det: Detector) -> None:
        """The filled cells of a claimed column that neither its detector ``det`` nor a
        partner could read (``left``, per row), read as free text after the header as
        their label (``bsn: 471415200 / 220269634``, ``telefoon: 06-12345678 (mobiel),
        030-1234567 (werk)``, ``naam: Bakker, K. (geb. 01-01-1960)``): a cell a person
        typed more into than one value was lost whole. A cell ``det`` refuses
        (:meth:`~breachscope.detect.base.Detector.refuses`) gives no value of its class."""
        rows = np.flatnonzero(left)
        if len(rows) > MAX_REST_CELLS:
            return  # (a column whose values the detector mostly cannot read: no labels)
        raws = column.take(pa.array(rows, pa.int64())).to_pylist()
        refused = {
            (int(r), det.data_class) for r, raw in zip(rows, raws, strict=True) if det.refuses(raw)
        }
        self._after_label(header, header, rows.tolist(), raws, refused or None)
        # (no other detector's negative header words apply: the header is the claimed
        # column's, ``naam`` rules a birth date's column out, not a birth date in a name)

    def _after_label(
        self,
        header: str,
        name: str,
        rows: Sequence[int],
        raws: Sequence[str],
        done: set[tuple[int, str]] | None = None,
    ) -> None:
        """Cells ``raws`` (at ``rows`` of column ``header``) read as free text after
        ``name`` as their label (``bsn: 471415200 / 220269634``); a data class a row has
        a finding of already (``done``) is not read again."""
        label = f"{name}: "
        hits = [
            (int(rows[k]), h)
            for k, h in self.dset.cell_text_hits([label + raw for raw in raws])
            if h.match.start >= len(label)
            and h.detector.emit
            and (done is None or (int(rows[k]), h.data_class) not in done)
        ]
        if hits:
            self.chunks.append(_text_chunk(header, hits, -len(label), "free text in cell"))

    def _row_chunk(
        self, header: str, det: Detector, rows: list[int], values: list[str], kind: Label,
        explanation: str,
    ) -> None:  # fmt: skip
        """The findings of ``det`` that a row-by-row reading of column ``header`` gave."""
        self.chunks.append(
            _Chunk(
                header,
                np.array(rows, dtype=np.int64),
                pa.array(values, pa.string()),
                det.data_class,
                kind,
                det.id,
                det.base_confidence,
                explanation,
            )
        )

    def _labelled_values(
        self,
        header: str,
        column: pa.Array,
        claimed: tuple[Detector, CellFindings] | None,
        as_text: bool,
    ) -> CellFindings:
        """A value column of :data:`_LABELLED_VALUE` read row by row under the label
        beside it, by the detectors that read labels
        (:meth:`~breachscope.detect.base.Detector.labelled`): ``positief`` under
        ``OBX-3`` ``hrHPV`` is an HPV result, a bare ``16`` under ``HPV genotype`` a
        genotype. The rows a label decides become a chunk of their own; what is left of
        ``claimed`` (the detector that owns the column and its cells) comes back. An
        unclaimed column read as free text (``as_text``) keeps its text findings, and a
        label adds only values that hold no result of their own shape."""
        rest = CellFindings.from_lists([], []) if claimed is None else claimed[1]
        readers = self.dset.label_readers if claimed is None else [claimed[0]]
        beside = self._row_labels(header, claimed is None)
        if beside is None or not readers:
            return rest
        labels, named = beside
        found: dict[str, tuple[Detector, list[int], list[str], list[str]]] = {}
        memo: dict[tuple[str, str], tuple[Detector, tuple[str, str]] | None] = {}
        for row, (name, raw) in enumerate(zip(labels, column.to_pylist(), strict=True)):
            if not name or not raw or not isinstance(raw, str):
                continue
            key = (name, raw)
            if key not in memo:
                memo[key] = next(
                    ((d, r) for d in readers if (r := d.labelled(name, raw.strip())) is not None),
                    None,
                )
            got = memo[key]
            if got is None or (as_text and got[0].validate(raw, False) is not None):
                continue
            det, (kind, value) = got
            rows, values, kinds = found.setdefault(det.id, (det, [], [], []))[1:]
            rows.append(row)
            values.append(value)
            kinds.append(kind)
        decided: list[int] = []
        for det, rows, values, kinds in found.values():
            decided.extend(rows)
            kind = as_label(pa.array(kinds, pa.string()))
            self._row_chunk(header, det, rows, values, kind, f"value named by {named} beside it")
        if not decided or not len(rest.index):
            return rest
        keep = ~np.isin(rest.index.to_numpy(zero_copy_only=False), np.array(decided))
        if keep.all():
            return rest
        mask = pa.array(keep)
        return CellFindings(
            rest.index.filter(mask),
            rest.value.filter(mask),
            None if rest.kind is None else rest.kind.filter(mask),
            None if rest.data_class is None else rest.data_class.filter(mask),
        )

    def _named_values(self, header: str, column: pa.Array, j: int) -> None:
        """An unclaimed column of values whose rows each name their field in another
        column ``j`` (:func:`pair_names`: a Jira issue's custom fields, an API's list of
        ``{name, value}``), read as columns under those names: the rows of one name
        are claimed and read as a column with that header would be
        (:meth:`DetectorSet.classify`), each finding at its own cell. ``Betrokkene(n)
        BSN`` beside ``290990208; 713.704.469`` gives both BSNs."""
        names = self.unit.data.column(f"c{j}").to_pylist()
        groups: dict[str, tuple[list[int], list[str]]] = {}
        for row, (name, raw) in enumerate(zip(names, column.to_pylist(), strict=True)):
            if not isinstance(name, str) or not name.strip() or not isinstance(raw, str):
                continue
            if not raw.strip():
                continue
            rows, values = groups.setdefault(name.strip(), ([], []))
            rows.append(row)
            values.append(raw)
        if not groups or len(groups) > MAX_PAIR_FIELDS:
            return
        named_by = f"value named by {self.unit.columns[j]} beside it"
        done = self._found_in(header)
        for name, (rows, values) in groups.items():
            claim = self.dset.classify(name, [v.strip() for v in values[:SAMPLE_SIZE]])
            read = np.zeros(len(rows), dtype=bool)
            if claim is not None and claim[0].emit:
                det, verdict = claim
                cells = det.cells(pa.array(values, pa.string()), verdict)
                index = cells.index.to_numpy(zero_copy_only=False)
                read[index] = True
                keep = np.array([(rows[k], det.data_class) not in done for k in index.tolist()])
                if keep.any():
                    mask = pa.array(keep, pa.bool_())
                    kind = verdict.kind if cells.kind is None else as_label(cells.kind.filter(mask))
                    at = np.asarray(rows, dtype=np.int64)[index[keep]].tolist()
                    found = cells.value.filter(mask).to_pylist()
                    self._row_chunk(header, det, at, found, kind, named_by)
            elif not any(header_hit(name, d.header_keywords) for d in self.dset.detectors):
                continue  # (a field no detector knows: the column's free text reads it)
            left = np.flatnonzero(~read)
            if not len(left) or len(left) > MAX_REST_CELLS:
                continue
            at = [rows[k] for k in left.tolist()]  # (a value typed more into: ``bsn: 1; 2``)
            self._after_label(header, name, at, [values[k] for k in left.tolist()], done)

    def _found_in(self, header: str) -> set[tuple[int, str]]:
        """``(row, data class)`` of the findings made so far in column ``header`` (its
        free text's): a value named by its row is not reported a second time."""
        out: set[tuple[int, str]] = set()
        for c in self.chunks:
            if c.column != header:
                continue
            classes = c.data_class
            names = [classes] * len(c.index) if isinstance(classes, str) else classes.to_pylist()
            out.update(zip(c.index.tolist(), names, strict=True))
        return out

    def _row_labels(self, header: str, unclaimed: bool) -> tuple[list[str | None], str] | None:
        """Per row, the first filled label column beside value column ``header``
        (:data:`_LABELLED_VALUE`, and :data:`_LABELLED_UNCLAIMED` where no detector
        claimed it), and the first label column's name; None when ``header`` is no such
        column or has no label beside it."""
        for pattern, beside in _LABELLED_VALUE + (_LABELLED_UNCLAIMED if unclaimed else ()):
            m = pattern.fullmatch(header)
            if m is None:
                continue
            named = {c.lower(): j for j, c in reversed(list(enumerate(self.unit.columns)))}
            where = [named[c] for c in ((m["head"] + b).lower() for b in beside) if c in named]
            if not where:
                return None
            out: list[str | None] = [None] * self.unit.num_rows
            for j in reversed(where):  # the first column's label wins
                for row, v in enumerate(self.unit.data.column(f"c{j}").to_pylist()):
                    if v is not None and str(v).strip():
                        out[row] = str(v).strip()
            return out, self.unit.columns[where[0]]
        return None

    # -- merged tables: segments that read otherwise go alone ----------------------------

    def _bounds(self) -> np.ndarray:
        return np.array([s.start for s in self.segments], dtype=np.int64)

    def _segment_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The segments' first rows, each row's segment, and whether a row is among the
        first ``4 * SAMPLE_SIZE`` of its segment (where :func:`sample_of` looks): the
        same for every column, worked out once."""
        if self._rows_of is None:
            n = self.unit.num_rows
            starts = self._bounds()
            seg = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n)))
            self._rows_of = (starts, seg, np.arange(n) - starts[seg] < 4 * SAMPLE_SIZE)
        return self._rows_of

    def _check_claimed(self, column: pa.Array, cells: CellFindings) -> None:
        """Segments whose own sample (what :func:`sample_of` takes of their rows) would
        fail a header claim's check, less than ``HEADER_SAMPLE_SHARE`` of it holding a
        finding (lab numbers under the header that holds BSNs in the other files), are
        outliers."""
        n = len(column)
        filled = _filled(column)
        found = np.zeros(n, dtype=bool)
        index = cells.index.to_numpy(zero_copy_only=False)
        found[index[index < n]] = True
        starts, seg, head = self._segment_rows()
        counted = np.cumsum(filled)
        before = np.where(starts > 0, counted[np.maximum(starts - 1, 0)], 0)
        rank = counted - before[seg]  # 1 for a segment's first filled cell
        sampled = filled & head & (rank <= SAMPLE_SIZE)
        seg_sampled = np.add.reduceat(sampled, starts)
        seg_found = np.add.reduceat(sampled & found, starts)
        low = (seg_sampled > 0) & (seg_found < HEADER_SAMPLE_SHARE * seg_sampled)
        self.outliers.update(int(k) for k in np.flatnonzero(low))

    def _check_value_claim(self, header: str, column: pa.Array, det: Detector) -> None:
        """Segments whose own sample would not give a column claimed on its values to the
        same detector (too few values of a sparse column, other values): outliers."""
        for k, sample in self._own_samples(column):
            alone = self.dset.classify(header, sample)
            if alone is None or alone[0] is not det:
                self.outliers.add(k)

    def _check_unclaimed(self, header: str, column: pa.Array, merged: ColumnSample) -> bool:
        """Segments whose own sample of a column the merged table leaves unclaimed
        would have it claimed alone, or scanned as free text where the merged table's is
        not (or the other way round): outliers. Whether the merged table's column is read
        as free text (its sample ``merged``) comes back: it is told with the segments'
        samples, in one search of their values."""
        alone: list[tuple[int, ColumnSample]] = []
        for k, sample in self._own_samples(column):
            if self.dset.classify(header, sample) is not None:
                self.outliers.add(k)
            else:
                alone.append((k, sample))
        as_text, *reads = self._as_text_each([merged, *(sample for _, sample in alone)])
        self.outliers.update(
            k for (k, _), read in zip(alone, reads, strict=True) if read != as_text
        )
        return as_text

    def _as_text(self, sample: Sequence[str]) -> bool:
        """Whether an unclaimed column with this sample is scanned as free text (see
        ``TEXT_COLUMN_SHARE``)."""
        return self._as_text_each([sample])[0]

    def _as_text_each(self, samples: Sequence[Sequence[str]]) -> list[bool]:
        """:meth:`_as_text` of each sample, all read at once: the distinct values of the
        samples that their share of texty values leaves undecided are searched for
        findings in one call (a cell's hits are its own)."""
        out: list[bool | None] = []
        undecided: list[Sequence[str]] = []
        search = _TEXTY.search
        for sample in samples:
            if not sample:
                out.append(False)
            elif sum(search(v) is not None for v in sample) >= TEXT_COLUMN_SHARE * len(sample):
                out.append(True)
            else:
                out.append(None)
                undecided.append(sample)
        if not undecided:
            return [bool(o) for o in out]
        values = list(dict.fromkeys(v for sample in undecided for v in sample))
        found = {values[i] for i, h in self.dset.cell_text_hits(values) if h.detector.emit}
        return [
            (bool(found) and any(v in found for v in sample)) if o is None else o
            for o, sample in zip(out, samples, strict=True)
        ]

    def _own_samples(self, column: pa.Array) -> Iterator[tuple[int, ColumnSample]]:
        """Each segment's own :func:`sample_of` of ``column`` (segments not yet outliers,
        with a value in it)."""
        for k, seg in enumerate(self.segments):
            if k in self.outliers:
                continue
            part = column.slice(seg.start, seg.stop - seg.start)
            if part.null_count == len(part):
                continue
            sample = sample_of(part)
            if sample:
                yield k, sample

    def _text_label(self, header: str) -> str | None:
        """The word of a detector's :attr:`~breachscope.detect.base.Detector.text_labels`
        that names ``header``, or None: its column's cells are read as free text after it
        (a form's question ``Heeft u klachten? Zo ja, welke?`` as ``klachten``)."""
        return next(
            (w for d in self.dset.detectors if (w := header_hit(header, d.text_labels))), None
        )

    def _free_text(self, header: str, column: pa.Array) -> None:
        """The cells of an unclaimed column read as free text; where a detector's header
        words name its header, with that header as their label, as
        :meth:`_rest_as_text` reads them (``Geslacht/Geb.datum`` over ``V /
        03-03-1978``: the birth date column's sample did not pass). A detector's own
        negative header words rule its values out of the cells too (a creditor's IBAN,
        a fax number), but not in a column whose header names two fields (``Naam +
        geb.datum``: each field's word is a negative of the other's), unless it names
        someone else's (``Adres huisarts``: :data:`OTHER_PARTY_HEADERS`). A column only
        called ``name`` (a JSON export's ``lists.name``:
        :func:`~breachscope.detect.columns.anything_named`) gives its cells no
        label: the name of a list is no person's."""
        cells = column.to_pylist()
        if any(c is not None and "MSH|" in c for c in cells):
            cells = self._messages(header, cells)
        named = sum(1 for d in self.dset.detectors if header_hit(header, d.header_keywords))
        if named == 1 and anything_named(header):
            named = 0  # (``labels.name``: the name of a label, a list, a board; no label)
        two_fields = named > 1 and not header_hit(header, OTHER_PARTY_HEADERS)
        said = None if named else self._text_label(header)
        label = f"{header}: " if named else f"{said}: " if said else ""
        raws = cells
        if label:
            cells = [None if c is None else label + c for c in cells]
        vetoing = own_text_step(header)
        hits: list[tuple[int, Hit]] = []
        for i, h in self.dset.cell_text_hits(cells):
            if not h.detector.emit:
                continue
            if h.match.start < len(label):  # (a match holding the label: its own only)
                h = _after(h, len(label), header)
            if h.match.start < len(label):
                continue
            if not two_fields and header_hit(vetoing, _cell_text_negative(h.detector)):
                continue
            if label and _refused(header, h.detector, raws[i]):
                continue
            hits.append((i, h))
        if hits:
            self.chunks.append(_text_chunk(header, hits, -len(label), "free text in cell"))
        self._replies(header, raws)

    def _replies(self, header: str, cells: list[str | None]) -> None:
        """The bare replies among a message column's cells, each read after the label
        that the message before it asks for, and a headerless column's bare numbers after
        the BSN label another of its cells gives (:mod:`breachscope.detect.replies`)."""
        reads = [
            (label, rows, "a reply to the message above asking for it")
            for label, rows in reply_labels(cells, [s.start for s in self.segments]).items()
        ]
        if POSITIONAL.fullmatch(header) and (bare := labelled_column(cells)):
            reads.append(("bsn: ", bare, "a bare number in a column that labels its BSNs"))
        for asked_for, rows, why in reads:
            asked: list[str | None] = [None] * len(cells)
            for i in rows:
                asked[i] = asked_for + (cells[i] or "")
            hits = [
                (i, h)
                for i, h in self.dset.cell_text_hits(asked)
                if h.detector.emit and h.match.start >= len(asked_for)
            ]
            if hits:
                note = f"free text in cell, {why}"
                self.chunks.append(_text_chunk(header, hits, -len(asked_for), note))

    def _messages(self, header: str, cells: list[str | None]) -> list[str | None]:
        """The cells of a column read as text with the HL7 message each holds blanked,
        the messages read as HL7 tables scanned with this one (:func:`hl7_cells`: an
        interface engine's message table, a log record's payload). In a merged table the
        units with such cells are scanned alone instead."""
        if self.merged:
            at = [i for i, c in enumerate(cells) if c is not None and "MSH|" in c]
            segment = np.searchsorted(self._bounds(), at, side="right") - 1
            self.outliers.update(int(k) for k in segment)
            return cells
        rows = self.unit.data.column("__row__").to_pylist()
        cells, tables = hl7_cells(self.unit.location, header, rows, cells)
        self.extras.extend(tables)
        return cells

    # -- row rules on positions ----------------------------------------------------------

    def _build(self) -> list[pa.Table | None]:
        """Findings per segment (None for an outlier)."""
        self.chunks = _without_parts(self.chunks)
        if not self.chunks:
            return [
                None if k in self.outliers else empty_findings() for k in range(len(self.segments))
            ]
        n_rows = self.unit.num_rows
        none = np.zeros(n_rows, dtype=bool)

        def rows_with(
            wanted: tuple[str, ...], kind: bool, skip: frozenset[str] = frozenset()
        ) -> np.ndarray:
            """Per-row flags: the row has a finding whose kind (or class) is in ``wanted``
            (in a column not in ``skip``)."""
            out = none
            for c in self.chunks:
                if c.column in skip:
                    continue
                mask = _mask(c.kind if kind else c.data_class, len(c.index), wanted)
                if mask.any():
                    out = out.copy() if out is none else out
                    out[c.index if mask.all() else c.index[mask]] = True
            return out

        def test_rows() -> np.ndarray:
            """Per-row flags: a name of the row is a test system's dummy person's."""
            out = none
            for c in self.chunks:
                named = _mask(c.data_class, len(c.index), ("name",))
                if named.any():
                    hit = named & dummy_names(c.value)
                    if hit.any():
                        out = out.copy() if out is none else out
                        out[c.index[hit]] = True
            return out

        located = rows_with(ADDRESS_EVIDENCE, kind=True)
        patient = rows_with(PATIENT_EVIDENCE, kind=False)
        codes = tuple(k for k in PROVIDER_IDS if k != _PRACTICE)  # (an AGB, BIG or UZI code)
        provider = rows_with(codes, kind=True) | rows_with(
            (_PRACTICE,), kind=True, skip=self._gp_of_the_row()
        )
        company = any(v.kind == "company_kvk" for _, v in self.context_columns)
        test = test_rows()
        kept: list[_Chunk] = []
        used = np.zeros(n_rows, dtype=bool)
        for c in self.chunks:
            keep = ~(_mask(c.data_class, len(c.index), ("address",)) & ~located[c.index])
            # (addresses that locate nobody go)
            keep &= ~test[c.index]  # (a test system's ``Test Testpatiënt`` is no one)
            if company:
                keep &= patient[c.index]  # company lists keep patient rows only
            if not keep.all():
                if not keep.any():
                    continue
                c = c.take(np.flatnonzero(keep))
            used[c.index] = True
            kept.append(c)
        rows = self.unit.data.column("__row__").combine_chunks()
        directory = (provider & ~patient) | fhir_providers(self.unit)
        if not self.merged:
            if not kept:
                return [empty_findings()]
            return [self._table(kept, RowStrings(self.unit.location, rows, used), directory)]
        return self._segment_tables(kept, rows, used, directory)

    def _gp_of_the_row(self) -> frozenset[str]:
        """The columns that name the row's own GP (``Huisarts`` beside ``Naam``: a patient
        list's, whose practice is no sign that the row is the practice's), where another
        column holds a person's name; a practice list names its practice in a column of
        its own (``Praktijk``), and a code (AGB, BIG, UZI) marks a provider's row
        wherever it stands."""
        gp = {c.column for c in self.chunks if header_hit(c.column, _GP_OF_THE_ROW)}
        if not gp:
            return frozenset()
        named = any(
            c.column not in gp and _mask(c.data_class, len(c.index), ("name",)).any()
            for c in self.chunks
        )
        return frozenset(gp) if named else frozenset()

    def _segment_tables(
        self, kept: list[_Chunk], rows: pa.Array, used: np.ndarray, directory: np.ndarray
    ) -> list[pa.Table | None]:
        """The findings of a merged table, one table per segment (None for an outlier),
        each as :meth:`_table` builds a unit's: built once for all segments, then cut
        per segment with copies (a slice would carry the whole merged buffers along
        wherever a segment's table is sent). The locations written out (:func:`_places`)
        are the records plus the column (``record + "&col=..."``), joined in Arrow for
        all segments at once."""
        n_seg = len(self.segments)
        starts = self._bounds()
        seg_of = np.repeat(np.arange(n_seg), np.diff(np.append(starts, self.unit.num_rows)))
        gone = np.zeros(n_seg, dtype=bool)
        gone[list(self.outliers)] = True
        live = [c if (keep := ~gone[seg_of[c.index]]).all() else c.take(np.flatnonzero(keep))
                for c in kept]  # fmt: skip
        live = [c for c in live if len(c.index)]
        used = used & ~gone[seg_of]
        records = [
            RowStrings(s.unit.location, rows.slice(s.start, s.stop - s.start), mine).records()
            if (mine := used[s.start : s.stop]).any()
            else pa.array([], pa.string())
            for s in self.segments
        ]
        if not live:
            return [None if gone[k] else empty_findings() for k in range(n_seg)]
        first = np.cumsum([0] + [len(r) for r in records])
        code = np.cumsum(used, dtype=np.int64) - 1  # row -> its record among all segments'
        every = pa.concat_arrays(records)
        index = np.concatenate([c.index for c in live])
        flags = directory[index]

        def written(c: _Chunk) -> Callable[[np.ndarray], pa.Array]:
            return lambda at: pc.binary_join_element_wise(
                every.take(pa.array(code[c.index[at]])), cell_suffix(c.column), ""
            )

        zeros = _zeros(live)
        places = [
            _places(c, flags[a:b], written(c), z)
            for c, (a, b), z in zip(live, _ranges(live), zeros, strict=True)
        ]
        columns = [  # one array each (dictionaries unified once), not a take per chunk
            x.combine_chunks() if isinstance(x, pa.ChunkedArray) else x
            for x in _columns(live, [p[0] for p in places], None, flags, zeros)
        ]
        cells = pa.chunked_array([p[1] for p in places], LABEL).combine_chunks()
        seg = seg_of[index]
        order = np.argsort(seg, kind="stable")  # per segment, chunk order as in _table
        cuts = np.searchsorted(seg[order], np.arange(n_seg + 1))
        sel = pa.array(order)  # one take per column; each segment copies its slice
        columns = [None if x is None else x.take(sel) for x in columns]
        cells = cells.take(sel)
        out: list[pa.Table | None] = []
        for k, s in enumerate(self.segments):
            a, b = int(cuts[k]), int(cuts[k + 1])
            if gone[k] or a == b:
                out.append(None if gone[k] else empty_findings())
                continue
            at = order[a:b]
            rows_at, here = index[at], flags[at]
            codes = pa.array(
                (code[rows_at] - first[k]).astype(np.int32), mask=here if here.any() else None
            )
            out.append(
                pa.Table.from_arrays(
                    [
                        label(s.unit.location.path, b - a) if x is None else _copy(x, a, b)
                        for x in columns
                    ]
                    + [
                        pa.DictionaryArray.from_arrays(codes, records[k], safe=False),
                        _copy(cells, a, b),
                    ],
                    schema=FINDINGS_SCHEMA,
                )
            )
        return out

    def _table(self, kept: list[_Chunk], names: RowStrings, directory_rows: np.ndarray) -> pa.Table:
        """The findings of the kept chunks, in chunk order, as one table; rows in
        ``directory_rows`` describe a provider (positions relative to ``names``)."""
        index = np.concatenate([c.index for c in kept])
        flags = directory_rows[index]

        def written(c: _Chunk) -> Callable[[np.ndarray], pa.Array]:
            return lambda at: names.cells(c.index[at], c.column)

        zeros = _zeros(kept)
        places = [
            _places(c, flags[a:b], written(c), z)
            for c, (a, b), z in zip(kept, _ranges(kept), zeros, strict=True)
        ]
        path = names.location.path
        record = names.record(index, flags if flags.any() else None)
        cells = pa.chunked_array([p[1] for p in places], LABEL)
        return pa.Table.from_arrays(
            [*_columns(kept, [p[0] for p in places], path, flags, zeros), record, cells],
            schema=FINDINGS_SCHEMA,
        )


def _text_chunk(header: str, hits: list[tuple[int, Hit]], shift: int, note: str) -> _Chunk:
    """The findings of free-text ``hits`` in the cells of column ``header`` (``(row,
    hit)``; spans moved by ``shift``), each explanation followed by ``note``."""
    return _Chunk(
        header,
        np.array([i for i, _ in hits], dtype=np.int64),
        pa.array([h.match.value for _, h in hits], pa.string()),
        pa.array([h.data_class for _, h in hits], LABEL),
        pa.array([h.match.kind for _, h in hits], LABEL),
        pa.array([h.detector.id for _, h in hits], LABEL),
        pa.array([h.match.confidence for _, h in hits], pa.float32()),
        pa.array([f"{h.match.evidence}; {note}" for _, h in hits], LABEL),
        pa.array([h.match.start + shift for _, h in hits], pa.int64()),
        pa.array([h.match.end + shift for _, h in hits], pa.int64()),
    )


def _ranges(chunks: list[_Chunk]) -> list[tuple[int, int]]:
    """Each chunk's positions among the findings of all of them, in order."""
    ends = np.cumsum([len(c.index) for c in chunks]).tolist()
    return list(zip([0, *ends[:-1]], ends, strict=True))


def _copy(values: pa.Array, start: int, stop: int) -> pa.Array:
    """``values[start:stop]`` in buffers of its own (a slice would carry, and pickle, the
    whole of ``values``' buffers; a dictionary array keeps its dictionary)."""
    return pa.concat_arrays([values.slice(start, stop - start)])


def _zeros(chunks: list[_Chunk]) -> list[pa.Array]:
    """Each chunk's int32 zeros (one per finding): the indices its constant labels share."""
    return [pa.array(np.zeros(len(c.index), dtype=np.int32)) for c in chunks]


def _places(
    chunk: _Chunk,
    no_record: np.ndarray,
    written: Callable[[np.ndarray], pa.Array],
    zeros: pa.Array,
) -> tuple[pa.Array, pa.DictionaryArray]:
    """The ``location`` and ``cell`` columns of a chunk's findings. A whole cell's location
    is its record followed by its ``cell`` label (``&col=...``), so no string is written
    per finding; written out (``cell`` null) are the findings of rows that have no record
    (``no_record``) and those with an in-cell span. ``written(positions)`` writes the cell
    locations of the chunk's findings at ``positions``; ``zeros`` are the chunk's
    (:func:`_zeros`)."""
    n = len(chunk.index)
    if chunk.start is not None:
        return _spanned(written(np.arange(n)), chunk), pa.nulls(n, LABEL)
    suffix = cell_suffix(chunk.column)
    if not no_record.any():
        return pa.nulls(n, pa.string()), label(suffix, n, zeros)
    at = np.flatnonzero(no_record)
    slot = np.zeros(n, dtype=np.int64)
    slot[at] = np.arange(len(at))
    location = written(at).take(pa.array(slot, mask=~no_record))
    some = pa.array(np.zeros(n, dtype=np.int32), mask=no_record)
    return location, label(suffix, n, some)


def _columns(
    chunks: list[_Chunk],
    locations: list[pa.Array],
    path: str | None,
    flags: np.ndarray,
    zeros: list[pa.Array],
) -> list[pa.Array | pa.ChunkedArray | None]:
    """The findings columns of ``chunks`` but the record and the cell, in schema order:
    labels one dictionary chunk per chunk, ``locations`` (one array per chunk, from
    :func:`_places`), provider rows (``flags``, per finding) of class provider. The path
    column is None where ``path`` is (the caller labels it); ``zeros``: :func:`_zeros`."""
    sizes = [len(c.index) for c in chunks]
    dc = chunk_labels([c.data_class for c in chunks], zeros)
    kind = chunk_labels([c.kind for c in chunks], zeros)
    if flags.any():  # provider rows: class provider, no record
        dc, kind = _as_provider(dc, kind, pa.array(flags))
    return [
        dc,
        kind,
        chunk_labels([c.detector for c in chunks], zeros),
        _joined([c.value for c in chunks]),
        None if path is None else chunk_labels([path] * len(chunks), zeros),
        _joined(locations),
        _joined(_confidences(chunks, sizes)),
        chunk_labels([c.explanation for c in chunks], zeros),
    ]


def _spanned(location: pa.Array, chunk: _Chunk) -> pa.Array:
    """Cell locations with the in-cell span of free-text findings (``&start=..&end=..``)."""
    if chunk.start is None or chunk.end is None:
        return location
    out: pa.Array = pc.binary_join_element_wise(
        location,
        "&start=",
        pc.cast(chunk.start, pa.string()),
        "&end=",
        pc.cast(chunk.end, pa.string()),
        "",
    )
    return out


def _confidences(chunks: list[_Chunk], sizes: list[int]) -> list[pa.Array]:
    """Each chunk's confidences as an array (a constant written out)."""
    return [
        pa.array(np.full(n, c.confidence, dtype=np.float32))
        if isinstance(c.confidence, float)
        else c.confidence
        for c, n in zip(chunks, sizes, strict=True)
    ]


def _joined(arrays: list[pa.Array]) -> pa.Array | pa.ChunkedArray:
    """The parts one after the other, not copied."""
    return arrays[0] if len(arrays) == 1 else pa.chunked_array(arrays)


def _as_provider(
    dc: pa.DictionaryArray, kind: pa.DictionaryArray, directory: pa.Array
) -> tuple[pa.DictionaryArray, pa.DictionaryArray]:
    """Findings of provider rows become class ``provider`` (kind ``provider_...`` unless
    they already are provider findings)."""
    dc_s, kind_s = dc.cast(pa.string()), kind.cast(pa.string())
    provider_kind = pc.if_else(
        pc.equal(dc_s, "provider"), kind_s, pc.binary_join_element_wise("provider_", kind_s, "")
    )
    return (
        as_label(pc.if_else(directory, pa.scalar("provider"), dc_s)),
        as_label(pc.if_else(directory, provider_kind, kind_s)),
    )


def detect_table(dset: DetectorSet, unit: TableUnit) -> pa.Table:
    found = TableScan(dset, unit).run()
    return relocated(unit, found) if isinstance(unit, SideTable) else found


def claimed_columns(dset: DetectorSet, unit: TableUnit) -> list[int]:
    """Indices of the columns of ``unit`` that a detector claims, as :func:`detect_table`
    classifies them (the others it reads as free text, cell by cell)."""
    columns = [unit.data.column(f"c{i}").combine_chunks() for i in range(len(unit.columns))]
    samples = [sample_of(c) for c in columns]
    guessed = guessed_headers(unit.columns, samples)
    return [
        i
        for i, (header, column) in enumerate(zip(unit.columns, columns, strict=True))
        if column.null_count < len(column) and dset.classify(guessed.get(i, header), samples[i])
    ]


def column_classes(dset: DetectorSet, unit: TableUnit, columns: list[int]) -> list[str | None]:
    """The data class of the detector that claims each of ``unit``'s ``columns`` (None
    where none does), as :func:`detect_table` classifies them by header and sample."""
    out: list[str | None] = []
    for i in columns:
        column = unit.data.column(f"c{i}").combine_chunks()
        claim = (
            dset.classify(unit.columns[i], sample_of(column))
            if column.null_count < len(column)
            else None
        )
        out.append(None if claim is None else claim[0].data_class)
    return out


def detect_merged(dset: DetectorSet, units: Sequence[TableUnit]) -> list[pa.Table]:
    """Findings of each of ``units`` (one header tuple, one schema), scanned as one
    table: columns are classified once, on a sample drawn from every unit, and read
    in one pass. A unit whose columns read otherwise (see :class:`TableScan`) is scanned
    alone, so each unit's findings are those of :func:`detect_table` wherever the units
    agree on what their columns hold."""
    if len(units) == 1:
        return [detect_table(dset, units[0])]
    data = pa.concat_tables([u.data for u in units])
    segments: list[Segment] = []
    at = 0
    for u in units:
        segments.append(Segment(u, at, at + u.num_rows))
        at += u.num_rows
    merged = TableUnit(units[0].location, units[0].columns, data)
    found, _ = TableScan(dset, merged, segments).run_segments()
    return [
        detect_table(dset, u) if table is None else table
        for u, table in zip(units, found, strict=True)
    ]


TEXT_FIELDS = (
    "body", "bericht", "tekst", "text", "content", "inhoud", "message", "omschrijving",
    "description", "opmerking", "notitie", "notes", "note", "comment", "toelichting",
)  # fmt: skip
"""Words of a field that holds a text someone wrote (a message's body, a note)."""


OTHER_PEOPLE = (
    "huisarts", "arts", "aanvrager", "verwijzer", "praktijk", "zorgverlener", "medewerker",
    "behandelaar", "specialist", "provider", "doctor", "dokter", "physician", "gebruiker",
    "user", "auteur", "author", "instelling", "organisatie", "organization", "bedrijf",
    "company", "lab", "ziekenhuis",
)  # fmt: skip
"""Words of a record about someone other than a patient: a text below it stays theirs."""


def own_text_step(header: str) -> str:
    """The part of ``header`` whose words may rule a detector's values out of its cells'
    free text: the last step of a path where that step names a written text and the
    steps above name no other party (an Outlook for Mac archive's
    ``email.OPFMessageCopyHTMLBody``: the record is an e-mail, its body names people all
    the same; ``huisarts.opmerking`` stays the GP's), else the header whole."""
    if "." not in header:
        return header
    parent, last = header.rsplit(".", 1)
    if not header_hit(last, TEXT_FIELDS) or header_hit(parent, OTHER_PARTY_HEADERS):
        return header
    return header if header_hit(parent, OTHER_PEOPLE) else last


def _cell_text_negative(det: Detector) -> tuple[str, ...]:
    """The header words that rule ``det``'s values out of a column's free text."""
    words = det.cell_text_negative
    return det.header_negative if words is None else words
