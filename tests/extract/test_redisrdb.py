"""Redis RDB snapshots: a record per key, every encoding of RDB 1 to 12; streams end the
reading with a note, module values are skipped; a file cut short or damaged keeps the
keys before; lengths the file claims allocate nothing beyond it."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract import redisrdb
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.redisrdb import RdbError, RedisRdbExtractor, lzf_decompress
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.location import Location

from . import rdbwriter as w
from .rows import rows_by_number, rows_by_part
from .tracedpeak import traced_peak

pytestmark = pytest.mark.timeout(60)

PATIENT: list[bytes | int] = [b"naam", b"Bakker", b"bsn", 111222333, b"postcode", b"1234 AB"]
"""A hash's fields and values in order (the BSN stored as a number)."""
PATIENT_ROW = {"value.naam": "Bakker", "value.bsn": "111222333", "value.postcode": "1234 AB"}


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("redis/dump.rdb", "redis-rdb", len(data), lambda: io.BytesIO(data))
    return list(RedisRdbExtractor().extract(source, config or Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Note)]


def head(kind: str, key: str, db: str = "0") -> dict[str, str]:
    return {"db": db, "key": key, "type": kind}


def test_a_redis_6_cache_a_record_per_key() -> None:
    """RDB 9 (Redis 5 and 6): AUX fields, two databases, expiry in ms and in seconds,
    idle and frequency hints, a hash and a sorted set as ziplists, a quicklist, an intset
    of 8-byte numbers, a string stored as a number (a BSN), a JSON session compressed."""
    session = '{"gebruiker": "l.smit", "patient": {"naam": "de Wit", "bsn": "123456782"}}'
    body = (
        w.aux("redis-ver", "6.2.14") + w.aux("ctime", "1733500000")
        + w.select(0) + b"\xfb" + w.length(3) + w.length(1)
        + w.key(13, "patient:7", w.raw(w.ziplist(PATIENT)))
        + w.expires_ms(1_733_580_000_123) + b"\xf8" + w.length(30)
        + w.key(0, "sess:1", w.lzf(session))
        + b"\xf9\x05" + w.key(0, "bsn:laatst", w.integer(123456782))
        + w.select(3)
        + w.expires_s(1_733_580_000) + w.key(14, "lijst", w.length(2)
            + w.raw(w.ziplist([b"Visser", -5])) + w.lzf(w.ziplist([b"Mulder" * 8, 70000])))
        + w.key(12, "wachtrij", w.raw(w.ziplist([b"Kok", b"2.5", b"Smit", 7])))
        + w.key(11, "ids", w.raw(w.intset([-(2**40), 3], 8)))
    )  # fmt: skip
    items = extract(w.rdb(9, body))
    assert rows_by_part(items) == {
        None: {
            1: head("hash", "patient:7") | PATIENT_ROW,
            2: head("string", "sess:1") | {
                "expires": "2024-12-07T14:00:00.123Z", "value.gebruiker": "l.smit",
                "value.patient.naam": "de Wit", "value.patient.bsn": "123456782"},
            3: head("string", "bsn:laatst") | {"value": "123456782"},
            4: head("list", "lijst", "3") | {"expires": "2024-12-07T14:00:00.000Z",
                "value.0": "Visser", "value.1": "-5", "value.2": "Mulder" * 8, "value.3": "70000"},
            5: head("zset", "wachtrij", "3"),
            6: head("set", "ids", "3") | {"value.0": str(-(2**40)), "value.1": "3"},
        },
        "wachtrij.value": {1: {"member": "Kok", "score": "2.5"},
                           2: {"member": "Smit", "score": "7"}},
    }  # fmt: skip
    info = [u for u in items if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in info] == [
        ("info", "redis-ver: 6.2.14\nctime: 1733500000")
    ]
    assert notes(items) == []


def test_redis_7_listpacks() -> None:
    """RDB 10 and 11 (Redis 7): a hash, a sorted set and a set as listpacks (every
    integer width, strings of 6, 12 and 32 bits of length), a quicklist of a listpack and
    a plain node, a listpack compressed."""
    numbers = [5, 127, -1, 4095, -4096, 30000, -(2**23), 2**31 - 1, -(2**63)]
    long12, long32 = b"x" * 100, b"y" * 5000
    body = (
        w.key(16, "patient:8", w.raw(w.listpack(PATIENT)))
        + w.key(17, "wachtrij", w.raw(w.listpack([b"Kok", b"1.25", b"Smit", 3])))
        + w.key(20, "set", w.lzf(w.listpack([b"a", *numbers, long12, long32])))
        + w.key(18, "lijst", w.length(2) + w.length(2) + w.raw(w.listpack([b"Visser", 9]))
                + w.length(1) + w.raw("Jansen-de Vries"))
    )  # fmt: skip
    rows = rows_by_part(extract(w.rdb(11, body)))
    assert rows[None][1] == head("hash", "patient:8") | PATIENT_ROW
    assert rows["wachtrij.value"] == {
        1: {"member": "Kok", "score": "1.25"},
        2: {"member": "Smit", "score": "3"},
    }
    elements = ["a", *map(str, numbers), "x" * 100, "y" * 5000]
    assert rows[None][3] == head("set", "set") | {f"value.{i}": e for i, e in enumerate(elements)}
    assert rows[None][4] == head("list", "lijst") | {
        "value.0": "Visser",
        "value.1": "9",
        "value.2": "Jansen-de Vries",
    }


def test_old_encodings() -> None:
    """RDB 4 and 6 (Redis 2.4 to 2.8): a plain list, set, sorted set (scores as text:
    NaN and the infinities by their lengths) and hash, a zipmap, a list as a ziplist
    (strings of 14 and 32 bits of length, integers of 16, 24 and 64 bits, 0 to 12)."""
    zset = (
        w.length(3) + w.raw("Kok") + b"\x032.5" + w.raw("Smit") + b"\xfe"
        + w.raw("Visser") + b"\xfd"
    )  # fmt: skip
    big = b"z" * 20000
    body = (
        w.key(1, "lijst", w.length(2) + w.raw("Visser") + w.integer(-300))
        + w.key(2, "set", w.length(1) + w.lzf("Jansen-de Vries " * 3))
        + w.key(3, "zset", zset)
        + w.key(4, "patient:9", w.length(2) + w.raw("naam") + w.raw("Bakker") + w.raw("bsn")
                + w.integer(111222333))
        + w.key(9, "oud", w.raw(w.zipmap([(b"naam", b"de Wit"), (b"bsn", b"123456782" * 30)])))
        + w.key(10, "zl", w.raw(w.ziplist([b"k" * 100, big, 12, 0, 1000, 2**20, -(2**62)])))
    )  # fmt: skip
    rows = rows_by_part(extract(w.rdb(6, body)))
    assert rows[None][1] == head("list", "lijst") | {"value.0": "Visser", "value.1": "-300"}
    assert rows[None][2] == head("set", "set") | {"value.0": "Jansen-de Vries " * 3}
    assert rows["zset.value"] == {
        1: {"member": "Kok", "score": "2.5"},
        2: {"member": "Smit", "score": "inf"},
        3: {"member": "Visser", "score": "nan"},
    }
    assert rows[None][4] == head("hash", "patient:9") | {
        "value.naam": "Bakker",
        "value.bsn": "111222333",
    }
    assert rows[None][5] == head("hash", "oud") | {
        "value.naam": "de Wit",
        "value.bsn": "123456782" * 30,
    }
    expected = ["k" * 100, "z" * 20000, "12", "0", "1000", str(2**20), str(-(2**62))]
    assert rows[None][6] == head("list", "zl") | {f"value.{i}": v for i, v in enumerate(expected)}


def test_binary_scores_and_lengths_of_32_and_64_bits() -> None:
    """RDB 8's sorted set with binary doubles; a name of 2**14 bytes (a 32-bit length)
    and a 64-bit length written where a shorter would do."""
    zset = w.length(2) + w.raw("Kok") + struct.pack("<d", 1.7e9) + w.raw("Smit")
    zset += struct.pack("<d", -0.125)
    name = "k" * (1 << 14)
    body = (
        w.key(5, "zset", zset) + b"\x00" + w.raw(name) + b"\x81" + (3).to_bytes(8, "big") + b"abc"
    )
    rows = rows_by_part(extract(w.rdb(8, body)))
    assert rows["zset.value"] == {
        1: {"member": "Kok", "score": "1700000000"},
        2: {"member": "Smit", "score": "-0.125"},
    }
    assert rows[None][2] == head("string", name) | {"value": "abc"}


def test_hash_fields_that_expire() -> None:
    """Redis 7.4 (RDB 12): a hash with fields that expire as a table (each expiry after
    the least one, plus one; 0 none) and as a listpack (absolute); the release
    candidates' forms (absolute, no least expiry first)."""
    least = 1_733_580_000_000
    table = w.length(2) + w.length(1) + w.raw("bsn") + w.raw("123456782")
    table += w.length(0) + w.raw("naam") + w.raw("Bakker")
    pack = w.listpack([b"bsn", b"123456782", least + 5000, b"naam", b"Bakker", 0])
    body = (
        w.key(24, "h24", least.to_bytes(8, "little") + table)
        + w.key(25, "h25", least.to_bytes(8, "little") + w.raw(pack))
        + w.key(22, "h22", w.length(1) + w.length(least) + w.raw("bsn") + w.raw("123456782"))
        + w.key(23, "h23", w.raw(pack))
    )  # fmt: skip
    rows = rows_by_number(extract(w.rdb(12, body)))
    fields = {"value.bsn": "123456782", "value.naam": "Bakker"}
    assert rows[1] == head("hash", "h24") | fields | {
        "field_expires.bsn": "2024-12-07T14:00:00.000Z"
    }
    assert rows[2] == head("hash", "h25") | fields | {
        "field_expires.bsn": "2024-12-07T14:00:05.000Z"
    }
    assert rows[3] == head("hash", "h22") | {
        "value.bsn": "123456782",
        "field_expires.bsn": "2024-12-07T14:00:00.000Z",
    }
    assert rows[4] == rows[2] | {"key": "h23"}


def test_a_json_array_value_is_records_in_a_part_of_the_key() -> None:
    """A list of JSON patients, and a cached search's answer wrapping its results: each
    patient a record of the part named by the key and the array's path."""
    people = [b'{"naam": "Kok", "bsn": "111222333"}', b'{"naam": "Smit", "bsn": "123456782"}']
    search = '{"totaal": 2, "results": [{"naam": "Kok", "bsn": 1}, {"naam": "Smit", "bsn": 2}]}'
    body = w.key(1, "recent", w.length(2) + w.raw(people[0]) + w.raw(people[1]))
    body += w.key(0, "zoek:k", w.raw(search))
    rows = rows_by_part(extract(w.rdb(9, body)))
    assert rows == {
        None: {1: head("list", "recent"), 2: head("string", "zoek:k") | {"value.totaal": "2"}},
        "recent.value": {1: {"naam": "Kok", "bsn": "111222333"},
                         2: {"naam": "Smit", "bsn": "123456782"}},
        "zoek:k.value.results": {1: {"naam": "Kok", "bsn": "1"}, 2: {"naam": "Smit", "bsn": "2"}},
    }  # fmt: skip


@pytest.mark.parametrize("kind", [15, 19, 21])
def test_a_streams_entries_are_records(kind: int) -> None:
    """A stream of Redis 5, 7.0 and 7.2: its entries (with the master's fields, with
    others, one deleted but still held) records of the part named by the key; its
    consumer groups passed over, the key after it read."""
    entries = [
        (1715600000000, 0, {b"actie": b"inzage", b"bsn": b"111222333"}, False),
        (1715600000500, 1, {b"actie": b"inzage", b"bsn": b"123456782"}, True),
        (1715600009000, 0, {b"actie": b"login", b"gebruiker": b"l.smit", b"ip": b"10.0.0.1"},
         False),
    ]  # fmt: skip
    body = w.key(kind, "audit", w.stream(kind, entries)) + w.key(0, "na", w.raw("Kok"))
    rows = rows_by_part(extract(w.rdb(11, body)))
    assert rows == {
        None: {1: head("stream", "audit"), 2: head("string", "na") | {"value": "Kok"}},
        "audit.value": {
            1: {"id": "1715600000000-0", "fields.actie": "inzage", "fields.bsn": "111222333"},
            2: {"id": "1715600000500-1", "fields.actie": "inzage", "fields.bsn": "123456782",
                "deleted": "true"},
            3: {"id": "1715600009000-0", "fields.actie": "login", "fields.gebruiker": "l.smit",
                "fields.ip": "10.0.0.1"},
        },
    }  # fmt: skip


def test_modules_are_skipped_a_stream_of_redis_8_ends_the_reading() -> None:
    """A module's AUX data and value are passed over (a note for the value), a function
    library and slot sizes too; a stream of a type not read ends the reading, named by
    its place and type, the keys before it kept."""
    module = w.module_id("ReJSON-RL", 3)
    items = w.length(2) + w.length(7) + w.length(5) + w.raw("x") + w.length(4) + b"\0" * 8
    items += w.length(0)
    body = (
        b"\xf7" + w.length(module) + w.length(2) + w.length(2) + items
        + b"\xf5" + w.raw("#!lua name=mylib\nredis.register_function('f', function() end)")
        + b"\xf4" + w.length(1) + w.length(2) + w.length(0)
        + w.key(0, "a", w.raw("Kok"))
        + w.key(7, "patient:json", w.length(module) + items)
        + w.key(0, "b", w.raw("Smit"))
        + w.key(26, "events", w.length(1) + b"garbage")
        + w.key(0, "c", w.raw("never read"))
    )  # fmt: skip
    items_read = extract(w.rdb(11, body))
    assert rows_by_number(items_read) == {
        1: head("string", "a") | {"value": "Kok"},
        3: head("string", "b") | {"value": "Smit"},
    }
    assert notes(items_read) == [
        "key 2 in db 0: a value of module ReJSON-RL skipped",
        "Redis RDB reading stopped (key 4 in db 0 is a stream of Redis 8 (type 26))",
    ]


def test_a_file_cut_short_keeps_the_keys_before() -> None:
    data = w.rdb(9, w.key(0, "a", w.raw("Kok")) + w.key(13, "p", w.raw(w.ziplist(PATIENT))))
    cut = data[:-20]
    items = extract(cut)
    assert rows_by_number(items) == {1: head("string", "a") | {"value": "Kok"}}
    at = len(data) - len(w.ziplist(PATIENT)) - 9  # (where the ziplist's bytes start)
    assert notes(items) == [
        f"Redis RDB reading stopped (after key 1: file ends inside a value at byte {at})"
    ]
    assert not notes(extract(data[:-8]))  # (no checksum: it is not read)
    items = extract(data[:-9])  # (no end marker)
    assert len(rows_by_number(items)) == 2
    assert notes(items) == ["Redis RDB file ends before its end marker (after key 2)"]


def test_damage_in_a_compact_structure_is_noted() -> None:
    bad = w.ziplist(PATIENT)[:-1] + b"\x7f"  # (no end byte)
    body = w.key(0, "a", w.raw("Kok")) + w.key(13, "p", w.raw(bad)) + w.key(0, "b", w.raw("x"))
    items = extract(w.rdb(9, body))
    assert rows_by_number(items) == {1: head("string", "a") | {"value": "Kok"}}
    assert notes(items) == [
        "Redis RDB reading stopped (after key 1: ziplist entry runs past its end)"
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"REDIS0009\x0d\xff",  # (an unknown value type first)
        b"REDIS0009\x00\xc4",  # (an unknown string encoding in the first key)
        b"REDIS",
        b"REDISabcd\xff",
        b"\x00" * 64,
        random.Random(5).randbytes(4096),
    ],
)
def test_no_key_read_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="Redis RDB"):
        extract(data)


def test_an_empty_snapshot_and_an_empty_file() -> None:
    assert extract(w.rdb(9, w.aux("redis-ver", "7.0.0"))) == [
        TextUnit(Location("redis/dump.rdb", part="info"), "redis-ver: 7.0.0")
    ]
    with pytest.raises(SkipFile):
        extract(b"")


def test_a_newer_version_is_read_with_a_note() -> None:
    items = extract(w.rdb(13, w.key(0, "a", w.raw("Kok"))))
    assert rows_by_number(items) == {1: head("string", "a") | {"value": "Kok"}}
    assert notes(items) == ["RDB version 13, newer than 12: read as it"]


@pytest.mark.parametrize(
    "value",
    [
        b"\x81" + (2**62).to_bytes(8, "big"),  # (a string of 2**62 bytes)
        b"\xc3" + w.length(4) + b"\x81" + (2**40).to_bytes(8, "big") + b"\x00abc",  # (LZF)
        b"\x80" + (2**31).to_bytes(4, "big") + b"abc",
    ],
)
def test_a_huge_claimed_length_allocates_nothing(value: bytes) -> None:
    data = w.rdb(9, w.key(0, "a", w.raw("Kok")) + w.key(0, "b", value))
    with traced_peak() as peak:
        items = extract(data)
    assert peak.bytes < 8 * 1024**2
    assert rows_by_number(items) == {1: head("string", "a") | {"value": "Kok"}}
    assert len(notes(items)) == 1


def test_a_huge_claimed_count_ends_at_the_files_end() -> None:
    data = w.rdb(9, w.key(1, "a", b"\x81" + (2**60).to_bytes(8, "big") + w.raw("x") * 3))
    with pytest.raises(ExtractError, match="unreadable Redis RDB file"):
        extract(data)


def test_lzf_within_its_bound() -> None:
    """The reader's total of decompressed bytes is bounded by the configuration."""
    text = "Jansen-de Vries, Dorpsstraat 12A " * 40
    data = w.rdb(9, w.key(0, "a", w.lzf(text)) + w.key(0, "b", w.lzf(text)))
    assert rows_by_number(extract(data))[2]["value"] == text
    small = Config(batch_bytes=len(data) + len(text) // 3)
    items = extract(data, small)
    assert rows_by_number(items) == {1: head("string", "a") | {"value": text}}
    assert "claims more bytes than allowed" in notes(items)[0]


def test_lzf_decompress() -> None:
    for text in (b"abcabcabcabcabcabc", b"a" * 1000, bytes(range(256)) * 3, b"x"):
        assert lzf_decompress(w.lzf_compress(text), len(text)) == text
    with pytest.raises(RdbError):
        lzf_decompress(b"\x20\x05", 10)  # (a reference before the start)
    with pytest.raises(RdbError):
        lzf_decompress(b"\x05abc", 6)  # (a literal run cut short)
    with pytest.raises(RdbError):
        lzf_decompress(b"\x02abc\x40\x02", 4)  # (longer than claimed)
    with pytest.raises(RdbError):
        lzf_decompress(b"\x02abc", 5)  # (shorter than claimed)


def test_elements_beyond_the_bound_are_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redisrdb, "MAX_ELEMENTS", 2)
    body = w.key(2, "s", w.length(4) + w.raw("a") + w.raw("b") + w.raw("c") + w.raw("d"))
    body += w.key(0, "next", w.raw("Kok"))
    items = extract(w.rdb(9, body))
    assert rows_by_number(items) == {
        1: head("set", "s") | {"value.0": "a", "value.1": "b"},
        2: head("string", "next") | {"value": "Kok"},
    }
    assert notes(items) == ["key 1: 2 elements beyond the first 2 not read"]


def test_long_aux_text_is_cut_into_units() -> None:
    data = w.rdb(9, w.aux("lua", "x" * 100) + w.aux("redis-ver", "2.8.24"))
    units = [u for u in extract(data, Config(max_text_unit_chars=40)) if isinstance(u, TextUnit)]
    assert "".join(u.text for u in units) == "lua: " + "x" * 100 + "\nredis-ver: 2.8.24"
    assert [u.base_offset for u in units] == [0, 40, 80, 120]
    assert all(len(u.text) <= 40 for u in units)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (w.rdb(9, b""), True),
        (b"REDIS0011\xfa", True),
        (b"REDIS is a key-value store\n", False),
        (b"REDIS00", False),
    ],
)
def test_sniff(data: bytes, expected: bool) -> None:
    assert (sniff_bytes(data, "dump.rdb") is FileType.REDIS_RDB) is expected


def test_a_file_in_a_string_value_is_a_child_file() -> None:
    """A PHP session phpredis saved, a gzipped answer and a pickle a Django cache holds
    are files of their own (the record keeps the key, its value emptied); text is text."""
    import gzip
    import pickle

    php = b'patient|a:2:{s:4:"naam";s:6:"Bakker";s:3:"bsn";s:9:"111222333";}'
    packed = gzip.compress(b'{"naam": "de Wit"}')
    body = w.key(0, "PHPREDIS_SESSION:9f3a", w.raw(php)) + w.key(0, "cache/a b", w.raw(packed))
    body += w.key(0, "t", w.raw("gewone tekst, geen bestand"))
    body += w.key(0, "Onderhoud", w.raw("Onderhoud: zaterdag 18 mei"))
    pickled = pickle.dumps({"naam": "Kok"}, protocol=4)
    body += w.key(0, ":1:views.patient.7", w.raw(pickled))
    items = extract(w.rdb(9, body))
    assert {c.name: c.data for c in items if isinstance(c, ChildFile)} == {
        "key1-PHPREDIS_SESSION_9f3a": php,
        "key2-cache_a_b": packed,
        "key5-_1_views.patient.7": pickled,
    }
    assert rows_by_number(items) == {
        1: head("string", "PHPREDIS_SESSION:9f3a"),
        2: head("string", "cache/a b"),
        3: head("string", "t") | {"value": "gewone tekst, geen bestand"},
        4: head("string", "Onderhoud") | {"value": "Onderhoud: zaterdag 18 mei"},
        5: head("string", ":1:views.patient.7"),
    }
