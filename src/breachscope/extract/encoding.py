"""Character encoding of text-like files (CSV, plain text, logs, HL7, EDIFACT, SQL).

The rule is deterministic, so offsets computed now can be recomputed later:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); the mark itself is not
   part of the decoded text;
2. without a mark, a sample with many NUL bytes (at least 4 and 30 %) at odd (even)
   positions and almost none at the others is UTF-16 LE (BE);
3. otherwise the sample is tried as strict UTF-8; where that fails, a sample that still
   holds a letter written as a UTF-8 sequence (``ó`` as ``C3 B3`` among a binary format's
   bytes: a MessagePack stream read as text, a legacy program's file of both) is decoded
   as UTF-8 with cp1252 for each byte that is not (:data:`MIXED`), and any other as
   cp1252. A cp1252 text decodes the same either way, apart from its mojibake (``Ã«``,
   which is ``ë``).

Decoding never fails: undecodable bytes become U+FFFD (one character per bad sequence).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from typing_extensions import Buffer

SAMPLE_BYTES = 64 * 1024
MIXED = "utf-8-cp1252"
"""The codec of rule 3's mixed text (registered with :mod:`codecs` by this module)."""
_UTF8_LETTER = re.compile(rb"[\xc3\xc4\xc5][\x80-\xbf]")
"""A two-byte UTF-8 sequence of a Latin letter with a diacritic (U+00C0-U+017F)."""
_ESCAPED = re.compile("[\udc80-\udcff]")
_CP1252 = {
    chr(0xDC00 + b): bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0x100)
}


def _unescaped(text: str) -> str:
    """``text`` with each byte ``surrogateescape`` kept as a lone surrogate in cp1252."""
    return _ESCAPED.sub(lambda m: _CP1252[m.group()], text)


def _mixed_decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    """:data:`MIXED` of all of ``data`` (never fails: ``errors`` is not needed)."""
    text, used = codecs.utf_8_decode(data, "surrogateescape", True)
    return _unescaped(text), used


class _MixedDecoder(codecs.BufferedIncrementalDecoder):
    """:data:`MIXED` in blocks (a UTF-8 sequence cut by a block's end waits for the next)."""

    def _buffer_decode(self, data: Buffer, errors: str, final: bool) -> tuple[str, int]:
        text, used = codecs.utf_8_decode(data, "surrogateescape", final)
        return _unescaped(text), used


_MIXED_INFO = codecs.CodecInfo(
    name=MIXED,
    encode=codecs.utf_8_encode,
    decode=_mixed_decode,
    incrementalencoder=codecs.getincrementalencoder("utf-8"),
    incrementaldecoder=_MixedDecoder,
)
codecs.register(lambda name: _MIXED_INFO if name in (MIXED, MIXED.replace("-", "_")) else None)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How to decode a file: the codec and how many leading bytes (the BOM) to drop."""

    codec: str
    bom_len: int = 0

    @property
    def ascii_compatible(self) -> bool:
        """True when ASCII bytes (newlines, separators) stand for themselves."""
        return self.codec in {"utf-8", "cp1252", MIXED}


def detect(sample: bytes) -> Encoding:
    """Choose the encoding of a file from its first bytes (see the module docstring)."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return Encoding(codec, len(bom))
    even = sample[0::2]
    odd = sample[1::2]
    zero_even, zero_odd = even.count(0), odd.count(0)
    if zero_odd >= 4 and zero_odd > 0.3 * len(odd) and zero_even < 0.05 * len(even):
        return Encoding("utf-16-le")
    if zero_even >= 4 and zero_even > 0.3 * len(even) and zero_odd < 0.05 * len(odd):
        return Encoding("utf-16-be")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=len(sample) < SAMPLE_BYTES)
    except UnicodeDecodeError:
        return Encoding(MIXED if _UTF8_LETTER.search(sample) else "cp1252")
    return Encoding("utf-8")


def detect_stream(fh: BinaryIO) -> Encoding:
    """Detect from the start of a seekable stream and leave it positioned after the BOM."""
    fh.seek(0)
    enc = detect(fh.read(SAMPLE_BYTES))
    fh.seek(enc.bom_len)
    return enc


def text_stream(fh: BinaryIO, enc: Encoding, newline: str = "") -> io.TextIOWrapper:
    """A text view of ``fh`` (positioned after the BOM) that keeps newlines as they are;
    lines end at ``\r``, ``\n`` or ``\r\n`` (``newline=""``) or only at ``newline``."""
    return io.TextIOWrapper(
        io.BufferedReader(_Unclosable(fh), 1 << 16),
        encoding=enc.codec,
        errors="replace",
        newline=newline,
        write_through=True,
    )


def decode_blocks(fh: BinaryIO, enc: Encoding, block: int = 1 << 20) -> Iterator[str]:
    """Decode ``fh`` (positioned after the BOM) in blocks of about ``block`` bytes."""
    decoder = codecs.getincrementaldecoder(enc.codec)("replace")
    while True:
        data = fh.read(block)
        text = decoder.decode(data, final=not data)
        if text:
            yield text
        if not data:
            return


def decode_bytes(data: bytes) -> str:
    """Decode a whole byte string with the detected encoding (BOM dropped)."""
    enc = detect(data[:SAMPLE_BYTES])
    return data[enc.bom_len :].decode(enc.codec, errors="replace")


class _Unclosable(io.RawIOBase):
    """Lets a TextIOWrapper read a stream without closing it (the caller owns it)."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._fh.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
