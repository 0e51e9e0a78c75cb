"""A dBase table's header (``.dbf``): read by the file type sniffer, which knows such a
table by it, and by the extractor (:mod:`breachscope.extract.dbf`)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

VERSIONS = frozenset(
    {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB}
)
"""A dBase file's first byte: its version (dBase II to 7, FoxBase, FoxPro, Visual FoxPro),
with or without a memo file."""
_FIELD_TYPES = frozenset(b"CNFDLMIBTYGPV0@+OQW")


@dataclass(frozen=True, slots=True)
class Field:
    """A field's descriptor: its name, type letter, offset in the record and length."""

    name: str
    kind: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Header:
    """A table's header: its records' count and length, where they start, its fields."""

    version: int
    records: int
    header_length: int
    record_length: int
    driver: int
    fields: tuple[Field, ...]


def read_header(head: bytes) -> Header | None:
    """The header of a dBase table that opens with ``head`` (its whole header), or None
    where ``head`` opens none."""
    if len(head) < 33 or head[0] not in VERSIONS:
        return None
    month, day = head[2], head[3]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    records, header_length, record_length = struct.unpack_from("<IHH", head, 4)
    if header_length < 33 or record_length < 2 or header_length > len(head):
        return None
    fields: list[Field] = []
    offset = 1  # (the deletion flag)
    pos = 32
    while pos < header_length and head[pos] != 0x0D:
        block = head[pos : pos + 32]
        if len(block) < 32 or block[11] not in _FIELD_TYPES:
            return None
        raw_name = block[:11].split(b"\x00", 1)[0]
        if not raw_name or not all(0x20 < c < 0x7F for c in raw_name):
            return None
        length = block[16] if block[11] not in b"CV" else block[16] | block[17] << 8
        fields.append(Field(raw_name.decode("ascii"), chr(block[11]), offset, length))
        offset += length
        pos += 32
    if not fields or pos >= header_length or offset > record_length:
        return None
    return Header(head[0], records, header_length, record_length, head[29], tuple(fields))


def is_dbf(head: bytes, size: int) -> bool:
    """Whether a file of ``size`` bytes that starts with ``head`` is a dBase table: a
    header that reads (:func:`read_header`) and records that fit in the file."""
    header = read_header(head)
    if header is None:
        return False
    expected = header.header_length + header.records * header.record_length
    return expected <= size <= expected + header.record_length + 1
