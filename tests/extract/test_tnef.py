"""TNEF (winmail.dat): attachments as child files, the body as text."""

from __future__ import annotations

import struct

import compressed_rtf
import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note
from breachscope.extract.tnef import TnefExtractor, mapi_properties
from breachscope.extract.units import TextUnit

from .samples import Sample, _mapi_property, _tnef_attribute, csv_sample, tnef_sample


def extract(data: bytes) -> list[Extracted]:
    return list(TnefExtractor().extract(Sample(data, "tnef", "winmail.dat").source(), Config()))


def body(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit) and u.location.part == "body")


def test_attachments_are_child_files_by_their_long_name() -> None:
    items = extract(tnef_sample().data)
    children = [c for c in items if isinstance(c, ChildFile)]
    assert [(c.name, c.data) for c in children] == [("uitslagen lijst.csv", csv_sample().data)]
    assert "BSN 123456782" in body(items)


HEAD = b"\x78\x9f\x3e\x22\x01\x00"


def test_a_legacy_body_and_an_eight_three_title() -> None:
    data = HEAD + b"".join(
        [
            _tnef_attribute(1, 0x0001800C, "Patiënt Jansen, BSN 123456782".encode("cp1252")),
            _tnef_attribute(2, 0x00069002, b"\x01\x00" + b"\xff" * 12),
            _tnef_attribute(2, 0x00018010, b"BRIEF.PDF\0"),
            _tnef_attribute(2, 0x0006800F, b"%PDF-1.4 ..."),
        ]
    )
    items = extract(data)
    assert body(items) == "Patiënt Jansen, BSN 123456782"
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("BRIEF.PDF", b"%PDF-1.4 ...")
    ]


def test_a_compressed_rtf_body() -> None:
    rtf = rb"{\rtf1\ansi Pati\'ebnt Jansen, BSN 123456782\par}"
    props = struct.pack("<I", 1) + _mapi_property(0x0102, 0x1009, compressed_rtf.compress(rtf))
    items = extract(HEAD + _tnef_attribute(1, 0x00069003, props))
    assert "Patiënt Jansen, BSN 123456782" in body(items)


def test_a_file_cut_short_keeps_what_was_read() -> None:
    whole = tnef_sample().data
    items = extract(whole[: whole.index(b"UITSLA~1.CSV") + 40])
    assert "BSN 123456782" in body(items)
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "TNEF cut short: read up to its end"
    ]


@pytest.mark.parametrize(
    ("data", "reason"), [(b"not tnef", "no signature"), (HEAD + b"\x07", "level")]
)
def test_no_tnef_fails_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data + b"\0" * 16)


def test_mapi_properties_skip_fixed_and_named_ones() -> None:
    named = struct.pack("<HH", 0x001F, 0x8001) + b"G" * 16 + struct.pack("<II", 0, 7)
    named += struct.pack("<II", 1, 4) + "x".encode("utf-16-le") + b"\0\0"
    fixed = struct.pack("<HHI", 0x0003, 0x0E07, 42)
    text = _mapi_property(0x001F, 0x3707, "a.pdf".encode("utf-16-le") + b"\0\0")
    props = mapi_properties(struct.pack("<I", 3) + named + fixed + text)
    assert props[0x3707] == "a.pdf" and props[0x8001] == "x"


def test_a_forged_count_of_values_ends_at_the_data() -> None:
    """A multi-valued fixed-size property claiming four billion values: cut, at once."""
    props = struct.pack("<IHHI", 1, 0x1003, 0x0E07, 0xFFFFFFFF) + b"\0" * 8
    items = extract(HEAD + _tnef_attribute(1, 0x00069003, props))
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "TNEF cut short: read up to its end"
    ]
