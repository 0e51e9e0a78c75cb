"""A writer of Java heap dumps in HPROF's binary format (OpenJDK's ``hprof_b_spec.h``),
for the tests: records and heap sub-records built from their parts, ids of 4 or 8 bytes."""

from __future__ import annotations

import struct

OBJECT, BOOLEAN, CHAR, BYTE, SHORT, INT, LONG = 2, 4, 5, 8, 9, 10, 11


def header(id_size: int = 8, version: bytes = b"1.0.2") -> bytes:
    """The header: magic, id size and a timestamp (milliseconds, two 32-bit halves)."""
    return b"JAVA PROFILE " + version + b"\0" + struct.pack(">IQ", id_size, 1_715_331_000_000)


def ident(value: int, id_size: int = 8) -> bytes:
    return struct.pack(">I" if id_size == 4 else ">Q", value)


def record(tag: int, body: bytes) -> bytes:
    """A top-level record: its tag, a time and its length."""
    return struct.pack(">BII", tag, 0, len(body)) + body


def utf8(number: int, name: str, id_size: int = 8) -> bytes:
    """A UTF8 record (0x01): a name of a class, field or method."""
    return record(0x01, ident(number, id_size) + name.encode())


def load_class(serial: int, obj: int, name: int, id_size: int = 8) -> bytes:
    """A LOAD CLASS record (0x02)."""
    body = struct.pack(">I", serial) + ident(obj, id_size) + struct.pack(">I", 0)
    return record(0x02, body + ident(name, id_size))


def class_dump(
    obj: int, fields: list[tuple[int, int]], id_size: int = 8, super_id: int = 0
) -> bytes:
    """A CLASS DUMP (0x20): its super class, no constant pool, a static int, instance
    ``fields`` (name id, type)."""
    out = b"\x20" + ident(obj, id_size) + struct.pack(">I", 0) + ident(super_id, id_size)
    out += b"".join(ident(0, id_size) for _ in range(5)) + struct.pack(">I", 16)
    out += struct.pack(">H", 1) + struct.pack(">HB", 1, INT) + struct.pack(">i", 7)
    out += struct.pack(">H", 1) + ident(1, id_size) + bytes([INT]) + struct.pack(">i", 9)
    out += struct.pack(">H", len(fields))
    return out + b"".join(ident(n, id_size) + bytes([t]) for n, t in fields)


def instance(obj: int, cls: int, data: bytes, id_size: int = 8) -> bytes:
    """An INSTANCE DUMP (0x21)."""
    head = b"\x21" + ident(obj, id_size) + struct.pack(">I", 0) + ident(cls, id_size)
    return head + struct.pack(">I", len(data)) + data


def values(items: list[tuple[int, int | bool]], id_size: int = 8) -> bytes:
    """An instance's field values, each ``(type, value)``, as the dump writes them
    (big-endian; an object as its id)."""
    formats = {BOOLEAN: ">?", CHAR: ">H", BYTE: ">b", SHORT: ">h", INT: ">i", LONG: ">q"}
    return b"".join(
        ident(v, id_size) if t == OBJECT else struct.pack(formats[t], v) for t, v in items
    )


def object_array(obj: int, items: list[int], id_size: int = 8) -> bytes:
    """An OBJECT ARRAY DUMP (0x22)."""
    head = b"\x22" + ident(obj, id_size) + struct.pack(">II", 0, len(items)) + ident(3, id_size)
    return head + b"".join(ident(i, id_size) for i in items)


def primitive_array(obj: int, kind: int, data: bytes, count: int, id_size: int = 8) -> bytes:
    """A PRIMITIVE ARRAY DUMP (0x23) of ``count`` elements of ``kind``."""
    return b"\x23" + ident(obj, id_size) + struct.pack(">IIB", 0, count, kind) + data


def chars(obj: int, text: str, id_size: int = 8) -> bytes:
    """A ``char[]``: a Java 8 string's contents."""
    data = text.encode("utf-16-be")
    return primitive_array(obj, CHAR, data, len(data) // 2, id_size)


def octets(obj: int, data: bytes, id_size: int = 8) -> bytes:
    """A ``byte[]``: a Java 9 string's contents (Latin-1, or UTF-16 in the machine's order)."""
    return primitive_array(obj, BYTE, data, len(data), id_size)


def root(obj: int, id_size: int = 8) -> bytes:
    """A ROOT STICKY CLASS (0x05) and a ROOT JAVA FRAME (0x03)."""
    return b"\x05" + ident(obj, id_size) + b"\x03" + ident(obj, id_size) + struct.pack(">II", 1, 2)


def heap(body: bytes, segment: bool = True) -> bytes:
    """A HEAP DUMP SEGMENT (0x1C) or a HEAP DUMP (0x0C)."""
    return record(0x1C if segment else 0x0C, body)


def end() -> bytes:
    """HEAP DUMP END (0x2C)."""
    return record(0x2C, b"")
