"""BSN (burgerservicenummer): nine digits passing the elfproef.

About 1 in 11 random 9-digit numbers pass the elfproef (lab numbers and barcodes too), so
free text needs a context word and a table needs a BSN header or a column whose sample
passes almost always and is not a lab, sample or barcode column. Spreadsheets drop leading
zeros: an 8-digit value is left-padded, but only under a BSN header or context word, or
in a column of which at least half pass as nine digits.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import regex
from stdnum.nl import bsn

from breachscope.detect.base import (
    SMALL_COLUMN,
    CellFindings,
    ColumnVerdict,
    Detector,
    TextMatch,
)
from breachscope.detect.context import (
    MESSAGE_HEAD,
    SPOKEN_REACH,
    TextView,
    asked_above,
    spoken_reply,
)
from breachscope.detect.detectors._org import OTHER_NUMBER_LABELS
from breachscope.detect.floats import whole_number
from breachscope.detect.namegrammar import given_family_before
from breachscope.detect.names import FUNCTION_WORDS, LOWER, PREFIX_RE, UPPER, is_not_name
from breachscope.detect.ocrdigits import LEADING, LETTERS, SPACED, as_digits, misread, spaced
from breachscope.detect.recordlines import EVIDENCE as RECORD_EVIDENCE
from breachscope.detect.recordlines import PATTERN as RECORD_PATTERN
from breachscope.detect.recordlines import TAG as RECORD_TAG
from breachscope.detect.recordlines import record_lines
from breachscope.detect.vectors import bsn_found, elfproef_found

_BSN_WORDS = r"(?P<w>bsn|burgerservicenummer|burgerservice[ \t]?(?:nummer|nr)|sofinummer)"
_LABEL_AFTER = re.compile(
    rf"[ \t]*\([ \t]*(?:(?:uw|haar|zijn|mijn|het)[ \t]+)?{_BSN_WORDS}[ \t]*\)"
)
"""A BSN label in brackets right after the value (``189816466 (BSN)``)."""
_REMARK = r"\([^()\d\n]{1,80}\)[ \t]*:?[ \t]*"
"""A remark in brackets, words only, then the spaces or the colon before a value."""
_LABEL_REMARK = re.compile(rf"(?<![\w-]){_BSN_WORDS}[ \t]*{_REMARK}\Z")
"""A BSN label, then a remark in brackets, words only, ending where the value starts."""
_REMARK_REACH = 120
_NAMED_BEFORE = 24
"""How far before a value another number's name rules out a BSN label after it."""
_CLOSE_AFTER = re.compile(r"[ \t]{0,2}\)")
"""A bracket that closes right after a BSN label: the value may stand before it."""
_REMARK_AFTER = re.compile(rf"[ \t]{{0,2}}{_REMARK}")
"""A remark in brackets after a BSN label, words only: the value may follow it."""
_OCR_TOKEN = regex.compile(rf"(?<![\w.\-])[0-9{LEADING}][0-9{LETTERS}]{{8}}(?![\w\-]|[.,]\d)")
"""Nine digits, some of them letters an OCR engine gave (:mod:`~breachscope.detect.ocrdigits`)."""
_OCR_GROUPED = regex.compile(
    rf"(?<![\w.\-])[0-9{LEADING}][0-9{LETTERS}]{{2}}(?P<g>[ .])[0-9{LETTERS}]{{3}}(?P=g)"
    rf"[0-9{LETTERS}]{{3}}(?![\w\-]|[.,]\d)"
)
""":data:`_OCR_TOKEN` in the three groups a BSN is written in (``864 623 l12``)."""
_OCR_GROUPED_4 = regex.compile(
    rf"(?<![\w.\-])[0-9{LEADING}][0-9{LETTERS}]{{3}}(?P<g>[ .])[0-9{LETTERS}]{{2}}(?P=g)"
    rf"[0-9{LETTERS}]{{3}}(?![\w\-]|[.,]\d)"
)
""":data:`_OCR_TOKEN` in groups of four, two and three (``9344.93.2l2``)."""
_SPACED_TOKEN = regex.compile(r"(?<![\w.\-])\d{1,6}(?: \d{1,6}){1,4}(?![\w\-]|[.,]\d| \d)")
"""Digits in two to five groups apart by single spaces (:func:`~breachscope.detect.ocrdigits.spaced`
takes nine of them)."""


_NAMED_TAG = "named"
_NAMED_PATTERN = r"[^\s\d(] \(\d{9}\)"
"""The prefilter's pattern (latin-1) of nine digits alone in brackets after a word."""
_NAMED_BEFORE_BRACKET = regex.compile(
    rf"(?<![\w\-])(?P<g>[{UPPER}][{LOWER}]+)[ ](?:(?i:{PREFIX_RE})[ ])?"
    rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?[ ]\(\Z"
)
"""A given name of the list and a family name right before an opening bracket (a chat's
``Mehmet Koç (640549391) belde``): the number alone in the bracket, passing the
elfproef, is her BSN, as a date there is her birth date."""


_ITEM_START = re.compile(r"[ \t]*(?:[-*•·][ \t]+)?")
"""What may stand before a list item's first word on its line: indent, a bullet."""


def _opens_with_a_name(view: TextView, value: int) -> bool:
    """Whether the line (a note's item) opens with a given and a family name of any kind
    right before the bracket that the value at ``value`` opens (``Soraya Pinas
    (595255838) uitslag ...``: a given name no list holds), neither word one that is never
    a name."""
    line = view.text.rfind("\n", max(0, value - 80), value) + 1
    if line == 0 and value > 80:
        return False
    lead = _ITEM_START.match(view.text, line, value)
    at = lead.end() if lead is not None else line
    if _NAMED_BEFORE_BRACKET.match(view.text[at:value]) is None:
        return False
    words = view.text[at : value - 1].split()
    return not any(is_not_name(w) or w.lower() in FUNCTION_WORDS for w in words)


class BsnDetector(Detector):
    id = "bsn"
    data_class = "bsn"
    kind = "bsn"
    patterns = (
        r"\b\d{8,9}\b",
        r"\b\d{3,4}[ .\-]\d{2}[ .\-]\d{3}\b",
        r"\b\d{2,3}[ .\-]\d{3}[ .\-]\d{3}\b",
        r"\b\d(?: \d){7,8}\b",
        r"\b\d \d \d\. \d \d \d\. \d \d \d\b",
        r"\d(?:\|\d){8}|\d(?:\]\[\d){8}",
    )
    regex = (
        r"(?:(?<![\w.\-])|(?<=[Bb][Ss][Nn]-))"  # ("BSN-123456782": its label before it)
        r"(?P<v>\d{8,9}(?:\.0+(?![\d.,]))?"  # (``506332433.0``: a spreadsheet's float)
        r"|\d{3,4}([ .\-])\d{2}\2\d{3}|\d{2,3}([ .\-])\d{3}(?:\3|[ ]?\r?\n[ \t]*)\d{3}"
        r"|\d{2,3}[ ]?\r?\n[ \t]*\d{3}[ ]\d{3}"  # (the first group at a wrapped line's end)
        r"|(?<!\d )\d(?: \d){7,8}(?! \d)"  # (a form's boxes, a digit each)
        r"|(?<!\d )\d \d \d\. \d \d \d\. \d \d \d(?! \d)"  # (spoken, a digit each:
        # speech-to-text writes ``7 7 6. 0 3 5. 1 6 2``)
        r"|(?<!\d\|)\d(?:\|\d){8}(?!\|\d)|\d(?:\]\[\d){8})"  # (drawn: ``|1|4|7|...|``)
        r"(?![\w\-]|[.,]\d)"
    )
    max_len = 19  # (a form's boxes: 1 2 3 4 5 6 7 8 2; spoken: 7 7 6. 0 3 5. 1 6 2)
    context_words: ClassVar[tuple[str, ...]] = (
        "bsn",
        "burgerservicenummer",
        "burgerservice nummer",
        "burgerservicenr",
        "burgerservice nr",
        "sofinummer",
        "sofi-nummer",
        "sofi nr",
        "sofinr",
        "sofi-nr",
        "citizen service number",
        "bsn-nummer",
        "bsn nummer",
        "bsn nr",
        "s00000000",  # DigiD's sector code of the BSN (a SAML NameID: s00000000:123456782)
    )
    negative_words: ClassVar[tuple[str, ...]] = (
        *OTHER_NUMBER_LABELS,
        "lab",
        "monster",
        "order",
        "artikel",
        "factuur",
        "zending",
        "agb",
        "uzi",
        "big",
        "kvk",
        "btw",
        "rsin",
        "aanvraagnummer",
        "sample",
        "specimen",
        "nummer",
    )
    context_required = True
    context_before = 56
    header_keywords = (
        "bsn",
        "burgerservicenummer",
        "burger service nummer",
        "burgerservicenr",
        "burger service nr",
        "bsnnr",
        "bsnnummer",
        "sofinummer",
        "sofi nr",
        "sofinr",
        "citizen service number",
        "=pid-3",
        "pid-19",
        "rff+bsn",
        "rff+sri",
        "ssn",
        "pid-2",
        "other patient ids",  # (DICOM's OtherPatientIDs: where a Dutch PACS keeps the BSN)
    )
    header_last_step = True
    header_negative = (
        "lab",
        "labnummer",
        "monster",
        "barcode",
        "sample",
        "order",
        "aanvraag",
        "specimen",
        "buis",
        "zending",
        "factuur",
        "invoice",
        "agb",
        "uzi",
        "big",
        "kvk",
        "rsin",
        *OTHER_NUMBER_LABELS,
        # numbers of their own with a check digit, which the elfproef passes as often:
        # a patient's or a client's in a practice's system, a screening participant's, an
        # insurer's, a reagent lot's, a row's
        "patientnummer",
        "patientnr",
        "pat nr",
        "patnr",
        "pat id",
        "patid",
        "clientnummer",
        "clientnr",
        "deelnemernummer",
        "deelnemernr",
        "screenit",
        "uitnodigingsnummer",  # a screening invitation's (ScreenIT's ``UITNODIGINGSNR``)
        "uitnodigingsnr",
        "verzekerdennummer",
        "verzekerdennr",
        "lotnummer",
        "lotnr",
        "~lot",
        "batch",
        "chargenummer",
        "volgnummer",
        "volgnr",
        "pakbonnr",
        "tracking",
        # an account's, a customer's or a file's, as a header names them too
        "rekening",
        "debiteur",
        "crediteur",
        "artikel",
        "transactie",
        "btw",
    )
    cell_text_negative = tuple(
        w for w in header_negative
        if w not in ("batch", "order", "aanvraag", "zending", "factuur", "invoice", "transactie")
    )  # fmt: skip
    """A column named for a batch, an order or an invoice holds records: a BSN its cells'
    text gives with its label is a person's (a logged ``batch`` of ``Deelnemer(...,
    bsn='245914894', ...)``); a column named for another number is that number's."""
    identifier_systems = (
        "http://fhir.nl/fhir/namingsystem/bsn",
        "urn:oid:2.16.840.1.113883.2.4.6.3",
        "2.16.840.1.113883.2.4.6.3",  # an HL7 v3 id's root, as CDA writes it
        "bsn",  # an EDIFACT identification's type (``PNA+PAT+385280841:BSN``)
    )
    sample_pass_rate = 0.97
    base_confidence = 0.95

    def tagged_patterns(self) -> Iterable[tuple[str, str]]:
        yield RECORD_TAG, RECORD_PATTERN
        yield _NAMED_TAG, _NAMED_PATTERN

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """:meth:`find` after the context words, the BSN of a record's line with no
        label (:mod:`breachscope.detect.recordlines`), and a BSN alone in brackets right
        after a person's given and family name (:data:`_NAMED_BEFORE_BRACKET`)."""
        spans: set[tuple[int, int]] = set()
        labelled = {tag: ends for tag, ends in hits.items() if tag not in (RECORD_TAG, _NAMED_TAG)}
        if labelled:
            for found in super().find_tagged(view, labelled):
                spans.add((found.start, found.end))
                yield found
        for e in hits.get(_NAMED_TAG, ()):
            start, end = e - 10, e - 1
            if (start, end) in spans or not (
                given_family_before(_NAMED_BEFORE_BRACKET, view, max(0, start - 60), start)
                or _opens_with_a_name(view, start)
            ):
                continue
            value = self.validate(view.text[start:end], True)
            if value is not None:
                spans.add((start, end))
                yield TextMatch(
                    start, end, value, self.kind, self.text_confidence(False),
                    self.explain((), "alone in brackets right after a person's name"),
                )  # fmt: skip
        for record in record_lines(view.text, hits.get(RECORD_TAG, ())):
            start, end = record.number
            value = self.validate(view.text[start:end], True)
            if value is not None and (start, end) not in spans:
                yield TextMatch(
                    start, end, value, self.kind, self.base_confidence,
                    self.explain((), RECORD_EVIDENCE),
                )  # fmt: skip

    def check(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """:meth:`Detector.check`; a value whose BSN label only the bare word ``nummer``
        stands between (``bsn klopt niet, het juiste nummer is 845187387``: the number
        the sentence is about), no other number's name (``dossiernummer``); and a value
        with its label in brackets right after it, or after its label and a remark in
        brackets (:meth:`_bracketed_label`)."""
        found = super().check(view, start, end, raw)
        if found is None:
            found = self._bracketed_label(view, start, end, raw)
        if found is None and view.text.rfind("\n", max(0, start - _ANSWER_REACH), start) >= 0:
            found = self._answer(view, start, end, raw)
        lo = max(0, start - self.context_before)
        if found is not None or "nummer" not in view.lower[lo:start]:
            return found
        words = view.labelled(start, end, self.context_words, _SPECIFIC, self.context_before)
        if not words:
            return None
        label = view.lower.rfind(words[0], lo, start)
        between = view.lower[label + len(words[0]) : start]
        if label < 0 or _OTHER_NUMBER.search(between) or not _BARE_NUMBER.search(between):
            return None
        return self.labelled_match(start, end, raw, words)

    def _answer(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A value that answers the line above it asking for a BSN: a chat's reply
        (``[09:12] Praktijk Zuid: Wat is uw geboortedatum en BSN?`` over ``[09:15] Nadia:
        12-9-1987 en 656572693``), the value first after the reply's time and sender, or
        after the date of birth asked for with it; or a speaker's reply in a call's
        transcript, after her words, under a line that asks for it with no question mark
        (``00:00:41 AGENT: en eh uw burgerservicenummer heeft u die bij de hand`` over
        ``00:00:44 BELLER: eh even kijken hoor eh ja hier op mijn pasje 7 7 6. 0 3 5.
        1 6 2``)."""
        question = asked_above(view, start, _ANSWER_HEAD, _BSN_QUESTION, _ANSWER_REACH, 160)
        if question is None:
            question = spoken_reply(view, start, _SPOKEN_QUESTION, 160, _OTHER_NUMBER)
        if question is None:
            return None
        return self.labelled_match(start, end, raw, (f"{question[1]}?",))

    def find(self, view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
        """:meth:`Detector.find` after the context words' hits, and the values their
        brackets reach, which the windows after a label miss: a value right before its
        bracketed label (``189816466 (BSN)``), a value after a label's bracketed remark
        (:meth:`_bracketed_label`), a spoken reply on the line below a question
        (:meth:`_answer`)."""
        spans: set[tuple[int, int]] = set()
        for found in super().find(view, ends):
            spans.add((found.start, found.end))
            yield found
        low = view.lower
        windows: list[tuple[int, int, int]] = []
        for e in ends:
            nl = low.find("\n", e, e + _QUESTION_REST)
            if nl >= 0:  # (a spoken reply on the line below)
                windows.append((e, nl + 1, nl + 1 + SPOKEN_REACH + self.max_len))
            if "(" not in (near := low[e : e + 3]) and ")" not in near:
                continue  # (most labels: no bracket after them)
            if _CLOSE_AFTER.match(low, e):
                windows.append((e, e - _REMARK_REACH, e))
            elif (remark := _REMARK_AFTER.match(low, e)) is not None:
                windows.append((e, remark.end(), remark.end() + self.max_len + 1))
        pat = self.exact()
        for e, lo, hi in windows:
            seg_lo, seg_hi = view.segment(max(0, e - 1))
            for m in view.finditer(pat, max(lo, seg_lo), min(hi, seg_hi)):
                start, end = m.span("v")
                if (start, end) in spans:
                    continue
                reached = self.check(view, start, end, m["v"])
                if reached is not None:
                    spans.add((start, end))
                    yield reached
        yield from self._ocr(view, ends, spans)

    def _ocr(
        self, view: TextView, ends: Sequence[int], spans: set[tuple[int, int]]
    ) -> Iterator[TextMatch]:
        """A BSN after its label whose digits an OCR engine read as letters (``BSN:
        45O433845``, :mod:`breachscope.detect.ocrdigits`), where no BSN was found after
        it as written."""
        found_at = sorted(start for start, _ in spans)
        windows = [
            (lo, hi)
            for lo, hi in view.hit_windows(ends, 4, self.context_before + self.max_len)
            if bisect_left(found_at, hi) == bisect_left(found_at, lo)
        ]  # (most labels: their BSN read as written, no window to search)
        taken = set(found_at)
        yield from misread(
            view, _OCR_TOKEN, windows, lambda t: as_digits(t, 6, 2.0), self.check, taken
        )
        yield from misread(
            view, _OCR_GROUPED, windows, lambda t: as_digits(t[:3] + t[4:7] + t[8:], 6, 2.0),
            self.check, taken,
        )  # fmt: skip
        yield from misread(
            view, _OCR_GROUPED_4, windows, lambda t: as_digits(t[:4] + t[5:7] + t[8:], 6, 2.0),
            self.check, taken,
        )  # fmt: skip
        nine = partial(spaced, count=9)
        yield from misread(view, _SPACED_TOKEN, windows, nine, self.check, taken, SPACED)

    def _bracketed_label(self, view: TextView, start: int, end: int, raw: str) -> TextMatch | None:
        """A value with its label in brackets right after it (``uw nummer 189816466
        (BSN)``), or after its label and a remark in brackets, words only (``BSN (zoals
        vermeld op haar zorgpas): 326290783``, ``BSN (let op: niet het labnummer!)
        373472766``: the remark's words label nothing)."""
        low = view.lower
        after = _LABEL_AFTER.match(low, end, min(len(low), end + 40))
        if after is not None:
            if view.labelled(start, end, _SPECIFIC, (), _NAMED_BEFORE):
                return None  # (``labnr 189816466 (BSN)``: named another number first)
            return self.labelled_match(start, end, raw, (f"({after['w']}) after",))
        if start == 0 or low[start - 1] not in " \t:":
            return None
        before = _LABEL_REMARK.search(low, max(0, start - _REMARK_REACH), start)
        if before is None:
            return None
        return self.labelled_match(start, end, raw, (before["w"],))

    def validate(self, raw: str, context: bool) -> str | None:
        if "^" in raw:
            return self._hl7(raw)
        raw = whole_number(raw)  # (``506332433.0``: a spreadsheet's float)
        digits = raw.replace(" ", "").replace(".", "").replace("-", "")
        if "|" in digits or "]" in digits:  # (a form's boxes drawn in text)
            digits = digits.replace("|", "").replace("][", "")
        if "\n" in digits:  # (a group wrapped to the next line: ``123 456<newline>782``,
            # ``123<newline>456 782``)
            digits = "".join(digits.split())
        if not digits.isdigit() or not digits.isascii():
            return None
        if len(digits) == 8:
            if not context:
                return None
            digits = "0" + digits
        if len(digits) != 9 or digits == "000000000":
            return None
        return digits if _elfproef(digits) else None

    def value_claim(self, sample: Sequence[str], at_least: float = 0.0) -> ColumnVerdict | None:
        """:meth:`Detector.value_claim`; and a column of nine-digit numbers that pass the
        elfproef among eight-digit ones that pass it left-padded (a spreadsheet dropped
        their leading zero: ``72910574``): at least half the values pass as they stand,
        and all but :attr:`sample_pass_rate` pass padded."""
        verdict = super().value_claim(sample, at_least)
        if verdict is not None or len(sample) < 5 or at_least > 1:
            return verdict
        first = sample[0].strip()
        if len(first) not in (8, 9) or not first.isdigit():
            return None  # (most columns: not a number of a BSN's length)
        rate = max(self.sample_pass_rate, at_least)
        padded = self.passing(sample, True, rate)
        if padded is None or self.passing(sample, False, 0.5) is None:
            return None
        share = padded / len(sample)
        return ColumnVerdict(
            1.0 + share,
            self.kind,
            self.base_confidence,
            f"column values ({share:.0%} of sample valid, eight digits left-padded)",
            on_values=True,
        )

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        """Vectorised elfproef over the column (HL7 identifier lists and short columns go
        value by value)."""
        if len(column) <= SMALL_COLUMN:
            return super().cells(column, verdict)
        found = _vectorised(column)
        return super().cells(column, verdict) if found is None else found

    def sample_share(self, sample: Sequence[str], share: float) -> bool:
        """The header claim's check, vectorised as the cells are (a short sample value
        by value)."""
        if len(sample) <= SMALL_COLUMN:
            return super().sample_share(sample, share)
        found = _vectorised(pa.array(list(sample), pa.string()))
        if found is None:
            return super().sample_share(sample, share)
        return len(found.index) / len(sample) >= share

    def _hl7(self, raw: str) -> str | None:
        """An HL7 CX list (``id^^^authority^type~...``): the repetition issued by the BSN
        authority (``NLMINBIZA``, type ``NNNLD``); other identifiers are no BSN."""
        for rep in raw.split("~"):
            comps = rep.split("^")
            authority = comps[3].split("&")[0] if len(comps) > 3 else ""
            kind = comps[4] if len(comps) > 4 else ""
            if authority.upper() in HL7_BSN_AUTHORITIES or kind.upper() == "NNNLD":
                return self.validate(comps[0], True)
        return None


def _vectorised(column: pa.Array) -> CellFindings | None:
    """:meth:`BsnDetector.validate` (backed by the column) of every cell with numpy and
    Arrow; None when the column holds HL7 identifier lists (value by value)."""
    (index, value), rest = bsn_found(column, pad8=True)  # plain digits: numpy
    if len(rest):
        others = pc.take(column, pa.array(rest))
        if pc.any(pc.match_substring(others, "^")).as_py():
            return None
        index, value = elfproef_found(column, pad8=True)
    return CellFindings(pa.array(index, pa.int64()), value)


_SPECIFIC = tuple(w for w in BsnDetector.negative_words if w != "nummer")
"""The negative words that name another number (all but the bare ``nummer``)."""
_ANSWER_REACH = 80
"""How far into its line a BSN that answers the line above may stand."""
_ANSWER_HEAD = re.compile(
    MESSAGE_HEAD + r"(?:\d{1,2}[-/.]\d{1,2}[-/.]'?\d{2,4}[ \t]*(?:,|en|and|&)?[ \t]*)?"
)
"""What may stand before a BSN that answers a question: a quote mark, the chat's time,
the sender and a colon, and the date of birth asked for with it (``12-9-1987 en``)."""
_BSN_QUESTION = re.compile(r"(bsn|burgerservicenummer)[^\n?]{0,40}\?[ \t\r]*$")
"""A line that asks for a BSN (lower-cased: ``Wat is uw geboortedatum en BSN?``)."""
_QUESTION_REST = 42
"""How far after its BSN word a question's line may end (:data:`_SPOKEN_QUESTION`)."""
_SPOKEN_QUESTION = re.compile(r"(bsn|burgerservicenummer)[^\n?]{0,40}\??[ \t\r]*$")
"""A spoken line that asks for a BSN, its question mark missing or not."""
_BARE_NUMBER = re.compile(r"(?<![\w])nummer(?![\w])")
_OTHER_NUMBER = re.compile(r"\w(?:nummer|nr)(?![\w])|(?<![\w])(?:nr|no)\.?(?![\w])|\d")
"""Between a BSN label and a value: another number's name (``dossiernummer``,
``klantnr``, ``nr.``) or another number; then the label is not the value's."""


@lru_cache(maxsize=65536)
def _elfproef(digits: str) -> bool:
    """python-stdnum's BSN check of nine ASCII digits other than all zeros (what
    :meth:`BsnDetector.validate` hands it), memoised (the same numbers recur across files).
    Its checksum alone: ``bsn.is_valid`` would clean and re-check the digits first, for
    the same answer on such a string at twice the cost."""
    return bool(bsn.checksum(digits) == 0)


HL7_BSN_AUTHORITIES = frozenset({"NLMINBIZA", "2.16.840.1.113883.2.4.6.3"})
"""Assigning authorities of the BSN in Dutch HL7 (name and OID)."""
