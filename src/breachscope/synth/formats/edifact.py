"""EDIFACT MEDLAB-style lab result messages, one per record, in one interchange per file.

API (called by ``synth.generate``): ``write(records, rng, *, lab=DEFAULT_LAB) ->
WrittenFile``. Message N (``UNH``...``UNT``, 1-based) holds ``records[N-1]``; its mention
has ``row=N``. ``escape(text)`` is the release-character escaping used for every value.

No public MEDLAB segment spec exists, so this is a plausible, internally consistent one.
Service string ``UNA:+.? '``: components ``:``, elements ``+``, release ``?`` (written
before ``? + : '`` inside values), segments end with ``'`` (per file optionally followed by
a newline). ``UNB`` syntax ``UNOC:3`` means ISO 8859-1, ``UNOW:4`` UTF-8 (used when a
value needs it, and for some files anyway). The *qualifier* of a segment is the first
component of its first element, so a location column is ``TAG+QUALIFIER``::

    UNH+n+MEDLAB:1:1:NL'                     message header (n = message number)
    BGM+LRP+docnr+9'                         lab result report
    DTM+137:yyyymmddhhmm:203'                message date
    NAD+SLA+labcode::ZZ++lab name'           sending lab
    NAD+PO+agb::AGB++family:initials:title'  ordering physician (GP, AGB code)
    NAD+PAT+patid::LAB+++street:house+city++postcode+NL'   patient address
    PNA+PAT++++SU:surname+VV:prefix+VN:given'  patient name (SU alone when no parts)
    DTM+329:yyyymmdd:102'                    birth date (format 102; the text as
                                             rendered, without format, if unparseable)
    RFF+SRI:bsn'                             BSN (burgerservicenummer)
    COM+TE:phone'  COM+EM:email'             patient telecom
    SPC+code:material'                       specimen (test type)
    RFF+SRN:labnr'  RFF+BAR:barcode'         lab number, screening barcode
    DTM+119:yyyymmdd:102'                    sample date
    RSL+seq+code:label'  RES+code+value'     one result line and its value
    FTX+ADV+++advice'                        advice
    UNT+segment count+n'
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time

from breachscope.synth.formats.clinical import advice, result_lines, test_label
from breachscope.synth.formats.dates import parse_written
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import exposed, family_name, provider_parts
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

UNA = "UNA:+.? '"
_SPECIAL = frozenset("?+:'")
_RESULT_CODES = {
    "hrHPV": "HPV",
    "HPV-genotype": "HPVGT",
    "Cytologie": "PAP",
    "KOPAC-B": "KOPAC",
    "Uitslag": "RES",
    "Conclusie": "CONCL",
}


def escape(text: str) -> str:
    """``text`` with the release character before every service character."""
    return "".join("?" + c if c in _SPECIAL else c for c in text)


def _seg(tag: str, *elements: Sequence[str]) -> str:
    """A segment from elements given as raw (unescaped) component lists."""
    parts = [":".join(escape(c) for c in _trimmed(element)) for element in elements]
    return "+".join([tag, *_trimmed(parts)])


def _trimmed(items: Sequence[str]) -> list[str]:
    """``items`` without trailing empty strings."""
    out = list(items)
    while out and not out[-1]:
        out.pop()
    return out


def _patient(record: Rendered, rng: random.Random, lab: Lab) -> tuple[list[str], set[str]]:
    segs = []
    street = (record.street, record.house)
    segs.append(
        _seg(
            "NAD",
            ["PAT"],
            [f"{lab.code[:2]}{rng.randrange(10**6, 10**7)}", "", "LAB"],
            [],
            [],
            street if any(street) else [],
            [record.city],
            [],
            [record.postcode],
            ["NL"] if any((*street, record.city, record.postcode)) else [],
        )
    )
    written = {"street", "house", "city", "postcode"}
    if record.prefix and record.surname:
        names = [["SU", record.surname], ["VV", record.prefix]]
        written |= {"surname", "prefix"}
    else:
        names = [["SU", family_name(record)]]
        written |= {"prefix", "surname"} if record.surname else {"name"}
    if record.given:
        names.append(["VN", record.given])
        written.add("given")
    segs.append(_seg("PNA", ["PAT"], [], [], [], *names))
    if record.date_of_birth:
        born = parse_written(record.date_of_birth)
        value = [born.strftime("%Y%m%d"), "102"] if born else [record.date_of_birth]
        segs.append(_seg("DTM", ["329", *value]))
        written.add("date_of_birth")
    for field, element in (("bsn", "RFF+SRI"), ("phone", "COM+TE"), ("email", "COM+EM")):
        value = getattr(record, field)
        if value:
            tag, qualifier = element.split("+")
            segs.append(_seg(tag, [qualifier, value]))
            written.add(field)
    return segs, written


def _results(record: Rendered) -> tuple[list[str], bool]:
    sample = record.sample
    if sample is None:
        return [], False
    segs = [
        _seg("SPC", [sample.test_type.upper(), test_label(sample)]),
        _seg("RFF", ["SRN", sample.lab_number]),
        _seg("RFF", ["BAR", sample.barcode]),
        _seg("DTM", ["119", sample.sample_date.strftime("%Y%m%d"), "102"]),
    ]
    lines = result_lines(sample)
    if sample.hpv is not None:
        lines.append(("Conclusie", sample.result_text))
    for seq, (label, value) in enumerate(lines, start=1):
        code = _RESULT_CODES[label]
        segs += [_seg("RSL", [str(seq)], [code, label]), _seg("RES", [code], [value])]
    segs.append(_seg("FTX", ["ADV"], [], [], [advice(sample)]))
    return segs, True


def _message(
    record: Rendered, number: int, rng: random.Random, lab: Lab
) -> tuple[list[str], frozenset[str]]:
    day = record.sample.report_date if record.sample else date(2025, 6, 2)
    sent = datetime.combine(day, time(6 + rng.randrange(14), rng.randrange(60)))
    segs = [
        _seg("UNH", [str(number)], ["MEDLAB", "1", "1", "NL"]),
        _seg("BGM", ["LRP"], [f"{sent:%y%m%d}{rng.randrange(10**5):05d}"], ["9"]),
        _seg("DTM", ["137", f"{sent:%Y%m%d%H%M}", "203"]),
        _seg("NAD", ["SLA"], [lab.code, "", "ZZ"], [], [lab.name]),
    ]
    written: set[str] = set()
    if record.gp_name or record.gp_agb:
        title, initials, family = provider_parts(record.gp_name)
        agb = [record.gp_agb, "", "AGB"] if record.gp_agb else []
        segs.append(_seg("NAD", ["PO"], agb, [], [family, initials, title]))
        written |= {"gp_name", "gp_agb"}
    patient, patient_fields = _patient(record, rng, lab)
    results, health = _results(record)
    segs += patient + results
    segs.append(_seg("UNT", [str(len(segs) + 1)], [str(number)]))
    return segs, exposed(record, written | patient_fields, health=health)


def write(
    records: Sequence[Rendered], rng: random.Random, *, lab: Lab = DEFAULT_LAB
) -> WrittenFile:
    """One MEDLAB message per record in one interchange; mentions ``row=N``."""
    if not records:
        raise ValueError("an EDIFACT file needs at least one record")
    newline = "\n" if rng.random() < 0.6 else ""
    utf8 = rng.random() < 0.2
    reference = str(rng.randrange(10**8, 10**9))
    day = next((r.sample.report_date for r in records if r.sample), date(2025, 6, 2))
    built = [_message(r, n, rng, lab) for n, r in enumerate(records, start=1)]
    body = [s for segs, _ in built for s in segs]
    trailer = _seg("UNZ", [str(len(records))], [reference])
    try:
        "".join(body).encode("latin-1")
    except UnicodeEncodeError:
        utf8 = True
    syntax, encoding = (["UNOW", "4"], "utf-8") if utf8 else (["UNOC", "3"], "latin-1")
    header = _seg(
        "UNB", syntax, [lab.code, "ZZ"], ["ZORGMAIL", "ZZ"], [f"{day:%y%m%d}", "0600"], [reference]
    )
    text = UNA + newline + "".join(s + "'" + newline for s in [header, *body, trailer])
    data = text.encode(encoding)
    mentions = tuple(
        TruthMention(record.person_id, classes, row=number)
        for number, (record, (_, classes)) in enumerate(zip(records, built, strict=True), 1)
    )
    return WrittenFile(data, mentions)
