"""Profile the detect stage alone on a synth dump: text units and table units apart.

    breachscope synth /tmp/pd --people 1000 --seed 4 --bulk-rows 200000
    python -m benchmarks.profile_detect /tmp/pd/dump [--units /tmp/pd.units]
        [--profile text|tables] [--repeat 3] [--digest]

Units are extracted once (not timed; ``--units`` keeps them in a pickle so runs compare
the same units while the extractors change); ``detect_units`` is then timed over all text units
and over all table units, after a warm-up that compiles the detector set. Reports MB/s
(UTF-8 bytes of the text; bytes of the cells of the tables) and findings/s. With
``--profile`` one group runs under cProfile and the top functions are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.dumpwalk import Extractors, inventory, sources
from breachscope.config import Config
from breachscope.detect import detect_units
from breachscope.extract.units import TableUnit, TextUnit, Unit


def _size(unit: Unit) -> int:
    if isinstance(unit, TextUnit):
        return len(unit.text.encode("utf-8"))
    total = 0
    for name in unit.data.column_names[:-1]:
        col = unit.data.column(name)
        total += int(pc.sum(pc.binary_length(col)).as_py() or 0) + len(col)  # + separators
    return total


def _digest(table: pa.Table) -> str:
    """Order-independent digest of the findings (to compare before/after)."""
    rows = sorted("|".join(str(v) for v in r.values()) for r in table.to_pylist())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dump", type=Path)
    ap.add_argument("--profile", choices=("text", "tables"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--digest", action="store_true")
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument(
        "--units", type=Path, help="pickle of the extracted units (written on first use)"
    )
    args = ap.parse_args()
    config = Config()
    flat: list[Unit]
    if args.units is not None and args.units.exists():
        with args.units.open("rb") as f:
            flat = pickle.load(f)  # our own cache of synthetic units, written below
    else:
        ex = Extractors()
        flat = [u for s in sources(inventory(args.dump)) for u in ex.units(s, config)]
        if args.units is not None:
            with args.units.open("wb") as f:
                pickle.dump(flat, f)
    text_units: list[Unit] = [u for u in flat if isinstance(u, TextUnit)]
    table_units: list[Unit] = [u for u in flat if isinstance(u, TableUnit)]
    groups: dict[str, list[Unit]] = {"text": text_units, "tables": table_units}
    detect_units(groups["text"][:1], config)  # compile the detector set
    for name, us in groups.items():
        if args.profile and name != args.profile:
            continue
        size = sum(_size(u) for u in us)
        best = float("inf")
        out = None
        for _ in range(args.repeat):
            prof = cProfile.Profile() if args.profile else None
            t0 = time.process_time()
            if prof:
                prof.enable()
            out = detect_units(us, config)
            if prof:
                prof.disable()
            best = min(best, time.process_time() - t0)
        assert out is not None
        n = out.num_rows
        extra = f" digest {_digest(out)}" if args.digest else ""
        print(
            f"{name:6s} units {len(us):6d} {size / 1e6:8.2f} MB  findings {n:9d}  "
            f"cpu {best:7.2f} s  {size / 1e6 / best:7.2f} MB/s  {n / best:10.0f} findings/s" + extra
        )
        if prof:
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
