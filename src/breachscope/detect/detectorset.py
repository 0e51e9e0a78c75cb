"""A compiled set of detectors: what :func:`breachscope.detect.engine.detect_units` runs.

Building a set discovers the detector classes, instantiates them and compiles their
patterns into one :class:`~breachscope.detect.prefilter.Prefilter`; that is the expensive
part, done once per process (see :mod:`breachscope.detect.engine`). Running it is pure:
units in, Arrow findings out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple, TypeAlias

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.base import ColumnVerdict, Detector, TextMatch, names_column
from breachscope.detect.columns import normalise_header
from breachscope.detect.context import SEGMENT_SEP, TextView
from breachscope.detect.intervals import non_overlapping
from breachscope.detect.prefilter import Pattern, Prefilter, encode
from breachscope.detect.reading import SpanMap, as_read, needs_reading
from breachscope.detect.registry import detector_classes
from breachscope.detect.rows import FindingsBuilder
from breachscope.detect.rxtwin import plain
from breachscope.detect.tables import detect_table
from breachscope.detect.textrules import Evidence, apply_text_rules, has_patient_data
from breachscope.detect.typeset import AS_PLAIN, has_typeset
from breachscope.detect.watchdog import budget, regex_watchdog
from breachscope.extract.units import TableUnit, TextUnit, Unit

SAMPLE_SIZE = 200
"""Non-empty cells per column looked at to classify it."""
BLOCK_CHARS = 1 << 16
"""Free text read in one pass: short texts are joined into blocks of up to this many
characters (:meth:`DetectorSet.texts_spans`)."""

Span: TypeAlias = tuple[str, str, str, str, int, int, float, str]
"""A text finding: ``(data_class, kind, detector, value, start, end, confidence,
explanation)``, as :meth:`~breachscope.detect.rows.FindingsBuilder.add_spans` takes it."""


class Hit(NamedTuple):
    """A detector's validated match (an immutable named tuple, as :class:`TextMatch`)."""

    detector: Detector
    match: TextMatch

    @property
    def data_class(self) -> str:
        return self.match.data_class or self.detector.data_class


HEADER_CONNECTORS = frozenset({"van", "de", "der", "het", "nr", "no", "id"})
"""Words a header's field name may hold besides a detector's keywords (``Datum van
geboorte``, ``Tel. nr``)."""


def _header_vocabulary(detectors: Sequence[Detector]) -> tuple[re.Pattern[str], frozenset[str]]:
    """The words of the detectors' header keywords in lower case, as written and
    normalised (``patiënt``, ``patient``): those of three letters or more as one pattern
    found anywhere in a word (``plaats`` in ``woonplaats``), the shorter ones (``pc``)
    with :data:`HEADER_CONNECTORS` as whole words."""
    keywords = [
        k
        for det in detectors
        for k in (*type(det).header_keywords, *type(det).header_over_negative)
    ]
    words = {w for k in keywords for w in normalise_header(k).split()}
    words |= {w for k in keywords for w in _WORDS.findall(k.lower())}
    long_words = sorted((w for w in words if len(w) >= 3), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in long_words) or r"(?!)")
    return pattern, frozenset(w for w in words if len(w) < 3) | HEADER_CONNECTORS


_WORDS = re.compile(r"[^\W_]+")

FIELD_KINDS_KEPT = 1 << 16
"""Most header texts (and words) :meth:`DetectorSet.field_kind` (and
:meth:`DetectorSet.header_word`) remember at once."""


def _shifted(hit: Hit, base: int) -> Hit:
    """``hit`` with its span ``base`` characters earlier (a segment's own offsets)."""
    if not base:
        return hit
    m = hit.match
    moved = TextMatch(
        m.start - base, m.end - base, m.value, m.kind, m.confidence, m.evidence, m.data_class
    )
    return Hit(hit.detector, moved)


class _Read(NamedTuple):
    """A text as read (:func:`~breachscope.detect.reading.as_read`), its hits before the
    unit-level rules, their offset in the block it was read in, and its map back to the
    text as written (None where it reads as written)."""

    text: str
    hits: list[Hit]
    base: int
    kept: SpanMap | None


def _mapped(spans: list[Span], kept: SpanMap | None) -> list[Span]:
    """``spans`` of a text as read mapped back to the text as written (``kept``: the
    map, None where it reads as written)."""
    if kept is None:
        return spans
    return [(*s[:4], *kept.back(s[4], s[5]), *s[6:]) for s in spans]


def _spans(hits: Iterable[Hit], base: int = 0) -> list[Span]:
    """The spans of ``hits``, their offsets ``base`` characters earlier (a segment's own)."""
    return [
        (data_class or det.data_class, kind, det.id, value, start - base, end - base, conf, why)
        for det, (start, end, value, kind, conf, why, data_class) in hits
    ]


class DetectorSet:
    """Detectors plus their compiled prefilter. Immutable after construction."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        *,
        force_fallback: bool = False,
        register: frozenset[str] = frozenset(),
    ) -> None:
        self.detectors = tuple(detectors)
        self.known = frozenset(w.lower() for w in register)
        """The name register's surnames, lower case (read in paths printed in a text)."""
        patterns: list[Pattern] = []
        self.channels: list[tuple[int, str]] = []
        """Prefilter channel -> (detector index, tag): which rule of which detector a hit
        woke up (e.g. the name detector's cue words vs. its given names)."""
        index: dict[tuple[int, str], int] = {}

        def channel(i: int, tag: str) -> int:
            key = (i, tag)
            if key not in index:
                index[key] = len(self.channels)
                self.channels.append(key)
            return index[key]

        for i, det in enumerate(self.detectors):
            patterns.extend(
                Pattern(channel(i, ""), p, det.caseless) for p in det.prefilter_patterns()
            )
            patterns.extend(
                Pattern(channel(i, tag), p, det.caseless) for tag, p in det.tagged_patterns()
            )
            for lit in det.literals():
                word, caseless, tag = (*lit, "")[:3] if len(lit) == 2 else lit
                patterns.append(Pattern(channel(i, tag), word, caseless, literal=True))
        self.prefilter = Prefilter(patterns, force_fallback=force_fallback)
        self._header_words = _header_vocabulary(self.detectors)
        self._field_kinds: dict[str, str | None] = {}
        self._header_word_seen: dict[str, bool] = {}
        """Header text -> :meth:`field_kind` (a scan's headers repeat)."""
        self.label_readers = [
            d for d in self.detectors if type(d).labelled is not Detector.labelled
        ]
        """The detectors that read a value under what its row's label names
        (:meth:`~breachscope.detect.base.Detector.labelled`)."""
        self.identifier_systems: dict[str, Detector] = {}
        """Identifier system -> the detector owning its values (the first that lists it)."""
        for det in self.detectors:
            for system in det.identifier_systems:
                self.identifier_systems.setdefault(system, det)
        by_id = {d.id: d for d in self.detectors}
        self.column_partners: dict[str, tuple[Detector, ...]] = {
            d.id: partners
            for d in self.detectors
            if (partners := tuple(by_id[i] for i in d.shares_columns_with
                                  if i in by_id and by_id[i].emit))
        }  # fmt: skip
        """Detector id -> the enabled detectors whose values may share its claimed
        columns (:attr:`~breachscope.detect.base.Detector.shares_columns_with`)."""

    @classmethod
    def build(
        cls,
        config: Config,
        register: frozenset[str] | None = None,
        *,
        enabled: Iterable[str] | None = None,
        disabled: Iterable[str] = (),
        force_fallback: bool = False,
    ) -> DetectorSet:
        """Instantiate the discovered detectors (optionally only ``enabled`` ids, minus
        ``disabled`` ones). ``register`` holds surnames already found in structured
        sources; the name detector searches them in free text."""
        on = set(enabled) if enabled is not None else None
        off = set(disabled)
        dets = [
            c.create(config, register or frozenset())
            for c in detector_classes()
            if (on is None or c.id in on) and c.id not in off
        ]
        return cls(dets, force_fallback=force_fallback, register=register or frozenset())

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.detectors)

    # -- free text ---------------------------------------------------------------------

    def text_hits(self, text: str, known_plain: bool = False) -> list[Hit]:
        """Validated, non-overlapping hits in ``text`` (segments split by SEGMENT_SEP).
        Read under a watchdog where one can be armed, plain text by the patterns'
        standard-library twins (:mod:`breachscope.detect.watchdog`); ``known_plain``:
        the caller has found the text plain (a block of plain texts). Spaces that keep
        words together are read as spaces, typeset dashes and apostrophes as plain ones
        (:data:`~breachscope.detect.typeset.AS_PLAIN`)."""
        if has_typeset(text, latin1=known_plain):
            text = text.translate(AS_PLAIN)
        with regex_watchdog(budget(len(text))) as guarded:
            view = TextView(text, fast=guarded and (known_plain or plain(text)))
            tagged: dict[int, dict[str, list[int]]] = {}
            for ch, ends in self.prefilter.scan(encode(text)).items():
                i, tag = self.channels[ch]
                tagged.setdefault(i, {})[tag] = ends
            found: list[Hit] = []
            for i, hits in tagged.items():
                det = self.detectors[i]
                found.extend(Hit(det, m) for m in det.find_tagged(view, hits))
        return resolve_overlaps(found)

    def detect_text(self, unit: TextUnit) -> pa.Table:
        out = FindingsBuilder()
        out.add_spans(unit.location, self.spans(unit.text), None, unit.base_offset)
        return out.table()

    def spans(self, text: str) -> list[Span]:
        """The findings of one text alone: its hits after the unit-level rules. The text
        is read as a reader sees it, its spans mapped back to the text as written
        (:mod:`breachscope.detect.reading`: invisible characters, ligatures, escapes)."""
        seen, kept = as_read(text)
        return _mapped(self._seen_spans(seen), kept)

    def _seen_spans(self, seen: str) -> list[Span]:
        """:meth:`spans` of a text already read (:func:`~breachscope.detect.reading.as_read`)."""
        return _spans(apply_text_rules(seen, self.text_hits(seen)))

    def texts_spans(
        self,
        texts: Sequence[str],
        files: Sequence[int] | None = None,
        elsewhere: Collection[int] = (),
    ) -> list[list[Span]]:
        """:meth:`spans` of each text, found in blocks: consecutive texts joined by
        :data:`SEGMENT_SEP` up to :data:`BLOCK_CHARS`, one prefilter scan and one call of
        each detector per block instead of per text. Detectors read a segment as they
        read a whole text (windows, context words and line bounds stop at separators;
        ``tests/detect/test_blocks.py`` cuts real letters at random points to hold them
        to that). A text a reader reads otherwise than written
        (:func:`~breachscope.detect.reading.needs_reading`: a quoted reply, an escape) is
        read as seen, its spans mapped back. A text longer than a block, one holding
        characters that case-insensitive matching folds to ASCII (:attr:`TextView.wide`),
        or one that is not plain (:func:`~breachscope.detect.rxtwin.plain`), which would
        keep its whole block from the regex twins, is read alone; so is every text of a
        block where a hit would span two of them.

        ``files`` numbers each text's file: the unit-level rules count patient data in
        any text of the file, and in the files of ``elsewhere`` patient data in their
        tables (:func:`~breachscope.detect.textrules.text_rule_verdicts`)."""
        read: list[_Read] = []
        block: list[str] = []
        maps: list[SpanMap | None] = []
        size = 0
        for text in texts:
            kept = None
            # (a plain text is latin-1: only latin-1's rewrites can be in it)
            if len(text) < BLOCK_CHARS and plain(text) and needs_reading(text, latin1=True):
                text, kept = as_read(text)
            if len(text) >= BLOCK_CHARS or not plain(text):
                read.extend(self._block(block, maps))
                block, maps, size = [], [], 0
                read.extend(self._alone([text], [kept]))
                continue
            if block and size + len(text) >= BLOCK_CHARS:
                read.extend(self._block(block, maps))
                block, maps, size = [], [], 0
            block.append(text)
            maps.append(kept)
            size += len(text) + len(SEGMENT_SEP)
        read.extend(self._block(block, maps))
        patient: list[Evidence] = [(False, False)] * len(read)
        if files is not None:
            marked = {f for f, r in zip(files, read, strict=True) if has_patient_data(r.hits)}
            patient = [(f in marked, f in elsewhere) for f in files]
        return [
            _mapped(_spans(apply_text_rules(r.text, r.hits, r.base, p), r.base), r.kept)
            for r, p in zip(read, patient, strict=True)
        ]

    def _alone(self, texts: list[str], maps: list[SpanMap | None]) -> list[_Read]:
        """Each of ``texts`` read alone (as :meth:`_block` reads them)."""
        out: list[_Read] = []
        for t, kept in zip(texts, maps, strict=True):
            if kept is None:
                t, kept = as_read(t)
            out.append(_Read(t, self.text_hits(t), 0, kept))
        return out

    def _block(self, texts: list[str], maps: list[SpanMap | None]) -> list[_Read]:
        """Each of ``texts`` (as read; ``maps``: each one's map back to the text as
        written) with its hits, read joined."""
        if len(texts) <= 1:
            return self._alone(texts, maps)
        starts: list[int] = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + len(SEGMENT_SEP)
        per: list[list[Hit]] = [[] for _ in texts]
        for h in self.text_hits(SEGMENT_SEP.join(texts), known_plain=True):  # (each text
            # of a block is plain, see texts_spans, and so is the separator)
            m = h.match
            k = bisect_right(starts, m.start) - 1
            if m.end > starts[k] + len(texts[k]):  # a hit across texts: read alone
                return self._alone(texts, maps)
            per[k].append(h)  # (block offsets: each text's rules and spans shift them)
        return [
            _Read(t, hits, base, kept)
            for t, hits, base, kept in zip(texts, per, starts, maps, strict=True)
        ]

    # -- tables ------------------------------------------------------------------------

    def classify(self, header: str, sample: Sequence[str]) -> tuple[Detector, ColumnVerdict] | None:
        """The detector that owns a column, decided once from header and sample: the
        highest score, the first detector of the set among equals.

        Headers are asked first; a detector's values are then checked only where their
        claim (``1 + share valid``, at most 2) could still win: after a header claim
        (2 or more) that is never, or only a fully valid sample of an earlier detector
        (checked with exit at the first invalid value). The result is the same as asking
        every detector's :meth:`~Detector.claim_column` in order."""
        claims: list[tuple[int, Detector, ColumnVerdict]] = []
        deferred: list[tuple[int, Detector]] = []
        for i, det in enumerate(self.detectors):
            if type(det).claim_column is not Detector.claim_column:
                verdict = det.claim_column(header, sample)  # its own rules, whole
            else:
                decided, verdict = det.header_claim(header, sample)
                if not decided:
                    deferred.append((i, det))
                    continue
            if verdict is not None:
                claims.append((i, det, verdict))
        for i, det in deferred:
            top = _first_best(claims)
            at_least = 0.0
            if top is not None and top[2].score >= 2.0:
                if top[2].score > 2.0 or i > top[0]:
                    continue  # a value claim cannot beat it
                at_least = 1.0  # only a fully valid sample ties it, and comes first
            verdict = det.value_claim(sample, at_least)
            if verdict is not None:
                claims.append((i, det, verdict))
        top = _first_best(claims)
        return None if top is None else (top[1], top[2])

    def field_kind(self, text: str) -> str | None:
        """The kind of field a header text names, as a detector claims a column of it
        from the header alone (``Geb. datum``: ``date_of_birth``), or None. Remembered
        per text (headers repeat)."""
        if text in self._field_kinds:
            return self._field_kinds[text]
        claim = self.classify(text, ())
        kind = claim[1].kind if claim is not None else None
        if len(self._field_kinds) >= FIELD_KINDS_KEPT:
            self._field_kinds.clear()  # (a long scan's prose asks about many word groups)
        self._field_kinds[text] = kind
        return kind

    def header_word(self, word: str) -> bool:
        """Whether ``word`` may be (part of) a header's field name: it holds a word of a
        detector's header keywords (``Geb.``, ``Woonplaats``) or is a connector (``van``,
        ``nr``); a cheap test before :meth:`field_kind`."""
        known = self._header_word_seen.get(word)
        if known is not None:
            return known
        low = word.lower()
        long_words, short_words = self._header_words
        found = bool(long_words.search(low)) or low.strip(".:#") in short_words
        if len(self._header_word_seen) >= FIELD_KINDS_KEPT:
            self._header_word_seen.clear()
        self._header_word_seen[word] = found
        return found

    def names_field(self, text: str) -> bool:
        """Whether a detector's header keywords name ``text`` (``Geboortedatum``)."""
        return any(names_column(text, type(det)) for det in self.detectors)

    def detect_table(self, unit: TableUnit) -> pa.Table:
        return detect_table(self, unit)

    def detect(self, unit: Unit) -> pa.Table:
        if isinstance(unit, TextUnit):
            return self.detect_text(unit)
        return self.detect_table(unit)

    def cell_text_hits(self, cells: Sequence[str | None]) -> list[tuple[int, Hit]]:
        """Free-text hits in many cells at once: ``(cell index, hit with in-cell span)``.
        A cell a reader reads otherwise than written (:func:`~breachscope.detect.reading.
        needs_reading`: a Python date's repr in a logged object, an escape) is read as
        seen, its spans mapped back to the cell as written."""
        starts: list[int] = []
        pieces: list[str] = []
        index: list[int] = []
        maps: list[SpanMap | None] = []
        pos = 0
        filled = [c for c in cells if c]
        whole = SEGMENT_SEP.join(filled)
        reading = needs_reading(whole, plain(whole), names=False)  # (once for most columns)
        for i, c in enumerate(cells):
            if not c:
                continue
            c = c.replace(SEGMENT_SEP, " ")
            kept = None
            if reading and needs_reading(c, plain(c), names=False):
                c, kept = as_read(c, names=False)
            starts.append(pos)
            index.append(i)
            pieces.append(c)
            maps.append(kept)
            pos += len(c) + 1
        if not pieces:
            return []
        out: list[tuple[int, Hit]] = []
        for h in self.text_hits(SEGMENT_SEP.join(pieces)):
            k = bisect_right(starts, h.match.start) - 1
            h = _shifted(h, starts[k])
            if (kept := maps[k]) is not None:
                m = h.match
                start, end = kept.back(m.start, m.end)
                h = Hit(h.detector, m._replace(start=start, end=end))
            out.append((index[k], h))
        return out


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the best of overlapping hits (priority, then length, then confidence), in text
    order. Hits are ranked only within a run of overlapping ones (a hit outside every
    such run overlaps nothing, and the common case is runs of one)."""
    by_start = sorted(hits, key=_span)
    out: list[Hit] = []
    run: list[Hit] = []
    end = -1
    last = (-1, -1)
    for h in by_start:
        m = h.match
        span = (m.start, m.end)
        if m.start < end or span == last:  # equal empty spans too: ordered by rank
            last = span
            run.append(h)
            if m.end > end:
                end = m.end
            continue
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.extend(_best_of(run))
        run = [h]
        end = m.end
        last = span
    if len(run) == 1:
        out.append(run[0])
    elif run:
        out.extend(_best_of(run))
    return out


def _span(h: Hit) -> tuple[int, int]:
    return h.match.start, h.match.end


def _best_of(hits: list[Hit]) -> list[Hit]:
    """The non-overlapping best of overlapping ``hits``, greedily by rank, in text order."""
    ranked = sorted(
        hits,
        key=lambda h: (
            -h.detector.priority,
            -(h.match.end - h.match.start),
            -h.match.confidence,
            h.match.start,
        ),
    )
    kept = [ranked[i] for i in non_overlapping((h.match.start, h.match.end) for h in ranked)]
    kept.sort(key=_span)
    return kept


def _first_best(
    claims: Sequence[tuple[int, Detector, ColumnVerdict]],
) -> tuple[int, Detector, ColumnVerdict] | None:
    """The claim with the highest score, the earliest detector among equals."""
    return max(claims, key=lambda c: (c[2].score, -c[0]), default=None)
