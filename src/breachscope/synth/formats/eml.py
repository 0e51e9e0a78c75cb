"""Dutch e-mails (.eml) between lab staff and GP practices about patients.

API (called by ``synth.generate``)::

    write(records, rng, attachments=(), *, sender=None, lab=DEFAULT_LAB) -> WrittenFile

* ``records``: the patients discussed in free text (typically 1-3), e.g. "Betreft mevrouw
  J. de Vries, geboren 3 maart 1978, BSN ...: de uitslag ... is hrHPV positief ...", or as
  labelled lines (the address on one line, or as a form's separate fields: ``Straat:``,
  ``Huisnummer:``, ``Postcode:``, ``Woonplaats:``), or in a GP's quoted question under the
  lab's reply.
* ``sender``: the lab employee writing (a person too): name, phone and e-mail in the
  signature and in ``From:``. Without one the mail is signed by the department.
* ``attachments``: ``(file name, WrittenFile)`` pairs, attached as base64 parts.

Bodies are UTF-8, quoted-printable or base64, sometimes with an HTML alternative; headers
are RFC 2047-encoded; lines end with CRLF. Mentions: ``part='body'`` (text/plain) for
every record and for the sender, ``part='body-html'`` when there is an HTML alternative,
``part='header'`` for the sender (``From:``) and for a patient named in ``Subject:``;
attachment mentions are re-emitted with ``member`` = the file name (``!/``-joined when
nested). Date, Message-ID and MIME boundaries come from ``rng``.
"""

from __future__ import annotations

import html
import random
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from breachscope.synth.formats.clinical import advice, is_screening, test_label
from breachscope.synth.formats.lab import DEFAULT_LAB, Lab
from breachscope.synth.formats.mentions import display_name, exposed, under_member
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

_TZ = timezone(timedelta(hours=2))
_TYPES = {
    "pdf": ("application", "pdf"),
    "csv": ("text", "csv"),
    "txt": ("text", "plain"),
    "log": ("text", "plain"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "zip": ("application", "zip"),
    "gz": ("application", "gzip"),
    "hl7": ("application", "hl7-v2"),
    "edi": ("application", "edifact"),
}

_Written = tuple[str, set[str], bool]
"""A piece of text, the Rendered fields it holds, and whether it holds a result."""


def _name_fields(record: Rendered) -> set[str]:
    return {"name"} if record.name else {"given", "prefix", "surname"}


_TITLES = ("mevr.", "mw.", "dhr.", "mevrouw", "de heer")


def _who(record: Rendered) -> str:
    """``mevrouw``/``patiënt`` before the name, or nothing when the name has a title."""
    if display_name(record).lower().startswith(_TITLES):
        return ""
    return "mevrouw " if record.sample is not None and is_screening(record.sample) else "patiënt "


def _sentence(record: Rendered) -> _Written:
    fields = _name_fields(record) | {"date_of_birth", "bsn"}
    head = f"Betreft {_who(record)}{display_name(record)}"
    head += f", geboren {record.date_of_birth}" if record.date_of_birth else ""
    head += f", BSN {record.bsn}" if record.bsn else ""
    sample = record.sample
    if sample is None:
        return f"{head}: van deze patiënt hebben wij nog geen materiaal ontvangen.", fields, False
    taken = f" (afgenomen {record.sample_date})" if record.sample_date else ""
    text = f"{head}: de uitslag van het onderzoek{taken} is {sample.result_text}. {advice(sample)}"
    if record.gp_name:
        text += f" Aanvrager: {record.gp_name}."
        fields.add("gp_name")
    return text, fields, True


def _block(record: Rendered) -> _Written:
    lines = [f"Patiënt: {display_name(record)}"]
    fields = _name_fields(record)
    for label, field in (("Geb.datum", "date_of_birth"), ("BSN", "bsn"), ("Tel.", "phone")):
        if getattr(record, field):
            lines.append(f"{label}: {getattr(record, field)}")
            fields.add(field)
    street = " ".join(p for p in (record.street, record.house) if p)
    town = " ".join(p for p in (record.postcode, record.city) if p)
    if street or town:
        lines.append("Adres: " + ", ".join(p for p in (street, town) if p))
        fields |= {"street", "house", "postcode", "city"}
    return _with_sample(record, lines, fields)


_FORM_FIELDS = (
    ("Geboortedatum", "date_of_birth"), ("BSN", "bsn"), ("Straat", "street"),
    ("Huisnummer", "house"), ("Postcode", "postcode"), ("Woonplaats", "city"),
    ("Telefoon", "phone"),
)  # fmt: skip


def _form(record: Rendered) -> _Written:
    """The patient's details as the fields of a form (an intake or contact form copied
    into the mail): the address as separate fields."""
    lines = ["Patiëntgegevens", f"Naam: {display_name(record)}"]
    fields = _name_fields(record)
    for label, field in _FORM_FIELDS:
        if getattr(record, field):
            lines.append(f"{label}: {getattr(record, field)}")
            fields.add(field)
    return _with_sample(record, lines, fields)


def _with_sample(record: Rendered, lines: list[str], fields: set[str]) -> _Written:
    """A labelled block's lines with the sample's test, result and requester after them."""
    sample = record.sample
    if sample is not None:
        lines.append(f"Onderzoek: {test_label(sample)}, labnummer {sample.lab_number}")
        lines.append(f"Uitslag: {sample.result_text}")
        if sample.kopac:
            lines.append(f"KOPAC-B: {sample.kopac}")
    if record.gp_name or record.gp_agb:
        agb = f"(AGB {record.gp_agb})" if record.gp_agb else ""
        lines.append("Aanvrager: " + " ".join(p for p in (record.gp_name, agb) if p))
        fields |= {"gp_name", "gp_agb"}
    return "\n".join(lines), fields, sample is not None


def _question(record: Rendered) -> _Written:
    """A GP's question, quoted under the lab's reply."""
    born = f" (geb. {record.date_of_birth})" if record.date_of_birth else ""
    text = (
        f"Kunt u mij de uitslag van {display_name(record)}{born} nogmaals sturen? "
        "Wij kunnen deze niet terugvinden in ons HIS."
    )
    return text, _name_fields(record) | {"date_of_birth"}, False


def _signature(sender: Rendered | None, lab: Lab) -> _Written:
    if sender is None:
        return (
            f"Met vriendelijke groet,\n\nAfdeling Uitslagen\n{lab.name}\nT {lab.phone}",
            set(),
            False,
        )
    lines = ["Met vriendelijke groet,", "", display_name(sender), "Analist cytologie", lab.name]
    lines += [f"T {sender.phone}"] if sender.phone else []
    lines += [f"E {sender.email}"] if sender.email else []
    return "\n".join(lines), _name_fields(sender) | {"phone", "email"}, False


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _practice(records: Sequence[Rendered]) -> str:
    return next((r.sample.gp.practice for r in records if r.sample), "Huisartsenpraktijk")


def _html(paragraphs: Sequence[str]) -> str:
    body = "".join(
        f"<p>{html.escape(p, quote=False).replace(chr(10), '<br>' + chr(10))}</p>\n"
        for p in paragraphs
    )
    head = '<html><head><meta charset="utf-8"></head><body style="font-family:Calibri">'
    return f"{head}\n{body}</body></html>\n"


def _compose(
    records: Sequence[Rendered], sender: Rendered | None, lab: Lab, rng: random.Random, kind: str
) -> tuple[list[str], dict[int, tuple[set[str], bool]]]:
    """Paragraphs of the body and, per record index (-1 = sender), fields and health."""
    seen: dict[int, tuple[set[str], bool]] = {}

    def add(index: int, piece: _Written) -> str:
        text, fields, health = piece
        old_fields, old_health = seen.get(index, (set(), False))
        seen[index] = (old_fields | fields, old_health or health)
        return text

    paragraphs = ["Beste collega,"]
    if not records:
        paragraphs.append("In de bijlage vindt u de gevraagde bestanden.")
    elif kind == "reply":
        paragraphs.append("Naar aanleiding van uw vraag hierbij de gegevens:")
    else:
        count = "de volgende patiënt" if len(records) == 1 else "de volgende patiënten"
        paragraphs.append(f"Hierbij ontvangt u de uitslag van {count}.")
    draw = rng.random()
    style = _block if draw < 0.35 else _form if draw < 0.5 else _sentence
    paragraphs += [add(i, style(r)) for i, r in enumerate(records)]
    paragraphs.append("Heeft u vragen, neem dan contact op met de afdeling.")
    paragraphs.append(add(-1, _signature(sender, lab)))
    if kind == "reply":
        asked = date(2025, 6, 2) + timedelta(days=rng.randrange(60))
        quoted = [f"Op {asked:%d-%m-%Y} schreef {_practice(records)}:"]
        for i, record in enumerate(records):
            quoted += ["> " + line for line in add(i, _question(record)).split("\n")]
        paragraphs.append("\n".join(quoted))
    return paragraphs, seen


def write(
    records: Sequence[Rendered],
    rng: random.Random,
    attachments: Sequence[tuple[str, WrittenFile]] = (),
    *,
    sender: Rendered | None = None,
    lab: Lab = DEFAULT_LAB,
) -> WrittenFile:
    """One e-mail about ``records``; see the module docstring for the mentions."""
    names = [name for name, _ in attachments]
    if len(set(names)) != len(names):
        raise ValueError("attachment names must be unique")
    kind = "reply" if records and rng.random() < 0.3 else "results"
    paragraphs, seen = _compose(records, sender, lab, rng, kind)
    msg = EmailMessage(policy=policy.SMTP)
    if sender is not None:
        address = sender.email or lab.results_email
        msg["From"] = Address(display_name(sender), addr_spec=address)
    else:
        msg["From"] = Address(lab.name, addr_spec=lab.results_email)
    practice = _practice(records)
    msg["To"] = Address(practice, addr_spec=f"info@{_slug(practice)}.nl")
    named = None
    if len(records) == 1 and rng.random() < 0.3 and display_name(records[0]):
        named = records[0]
        msg["Subject"] = f"Uitslag {display_name(named)}"
    elif kind == "reply":
        msg["Subject"] = "Re: vraag over uitslag"
    else:
        msg["Subject"] = "Uitslagen bevolkingsonderzoek / laboratoriumonderzoek"
    day = next((r.sample.report_date for r in records if r.sample), date(2025, 6, 2))
    sent = datetime.combine(day, time(7 + rng.randrange(11), rng.randrange(60)), tzinfo=_TZ)
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = f"<{rng.getrandbits(64):016x}.{rng.randrange(10**6)}@{lab.domain}>"
    cte = rng.choice(("quoted-printable", "base64"))
    msg.set_content("\n\n".join(paragraphs) + "\n", charset="utf-8", cte=cte)
    with_html = rng.random() < 0.4
    if with_html:
        msg.add_alternative(_html(paragraphs), subtype="html", charset="utf-8", cte=cte)
    for name, written in attachments:
        maintype, subtype = _TYPES.get(
            name.rsplit(".", 1)[-1].lower(), ("application", "octet-stream")
        )
        msg.add_attachment(written.data, maintype=maintype, subtype=subtype, filename=name)
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{rng.getrandbits(64):016x}")
    mentions: list[TruthMention] = []
    people = list(enumerate(records)) + ([(-1, sender)] if sender is not None else [])
    for index, record in people:
        if index == -1 or record is named:
            header = {"name", "email"} if index == -1 else {"name"}
            mentions.append(TruthMention(record.person_id, exposed(record, header), part="header"))
        fields, health = seen[index]
        classes = exposed(record, fields, health=health)
        mentions.append(TruthMention(record.person_id, classes, part="body"))
        if with_html:
            mentions.append(TruthMention(record.person_id, classes, part="body-html"))
    for name, written in attachments:
        mentions += under_member(name, written)
    return WrittenFile(msg.as_bytes(), tuple(mentions))
