"""Sentry envelopes: the header and events as records, attachments as child files (a
form's body decoded), lengths checked; what is no envelope fails."""

from __future__ import annotations

import io
import json
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.sentryenvelope import SentryEnvelopeExtractor, form_fields
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, DOB, SENTRY_EVENT, sentry_envelope, sentry_envelope_sample

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("spool/x.envelope", "sentry-envelope", len(data), lambda: io.BytesIO(data))
    return list(SentryEnvelopeExtractor().extract(source, Config()))


def children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def test_relays_spool_reads_its_event_and_the_forms_body() -> None:
    sample = sentry_envelope_sample()
    assert sniff_bytes(sample.data, "x.envelope") is FileType.SENTRY_ENVELOPE
    items = extract(sample.data)
    parts = rows_by_part(items)
    assert parts["envelope"][1]["dsn"] == "https://k@sentry.example/4"
    event = parts["event"][1]
    assert event["request.data.achternaam"] == "Jansen-de Vries"
    assert event["request.data.geboortedatum"] == DOB[0]
    assert BSN[0] in event["exception.values.0.value"]
    assert "0612345678" in event["breadcrumbs.values.0.message"]
    body = json.loads(children(items)["request_body.txt.json"])
    assert body == {
        "achternaam": "Y\u0131lmaz", "voornaam": "\u00d6mer", "bsn": BSN[1],
        "adres": "Dorpsstraat 12A",
    }  # fmt: skip


def test_items_without_length_binary_attachments_and_repeated_names() -> None:
    event = json.dumps({"user": {"email": "m.jansen@example.nl"}}).encode()
    data = sentry_envelope(header=b"{}") + b'{"type":"transaction"}\n' + event + b"\n"
    data += b'{"type":"attachment","length":4,"filename":"a.bin"}\n\x00\x01\n\x02\n'
    data += b'{"type":"attachment","length":3,"filename":"a.bin"}\nabc\n'
    data += b'{"type":"form_data","length":11}\nnaam=Smit+A\n'
    items = extract(data)
    parts = rows_by_part(items)
    assert parts["transaction"][1]["user.email"] == "m.jansen@example.nl"
    assert children(items) == {
        "a.bin": b"\x00\x01\n\x02",
        "a-2.bin": b"abc",
        "item-4.json": json.dumps({"naam": "Smit A"}, indent=1).encode(),
    }


def test_a_payload_cut_short_or_a_bad_header_ends_with_a_note() -> None:
    data = sentry_envelope_sample().data
    items = extract(data[:-20])
    assert any(isinstance(i, Note) and "cut short" in i.reason for i in items)
    assert rows_by_part(items)["event"][1]["level"] == "error"
    assert "request_body.txt.json" in children(items)
    bad = sentry_envelope(({"type": "event"}, json.dumps(SENTRY_EVENT).encode()))
    bad += b"geen json\n"
    items = extract(bad)
    assert any(isinstance(i, Note) and "item 2" in i.reason for i in items)
    hostile = b'{}\n{"type":"attachment","length":99999999999}\nabc\n'
    assert any(isinstance(i, Note) for i in extract(hostile))
    negative = b'{}\n{"type":"attachment","length":-5}\nabc\n'
    assert any(isinstance(i, Note) and "negative" in i.reason for i in extract(negative))


def test_forms_and_foreign_input() -> None:
    assert form_fields(b"a=1&a=2&b=%C3%AB+x&c=") == {"a": ["1", "2"], "b": "\u00eb x", "c": ""}
    for data in (b"[1, 2]\n", random.Random(8).randbytes(4096), b"\0" * 4096):
        with pytest.raises(ExtractError):
            extract(data)
    ndjson = b'{"naam": "Jansen"}\n{"naam": "Smit"}\n'
    assert sniff_bytes(ndjson, "x") is FileType.NDJSON


def test_an_ndjson_export_of_events_is_no_envelope() -> None:
    lines = [
        {"event_id": "a1", "type": "transaction", "user": {"email": "m.jansen@example.nl"}},
        {"event_id": "a2", "type": "transaction", "user": {"email": "p.smit@example.nl"}},
    ]
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    assert sniff_bytes(data, "events.ndjson") is FileType.NDJSON
