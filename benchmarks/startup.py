"""Time a fresh process's start: import and ``Registry.discover()``, then its first
``detect_units`` call on a short Dutch letter or on a small CSV table.

    python -m benchmarks.startup [--runs 5]

Each figure is the median over ``--runs`` fresh interpreters (each started with the same
``sys.path``); the time counts from just before the first ``breachscope`` import, so the
interpreter's own start is left out. A scan worker pays these costs once per process
(workers are started with ``spawn``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

_CHILD = r"""
import time, sys
t0 = time.perf_counter()
from breachscope.engine.registry import Registry
reg = Registry.discover()
t1 = time.perf_counter()
mode = sys.argv[1]
if mode != "discover":
    from breachscope.config import Config
    from breachscope.location import Location
    from breachscope.extract.units import TableUnit, TextUnit
    from benchmarks.startup import letter, table_rows
    if mode == "text":
        units = [TextUnit(Location("brief.txt"), letter())]
    else:
        cols, rows = table_rows()
        numbers = list(range(2, 2 + len(rows)))
        units = [TableUnit.build(Location("patienten.csv"), cols, rows, numbers)]
    assert reg.detect is not None
    found = reg.detect(units, Config())
    assert found.num_rows > 0, mode
t2 = time.perf_counter()
print(t1 - t0, t2 - t0)
"""

_GIVEN = ("Marieke", "Jan", "Sanne", "Pieter", "Fatima", "Daan", "Emma", "Mohamed", "Lotte", "Bram")
_FAMILY = ("de Vries", "Jansen", "van den Berg", "Bakker", "El Amrani", "Visser", "Smit",
           "de Jong", "Yilmaz", "Meijer")  # fmt: skip
_STREETS = ("Kerkstraat", "Dorpsweg", "Molenlaan", "Stationsplein", "Lindenhof")
_CITIES = ("Utrecht", "Zwolle", "Haarlem", "Tilburg", "Groningen")


def _bsn(seed: int) -> str:
    """A nine-digit number that passes the elfproef (synthetic)."""
    n = 100000000 + seed * 7919
    while True:
        d = [int(c) for c in f"{n:09d}"]
        if (sum(w * x for w, x in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]) % 11 == 0:
            return f"{n:09d}"
        n += 1


def letter() -> str:
    """A synthetic Dutch letter of about 2 KB naming a patient (no real person)."""
    parts = [
        "Utrecht, 14 maart 2024\n\nBetreft: mevrouw M. de Vries-Jansen, geboren 03-07-1961, "
        f"BSN {_bsn(1)}\nAdres: Kerkstraat 12, 3511 LX Utrecht\n\nGeachte collega,\n\n"
        "Hierbij verwijs ik u mevrouw Marieke de Vries-Jansen door voor verdere analyse van "
        "haar klachten. Zij is bekend met hypertensie en gebruikt metoprolol 50 mg. "
        "Telefoon 06-12345678, e-mail m.devries@example.nl.\n\n"
    ]
    i = 0
    while sum(len(p) for p in parts) < 2000:
        g, f = _GIVEN[i % 10], _FAMILY[(i * 3) % 10]
        parts.append(
            f"Op {i % 28 + 1} februari sprak ik met haar partner {g} {f} "
            f"({_STREETS[i % 5]} {i + 3}, {_CITIES[i % 5]}) over de verdere behandeling. "
        )
        i += 1
    parts.append("\n\nMet vriendelijke groet,\n\ndr. P. Bakker, huisarts\nAGB 01012345\n")
    return "".join(parts)


def table_rows(n: int = 50) -> tuple[list[str], list[list[str | None]]]:
    """A synthetic 50-row patient CSV: header and rows."""
    cols = ["patientnr", "voornaam", "achternaam", "geboortedatum", "bsn", "straat",
            "huisnummer", "postcode", "woonplaats", "telefoon", "email"]  # fmt: skip
    rows: list[list[str | None]] = []
    for i in range(n):
        g, f = _GIVEN[i % 10], _FAMILY[(i * 7) % 10]
        rows.append([
            str(10000 + i), g, f, f"{1940 + i % 60}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            _bsn(i + 2), _STREETS[i % 5], str(i + 1), f"{3500 + i} A{chr(66 + i % 20)}",
            _CITIES[i % 5], f"06-{20000000 + i * 1111:08d}",
            f"{g.lower()}.{i}@example.nl",
        ])  # fmt: skip
    return cols, rows


def measure(mode: str, runs: int) -> tuple[list[float], list[float]]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    first: list[float] = []
    total: list[float] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, mode],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        a, b = (float(x) for x in out.stdout.split())
        first.append(a)
        total.append(b)
    return first, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--modes", default="discover,text,table")
    args = ap.parse_args()
    for mode in args.modes.split(","):
        first, total = measure(mode, args.runs)
        print(
            f"{mode:9s} import+discover median {statistics.median(first):.3f} s"
            f"  (all {' '.join(f'{x:.2f}' for x in first)})"
            + (
                ""
                if mode == "discover"
                else f"  +first detect median {statistics.median(total):.3f} s"
                f" (all {' '.join(f'{x:.2f}' for x in total)})"
            )
        )


if __name__ == "__main__":
    main()
