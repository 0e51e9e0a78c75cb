"""Outlook .msg: header, bodies, recipients, attachments, and bad files."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.msg import MsgExtractor
from breachscope.extract.units import TextUnit

from .cfb import write_cfb
from .samples import msg_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("m.msg", "msg", len(data), lambda: io.BytesIO(data))
    return list(MsgExtractor().extract(source, Config()))


def test_parts_recipients_and_attachments() -> None:
    sample = msg_sample()
    items = extract(sample.data)
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts["header"] == sample.info["header"]
    assert texts["body"] == sample.info["body"]
    assert texts["body-html"] == "BSN 012345672 Jansen-de Vries"
    children = [c for c in items if isinstance(c, ChildFile)]
    assert [(c.name, c.data) for c in children] == [("lijst.csv", sample.info["attachment"])]
    notes = [n for n in items if isinstance(n, Note)]
    assert [(n.location.part, n.reason) for n in notes] == [
        ("attachment-2", "embedded message or object not read")
    ]


def test_ansi_strings_and_an_unreadable_rtf_only_body() -> None:
    data = write_cfb(
        {
            "__substg1.0_0037001E": "Café 123456782".encode("cp1252"),
            "__substg1.0_10090102": b"LZFu compressed rtf",
        }
    )
    items = extract(data)
    assert [u.text for u in items if isinstance(u, TextUnit)] == ["Subject: Café 123456782"]
    assert [n.reason for n in items if isinstance(n, Note)] == ["RTF-only body unreadable"]


@pytest.mark.parametrize("compressed", [True, False])
def test_an_rtf_only_body_is_read(compressed: bool) -> None:
    """Outlook in rich-text mode keeps the body only as compressed RTF (LZFu, or stored
    uncompressed as 'MELA')."""
    import compressed_rtf

    rtf = rb"{\rtf1\ansi\ansicpg1252 Mevr. A. de Vries\par BSN 111222333\par}"
    data = write_cfb(
        {
            "__substg1.0_0037001F": "Uitslag".encode("utf-16-le"),
            "__substg1.0_10090102": compressed_rtf.compress(rtf, compressed=compressed),
        }
    )
    items = extract(data)
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts["body"] == "Mevr. A. de Vries\nBSN 111222333\n"
    assert not [n for n in items if isinstance(n, Note)]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (write_cfb({"Workbook": b"x" * 100}), "not an Outlook message"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable msg"),
        (msg_sample().data[:1500], "msg"),
    ],
)
def test_bad_files_fail_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data)
