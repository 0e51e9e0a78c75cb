"""HL7 v2.5 ORU^R01 result messages, one per record, several per file.

API (called by ``synth.generate``): ``write(records, rng, *, lab=DEFAULT_LAB) ->
WrittenFile``. Message N (1-based, counting ``MSH`` segments) holds ``records[N-1]``;
its mention has ``row=N``. ``escape(text)`` is the HL7 escaping used for every value.

Segments end with ``\\r``; a file is optionally wrapped in ``BHS``/``BTS``. ``MSH-18`` names
the encoding (``8859/1`` or ``UNICODE UTF-8``; UTF-8 whenever a value needs it). Per
message:

* ``PID-3`` ids: BSN as ``bsn^^^NLMINBIZA^NNNLD`` and a lab patient id ``^^^LAB^PI``;
* ``PID-5`` name ``family^given^^^^^L``; per file either the whole family name
  (``de Vries``) in ``PID-5.1`` or the Dutch subcomponents ``de Vries&de&Vries``
  (``PID-5.1.1`` full, ``.2`` own prefix, ``.3`` own surname);
* ``PID-7`` birth date ``yyyymmdd`` (the rendered text when it is no known date form),
  ``PID-8`` sex (``F`` for screening samples, else ``U``), ``PID-11``
  ``street house^^city^^postcode^NL^H`` (per file optionally with ``&street&house``),
  ``PID-13`` phone ``^PRN^PH`` and e-mail ``^NET^Internet^addr`` repetitions;
* ``ORC-12`` / ``OBR-16`` ordering provider ``AGB^family^initials^^^title^^^VEKTIS``;
* ``OBR-7`` sample date, ``OBR-22`` report date, ``OBX`` per result line (hrHPV,
  genotype, Pap, KOPAC-B, conclusion) and an ``NTE`` with the advice.

A record without a sample gets a pending ``OBR`` (``OBR-25 = I``) and no ``OBX``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from breachscope.synth.formats.clinical import advice, is_screening, result_lines
from breachscope.synth.formats.dates import parse_written
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import exposed, family_name, provider_parts
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

_ESCAPES = {"\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "&": "\\T\\", "~": "\\R\\"}
_OBX_CODES = {
    "hrHPV": "HPV^hrHPV^L",
    "HPV-genotype": "HPVGT^HPV-genotype^L",
    "Cytologie": "PAP^Pap-klasse^L",
    "KOPAC-B": "KOPACB^KOPAC-B^L",
    "Uitslag": "RES^Uitslag^L",
}
_SERVICES = {
    "uitstrijkje": "BVOUS^BVO cervixuitstrijkje hrHPV/cytologie^L",
    "zelfafnameset": "BVOZAS^BVO zelfafnameset hrHPV^L",
}


def escape(text: str) -> str:
    """``text`` with HL7 delimiters and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append(f"\\X{ord(char):02X}\\")
        else:
            out.append(char)
    return "".join(out)


def _segment(name: str, fields: dict[int, str]) -> str:
    last = max((i for i, v in fields.items() if v), default=0)
    return name + "|" + "|".join(fields.get(i, "") for i in range(1, last + 1))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M")


def _name(record: Rendered, components: bool) -> tuple[str, set[str]]:
    family = family_name(record)
    written = {"prefix", "surname"} if (record.prefix or record.surname) else {"name"}
    if not family and not record.given:
        return "", set()
    first = escape(family)
    if components and record.prefix and record.surname:
        first = f"{first}&{escape(record.prefix)}&{escape(record.surname)}"
    return f"{first}^{escape(record.given)}^^^^^L", written | {"given"}


def _address(record: Rendered, sad: bool) -> str:
    street = " ".join(p for p in (record.street, record.house) if p)
    if not (street or record.city or record.postcode):
        return ""
    first = escape(street)
    if sad and record.street and record.house:
        first = f"{first}&{escape(record.street)}&{escape(record.house)}"
    return f"{first}^^{escape(record.city)}^^{escape(record.postcode)}^NL^H"


def _provider(record: Rendered) -> str:
    if not (record.gp_name or record.gp_agb):
        return ""
    title, initials, family = provider_parts(record.gp_name)
    parts = (record.gp_agb, family, initials, "", "", title, "", "", "VEKTIS")
    return "^".join(escape(p) for p in parts)


def _pid(record: Rendered, rng: random.Random, lab: Lab, style: dict[str, bool]) -> list[str]:
    ids = [f"{lab.code}{rng.randrange(10**6, 10**7)}^^^{lab.code}^PI"]
    if record.bsn:
        ids.insert(rng.randrange(2), f"{escape(record.bsn)}^^^NLMINBIZA^NNNLD")
    name, _ = _name(record, style["components"])
    born = parse_written(record.date_of_birth) if record.date_of_birth else None
    dob = born.strftime("%Y%m%d") if born else escape(record.date_of_birth)
    sex = "F" if record.sample is not None and is_screening(record.sample) else "U"
    telecom = []
    if record.phone:
        telecom.append(f"{escape(record.phone)}^PRN^PH")
    if record.email:
        telecom.append(f"^NET^Internet^{escape(record.email)}")
    pid = {1: "1", 3: "~".join(ids), 5: name, 7: dob, 8: sex}
    pid |= {11: _address(record, style["sad"]), 13: "~".join(telecom)}
    return [_segment("PID", pid), _segment("PV1", {1: "1", 2: "O"})]


def _order(record: Rendered, rng: random.Random, reported: datetime) -> tuple[list[str], bool]:
    """ORC, OBR, OBX and NTE segments; returns whether a result was written."""
    provider = _provider(record)
    sample = record.sample
    if sample is None:
        taken = parse_written(record.sample_date) if record.sample_date else None
        placer = f"AV{rng.randrange(10**7, 10**8)}"
        orc = _segment("ORC", {1: "SC", 2: placer, 5: "IP", 12: provider})
        obr = {1: "1", 2: placer, 4: "LAB^Laboratoriumonderzoek^L", 16: provider, 25: "I"}
        obr[7] = taken.strftime("%Y%m%d") if taken else ""
        return [orc, _segment("OBR", obr)], False
    placer, filler = escape(sample.barcode), escape(sample.lab_number)
    taken_at = datetime.combine(sample.sample_date, time(8 + rng.randrange(9), rng.randrange(60)))
    service = _SERVICES.get(sample.test_type, f"LAB^{escape(sample.test_type)}^L")
    received = _stamp(taken_at + timedelta(days=1, hours=2))
    segments = [
        _segment("ORC", {1: "RE", 2: placer, 3: filler, 5: "CM", 12: provider}),
        _segment(
            "OBR",
            {1: "1", 2: placer, 3: filler, 4: service, 7: _stamp(taken_at), 14: received}
            | {16: provider, 22: _stamp(reported), 25: "F"},
        ),
    ]
    lines = result_lines(sample)
    if sample.hpv is not None:
        lines.append(("Conclusie", sample.result_text))
    for n, (label, value) in enumerate(lines, start=1):
        code = _OBX_CODES.get(label, "CONCL^Conclusie^L")
        obx = {1: str(n), 2: "ST", 3: code, 5: escape(value), 11: "F", 14: _stamp(reported)}
        segments.append(_segment("OBX", obx))
    segments.append(_segment("NTE", {1: "1", 2: "L", 3: escape(advice(sample))}))
    return segments, True


def _message(
    record: Rendered, rng: random.Random, lab: Lab, style: dict[str, bool], charset: str
) -> tuple[list[str], frozenset[str]]:
    day = record.sample.report_date if record.sample else date(2025, 6, 2)
    reported = datetime.combine(day, time(6 + rng.randrange(14), rng.randrange(60)))
    control = f"{lab.code}{reported:%Y%m%d}{rng.randrange(10**6):06d}"
    msh = (
        f"MSH|^~\\&|LIMS|{lab.code}|ZORGDOMEIN|HUISARTS|{reported:%Y%m%d%H%M%S}||"
        f"ORU^R01^ORU_R01|{control}|P|2.5|||AL|NE|NLD|{charset}"
    )
    segments = [msh, *_pid(record, rng, lab, style)]
    order, health = _order(record, rng, reported)
    segments += order
    _, name_fields = _name(record, style["components"])
    written = name_fields | {"date_of_birth", "bsn", "street", "house", "city", "postcode"}
    written |= {"phone", "email", "gp_name", "gp_agb"}
    return segments, exposed(record, written, health=health)


def write(
    records: Sequence[Rendered], rng: random.Random, *, lab: Lab = DEFAULT_LAB
) -> WrittenFile:
    """One ORU^R01 message per record; mentions ``row=N`` (message number)."""
    if not records:
        raise ValueError("an HL7 file needs at least one record")
    style = {"components": rng.random() < 0.5, "sad": rng.random() < 0.4}
    batch = rng.random() < 0.3
    charset = "8859/1" if rng.random() < 0.5 else "UNICODE UTF-8"
    built = [_message(r, rng, lab, style, charset) for r in records]
    text = "".join(s + "\r" for segments, _ in built for s in segments)
    if batch:
        text = f"BHS|^~\\&|LIMS|{lab.code}\r{text}BTS|{len(records)}\r"
    try:
        data = text.encode("utf-8" if charset == "UNICODE UTF-8" else "latin-1")
    except UnicodeEncodeError:
        # Values cannot hold an unescaped '|' or CR, so this only rewrites MSH-18.
        data = text.replace("|8859/1\r", "|UNICODE UTF-8\r").encode("utf-8")
    mentions = tuple(
        TruthMention(record.person_id, classes, row=number)
        for number, (record, (_, classes)) in enumerate(zip(records, built, strict=True), 1)
    )
    return WrittenFile(data, mentions)
