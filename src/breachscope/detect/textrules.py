"""Rules over all hits of one text unit, applied after the detectors ran.

* **No patient, no provider.** The provider class says through whom a person's test ran;
  a provider named where no patient evidence is (BSN, date of birth, health data) - an
  e-mail header to a practice, a list of GPs - is not reported.
* **Company documents.** A unit with a KvK number and no patient evidence is a company's
  document (an invoice, a letterhead): its addresses, phone numbers, e-mail addresses and
  IBANs are the company's.
* **Examples.** A value after a marker word in its sentence (``bijvoorbeeld 123456782``,
  ``Voorbeeld IBAN:``, ``testdeelnemer``) illustrates a manual or a form
  (:mod:`breachscope.detect.examples`).
* **Closing blocks.** Contact details under a closing ("Met vriendelijke groet") belong to
  the person signing; when the block names no person (``Afdeling Uitslagen`` and the
  lab's name), they are the organisation's and are dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

from breachscope.detect import examples
from breachscope.detect.context import search
from breachscope.detect.tables import PATIENT_EVIDENCE

if TYPE_CHECKING:
    from breachscope.detect.detectorset import Hit

CONTACT = frozenset({"address", "phone", "email", "iban"})
_CLOSING = regex.compile(
    r"(?i)(?:met\s+(?:vriendelijke|hartelijke|collegiale)\s+groet(?:en)?|vriendelijke\s+groet(?:en)?"
    r"|hoogachtend|(?:kind\s+|best\s+)?regards|groetjes)[ \t]*,?[ \t]*\r?\n"
)
_BLOCK_END = regex.compile(r"\n>|\nOp .{0,80} schreef|\n-{2,}|\n_{2,}|\nFrom:|\nVan:")
BLOCK_CHARS = 400
BLOCK_LINES = 6


_CLOSING_WORDS = ("groet", "hoogachtend", "regards")


def _closings(text: str) -> list[regex.Match[str]]:
    """Closing phrases, looked for only around the (C-speed) occurrences of their key
    words: most units have none, and a regex scan of a whole unit is slow."""
    low = text.lower()
    if len(low) != len(text):
        low = text
    found: dict[int, regex.Match[str]] = {}
    for word in _CLOSING_WORDS:
        i = low.find(word)
        while i >= 0:
            m = search(_CLOSING, text, max(0, i - 40), i + 40)
            if m is not None:
                found[m.start()] = m
            i = low.find(word, i + len(word))
    return [found[k] for k in sorted(found)]


def closing_blocks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each signature block: from a closing phrase over at most
    :data:`BLOCK_LINES` non-empty lines, stopping at a quoted reply or a rule."""
    blocks = []
    for m in _closings(text):
        start = end = m.end()
        limit = min(len(text), start + BLOCK_CHARS)
        stop = _BLOCK_END.search(text, start, limit)
        if stop:
            limit = stop.start()
        lines = 0
        while end < limit and lines < BLOCK_LINES:
            nl = text.find("\n", end, limit)
            line_end = limit if nl < 0 else nl
            if text[end:line_end].strip():
                lines += 1
            end = line_end + 1 if nl >= 0 else limit
        blocks.append((start, min(end, limit)))
    return blocks


def apply_text_rules(
    text: str, hits: Sequence[Hit], base: int = 0, elsewhere: Evidence = (False, False)
) -> list[Hit]:
    """The unit-level rules above, in order. ``hits`` may lie ``base`` characters further
    on than ``text`` (the text's offset in a block it was read in); they are kept as
    they are. ``elsewhere``: whether the text's file holds patient data in another of
    its texts (another page), and in its tables (:data:`Evidence`)."""
    return text_rule_verdicts(text, hits, base, elsewhere)[0]


Evidence = tuple[bool, bool]
"""Whether a text's file holds patient data in another of its texts (a letter's other
page), and in its tables (a report's rows)."""


def has_patient_data(hits: Sequence[Hit]) -> bool:
    """Whether ``hits`` hold patient data (:data:`PATIENT_EVIDENCE`: a BSN, a date of
    birth, a health finding) that the rules below count."""
    return any(h.detector.emit and h.data_class in PATIENT_EVIDENCE for h in hits)


CONTEXT_ONLY = "context only: its detector's values have no data class of their own"
NO_PATIENT = "a care provider, in a text without patient data (BSN, date of birth, health)"
COMPANY = "a company's contact data: a KvK number and no patient data in the text"
SIGNATURE = "an organisation's contact data: a closing block that names no person"
"""Why :func:`text_rule_verdicts` holds a hit back."""


def text_rule_verdicts(
    text: str, hits: Sequence[Hit], base: int = 0, elsewhere: Evidence = (False, False)
) -> tuple[list[Hit], list[tuple[Hit, str]]]:
    """:func:`apply_text_rules` and the hits it holds back, each with the reason
    (:data:`CONTEXT_ONLY`, :data:`examples.REASON`, :data:`NO_PATIENT`, :data:`COMPANY`,
    :data:`SIGNATURE`), in text order: what ``breachscope detect`` shows a person who
    asks why a value they see is not reported. Patient data in the file's other texts
    counts as the text's own (``elsewhere``): a letter's first page holds her address
    block and the lab's KvK in its footer, her BSN and result stand on the second.
    Patient data in the file's tables counts for its providers only: a lab's report names
    the GP in its prose and the patients in its table, and its letterhead stays the
    lab's."""
    kept = [h for h in hits if h.detector.emit]
    held = [(h, CONTEXT_ONLY) for h in hits if not h.detector.emit]
    lower = text.lower() if kept else ""
    marks = examples.marker_ends(lower) if kept and len(lower) == len(text) else []
    if marks:  # (a text whose lower case is as long: offsets stay)
        shown = [
            examples.is_example(lower, h.match.start - base, marks, h.match.end - base)
            for h in kept
        ]
        held += [(h, examples.REASON) for h, ex in zip(kept, shown, strict=True) if ex]
        kept = [h for h, ex in zip(kept, shown, strict=True) if not ex]
    in_texts, in_tables = elsewhere
    patient = in_texts or any(h.data_class in PATIENT_EVIDENCE for h in kept)
    if not patient and not in_tables:
        held += [(h, NO_PATIENT) for h in kept if h.data_class == "provider"]
        kept = [h for h in kept if h.data_class != "provider"]
    if not patient and any(h.detector.kind == "company_kvk" for h in hits):
        held += [(h, COMPANY) for h in kept if h.data_class in CONTACT]
        kept = [h for h in kept if h.data_class not in CONTACT]
    blocks = closing_blocks(text)
    if blocks:
        starts = [h.match.start - base for h in kept]  # hits come sorted by start
        drop: set[int] = set()
        for lo, hi in blocks:
            a, b = bisect_left(starts, lo), bisect_left(starts, hi)
            if not any(kept[i].data_class == "name" for i in range(a, b)):
                drop.update(i for i in range(a, b) if kept[i].data_class in CONTACT)
        held += [(kept[i], SIGNATURE) for i in sorted(drop)]
        kept = [h for i, h in enumerate(kept) if i not in drop]
    held.sort(key=lambda item: (item[0].match.start, item[0].match.end))
    return kept, held
