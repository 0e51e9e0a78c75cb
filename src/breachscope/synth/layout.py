"""Where people appear: mention plans per chunk and the dump's folder tree.

Each screening woman appears in 1-6 mentions, other patients in 1-3, spread over the
channels (file kinds) with the weights below, so not every person is in every format.
Staff appear in the payroll sheet and as senders of e-mails.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from breachscope.synth.model import Person, Sample

Item = tuple[Person, Sample | None]

PATIENT_CHANNELS: dict[str, int] = {
    "lims_csv": 26,
    "sql_dump": 13,
    "xlsx": 10,
    "api_log": 9,
    "hl7": 10,
    "edifact": 8,
    "pdf_report": 6,
    "text_log": 5,
    "docx_letter": 4,
    "eml": 4,
    "archive": 5,
}
OTHER_CHANNELS: dict[str, int] = {
    "lims_csv": 30,
    "hl7": 20,
    "edifact": 15,
    "pdf_report": 10,
    "sql_dump": 10,
    "text_log": 8,
    "eml": 4,
    "docx_letter": 3,
}
CHANNELS: tuple[str, ...] = tuple(PATIENT_CHANNELS)
PATIENT_MENTIONS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
PATIENT_MENTION_WEIGHTS: tuple[int, ...] = (25, 30, 20, 12, 8, 5)
OTHER_MENTIONS: tuple[int, ...] = (1, 2, 3)
OTHER_MENTION_WEIGHTS: tuple[int, ...] = (55, 35, 10)

FILE_SIZES: dict[str, tuple[int, int]] = {
    "lims_csv": (150, 500),
    "xlsx": (100, 300),
    "sql_dump": (10**9, 10**9),
    "api_log": (100, 300),
    "text_log": (100, 250),
    "hl7": (20, 120),
    "edifact": (20, 120),
    "pdf_report": (1, 10),
    "docx_letter": (1, 8),
    "eml": (1, 3),
    "archive": (100, 400),
}
"""Records per file, drawn uniformly in the range (one SQL dump per chunk)."""

MAILBOXES = ("uitslagen", "secretariaat", "cytologie", "huisartsen")
_BASE_DAY = date(2022, 1, 3)


def plan_chunk(people: Sequence[Person], rng: random.Random) -> dict[str, list[Item]]:
    """The records of each channel for one chunk of people (staff excluded)."""
    plan: dict[str, list[Item]] = {c: [] for c in CHANNELS}
    patients = [p for p in people if p.role == "patient"]
    for person in people:
        if person.role == "staff":
            continue
        if person.role == "patient":
            weights, counts, count_w = PATIENT_CHANNELS, PATIENT_MENTIONS, PATIENT_MENTION_WEIGHTS
        else:
            weights, counts, count_w = OTHER_CHANNELS, OTHER_MENTIONS, OTHER_MENTION_WEIGHTS
        m = rng.choices(counts, weights=count_w)[0]
        channels = rng.choices(list(weights), weights=list(weights.values()), k=m)
        samples = list(person.samples)
        rng.shuffle(samples)
        for i, channel in enumerate(channels):
            plan[channel].append((person, samples[i % len(samples)] if samples else None))
    for items in plan.values():  # every kind in every chunk, however small
        if not items and patients:
            person = rng.choice(patients)
            items.append((person, rng.choice(person.samples)))
    for items in plan.values():
        rng.shuffle(items)
    return plan


def split_files(items: list[Item], sizes: tuple[int, int], rng: random.Random) -> list[list[Item]]:
    """Cut a channel's records into files of a size drawn from ``sizes``."""
    files = []
    start = 0
    while start < len(items):
        n = rng.randint(*sizes)
        files.append(items[start : start + n])
        start += n
    return files


def day_of(n: int, step: int = 3) -> date:
    """A plausible export date for the ``n``-th file of a kind (spread over 2022-2025)."""
    return _BASE_DAY + timedelta(days=(n * 389 + step * 13) % 1300)
