"""LMDB environments (``data.mdb``): a record per key and value, a part per database."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.lmdb import LmdbExtractor, read_value
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff
from breachscope.ingest.msgpackwire import unpack

from . import lmdbwriter as w
from .samples import BSN, NAMES, lmdb_cells, lmdb_sample

PATH = "cache.lmdb/data.mdb"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "lmdb", len(data), lambda: io.BytesIO(data))
    return list(LmdbExtractor().extract(source, config or Config()))


def cells(items: list[Extracted]) -> dict[tuple[str | None, int, str], str]:
    found: dict[tuple[str | None, int, str], str] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            rows = unit.data.column("__row__").to_pylist()
            for i, name in enumerate(unit.columns):
                for row, value in zip(rows, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value is not None:
                        found[(unit.location.part, row, name)] = value
    return found


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def env(*pages: bytes, root: int = 2, entries: int = 1, depth: int = 1) -> bytes:
    """Meta pages naming a main tree at ``root``, then ``pages`` from page 2."""
    last = 1 + len(pages)
    return (
        w.meta(0, w.db(root, entries, depth), 1, last)
        + w.meta(1, w.db(w.EMPTY, 0, 0), 0, 1)
        + b"".join(pages)
    )


def test_sample_records_in_their_databases() -> None:
    data = lmdb_sample().data
    assert sniff(io.BytesIO(data)) is FileType.LMDB
    items = run(data)
    assert cells(items) == lmdb_cells()
    assert not notes(items)
    assert cells(items)[("patienten", 2, "value.bsn")] == BSN[1]  # (a MessagePack number)


def test_values_read_as_what_they_hold() -> None:
    assert read_value(w.pack({"naam": NAMES[2], "n": [1, None, True]})) == {
        "naam": NAMES[2],
        "n": [1, None, True],
    }
    assert read_value(b'{"bsn": "123456782"}') == {"bsn": "123456782"}
    assert read_value("Ömer Yılmaz".encode()) == "Ömer Yılmaz"
    assert read_value(b"\x01\x02Jansen\xff\xfe\x00Dorpsstraat 12A") == "Jansen Dorpsstraat 12A"
    assert read_value(b"\x01\x02\xff") is None
    assert read_value(b"\x82\xa1a") is None  # (a map cut short, and no UTF-8)


def test_messagepack_formats_and_hostile_lengths() -> None:
    data = b"\xde\x00\x02\xd9\x03bsn\xce\x07\x5b\xcd\x15\xa1x\xcb" + struct.pack(">d", 1.5)
    assert unpack(data, 0, 0) == ({"bsn": 123456789, "x": 1.5}, len(data))
    assert unpack(b"\x93\xff\xd0\x80\xc4\x02ab", 0, 0)[0] == [-1, -128, b"ab"]
    for bad in (b"\xdd\xff\xff\xff\xff", b"\xdb\xff\xff\xff\xffab", b"\x91" * 100, b"\xc1"):
        with pytest.raises(ValueError):
            unpack(bad, 0, 0)


def test_newer_meta_page_is_read() -> None:
    leaf = w.page(2, w.P_LEAF, [w.node(b"bsn", BSN[0].encode())])
    data = env(leaf)
    assert cells(run(data))[(None, 1, "value")] == BSN[0]
    older = w.meta(0, w.db(w.EMPTY, 0, 0), 1, 2) + w.meta(1, w.db(2, 1), 2, 2) + leaf
    assert cells(run(older))[(None, 1, "value")] == BSN[0]


def test_duplicates_in_a_tree_of_their_own_and_fixed_size() -> None:
    dups = w.page(3, w.P_LEAF, [w.node(b"Dorpsstraat 12A", b""), w.node(b"Kerkstraat 1", b"")])
    fixed = bytearray(w.page(4, w.P_LEAF | 0x20, [b"", b""]))
    fixed[16:24] = b"AAAABBBB"  # (two keys of four bytes where the pointers would be)
    main = w.page(2, w.P_LEAF, [
        w.node(b"adres", w.db(3, 2), w.F_DUPDATA | w.F_SUBDATA),
        w.node(b"codes", w.db(4, 2, pad=4, flags=0x10), w.F_DUPDATA | w.F_SUBDATA),
    ])  # fmt: skip
    found = cells(run(env(main, dups, bytes(fixed), entries=4)))
    assert [found[(None, r, "value")] for r in (1, 2, 3, 4)] == [
        "Dorpsstraat 12A",
        "Kerkstraat 1",
        "AAAA",
        "BBBB",
    ]


def test_a_loop_or_a_page_outside_ends_with_a_note() -> None:
    leaf = w.page(3, w.P_LEAF, [w.node(b"a", b"Jansen")])
    loop = w.page(2, w.P_BRANCH, [w.branch_node(b"", 3), w.branch_node(b"b", 2)])
    items = run(env(loop, leaf, depth=2))
    assert cells(items)[(None, 1, "value")] == "Jansen"
    assert any("reached twice" in n for n in notes(items))
    outside = w.page(2, w.P_BRANCH, [w.branch_node(b"", 3), w.branch_node(b"b", 1 << 40)])
    items = run(env(outside, leaf, depth=2))
    assert any("outside the file" in n for n in notes(items))


def test_hostile_overflow_and_node_lengths() -> None:
    main = w.page(2, w.P_LEAF, [w.node(b"p", struct.pack("<Q", 3), w.F_BIGDATA, 0xFFFFFFF)])
    with pytest.raises(ExtractError):
        run(env(main, w.overflow(3, b"Jansen")))
    bad = bytearray(w.page(2, w.P_LEAF, [w.node(b"p", b"Jansen")]))
    struct.pack_into("<H", bad, 16, 4090)
    with pytest.raises(ExtractError):
        run(env(bytes(bad)))


def test_sub_database_cut_short_keeps_the_records_before() -> None:
    data = lmdb_sample().data
    items = run(data[: 6 * w.PAGE])
    found = cells(items)
    assert found[("patienten", 1, "value.bsn")] == BSN[0]
    assert notes(items)


def test_values_bounded_by_batch_bytes() -> None:
    items = run(lmdb_sample().data, Config().with_(batch_bytes=1000))
    assert any("longer than the bytes left" in n for n in notes(items))


def test_not_lmdb() -> None:
    rng = random.Random(5)
    for data in (b"", bytes(8192), rng.randbytes(8192), lmdb_sample().data[:100]):
        with pytest.raises(ExtractError):
            run(data)
    wrong = bytearray(lmdb_sample().data)
    struct.pack_into("<I", wrong, 16 + 24, 3000)
    with pytest.raises(ExtractError, match="pages of 3000"):
        run(bytes(wrong))
