"""ASN.1's DER and BER encodings (X.690), read with strict bounds: a value is its tag, its
length and its contents, each checked against the bytes that hold it.

What CMS messages need (:mod:`breachscope.extract.cms`): a value's tag class, number and
form; definite lengths (short and long form, at most four length bytes) and BER's
indefinite length (contents up to an end-of-contents ``00 00``, as ``openssl cms -stream``
and Outlook write a signed message); a constructed OCTET STRING's segments joined; object
identifiers in dotted form; and a distinguished name (an X.509 ``Name``) as the text
``CN=..., O=...`` of its attributes. Nesting is followed at most :data:`MAX_DEPTH` deep.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 64
"""Deepest nesting of constructed values read (a crafted file's endless nesting stops)."""

SEQUENCE, SET, OCTET_STRING, OID, INTEGER = 0x10, 0x11, 0x04, 0x06, 0x02
UNIVERSAL, CONTEXT = 0, 2


class DerError(ValueError):
    """Bytes that are no well-formed DER/BER value."""


@dataclass(frozen=True, slots=True)
class Value:
    """One value: its tag (class, constructed, number) and its contents' bytes."""

    klass: int
    constructed: bool
    number: int
    data: memoryview
    """The contents, a view of the bytes read (a value inside is not copied)."""
    depth: int = 0

    def children(self) -> list[Value]:
        """The values a constructed value holds."""
        if not self.constructed:
            raise DerError(f"value [{self.number}] is not constructed")
        return read_all(self.data, self.depth + 1)

    def octets(self) -> bytes:
        """An OCTET STRING's bytes, a constructed one's segments joined."""
        if not self.constructed:
            return bytes(self.data)
        return b"".join(child.octets() for child in self.children())

    def is_(self, number: int, klass: int = UNIVERSAL) -> bool:
        return self.klass == klass and self.number == number


def read_value(data: bytes | memoryview, at: int = 0, depth: int = 0) -> tuple[Value, int]:
    """The value at ``at`` in ``data`` and the position after it."""
    data = memoryview(data)
    if depth > MAX_DEPTH:
        raise DerError(f"values nested deeper than {MAX_DEPTH}")
    if at + 2 > len(data):
        raise DerError(f"a value cut short at byte {at}")
    first = data[at]
    klass, constructed, number = first >> 6, bool(first & 0x20), first & 0x1F
    pos = at + 1
    if number == 0x1F:  # (a tag number in base-128 bytes)
        number = 0
        for _ in range(4):
            if pos >= len(data):
                raise DerError("a tag number cut short")
            byte = data[pos]
            pos += 1
            number = number << 7 | byte & 0x7F
            if not byte & 0x80:
                break
        else:
            raise DerError("a tag number longer than four bytes")
    if pos >= len(data):
        raise DerError("a length cut short")
    length = data[pos]
    pos += 1
    if length == 0x80:
        if not constructed:
            raise DerError("an indefinite length on a primitive value")
        end = _indefinite_end(data, pos, depth)
        return Value(klass, constructed, number, data[pos:end], depth), end + 2
    if length & 0x80:
        count = length & 0x7F
        if count > 4 or pos + count > len(data):
            raise DerError(f"a length of {count} bytes")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise DerError(f"a value of {length} bytes past the end at byte {at}")
    return Value(klass, constructed, number, data[pos : pos + length], depth), pos + length


def _indefinite_end(data: memoryview, pos: int, depth: int) -> int:
    """Where the end-of-contents of an indefinite value whose contents start at ``pos`` is."""
    while True:
        if pos + 2 <= len(data) and data[pos] == 0 and data[pos + 1] == 0:
            return pos
        _, pos = read_value(data, pos, depth + 1)


def read_all(data: bytes | memoryview, depth: int = 0) -> list[Value]:
    """All values one after another in ``data`` (a constructed value's contents)."""
    out: list[Value] = []
    pos = 0
    while pos < len(data):
        value, pos = read_value(data, pos, depth)
        out.append(value)
    return out


def oid(value: Value) -> str:
    """An OBJECT IDENTIFIER's dotted form (``1.2.840.113549.1.7.2``)."""
    if not value.is_(OID) or value.constructed or not value.data:
        raise DerError("no object identifier")
    arcs: list[int] = []
    current = 0
    for byte in value.data:
        current = current << 7 | byte & 0x7F
        if not byte & 0x80:
            arcs.append(current)
            current = 0
    if value.data[-1] & 0x80:
        raise DerError("an object identifier cut short")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(n) for n in [first, arcs[0] - 40 * first, *arcs[1:]])


NAME_KEYS = {
    "2.5.4.3": "CN",
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.9": "street",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.12": "title",
    "2.5.4.17": "postalCode",
    "1.2.840.113549.1.9.1": "emailAddress",
    "0.9.2342.19200300.100.1.1": "UID",
}
"""The names of a distinguished name's usual attributes (RFC 4514's and OpenSSL's)."""

_STRING_CODECS = {12: "utf-8", 19: "latin-1", 20: "latin-1", 22: "latin-1", 26: "latin-1"}
"""UTF8String, PrintableString, T61String, IA5String and VisibleString; BMPString (30)
is UTF-16 and UniversalString (28) UTF-32, both big-endian."""


def string(value: Value) -> str:
    """A string value's text (any of ASN.1's string types)."""
    raw = bytes(value.data)
    if value.number == 30:
        return raw.decode("utf-16-be", errors="replace")
    if value.number == 28:
        return raw.decode("utf-32-be", errors="replace")
    return raw.decode(_STRING_CODECS.get(value.number, "utf-8"), errors="replace")


def name_text(name: Value) -> str:
    """An X.509 ``Name`` (a SEQUENCE of SETs of type and value) as ``CN=..., O=...``."""
    parts: list[str] = []
    for rdn in name.children():
        for pair in rdn.children():
            fields = pair.children()
            if len(fields) != 2:
                raise DerError("a name's attribute is no type and value")
            key = oid(fields[0])
            parts.append(f"{NAME_KEYS.get(key, key)}={string(fields[1])}")
    return ", ".join(parts)
