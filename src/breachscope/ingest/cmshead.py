"""How a CMS (PKCS #7) message opens, for sniffing: a ``ContentInfo`` SEQUENCE (definite or
BER's indefinite length) whose first value is one of CMS's content types, ``pkcs7-data``
to ``pkcs7-encryptedData`` (``1.2.840.113549.1.7.1`` to ``.6``), or S/MIME's
``id-ct-compressedData``, ``id-ct-authData`` and ``id-ct-authEnvelopedData``; as DER
bytes (``smime.p7m``), base64 (an ``.p7m`` saved from a mail's source) or PEM
(``-----BEGIN PKCS7-----``, ``-----BEGIN CMS-----``).
"""

from __future__ import annotations

import base64
import binascii
import re

PKCS7_ARC = bytes.fromhex("2a864886f70d0107")
"""``1.2.840.113549.1.7``: PKCS #7's content types, the last arc 1 to 6."""
SMIME_CT_ARC = bytes.fromhex("2a864886f70d01091001")
"""``1.2.840.113549.1.9.16.1``: S/MIME's content types (``id-ct-*``)."""
_SMIME_TYPES = (2, 9, 23)
"""``id-ct-authData``, ``id-ct-compressedData``, ``id-ct-authEnvelopedData``."""

PEM_BEGIN = re.compile(r"-----BEGIN (PKCS7|PKCS #7 SIGNED DATA|CMS)-----")
_BASE64_HEAD = re.compile(r"MI[A-Za-z0-9+/]{22}")


def is_cms_der(head: bytes) -> bool:
    """Whether ``head`` opens a CMS ``ContentInfo``: a SEQUENCE, its length, one of the
    content types' object identifiers and the content's ``[0]``."""
    if len(head) < 2 or head[0] != 0x30:
        return False
    length = head[1]
    pos = 2
    if length & 0x80 and length != 0x80:
        if length & 0x7F > 4:
            return False
        pos += length & 0x7F
    found = head[pos : pos + 14]
    if found[:2] == b"\x06\x09" and found[2:10] == PKCS7_ARC:
        return len(found) >= 12 and 1 <= found[10] <= 6 and found[11] == 0xA0
    if found[:2] == b"\x06\x0b" and found[2:12] == SMIME_CT_ARC:
        return len(found) >= 14 and found[12] in _SMIME_TYPES and found[13] == 0xA0
    return False


def is_cms_text(text: str) -> bool:
    """Whether ``text`` (stripped) opens a PEM-armoured CMS message, or base64 whose first
    bytes open one (an ``.p7m`` kept in base64)."""
    if text.startswith("-----BEGIN "):
        return PEM_BEGIN.match(text) is not None
    if not _BASE64_HEAD.match(text):
        return False
    try:
        head = base64.b64decode(text[:24], validate=True)
    except (binascii.Error, ValueError):
        return False
    return is_cms_der(head)
