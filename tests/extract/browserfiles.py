"""Writers of browsers' own storage for the tests: Mozilla's LZ4 files, LevelDB's logs
and tables, after their formats' descriptions (LZ4's block format, google/leveldb's
``doc/log_format.md``, ``doc/table_format.md`` and ``db/write_batch.cc``). Their
checksums are computed here bit by bit, apart from the reader's table."""

from __future__ import annotations

from .protowriter import varint

BLOCK = 32 * 1024


def crc32c(data: bytes) -> int:
    """CRC-32C, a bit at a time."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc: int) -> int:
    rotated = ((crc >> 15) | (crc << 17)) & 0xFFFFFFFF
    return (rotated + 0xA282EAD8) & 0xFFFFFFFF


def _lz4_length(value: int) -> bytes:
    """A length's bytes after a token's 15: 255s and the rest."""
    value -= 15
    return b"\xff" * (value // 255) + bytes([value % 255])


def lz4_literals(data: bytes) -> bytes:
    """An LZ4 block of literals only (one sequence, valid LZ4)."""
    if len(data) < 15:
        return bytes([len(data) << 4]) + data
    return b"\xf0" + _lz4_length(len(data)) + data


def lz4_sequence(literals: bytes, offset: int, match: int) -> bytes:
    """One LZ4 sequence: its literals, then ``match`` bytes copied from ``offset`` back."""
    lit = min(len(literals), 15)
    mat = min(match - 4, 15)
    out = bytes([lit << 4 | mat])
    out += _lz4_length(len(literals)) if lit == 15 else b""
    out += literals + offset.to_bytes(2, "little")
    return out + (_lz4_length(match - 4) if mat == 15 else b"")


def mozlz4(data: bytes, block: bytes | None = None, size: int | None = None) -> bytes:
    """A Mozilla LZ4 file of ``data`` (its block given, or of literals)."""
    block = lz4_literals(data) if block is None else block
    claimed = len(data) if size is None else size
    return b"mozLz40\x00" + claimed.to_bytes(4, "little") + block


Write = tuple[bytes, bytes | None]
"""A write: a key and its value (None: a deletion)."""


def batch(sequence: int, writes: list[Write]) -> bytes:
    """A write batch: its sequence number, its count, its PUTs and DELETEs."""
    out = sequence.to_bytes(8, "little") + len(writes).to_bytes(4, "little")
    for key, value in writes:
        if value is None:
            out += b"\x00" + varint(len(key)) + key
        else:
            out += b"\x01" + varint(len(key)) + key + varint(len(value)) + value
    return out


def _record(kind: int, data: bytes) -> bytes:
    crc = masked(crc32c(bytes([kind]) + data))
    return crc.to_bytes(4, "little") + len(data).to_bytes(2, "little") + bytes([kind]) + data


def log(batches: list[bytes], block: int = BLOCK) -> bytes:
    """A write-ahead log of ``batches``, each a record or fragments across blocks
    (FIRST, MIDDLE, LAST), a block's tail under 7 bytes filled with zeros."""
    out = bytearray()
    for data in batches:
        first = True
        while True:
            left = block - len(out) % block
            if left < 7:
                out += bytes(left)
                left = block
            room = left - 7
            piece, data = data[:room], data[room:]
            last = not data
            kind = (1 if last else 2) if first else (4 if last else 3)
            out += _record(kind, piece)
            first = False
            if last:
                break
    return bytes(out)


def internal(key: bytes, sequence: int, deleted: bool = False) -> bytes:
    return key + (sequence << 8 | (0 if deleted else 1)).to_bytes(8, "little")


def _block(entries: list[tuple[bytes, bytes]], interval: int = 2) -> bytes:
    """A block's entries, keys sharing their prefixes, a restart point every ``interval``."""
    out = bytearray()
    restarts = []
    last = b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % interval == 0:
            restarts.append(len(out))
        else:
            while shared < min(len(key), len(last)) and key[shared] == last[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value))
        out += key[shared:] + value
        last = key
    for point in restarts or [0]:
        out += point.to_bytes(4, "little")
    return bytes(out + len(restarts or [0]).to_bytes(4, "little"))


def snappy_literals(data: bytes) -> bytes:
    """Snappy of literals only: the length, then literals of at most 60 bytes each."""
    out = bytearray(varint(len(data)))
    for i in range(0, len(data), 60):
        piece = data[i : i + 60]
        out += bytes([(len(piece) - 1) << 2]) + piece
    return bytes(out)


def table(blocks: list[list[tuple[bytes, bytes]]], compress: bool = False) -> bytes:
    """A table of data blocks (internal keys, in order), an empty metaindex block, an
    index block and the footer."""
    out = bytearray()

    def put(body: bytes, kind: int = 0) -> bytes:
        if kind == 1:
            body = snappy_literals(body)
        handle = varint(len(out)) + varint(len(body))
        crc = masked(crc32c(body + bytes([kind])))
        out.extend(body + bytes([kind]) + crc.to_bytes(4, "little"))
        return handle

    index = [(entries[-1][0], put(_block(entries), int(compress))) for entries in blocks]
    meta = put(_block([]))
    index_handle = put(_block(index, 1))
    footer = meta + index_handle
    footer += bytes(40 - len(footer)) + (0xDB4775248B80FB57).to_bytes(8, "little")
    return bytes(out + footer)
