"""The lines of uuencode, xxencode and ``begin-base64``: what the sniffer and the reader
(:mod:`breachscope.extract.uuencode`) share. Each decodes one line of an encoded file."""

from __future__ import annotations

import binascii
import re

XX = b"+-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
"""xxencode's alphabet: the character for each six bits."""
_XX_TO_UU = bytes(
    32 + XX.index(byte) if byte in XX else 0x7F for byte in range(256)
)  # (0x7F: no uuencoded character, so a2b_uu refuses it)
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*={0,2}")


class DecodeError(Exception):
    """A line that does not decode."""


def uu_line(line: bytes, xx: bool = False) -> bytes:
    """The bytes of one uuencoded (``xx``: xxencoded) line; a :class:`DecodeError` where
    it does not decode. An empty line holds nothing (its spaces lost in transit)."""
    if xx:
        line = line.translate(_XX_TO_UU)
    if not line:
        return b""
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        length = (((line[0] - 32) & 63) * 4 + 5) // 3  # (characters past the length)
        try:
            return binascii.a2b_uu(line[:length])
        except binascii.Error as exc:
            raise DecodeError(str(exc)) from None


def base64_line(line: bytes) -> bytes:
    """The bytes of one line of ``begin-base64`` (a :class:`DecodeError` where it holds
    other characters or does not decode)."""
    if not _BASE64.fullmatch(line):
        raise DecodeError("a character outside base64")
    try:
        return binascii.a2b_base64(line)
    except binascii.Error as exc:
        raise DecodeError(str(exc)) from None


def is_xx(lines: list[bytes]) -> bool:
    """Whether an encoded file's lines are xxencoded: its first line holds lower-case
    letters (a full line's length is ``h``), which uuencode's characters (space to
    backquote) never are, or its last is xxencode's empty line, ``+``."""
    return bool(lines) and (re.search(rb"[a-z]", lines[0]) is not None or lines[-1].strip() == b"+")
