"""Barcode sticker batches: 9-digit lab numbers and screening barcodes, no persons.

About 1 in 11 lab numbers pass the elfproef, like real ones; none is anyone's BSN (they
start with the year, see :mod:`breachscope.synth.identifiers`).
"""

from __future__ import annotations

import random

from breachscope.synth.identifiers import BARCODE_SPACE


def write(rng: random.Random, rows: int = 500) -> bytes:
    """A ``;``-separated list: barcode, lab number, print date, status."""
    lines = ["barcode;labnummer;printdatum;printer;status"]
    year = rng.choice((2024, 2025))
    serial = rng.randrange(1_000_000, 9_000_000)
    for _ in range(rows):
        serial += rng.randint(1, 3)
        lines.append(
            f"BVO{rng.randrange(BARCODE_SPACE):010d};{year % 100:02d}{serial:07d};"
            f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{year};"
            f"ZEBRA-{rng.randint(1, 4)};{rng.choice(('geprint', 'geprint', 'vervallen'))}"
        )
    return ("\n".join(lines) + "\n").encode("ascii")
