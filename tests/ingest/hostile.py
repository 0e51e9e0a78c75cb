"""Builders of hostile archives, small on disk (shared by the ingest and scan tests)."""

from __future__ import annotations

import io
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

MIB = 1024**2


def zero_deflate_blocks(total: int, chunk: int = MIB) -> tuple[bytes, bytes, bytes, int]:
    """Raw deflate of ``total`` zero bytes as (first block, repeated block, tail, repeats)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(chunk)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    second = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    third = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    assert second == third, "full-flushed deflate blocks of zeros must repeat"
    tail = comp.flush(zlib.Z_FINISH)
    return first + second, third, tail, total // chunk - 2


def write_zero_gzip(path: Path, total: int) -> None:
    """A gzip file expanding to ``total`` zero bytes (about total/1000 on disk)."""
    head, block, tail, repeats = zero_deflate_blocks(total)
    with open(path, "wb") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
        fh.write(head)
        for _ in range(repeats):
            fh.write(block)
        fh.write(tail)
        fh.write(struct.pack("<II", 0, total & 0xFFFFFFFF))  # CRC never reached


def write_zero_zip(path: Path, total: int, name: str = "zeros.bin") -> None:
    """A zip64 file with one member expanding to ``total`` zero bytes (CRC left wrong)."""
    head, block, tail, repeats = zero_deflate_blocks(total)
    csize = len(head) + len(block) * repeats + len(tail)
    raw = name.encode()
    extra = struct.pack("<HHQQ", 1, 16, total, csize)
    local = struct.pack(
        "<4sHHHHHIIIHH",
        b"PK\x03\x04",
        45,
        0,
        8,
        0,
        0,
        0,
        0xFFFFFFFF,
        0xFFFFFFFF,
        len(raw),
        len(extra),
    )
    with open(path, "wb") as fh:
        fh.write(local + raw + extra)
        fh.write(head)
        for _ in range(repeats):
            fh.write(block)
        fh.write(tail)
        cd_offset = fh.tell()
        cextra = struct.pack("<HHQQQ", 1, 24, total, csize, 0)
        central = struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            45,
            45,
            0,
            8,
            0,
            0,
            0,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(raw),
            len(cextra),
            0,
            0,
            0,
            0,
            0xFFFFFFFF,
        )
        cd = central + raw + cextra
        fh.write(cd)
        z64_offset = fh.tell()
        fh.write(
            struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, len(cd), cd_offset)
        )
        fh.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, z64_offset, 1))
        fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(cd), 0xFFFFFFFF, 0))


def zip_bytes(members: dict[str, bytes], *, modes: dict[str, int] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if modes and name in modes:
                info.external_attr = modes[name] << 16
            zf.writestr(info, data)
    return buf.getvalue()


def encrypt_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every entry (local and central headers)."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = out.find(sig)
        while pos >= 0:
            flag = struct.unpack_from("<H", out, pos + offset)[0]
            struct.pack_into("<H", out, pos + offset, flag | 1)
            pos = out.find(sig, pos + 4)
    return bytes(out)


def overlapping_zip() -> bytes:
    """Two central-directory entries pointing at the same local file (Fifield-style)."""
    data = zip_bytes({"a.txt": b"x" * 1000})
    cd = data.find(b"PK\x01\x02")
    eocd = data.find(b"PK\x05\x06")
    entry = data[cd:eocd]
    twin = bytearray(entry)
    name_len = struct.unpack_from("<H", twin, 28)[0]
    twin[46 : 46 + name_len] = b"b.txt"
    cd_blob = entry + bytes(twin)
    end = bytearray(data[eocd:])
    struct.pack_into("<HHI", end, 8, 2, 2, len(cd_blob))
    return data[:cd] + cd_blob + bytes(end)


def tar_bytes(entries: list[tarfile.TarInfo], data: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for info in entries:
            payload = (data or {}).get(info.name)
            if payload is not None:
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
            else:
                tf.addfile(info)
    return buf.getvalue()


def tar_entry(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


def nested_zip(levels: int, payload: bytes = b"naam,plaats\nJansen,Delft\n") -> bytes:
    data = zip_bytes({"inner.csv": payload})
    for level in range(levels - 1):
        data = zip_bytes({f"level{level}.zip": data})
    return data
