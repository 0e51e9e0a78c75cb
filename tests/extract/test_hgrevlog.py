"""Mercurial revlogs, written by the format (RevlogNG: ``mercurial/revlogutils``, the
binary deltas of ``mpatch.c``); ``hg`` is never run."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Callable

import pytest
import zstandard

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.hgrevlog import (
    HgRevlogExtractor,
    apply_patch,
    decode_store_path,
    tracked_path,
)
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

HEAD = "labnummer;voornaam;achternaam;bsn\n"
V0 = (HEAD + "T24-1;Sanne;Wit;123456782\n").encode()
V1 = (HEAD + "T24-1;Sanne;Wit;123456782\nT24-2;Pieter;Bakker;111222333\n").encode()
V2 = (HEAD + "T24-2;Pieter;Bakker;111222333\nT24-3;Ren\u00e9e;Smit;222333444\n").encode()
NULL = bytes(20)


def node(text: bytes, p1: bytes, p2: bytes = NULL) -> bytes:
    a, b = sorted((p1, p2))
    return hashlib.sha1(a + b + text).digest()


def delta(old: bytes, new: bytes) -> bytes:
    """One hunk replacing what lies between the common start and end."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    data = new[start : len(new) - end]
    return struct.pack(">iii", start, len(old) - end, len(data)) + data


COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "u": lambda b: b"u" + b,
    "x": zlib.compress,
    "(": lambda b: zstandard.ZstdCompressor().compress(b),
}


def revlog(
    texts: list[bytes],
    *,
    inline: bool = True,
    general: bool = False,
    deltas: bool = True,
    kind: str = "x",
    bases: list[int] | None = None,
) -> tuple[bytes, bytes]:
    """A revlog of ``texts`` (each the one before's child): its index and data file (empty
    where inline). Without general delta each revision after the first is a delta on the
    one before; with it, on ``bases[rev]``."""
    index, data = b"", b""
    nodes: list[bytes] = []
    for rev, text in enumerate(texts):
        base = rev
        if deltas and rev:
            base = bases[rev] if bases and general else rev - 1
        stored = text if base == rev else delta(texts[base], text)
        chunk = COMPRESS[kind](stored)
        p1 = nodes[rev - 1] if rev else NULL
        nodes.append(node(text, p1))
        offset = len(data)
        chain_base = base if general else (0 if deltas else rev)
        entry = struct.pack(
            ">QiiiiII20s12x",
            offset << 16,
            len(chunk),
            len(text),
            chain_base if base != rev else rev,
            rev,
            rev - 1 if rev else 0xFFFFFFFF,
            0xFFFFFFFF,
            nodes[-1],
        )
        if rev == 0:
            flags = (1 if inline else 0) | (2 if general else 0)
            entry = struct.pack(">HH", flags, 1) + entry[4:]
        index += entry + (chunk if inline else b"")
        data += chunk
    return index, (b"" if inline else data)


def run(
    index: bytes,
    path: str = "repo/.hg/store/data/fixtures/patienten.csv.i",
    companions: dict[str, bytes] | None = None,
    config: Config | None = None,
) -> list[Extracted]:
    found = companions or {}
    source = Source(
        path,
        "hg-revlog",
        len(index),
        lambda: io.BytesIO(index),
        companion=found.get,
    )
    return list(HgRevlogExtractor().extract(source, config or Config()))


def children(out: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in out if isinstance(c, ChildFile)}


def notes(out: list[Extracted]) -> list[str]:
    return [n.reason for n in out if isinstance(n, Note)]


EXPECTED = {
    "fixtures∕patienten@r0.csv": V0,
    "fixtures∕patienten@r1.csv": V1,
    "fixtures∕patienten@r2.csv": V2,
}


@pytest.mark.parametrize("kind", list(COMPRESS))
@pytest.mark.parametrize("general", [False, True])
def test_every_revision_inline_each_compression(kind: str, general: bool) -> None:
    index, _ = revlog([V0, V1, V2], kind=kind, general=general, bases=[0, 0, 1])
    assert sniff_bytes(index, "patienten.csv.i") == FileType.HG_REVLOG
    out = run(index)
    assert notes(out) == []
    assert children(out) == EXPECTED


def test_a_general_delta_on_an_older_revision_and_full_texts() -> None:
    index, _ = revlog([V0, V1, V2], general=True, bases=[0, 0, 0])
    assert children(run(index)) == EXPECTED
    full, _ = revlog([V0, V1, V2], deltas=False, kind="u")
    assert children(run(full)) == EXPECTED


def test_the_data_file_beside_the_index() -> None:
    index, data = revlog([V0, V1, V2], inline=False)
    assert sniff_bytes(index, "patienten.csv.i") == FileType.HG_REVLOG
    assert children(run(index, companions={"patienten.csv.d": data})) == EXPECTED
    with pytest.raises(ExtractError, match=r"data file patienten\.csv\.d is not beside it"):
        run(index)


def test_one_revision_is_named_by_its_path_and_copy_metadata_dropped() -> None:
    text = b"\x01\ncopy: oud/patienten.csv\ncopyrev: " + b"0" * 40 + b"\n\x01\n" + V0
    index, _ = revlog([text])
    assert children(run(index)) == {"fixtures∕patienten.csv": V0}


@pytest.mark.parametrize(
    ("path", "tracked"),
    [
        ("r/.hg/store/data/fixtures/_patienten__2024.csv.i", "fixtures/Patienten_2024.csv"),
        ("r/.hg/store/data/~2eenv.i", ".env"),
        ("r/.hg/store/data/au~78.txt.i", "aux.txt"),
        ("r/.hg/store/data/export.i.hg/x.csv.i", "export.i/x.csv"),
        ("r/.hg/store/data/caf~c3~a9.csv.i", "caf\u00e9.csv"),
        ("a.zip!/r/.hg/data/lijst.csv.i", "lijst.csv"),
        ("r/.hg/store/dh/fixtures/patienten0123abcd.i", "patienten0123abcd"),
        ("losse/lijst.csv.i", "lijst.csv"),
    ],
)
def test_the_store_s_path_encoding_undone(path: str, tracked: str) -> None:
    assert tracked_path(path) == tracked
    assert decode_store_path("_a__b~7e") == "A_b~"


def test_a_damaged_delta_is_noted_and_the_revisions_on_it_too() -> None:
    index, _ = revlog([V0, V1, V2], kind="u")
    broken = index.replace(
        delta(V0, V1)[:12], struct.pack(">iii", 5000, 5001, len(delta(V0, V1)) - 12), 1
    )
    out = run(broken)
    assert children(out) == {"fixtures∕patienten@r0.csv": V0}
    assert notes(out) == [
        "Mercurial revlog revision 1 not read: it has a delta hunk outside its base text "
        "or out of order",
        "Mercurial revlog revision 2 not read: it has its delta's base, revision 1, unread",
    ]


def test_a_node_or_length_that_does_not_match_is_noted() -> None:
    index, _ = revlog([V0, V1], kind="u")
    damaged = bytearray(index)
    at = damaged.rindex(b"Pieter")
    damaged[at] = ord("Q")
    out = run(bytes(damaged))
    assert notes(out) == ["Mercurial revlog revision 1's node does not match"]
    assert len(children(out)) == 2


def test_the_budget_stops_the_reading() -> None:
    index, _ = revlog([V0, V1, V2])
    config = Config(batch_bytes=len(index) + len(V0) + 10)
    out = run(index, config=config)
    assert list(children(out)) == ["fixtures∕patienten@r0.csv"]
    assert notes(out)[0].startswith("Mercurial revlog reading stopped at revision 1")


def test_the_changelog_as_commits_text() -> None:
    text = (
        b"0123456789abcdef0123456789abcdef01234567\n"
        b"Jan Smit <jan.smit@example.nl>\n"
        b"1715600000 -7200\n"
        b"fixtures/patienten.csv\n\n"
        b"testpati\xc3\xabnten toegevoegd"
    )
    index, _ = revlog([text])
    out = run(index, path="repo/.hg/store/00changelog.i")
    units = [u for u in out if isinstance(u, TextUnit)]
    assert len(units) == 1 and units[0].location.part == "commits"
    assert "user:        Jan Smit <jan.smit@example.nl>" in units[0].text
    assert "date:        2024-05-13T13:33:20+02:00" in units[0].text
    assert "testpati\u00ebnten toegevoegd" in units[0].text


def test_apply_patch_hunks_in_order() -> None:
    patch = struct.pack(">iii", 0, 1, 1) + b"X" + struct.pack(">iii", 3, 3, 2) + b"YZ"
    assert apply_patch(b"abcdef", patch) == b"XbcYZdef"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x00\x01" + bytes(60),  # its parents not null
        b"\x00\x02\x00\x01" + bytes(60),  # version 1, a flag unknown (2 << 16 is known)
        b"\x00\x00\x00\x02" + bytes(60),
        b"hello world, a C file's preprocessed text\n" * 3,
    ],
)
def test_not_sniffed_as_a_revlog(data: bytes) -> None:
    assert sniff_bytes(data, "main.i") != FileType.HG_REVLOG


def test_not_a_revlog_is_an_error() -> None:
    with pytest.raises(ExtractError, match="version 2"):
        run(b"\x00\x00\x00\x02" + bytes(60))
