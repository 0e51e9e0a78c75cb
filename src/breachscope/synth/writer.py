"""The contract between the generator and the per-format writers.

The generator decides which people appear in which file and renders their values
(:class:`~breachscope.synth.model.Rendered`); a writer turns records into the bytes of one
file and says, for each record it wrote, where it is and which data classes it exposes.

Data classes a mention exposes (what the writer actually wrote for that person):
``name`` any form of the person's name; ``date_of_birth``; ``bsn``; ``address`` a street
with house number, or a postcode, of the person; ``phone``; ``email``; ``iban``;
``health`` a test type with a result (hrHPV, Pap, KOPAC-B, other test results);
``provider`` the referring GP's name or AGB code.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from breachscope.synth.model import Rendered


@dataclass(frozen=True, slots=True)
class TruthMention:
    """One person's appearance in a written file."""

    person_id: str
    classes: frozenset[str]
    part: str | None = None
    """Location part (sheet, SQL table, ``page-N``, ``body``) per docs/locations.md."""
    row: int | None = None
    """Location row (CSV line, sheet row, SQL row index, NDJSON line, message number)."""
    member: str | None = None
    """For containers (e-mail attachments, archives): the member path inside this file,
    members joined with ``!/``; the mention's file path is ``file + '!/' + member``."""


@dataclass(frozen=True, slots=True)
class WrittenFile:
    data: bytes
    mentions: tuple[TruthMention, ...]


class Writer(Protocol):
    def __call__(self, records: Sequence[Rendered], rng: random.Random) -> WrittenFile: ...
