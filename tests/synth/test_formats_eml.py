from __future__ import annotations

import dataclasses
import random
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from breachscope.synth.formats import archive, eml, hl7, pdf_report
from breachscope.synth.model import Rendered
from breachscope.synth.writer import WrittenFile

from .format_checks import assert_mention_matches_text, html_text, resolve, shown_classes
from .format_factory import by_id, records, staff


def _parse(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _parts(msg: EmailMessage) -> dict[str, str]:
    """Decoded text of the header, body and body-html parts."""
    parts = {"header": f"{msg['From']}\n{msg['To']}\n{msg['Subject']}"}
    plain = msg.get_body(preferencelist=("plain",))
    assert plain is not None
    parts["body"] = str(plain.get_content())
    markup = msg.get_body(preferencelist=("html",))
    if markup is not None:
        parts["body-html"] = html_text(str(markup.get_content()))
    return parts


CASES = [
    pytest.param(records()[:1], True, id="one-patient-signed"),
    pytest.param(records()[1:3], False, id="two-patients-department"),
    pytest.param(records()[2:5], True, id="three-patients-signed"),
]


@pytest.mark.parametrize(("recs", "signed"), CASES)
@pytest.mark.parametrize("seed", range(5))
def test_parts_show_exactly_the_claimed_classes(
    recs: list[Rendered], signed: bool, seed: int
) -> None:
    sender = staff() if signed else None
    written = eml.write(recs, random.Random(seed), sender=sender)
    parts = _parts(_parse(written.data))
    people = by_id([*recs, *([sender] if sender else [])])
    seen: dict[tuple[str, str], int] = {}
    for mention in written.mentions:
        assert mention.part in parts and mention.row is None and mention.member is None
        key = (mention.person_id, mention.part)
        seen[key] = seen.get(key, 0) + 1
        assert_mention_matches_text(mention, people[mention.person_id], parts[mention.part])
    for person in people.values():
        for part, text in parts.items():
            if (person.person_id, part) not in seen:
                assert not shown_classes(text, person), (person.person_id, part)
    assert all(count == 1 for count in seen.values())
    assert {("P0000099", "body"), ("P0000099", "header")} <= set(seen) or not signed


def test_staff_signature_and_headers() -> None:
    written = eml.write(records()[:2], random.Random(3), sender=staff())
    msg = _parse(written.data)
    assert msg["From"].addresses[0].addr_spec == "p.verhoeven@dlhw-lab.nl"
    body = _parts(msg)["body"]
    assert body.startswith("Beste collega,")
    assert "Pieter Verhoeven" in body and "070-3074412" in body
    assert msg["Message-ID"].endswith("@dlhw-lab.nl>")
    assert msg["Date"].datetime.year == 2025


def test_encodings_html_and_replies_all_occur() -> None:
    outputs = [eml.write(records()[:2], random.Random(s), sender=staff()) for s in range(30)]
    ctes = set()
    for written in outputs:
        for part in _parse(written.data).walk():
            if part.get_content_maintype() == "text":
                ctes.add(part["Content-Transfer-Encoding"])
    assert ctes == {"quoted-printable", "base64"}
    assert any(m.part == "body-html" for w in outputs for m in w.mentions)
    assert any(b"text/html" not in w.data for w in outputs)
    bodies = [_parts(_parse(w.data))["body"] for w in outputs]
    assert any("\n> Kunt u mij de uitslag" in b for b in bodies)
    subjects = [str(_parse(w.data)["Subject"]) for w in outputs]
    assert any("Re:" in s for s in subjects)


def test_named_subject_gets_a_header_mention() -> None:
    record = records()[2]
    for seed in range(40):
        written = eml.write([record], random.Random(seed))
        subject = str(_parse(written.data)["Subject"])
        header = [m for m in written.mentions if m.part == "header"]
        assert (record.name in subject) == bool(header)
        if header:
            assert header[0].classes == frozenset({"name"})
            return
    pytest.fail("no seed put the patient's name in the subject")


def _attachments() -> list[tuple[str, WrittenFile]]:
    recs = records()
    report = pdf_report.write(recs[:2], random.Random(1))
    messages = hl7.write(recs[2:], random.Random(2))
    nested = archive.pack_nested([("lims/berichten.hl7", messages)], inner="export.tar.gz")
    return [("uitslagen mei.pdf", report), ("export.zip", nested)]


def test_attachment_mentions_point_into_the_attachments() -> None:
    attachments = _attachments()
    written = eml.write(records()[:1], random.Random(4), attachments, sender=staff())
    msg = _parse(written.data)
    names = [part.get_filename() for part in msg.iter_attachments()]
    assert names == ["uitslagen mei.pdf", "export.zip"]
    by_name = dict(attachments)
    inner = [m for m in written.mentions if m.member is not None]
    expected = [
        *(("uitslagen mei.pdf", m) for m in by_name["uitslagen mei.pdf"].mentions),
        *(("export.zip!/" + str(m.member), m) for m in by_name["export.zip"].mentions),
    ]
    assert [(m.member, m.part, m.row, m.classes) for m in inner] == [
        (path, m.part, m.row, m.classes) for path, m in expected
    ]
    leaf = resolve(written.data, "export.zip!/export.tar.gz!/lims/berichten.hl7")
    assert leaf == hl7.write(records()[2:], random.Random(2)).data
    assert resolve(written.data, "uitslagen mei.pdf") == by_name["uitslagen mei.pdf"].data


def test_deterministic_bytes_and_duplicate_names_refused() -> None:
    attachments = _attachments()
    first = eml.write(records()[:3], random.Random(8), attachments, sender=staff()).data
    assert first == eml.write(records()[:3], random.Random(8), attachments, sender=staff()).data
    with pytest.raises(ValueError):
        eml.write(records()[:1], random.Random(0), [attachments[0], attachments[0]])


def test_mail_with_only_attachments() -> None:
    written = eml.write([], random.Random(1), _attachments())
    assert all(m.member for m in written.mentions)
    assert "bijlage" in _parts(_parse(written.data))["body"]


def test_sender_names_with_commas_and_quotes_stay_one_address() -> None:
    sender = dataclasses.replace(staff(), name='Verhoeven, P. "Piet"')
    msg = _parse(eml.write(records()[:1], random.Random(1), sender=sender).data)
    (address,) = msg["From"].addresses
    assert address.display_name == 'Verhoeven, P. "Piet"'
    assert address.addr_spec == sender.email
