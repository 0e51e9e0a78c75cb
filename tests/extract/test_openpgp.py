"""OpenPGP messages: files made by GnuPG 2.2 (``fixtures/wrappers/make_wrappers.sh``) and
packets written here by RFC 4880 (``wrapwriter``). gpg is never run by the reader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.openpgp import OpenPgpExtractor, crc24
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .wrapwriter import armour, compressed, literal, new_packet, old_packet

FIXTURES = Path(__file__).parent / "fixtures" / "wrappers"
CSV = (
    b"Achternaam,Voornaam,BSN,Geboortedatum\n"
    b"Jansen,Sanne,725763863,1981-06-11\nde Vries,Pieter,162275869,1979-03-24\n"
)
"""The list ``make_wrappers.sh`` stores, signs and encrypts."""


def _read(data: bytes, path: str = "ggz/uitslagen.csv.asc") -> list[Extracted]:
    source = Source(path, "openpgp", len(data), lambda: io.BytesIO(data))
    return list(OpenPgpExtractor().extract(source, Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def _text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


@pytest.mark.parametrize("fixture", ["uitslagen.csv.asc", "uitslagen.csv.gpg"])
def test_gpg_stored_and_signed_messages_are_their_literal_file(fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    assert sniff_bytes(data) is FileType.OPENPGP
    items = _read(data, f"ggz/{fixture}")
    assert _children(items) == {"uitslagen.csv": CSV}
    assert not [i for i in items if isinstance(i, Note)]


def test_gpg_clearsigned_text_with_dash_escaping_undone() -> None:
    data = (FIXTURES / "brief.txt.asc").read_bytes()
    assert sniff_bytes(data) is FileType.OPENPGP
    items = _read(data, "brief.txt.asc")
    assert _text(items) == (
        "Overdracht: Jansen, Sanne (BSN 725763863)\n- een regel met een streepje\n-- \nP. Bakker"
    )
    assert not _children(items)


def test_gpg_encrypted_message_is_skipped_as_encrypted() -> None:
    data = (FIXTURES / "versleuteld.csv.gpg").read_bytes()
    assert sniff_bytes(data) is FileType.OPENPGP
    with pytest.raises(SkipFile, match=r"^encrypted$"):
        _read(data, "versleuteld.csv.gpg")


LIT = new_packet(11, literal(CSV, "lijst.csv"))


@pytest.mark.parametrize(
    ("message", "children"),
    [
        pytest.param(old_packet(11, literal(CSV, "lijst.csv")), {"lijst.csv": CSV},
                     id="old-literal"),
        pytest.param(LIT, {"lijst.csv": CSV}, id="new-literal"),
        pytest.param(
            new_packet(11, literal(CSV * 20, "lijst.csv"), partial=512),
            {"lijst.csv": CSV * 20}, id="partial-lengths",
        ),
        pytest.param(
            new_packet(8, compressed(1, LIT), partial=512) if len(compressed(1, LIT)) > 512
            else new_packet(8, compressed(1, LIT)),
            {"lijst.csv": CSV}, id="zip",
        ),
        pytest.param(old_packet(8, compressed(2, LIT)), {"lijst.csv": CSV}, id="zlib"),
        pytest.param(old_packet(8, compressed(3, LIT), indeterminate=True), {"lijst.csv": CSV},
                     id="bzip2"),
        pytest.param(new_packet(8, compressed(0, LIT)), {"lijst.csv": CSV}, id="uncompressed"),
        pytest.param(
            old_packet(8, compressed(2, old_packet(8, compressed(1, LIT))), indeterminate=True),
            {"lijst.csv": CSV}, id="compressed-twice",
        ),
        pytest.param(
            new_packet(11, literal(CSV, "_CONSOLE", b"t")), {"uitslagen.csv": CSV},
            id="console-named-by-message",
        ),
        pytest.param(new_packet(11, literal(CSV)), {"uitslagen.csv": CSV}, id="no-name"),
        pytest.param(
            new_packet(10, b"PGP") + LIT + new_packet(11, literal(b"x", "lijst.csv")),
            {"lijst.csv": CSV, "lijst-2.csv": b"x"}, id="marker-and-two-literals",
        ),
        pytest.param(
            new_packet(11, literal(CSV, "../../etc/lijst.csv")), {"lijst.csv": CSV},
            id="name-without-path",
        ),
    ],
)  # fmt: skip
def test_packets_to_their_literal_files(message: bytes, children: dict[str, bytes]) -> None:
    assert sniff_bytes(message) is FileType.OPENPGP
    assert _children(_read(message, "ggz/uitslagen.csv.gpg")) == children
    armoured = armour(message)
    assert sniff_bytes(armoured) is FileType.OPENPGP
    assert _children(_read(armoured)) == children


def test_partial_lengths_with_a_large_part() -> None:
    body = literal(CSV * 400, "lijst.csv")
    message = new_packet(11, body, partial=8192)
    assert message[1] == 224 + 13
    assert _children(_read(message)) == {"lijst.csv": CSV * 400}


def test_a_checksum_that_does_not_match_is_noted() -> None:
    data = armour(LIT, crc=crc24(LIT) ^ 1)
    items = _read(data)
    assert _children(items) == {"lijst.csv": CSV}
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "an armoured block whose CRC-24 does not match"
    ]


def test_crc24_of_rfc_4880() -> None:
    assert crc24(b"") == 0xB704CE
    assert crc24(b"123456789") == 0x21CF02  # (CRC-24/OPENPGP's check value)


def test_text_around_an_armoured_message_is_read() -> None:
    data = b"Hoi Pieter,\n\nzie bijlage.\n\n" + armour(LIT) + b"\nGroet, Sanne Jansen\n"
    items = _read(data)
    assert _children(items) == {"lijst.csv": CSV}
    assert _text(items) == "Hoi Pieter,\n\nzie bijlage.\n\n\nGroet, Sanne Jansen"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(new_packet(11, literal(CSV, "x"))[:-40] + b"", id="cut-literal"),
        pytest.param(old_packet(8, b"\x02not zlib at all"), id="bad-zlib"),
        pytest.param(old_packet(8, b"\x07" + CSV), id="unknown-algorithm"),
        pytest.param(b"-----BEGIN PGP MESSAGE-----\n\n!!!!\n-----END PGP MESSAGE-----\n",
                     id="bad-base64"),
    ],
)  # fmt: skip
def test_broken_messages_fail_with_a_reason(data: bytes) -> None:
    with pytest.raises(ExtractError):
        _read(data)


def test_compressed_layers_without_end_stop() -> None:
    message = LIT
    for _ in range(12):
        message = old_packet(8, compressed(0, message))
    with pytest.raises(ExtractError, match="layers"):
        _read(message)


def test_public_key_session_key_then_data_is_encrypted() -> None:
    pkesk = new_packet(1, b"\x03" + bytes(8) + b"\x01" + bytes(20))
    data = new_packet(18, b"\x01" + bytes(64))
    assert sniff_bytes(pkesk + data) is FileType.OPENPGP
    with pytest.raises(SkipFile, match=r"^encrypted$"):
        _read(armour(pkesk + data))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"0131234567800000000000000000 Jansen                  19800101" * 3,
            id="fixed-length-asc",
        ),
        pytest.param(b"\xa3\x01not deflate data at all, no packet inside", id="a3-not-compressed"),
        pytest.param(b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQEN\n", id="public-key"),
    ],
)
def test_what_is_no_message_is_not_sniffed_as_openpgp(data: bytes) -> None:
    assert sniff_bytes(data) is not FileType.OPENPGP
