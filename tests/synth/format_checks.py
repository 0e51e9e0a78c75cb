"""Independent checks that a mention's data classes are what a text really shows.

Deliberately re-implemented here (not imported from the writers) so that a writer bug
cannot hide itself.
"""

from __future__ import annotations

import email
import io
import re
import tarfile
import zipfile
from email import policy
from email.message import EmailMessage
from html import unescape

from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention


def shown_name(record: Rendered) -> str:
    if record.name:
        return record.name
    return " ".join(p for p in (record.given, record.prefix, record.surname) if p)


def candidates(record: Rendered) -> dict[str, tuple[str, ...]]:
    """Per data class the record has a value for: strings any of which shows that class."""
    out: dict[str, tuple[str, ...]] = {}
    if shown_name(record):
        out["name"] = (shown_name(record),)
    for cls in ("date_of_birth", "bsn", "phone", "email"):
        if getattr(record, cls):
            out[cls] = (getattr(record, cls),)
    address = []
    if record.street and record.house:
        address.append(f"{record.street} {record.house}")
    if record.postcode:
        address.append(record.postcode)
    if address:
        out["address"] = tuple(address)
    provider = tuple(v for v in (record.gp_name, record.gp_agb) if v)
    if provider:
        out["provider"] = provider
    sample = record.sample
    if sample is not None:
        health = [sample.result_text, sample.kopac, sample.pap]
        health.append(f"HPV-test {sample.hpv}" if sample.hpv else None)
        out["health"] = tuple(h for h in health if h)
    return out


def shown_classes(text: str, record: Rendered) -> set[str]:
    """The classes of ``record`` whose values occur in ``text``."""
    return {cls for cls, values in candidates(record).items() if any(v in text for v in values)}


def assert_mention_matches_text(mention: TruthMention, record: Rendered, text: str) -> None:
    """The mention claims exactly the classes whose values ``text`` shows."""
    assert mention.person_id == record.person_id
    assert mention.classes, f"{record.person_id}: mention without classes"
    shown = shown_classes(text, record)
    assert set(mention.classes) == shown, (
        f"{record.person_id} at {mention.part}: claims {sorted(mention.classes)}, "
        f"text shows {sorted(shown)}"
    )


def html_text(markup: str) -> str:
    """Visible text of a small HTML body (tags dropped, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", "", markup))


def open_member(data: bytes, name: str) -> bytes:
    """The bytes of member ``name`` of a zip, a tar.gz or an e-mail (attachment)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    if data[:2] == b"\x1f\x8b":
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            handle = tar.extractfile(name)
            assert handle is not None, name
            return handle.read()
    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    for part in msg.iter_attachments():
        if part.get_filename() == name:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise KeyError(name)


def resolve(data: bytes, member: str | None) -> bytes:
    """Follow a ``!/``-joined member path down through nested containers."""
    for name in member.split("!/") if member else ():
        data = open_member(data, name)
    return data
