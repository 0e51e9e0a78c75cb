"""The bulk part of a dump: large LIMS history CSVs for throughput work, generated fast.

Bulk people are simpler than the main population (screening women with one address, no
partner name, phone or e-mail) and are drawn with numpy and written with pyarrow's CSV
writer, block by block, so that millions of rows stream to disk at well over 200k rows/s
with flat memory. Each bulk person has 1-3 rows (results over the years) in one file; every
row is a truth mention and every bulk person a truth person. BSNs come from the same
permutation as the main population's (:class:`~breachscope.synth.identifiers.IdSpace`),
continuing after its last index, so they are unique across the whole dump.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from breachscope.synth.identifiers import BSN_ATTEMPTS, BSN_SPACE, IdSpace
from breachscope.synth.model import GP
from breachscope.synth.names import FEMALE_NAMES, all_surnames
from breachscope.synth.places import CITIES, POSTCODE_LETTERS, STREETS
from breachscope.synth.truth import TIER, TruthWriter
from breachscope.vocabulary import join_classes

FILE_ROWS = 1_000_000
"""Rows per bulk CSV file."""
BLOCK_ROWS = 100_000
FOLDER = "lims/historie"
HEADER = (
    "achternaam;voorletters;geboortedatum;bsn;postcode;huisnummer;labnummer;"
    "afnamedatum;onderzoek;uitslag;agb_aanvrager"
)
_RESULTS = (
    ("hrHPV negatief", 91.0),
    ("hrHPV positief (overig), Pap 1", 3.0),
    ("hrHPV positief (HPV16), Pap 2", 1.5),
    ("hrHPV positief (overig), Pap 3a2", 1.5),
    ("hrHPV positief (HPV18), Pap 1", 1.0),
    ("hrHPV positief (overig)", 2.0),
)
_DAY0 = np.datetime64("1959-07-02")
_DOB_DAYS = int((np.datetime64("1995-07-01") - _DAY0).astype(int))
_SAMPLE0 = np.datetime64("2022-01-03")
_SAMPLE_DAYS = int((np.datetime64("2025-06-30") - _SAMPLE0).astype(int))
_WRITE = pacsv.WriteOptions(include_header=False, delimiter=";", quoting_style="none")
_WRITE_TRUTH = pacsv.WriteOptions(include_header=False, delimiter=",", quoting_style="none")


def bsn_array(ids: IdSpace, index: np.ndarray) -> np.ndarray:
    """Vectorised :meth:`IdSpace.bsn`: int64 BSNs, -1 where none was found."""
    out = np.full(index.shape, -1, dtype=np.int64)
    for attempt in range(BSN_ATTEMPTS):
        j = index.astype(np.int64) * BSN_ATTEMPTS + attempt
        p = (ids.bsn_mul * j + ids.bsn_add) % BSN_SPACE
        prefix = np.where(p < 15_000_000, p + 5_000_000, p + 15_000_000)
        total = np.zeros_like(prefix)
        for i in range(8):
            total += (9 - i) * (prefix // 10 ** (7 - i) % 10)
        check = total % 11
        take = (check != 10) & (out < 0)
        out[take] = prefix[take] * 10 + check[take]
    return out


@dataclass(frozen=True)
class _Vocab:
    family: pa.Array
    given: pa.Array
    initial: pa.Array
    street: pa.Array
    city: pa.Array
    pc_low: np.ndarray
    pc_span: np.ndarray
    city_p: np.ndarray
    letters: pa.Array
    gp_agb: pa.Array
    gp_name: pa.Array
    result: pa.Array
    result_p: np.ndarray


def _vocab(gps: tuple[GP, ...]) -> _Vocab:
    weights = np.array([c.weight for c in CITIES], dtype=float)
    pairs = [a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS]
    pairs = [p for p in pairs if p not in ("SA", "SD", "SS")]
    rp = np.array([w for _, w in _RESULTS])
    return _Vocab(
        family=pa.array([f"{p} {s}".strip() for p, s in all_surnames()]),
        given=pa.array(FEMALE_NAMES),
        initial=pa.array([f"{n[0]}." for n in FEMALE_NAMES]),
        street=pa.array(STREETS),
        city=pa.array([c.name for c in CITIES]),
        pc_low=np.array([c.pc4_low for c in CITIES]),
        pc_span=np.array([c.pc4_high - c.pc4_low + 1 for c in CITIES]),
        city_p=weights / weights.sum(),
        letters=pa.array(pairs),
        gp_agb=pa.array([g.agb for g in gps]),
        gp_name=pa.array([g.name for g in gps]),
        result=pa.array([r for r, _ in _RESULTS]),
        result_p=rp / rp.sum(),
    )


def _join(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


def _dmy(days: pa.Array) -> pa.Array:
    """Dates as ``dd-mm-yyyy`` (much faster than ``strftime``)."""
    iso = pc.cast(days, pa.string())
    return _join(
        pc.utf8_slice_codeunits(iso, 8, 10),
        pc.utf8_slice_codeunits(iso, 5, 7),
        pc.utf8_slice_codeunits(iso, 0, 4),
        sep="-",
    )


def _csv(table: pa.Table, options: pacsv.WriteOptions) -> bytes:
    buf = io.BytesIO()
    pacsv.write_csv(table, buf, options)
    return buf.getvalue()


class BulkWriter:
    """Writes ``rows`` bulk rows for people numbered from ``first_index``."""

    def __init__(
        self,
        dump: Path,
        truth: TruthWriter,
        ids: IdSpace,
        gps: tuple[GP, ...],
        seed: int,
        first_index: int,
    ) -> None:
        self.dump = dump
        self.truth = truth
        self.ids = ids
        self.seed = seed
        self.next_index = first_index
        self.v = _vocab(gps)

    def write(self, rows: int) -> None:
        for f, start in enumerate(range(0, rows, FILE_ROWS)):
            self._file(f, min(FILE_ROWS, rows - start))

    def _file(self, number: int, rows: int) -> None:
        path = f"{FOLDER}/uitslagen_historie_{number + 1:03d}.csv"
        target = self.dump / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            fh.write((HEADER + "\r\n").encode("ascii"))
            line = 1
            for b, start in enumerate(range(0, rows, BLOCK_ROWS)):
                n = min(BLOCK_ROWS, rows - start)
                line = self._block(fh, path, number, b, n, line)
        self.truth.add_file_row(path, "bulk_csv", rows)

    def _block(
        self, fh: io.BufferedWriter, path: str, number: int, block: int, n: int, line: int
    ) -> int:
        v = self.v
        rng = np.random.default_rng([self.seed, 7, number, block])
        k = rng.choice(np.array([1, 2, 3]), p=[0.6, 0.3, 0.1], size=n)
        cum = np.cumsum(k)
        people = int(np.searchsorted(cum, n) + 1)
        k = k[:people]
        k[-1] -= int(cum[people - 1] - n)
        index = self.next_index + np.arange(people, dtype=np.int64)
        self.next_index += people
        person_ids = _join("P", pc.utf8_lpad(pc.cast(pa.array(index + 1), pa.string()), 7, "0"))
        fam = v.family.take(pa.array(rng.integers(0, len(v.family), people)))
        g1 = rng.integers(0, len(v.given), people)
        g2 = rng.integers(0, len(v.given), people)
        two = rng.random(people) < 0.4
        given = pc.if_else(
            pa.array(two),
            _join(v.given.take(pa.array(g1)), v.given.take(pa.array(g2)), sep=" "),
            v.given.take(pa.array(g1)),
        )
        initials = pc.if_else(
            pa.array(two),
            _join(v.initial.take(pa.array(g1)), v.initial.take(pa.array(g2))),
            v.initial.take(pa.array(g1)),
        )
        dob = pa.array(_DAY0 + rng.integers(0, _DOB_DAYS, people).astype("timedelta64[D]"))
        bsn_int = bsn_array(self.ids, index)
        bsn_int[rng.random(people) < 0.08] = -1
        has_bsn = bsn_int >= 0
        bsn = pc.if_else(
            pa.array(has_bsn), pc.utf8_lpad(pc.cast(pa.array(bsn_int), pa.string()), 9, "0"), ""
        )
        city = rng.choice(len(v.city_p), p=v.city_p, size=people)
        pc4 = v.pc_low[city] + (rng.random(people) * v.pc_span[city]).astype(np.int64)
        postcode = _join(
            pc.cast(pa.array(pc4), pa.string()),
            v.letters.take(pa.array(rng.integers(0, len(v.letters), people))),
        )
        house = pc.cast(pa.array(rng.integers(1, 220, people)), pa.string())
        gp = pa.array(rng.integers(0, len(v.gp_agb), people))
        agb = v.gp_agb.take(gp)
        classes = pc.if_else(
            pa.array(has_bsn),
            join_classes(("name", "date_of_birth", "bsn", "address", "health", "provider")),
            join_classes(("name", "date_of_birth", "address", "health", "provider")),
        )
        # rows: each person repeated k times, shuffled within the block
        owner = np.repeat(np.arange(people), k)
        rng.shuffle(owner)
        take = pa.array(owner)
        year = rng.integers(22, 26, n)
        lab = _join(
            pc.cast(pa.array(year), pa.string()),
            pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 10**7, n)), pa.string()), 7, "0"),
        )
        sampled = pa.array(_SAMPLE0 + rng.integers(0, _SAMPLE_DAYS, n).astype("timedelta64[D]"))
        test = pc.if_else(pa.array(rng.random(n) < 0.35), "zelfafnameset", "uitstrijkje")
        result = v.result.take(pa.array(rng.choice(len(v.result_p), p=v.result_p, size=n)))
        data = pa.table(
            {
                "achternaam": fam.take(take),
                "voorletters": initials.take(take),
                "geboortedatum": _dmy(dob.take(take)),
                "bsn": bsn.take(take),
                "postcode": postcode.take(take),
                "huisnummer": house.take(take),
                "labnummer": lab,
                "afnamedatum": _dmy(sampled),
                "onderzoek": test,
                "uitslag": result,
                "agb": agb.take(take),
            }
        )
        fh.write(_csv(data, _WRITE).replace(b"\n", b"\r\n"))
        lines = pa.array(np.arange(line + 1, line + 1 + n))
        mentions = pa.table(
            {
                "person_id": person_ids.take(take),
                "file": pa.array([path] * n, pa.string()),
                "locator": _join(path + "#row=", pc.cast(lines, pa.string())),
                "data_classes": classes.take(take),
            }
        )
        self.truth.write_raw("mentions", _csv(mentions, _WRITE_TRUTH), n)
        persons = pa.table(
            {
                "person_id": person_ids,
                "role": pa.array(["patient"] * people, pa.string()),
                "tier": pa.array([TIER] * people, pa.string()),
                "surname": fam,
                "given_names": given,
                "initials": initials,
                "date_of_birth": pc.cast(dob, pa.string()),
                "bsn": bsn,
                "street": v.street.take(pa.array(rng.integers(0, len(v.street), people))),
                "house_number": house,
                "postcode": postcode,
                "city": v.city.take(pa.array(city)),
                "phone": pa.array([""] * people, pa.string()),
                "email": pa.array([""] * people, pa.string()),
                "provider_agb": agb,
                "provider_name": v.gp_name.take(gp),
                "data_classes": classes,
                "n_mentions": pa.array(k),
                "sources": pa.array([path] * people, pa.string()),
                "birth_surname": fam,
                "partner_surname": pa.array([""] * people, pa.string()),
                "all_postcodes": postcode,
            }
        )
        counts = {
            "name": people,
            "date_of_birth": people,
            "bsn": int(has_bsn.sum()),
            "address": people,
            "health": people,
            "provider": people,
        }
        self.truth.write_raw("persons", _csv(persons, _WRITE_TRUTH), people, counts=counts)
        return line + n
