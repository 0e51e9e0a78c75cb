"""LIMS CSV exports in three header schemes.

* ``nl``: Dutch headers (``achternaam;tussenvoegsel;voorletters;geboortedatum;bsn;...``),
  ``;``-separated, cp1252 or UTF-8 with BOM;
* ``en``: English-ish headers (``PatientName,DOB,BSN,...``), ``,``-separated, UTF-8, the
  whole name in one column;
* ``code``: LIMS column codes (``PAT_NM``, ``PAT_GEBDAT``, ...), tab-separated, UTF-8 or
  cp1252, sometimes under a one-line export banner.

Mentions are ``row=N``: the 1-based physical line of the record (the header is a line of
its own, and so is the banner). Characters the encoding lacks become ``?``, as a real
export would write them.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence

from breachscope.synth.formats.mentions import exposed
from breachscope.synth.model import Rendered
from breachscope.synth.tables.common import family, result_cells
from breachscope.synth.writer import TruthMention, WrittenFile

SCHEMES = ("nl", "en", "code")

Column = tuple[str, Callable[[Rendered], str], frozenset[str]]
"""Header, cell value, and the Rendered fields the cell writes."""


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


def _r(key: str) -> Callable[[Rendered], str]:
    return lambda r: result_cells(r.sample)[key]


def _s(attr: str) -> Callable[[Rendered], str]:
    return lambda r: getattr(r.sample, attr) if r.sample else ""


_NL: tuple[Column, ...] = (
    ("achternaam", lambda r: r.surname, _f("surname")),
    ("tussenvoegsel", lambda r: r.prefix, _f("prefix")),
    ("voorletters", lambda r: r.given, _f("given")),
    ("geboortedatum", lambda r: r.date_of_birth, _f("date_of_birth")),
    ("bsn", lambda r: r.bsn, _f("bsn")),
    ("straat", lambda r: r.street, _f("street")),
    ("huisnummer", lambda r: r.house, _f("house")),
    ("postcode", lambda r: r.postcode, _f("postcode")),
    ("woonplaats", lambda r: r.city, _f("city")),
    ("labnummer", _s("lab_number"), _f()),
    ("barcode", _s("barcode"), _f()),
    ("afnamedatum", lambda r: r.sample_date, _f()),
    ("onderzoek", _r("test"), _f()),
    ("hrhpv", _r("hpv"), _f()),
    ("genotype", _r("genotype"), _f()),
    ("pap", _r("pap"), _f()),
    ("kopac_b", _r("kopac"), _f()),
    ("uitslag", _r("text"), _f()),
    ("huisarts", lambda r: r.gp_name, _f("gp_name")),
    ("agb_huisarts", lambda r: r.gp_agb, _f("gp_agb")),
)
_EN: tuple[Column, ...] = (
    ("PatientName", lambda r: r.name, _f("name")),
    ("DOB", lambda r: r.date_of_birth, _f("date_of_birth")),
    ("BSN", lambda r: r.bsn, _f("bsn")),
    ("Address", lambda r: f"{r.street} {r.house}", _f("street", "house")),
    ("Zip", lambda r: r.postcode, _f("postcode")),
    ("City", lambda r: r.city, _f("city")),
    ("Phone", lambda r: r.phone, _f("phone")),
    ("Email", lambda r: r.email, _f("email")),
    ("SampleID", _s("lab_number"), _f()),
    ("CollectionDate", lambda r: r.sample_date, _f()),
    ("Test", _r("test"), _f()),
    ("Result", _r("text"), _f()),
    ("RequesterAGB", lambda r: r.gp_agb, _f("gp_agb")),
)
_CODE: tuple[Column, ...] = (
    ("PAT_NM", family, _f("surname", "prefix")),
    ("PAT_VRLTR", lambda r: r.given, _f("given")),
    ("PAT_GEBDAT", lambda r: r.date_of_birth, _f("date_of_birth")),
    ("PAT_BSN", lambda r: r.bsn, _f("bsn")),
    ("PAT_PC", lambda r: r.postcode, _f("postcode")),
    ("PAT_HNR", lambda r: r.house, _f("house")),
    ("PAT_TEL", lambda r: r.phone, _f("phone")),
    ("MON_LABNR", _s("lab_number"), _f()),
    ("MON_BARCODE", _s("barcode"), _f()),
    ("MON_AFNDAT", lambda r: r.sample_date, _f()),
    ("ONDZ_CODE", _r("test"), _f()),
    ("UITSL_HPV", _r("hpv"), _f()),
    ("UITSL_GENO", _r("genotype"), _f()),
    ("UITSL_PAP", _r("pap"), _f()),
    ("UITSL_KOPAC", _r("kopac"), _f()),
    ("UITSL_TXT", _r("text"), _f()),
    ("AANVR_AGB", lambda r: r.gp_agb, _f("gp_agb")),
)
_SCHEMES: dict[str, tuple[tuple[Column, ...], str, tuple[str, ...]]] = {
    "nl": (_NL, ";", ("cp1252", "utf-8-sig")),
    "en": (_EN, ",", ("utf-8",)),
    "code": (_CODE, "\t", ("utf-8", "cp1252")),
}


def write(records: Sequence[Rendered], rng: random.Random, *, scheme: str = "nl") -> WrittenFile:
    """A LIMS export of ``records`` (one row per record) in header scheme ``scheme``."""
    columns, delimiter, encodings = _SCHEMES[scheme]
    encoding = rng.choice(encodings)
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    line = 1
    if scheme == "code" and rng.random() < 0.5:
        buf.write(f"# LIMS export uitslagen; systeem GLIMS 9.{rng.randint(1, 9)}\r\n")
        line += 1
    out.writerow([c[0] for c in columns])
    mentions = []
    fields = frozenset().union(*(c[2] for c in columns))
    for record in records:
        line += 1
        out.writerow([c[1](record) for c in columns])
        health = record.sample is not None
        mentions.append(
            TruthMention(record.person_id, exposed(record, fields, health=health), row=line)
        )
    data = buf.getvalue().encode(encoding, errors="replace")
    return WrittenFile(data, tuple(mentions))
