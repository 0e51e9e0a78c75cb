"""The list of GP practices the lab works with: providers (name, AGB code, practice
address, phone), never affected persons."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from breachscope.synth.model import GP


def write(gps: Sequence[GP]) -> bytes:
    """One ``;``-separated row per GP, UTF-8."""
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", lineterminator="\n")
    out.writerow(["praktijk", "huisarts", "agb_code", "adres", "postcode", "plaats", "telefoon"])
    for gp in gps:
        a = gp.address
        phone = "0" + gp.phone[3:]
        out.writerow(
            [
                gp.practice,
                gp.name,
                gp.agb,
                f"{a.street} {a.house}",
                f"{a.postcode[:4]} {a.postcode[4:]}",
                a.city,
                phone,
            ]
        )
    return buf.getvalue().encode("utf-8")
