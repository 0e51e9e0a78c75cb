"""Writers of the wrappers read in ``cms``, ``openpgp`` and ``fiddlersaz``, by their
specifications: DER values (X.690) and CMS structures (RFC 5652, RFC 3274), OpenPGP
packets (RFC 4880: old and new headers, partial body lengths), Fiddler ``.saz`` zips."""

from __future__ import annotations

import io
import zipfile
import zlib

# --- DER / CMS ---------------------------------------------------------------------------

DATA_OID = "1.2.840.113549.1.7.1"
SIGNED_OID = "1.2.840.113549.1.7.2"
ENVELOPED_OID = "1.2.840.113549.1.7.3"
COMPRESSED_OID = "1.2.840.113549.1.9.16.1.9"
ZLIB_OID = "1.2.840.113549.1.9.16.3.8"


def tlv(tag: int, body: bytes, *, indefinite: bool = False) -> bytes:
    """A value: its tag byte, its length (definite, or BER's indefinite) and its body."""
    if indefinite:
        return bytes([tag, 0x80]) + body + b"\x00\x00"
    if len(body) < 0x80:
        return bytes([tag, len(body)]) + body
    size = (len(body).bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + len(body).to_bytes(size, "big") + body


def seq(*items: bytes, indefinite: bool = False) -> bytes:
    return tlv(0x30, b"".join(items), indefinite=indefinite)


def oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | arc & 0x7F)
            arc >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def explicit(number: int, body: bytes, *, indefinite: bool = False) -> bytes:
    return tlv(0xA0 | number, body, indefinite=indefinite)


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def integer(n: int) -> bytes:
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def name(*pairs: tuple[str, str]) -> bytes:
    """An X.509 Name of ``(type OID, UTF8String)`` attributes, one to a SET."""
    return seq(*(tlv(0x31, seq(oid(k), tlv(0x0C, v.encode()))) for k, v in pairs))


def content_info(kind: str, content: bytes) -> bytes:
    return seq(oid(kind), explicit(0, content))


def encapsulated(kind: str, content: bytes | None) -> bytes:
    return seq(oid(kind), *([explicit(0, octets(content))] if content is not None else []))


def certificate(subject: bytes, issuer: bytes, serial: int, email: str = "") -> bytes:
    """A certificate's outline: the fields a reader of its subject needs (no real key)."""
    algorithm = seq(oid("1.2.840.10045.4.3.2"))
    validity = seq(tlv(0x17, b"240101000000Z"), tlv(0x17, b"340101000000Z"))
    key = seq(seq(oid("1.2.840.10045.2.1")), tlv(0x03, b"\x00\x04" + bytes(64)))
    extensions = b""
    if email:
        alt = seq(tlv(0x81, email.encode()))
        extensions = explicit(3, seq(seq(oid("2.5.29.17"), octets(alt))))
    tbs = seq(
        explicit(0, integer(2)), integer(serial), algorithm, issuer, validity, subject, key,
        extensions,
    )  # fmt: skip
    return seq(tbs, algorithm, tlv(0x03, b"\x00" + bytes(8)))


def signed_data(
    content: bytes | None,
    kind: str = DATA_OID,
    certificates: tuple[bytes, ...] = (),
    signers: tuple[tuple[bytes, int], ...] = (),
) -> bytes:
    """A SignedData's body: its content and signers by issuer and serial (no signature)."""
    digest = seq(oid("2.16.840.1.101.3.4.2.1"))
    infos = [
        seq(integer(1), seq(issuer, integer(serial)), digest, seq(oid("1.2.840.10045.4.3.2")),
            octets(bytes(8)))
        for issuer, serial in signers
    ]  # fmt: skip
    certs = tlv(0xA0, b"".join(certificates)) if certificates else b""
    return seq(
        integer(1), tlv(0x31, digest), encapsulated(kind, content), certs,
        tlv(0x31, b"".join(infos)),
    )  # fmt: skip


def compressed_data(content: bytes, kind: str = DATA_OID) -> bytes:
    return seq(integer(0), seq(oid(ZLIB_OID)), encapsulated(kind, zlib.compress(content)))


# --- OpenPGP -----------------------------------------------------------------------------


def old_packet(tag: int, body: bytes, *, indeterminate: bool = False) -> bytes:
    if indeterminate:
        return bytes([0x80 | tag << 2 | 3]) + body
    if len(body) < 256:
        return bytes([0x80 | tag << 2, len(body)]) + body
    if len(body) < 65536:
        return bytes([0x80 | tag << 2 | 1]) + len(body).to_bytes(2, "big") + body
    return bytes([0x80 | tag << 2 | 2]) + len(body).to_bytes(4, "big") + body


def new_length(size: int) -> bytes:
    if size < 192:
        return bytes([size])
    if size < 8384:
        size -= 192
        return bytes([192 + (size >> 8), size & 0xFF])
    return b"\xff" + size.to_bytes(4, "big")


def new_packet(tag: int, body: bytes, *, partial: int = 0) -> bytes:
    """A new-format packet; ``partial`` (a power of two from 512): its body in parts of
    that size, the last a plain length."""
    out = bytearray([0xC0 | tag])
    if partial:
        power = partial.bit_length() - 1
        while len(body) > partial:
            out += bytes([224 + power]) + body[:partial]
            body = body[partial:]
    return bytes(out + new_length(len(body)) + body)


def literal(data: bytes, filename: str = "", fmt: bytes = b"b") -> bytes:
    raw = filename.encode()
    return fmt + bytes([len(raw)]) + raw + b"\x66\x00\x00\x00" + data


def compressed(algorithm: int, packets: bytes) -> bytes:
    if algorithm == 1:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return b"\x01" + packer.compress(packets) + packer.flush()
    if algorithm == 2:
        return b"\x02" + zlib.compress(packets)
    if algorithm == 3:
        import bz2

        return b"\x03" + bz2.compress(packets)
    return b"\x00" + packets


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def armour(data: bytes, kind: str = "PGP MESSAGE", crc: int | None = None) -> bytes:
    import base64

    text = base64.b64encode(data).decode()
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    check = base64.b64encode((crc24(data) if crc is None else crc).to_bytes(3, "big")).decode()
    return (
        f"-----BEGIN {kind}-----\nComment: synthetic\n\n" + "\n".join(lines)
        + f"\n={check}\n-----END {kind}-----\n"
    ).encode()  # fmt: skip


# --- Fiddler .saz ------------------------------------------------------------------------


def chunked(body: bytes, size: int = 40) -> bytes:
    out = bytearray()
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def saz(sessions: list[tuple[bytes, bytes, bytes]], width: int = 1) -> bytes:
    """A ``.saz`` of ``(request, response, metadata)`` sessions, numbered as Fiddler does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("_index.htm", b"<html><body>Sessions</body></html>")
        for number, (request, response, meta) in enumerate(sessions, 1):
            stem = f"raw/{number:0{width}d}"
            archive.writestr(f"{stem}_c.txt", request)
            archive.writestr(f"{stem}_s.txt", response)
            if meta:
                archive.writestr(f"{stem}_m.xml", meta)
    return buffer.getvalue()
