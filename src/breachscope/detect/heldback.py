"""What the unit-level rules of free text hold back, and why (``breachscope detect``).

A detector may find a value that is still not reported: an ID-card number (context only:
no data class holds it yet), a GP's name in a text without patient data, a company's
phone number on an invoice, the lab's address under a signature. A person who sees such
a value in their letter and asks why breachscope does not list it gets the rule's reason
here (:func:`breachscope.detect.textrules.text_rule_verdicts`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from breachscope.config import Config
from breachscope.detect.detectorset import Hit
from breachscope.detect.engine import counts_alone, detector_set, patient_data, prepared
from breachscope.detect.reading import SpanMap, as_read, span_back
from breachscope.detect.textrules import CONTEXT_ONLY, has_patient_data, text_rule_verdicts
from breachscope.extract.units import TextUnit, Unit
from breachscope.location import Location


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A value a detector found in free text that a unit-level rule does not report."""

    data_class: str | None
    """None for a context-only detector's value (no data class holds it)."""
    kind: str
    detector: str
    value: str
    location: Location
    explanation: str
    """Why the detector found it (as a finding's explanation)."""
    reason: str
    """Why it is not reported."""


def held_back(
    units: Sequence[Unit], config: Config, register: frozenset[str] | None = None
) -> list[HeldBack]:
    """The values held back in the free-text ``units`` (tables are left out: their rows
    are decided by the table rules), in unit and text order. ``units`` are one file's:
    patient data in any of them counts for the rules of each text, as the scan counts it
    (:func:`~breachscope.detect.engine.detect_files`)."""
    dset = detector_set(config, register)
    out: list[HeldBack] = []
    read: list[tuple[TextUnit, str, SpanMap | None, list[Hit]]] = []
    in_texts = in_tables = False
    for unit in prepared(dset, units):  # tables in the text are tables here too
        if not isinstance(unit, TextUnit):
            in_tables = in_tables or patient_data(dset.detect(unit))
            continue
        seen, kept = as_read(unit.text)
        hits = dset.text_hits(seen)
        in_texts = in_texts or (has_patient_data(hits) and not counts_alone(unit))
        read.append((unit, seen, kept, hits))
    for unit, seen, kept, hits in read:
        alone = counts_alone(unit)
        elsewhere = (in_texts and not alone, in_tables and not alone)
        _, held = text_rule_verdicts(seen, hits, elsewhere=elsewhere)
        for hit, reason in held:
            m = hit.match
            start, end = (unit.base_offset + o for o in span_back(kept, m.start, m.end))
            out.append(
                HeldBack(
                    None if reason == CONTEXT_ONLY else hit.data_class,
                    m.kind,
                    hit.detector.id,
                    m.value,
                    unit.location.with_span(start, end),
                    m.evidence,
                    reason,
                )
            )
    return out
