"""LevelDB's checksums and how its files open: read by the file type sniffer, which knows
a write-ahead log (``000003.log``, no magic of its own) by its first record's checksum
and a table (``000005.ldb``) by its footer's magic, and by the extractors
(:mod:`breachscope.extract.leveldb`).

LevelDB checks its records with CRC-32C (Castagnoli, the polynomial ``0x82f63b78``
reflected), which the standard library lacks: it is computed here from a table of 256
entries, a byte at a time. A stored checksum is *masked* (rotated right by 15 bits and
``0xa282ead8`` added), so that a checksum of data that holds checksums is not itself one.
"""

from __future__ import annotations

LOG_BLOCK = 32 * 1024
"""A log's block: records never cross one; a record's fragments do."""
LOG_HEADER = 7
"""A log record's header: its masked checksum (4 bytes), its length (2) and its type (1)."""
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
"""A log record's types: a write batch whole, or its first, middle or last fragment."""
TABLE_MAGIC = (0xDB4775248B80FB57).to_bytes(8, "little")
"""The last 8 bytes of a table file (``.ldb``, ``.sst``)."""
TABLE_FOOTER = 48
"""A table's footer: two block handles padded to 40 bytes, and the magic."""
_MASK_DELTA = 0xA282EAD8


def _table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _table()


def crc32c(data: bytes, crc: int = 0) -> int:
    """The CRC-32C of ``data`` (continuing ``crc``, the checksum of the bytes before)."""
    table = _CRC_TABLE
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked(crc: int) -> int:
    """A checksum as LevelDB stores it."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def record_intact(block: bytes, pos: int) -> bool:
    """Whether the log record whose header starts at ``pos`` in ``block`` lies inside it,
    has a known type and the checksum its header gives (over its type and data)."""
    if pos + LOG_HEADER > len(block):
        return False
    length = int.from_bytes(block[pos + 4 : pos + 6], "little")
    kind = block[pos + 6]
    end = pos + LOG_HEADER + length
    if not FULL <= kind <= LAST or end > len(block):
        return False
    stored = int.from_bytes(block[pos : pos + 4], "little")
    return masked(crc32c(block[pos + 6 : end])) == stored


def is_leveldb_log(head: bytes) -> bool:
    """Whether ``head`` opens a LevelDB write-ahead log: a first record, whole or the
    first fragment of a write batch, of at least a batch's 12-byte header, whose
    checksum matches (text or random bytes match by chance once in 2**32)."""
    return (
        len(head) >= LOG_HEADER + 12
        and head[6] in (FULL, FIRST)
        and int.from_bytes(head[4:6], "little") >= 12
        and record_intact(head[:LOG_BLOCK], 0)
    )
