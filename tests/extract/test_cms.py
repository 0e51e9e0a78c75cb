"""CMS / PKCS #7 messages: files made by OpenSSL 3.0 (``fixtures/wrappers/make_wrappers.sh``)
and structures written here by RFC 5652 and RFC 3274 (``wrapwriter``)."""

from __future__ import annotations

import base64
import io
from email.message import EmailMessage
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.cms import CmsExtractor
from breachscope.extract.email import EmailExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .wrapwriter import (
    COMPRESSED_OID,
    DATA_OID,
    ENVELOPED_OID,
    SIGNED_OID,
    certificate,
    compressed_data,
    content_info,
    explicit,
    name,
    octets,
    oid,
    seq,
    signed_data,
)

FIXTURES = Path(__file__).parent / "fixtures" / "wrappers"
CSV = (
    b"Achternaam,Voornaam,BSN,Geboortedatum\n"
    b"Jansen,Sanne,725763863,1981-06-11\nde Vries,Pieter,162275869,1979-03-24\n"
)
"""The list ``make_wrappers.sh`` signs and encrypts."""
SIGNER = (
    "CN=Anouk Visser, O=Huisartsenpraktijk Zuid, emailAddress=a.visser@hapzuid.example.nl"
    " <anouk.visser@zorgmail.example.nl>"
)


def _read(data: bytes, path: str = "mail/smime.p7m") -> list[Extracted]:
    source = Source(path, "cms", len(data), lambda: io.BytesIO(data))
    return list(CmsExtractor().extract(source, Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def _signers(items: list[Extracted]) -> str:
    units = [u for u in items if isinstance(u, TextUnit) and u.location.part == "signers"]
    return "".join(u.text for u in units)


@pytest.mark.parametrize("fixture", ["smime_signed.p7m", "smime_stream.p7m"])
def test_openssl_signed_smime_message_is_its_mime_entity_and_signer(fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    assert sniff_bytes(data) is FileType.CMS
    items = _read(data, f"mail/{fixture}")
    children = _children(items)
    name = fixture.replace(".p7m", ".eml")
    assert list(children) == [name]
    assert children[name].startswith(b'Content-Type: multipart/mixed; boundary="grens42"')
    assert sniff_bytes(children[name]) is FileType.EML
    assert _signers(items) == SIGNER


def test_the_mime_entity_is_read_as_email_and_its_attachment_handed_on() -> None:
    entity = _children(_read((FIXTURES / "smime_signed.p7m").read_bytes()))["smime.eml"]
    source = Source("smime.p7m!/smime.eml", "eml", len(entity), lambda: io.BytesIO(entity))
    items = list(EmailExtractor().extract(source, Config()))
    assert _children(items) == {"lijst.csv": CSV}
    body = "".join(u.text for u in items if isinstance(u, TextUnit) and u.location.part == "body")
    assert "Anouk Visser" in body


def test_an_smime_attachment_of_an_email_flows_through() -> None:
    mail = EmailMessage()
    mail["From"] = "Anouk Visser <a.visser@hapzuid.example.nl>"
    mail["To"] = "poli@ziekenhuis.example.nl"
    mail["Subject"] = "Ondertekend"
    mail.set_content(
        (FIXTURES / "smime_signed.p7m").read_bytes(),
        maintype="application",
        subtype="pkcs7-mime",
        params={"smime-type": "signed-data"},
        filename="smime.p7m",
    )
    data = mail.as_bytes()
    source = Source("inbox/1.eml", "eml", len(data), lambda: io.BytesIO(data))
    attached = _children(list(EmailExtractor().extract(source, Config())))
    assert sniff_bytes(attached["smime.p7m"]) is FileType.CMS
    assert list(_children(_read(attached["smime.p7m"]))) == ["smime.eml"]


def test_pem_message_is_its_content_named_without_p7m() -> None:
    data = (FIXTURES / "lijst.csv.pem").read_bytes()
    assert sniff_bytes(data) is FileType.CMS
    items = _read(data, "export/lijst.csv.pem")
    assert _children(items) == {"lijst.csv": CSV}


def test_bare_base64_message() -> None:
    der = content_info(SIGNED_OID, signed_data(CSV))
    text = base64.encodebytes(der)
    assert sniff_bytes(text) is FileType.CMS
    assert _children(_read(text, "lijst.csv.p7m")) == {"lijst.csv": CSV}


def test_detached_signature_gives_its_signer_and_a_note() -> None:
    data = (FIXTURES / "lijst.csv.p7s").read_bytes()
    assert sniff_bytes(data) is FileType.CMS
    items = _read(data, "lijst.csv.p7s")
    assert not _children(items)
    assert _signers(items) == SIGNER
    assert any("detached" in n.reason for n in items if isinstance(n, Note))


def test_encrypted_message_is_skipped_as_encrypted() -> None:
    data = (FIXTURES / "versleuteld.p7m").read_bytes()
    assert sniff_bytes(data) is FileType.CMS
    with pytest.raises(SkipFile, match=r"^encrypted$"):
        _read(data)


ISSUER = name(("2.5.4.3", "Zorgmail CA"))
SUBJECT = name(("2.5.4.3", "Sanne Jansen"), ("2.5.4.10", "Praktijk Noord"))
OTHER = name(("2.5.4.3", "Zorgmail CA"), ("2.5.4.10", "Zorgmail"))


@pytest.mark.parametrize(
    ("message", "children", "signers"),
    [
        pytest.param(content_info(DATA_OID, octets(CSV)), {"x.csv": CSV}, "", id="data"),
        pytest.param(
            content_info(COMPRESSED_OID, compressed_data(CSV)), {"x.csv": CSV}, "",
            id="compressed",
        ),
        pytest.param(
            content_info(SIGNED_OID, signed_data(compressed_data(CSV), COMPRESSED_OID)),
            {"x.csv": CSV}, "", id="signed-compressed",
        ),
        pytest.param(
            content_info(
                SIGNED_OID,
                signed_data(
                    CSV,
                    certificates=(certificate(OTHER, ISSUER, 1), certificate(SUBJECT, ISSUER, 7)),
                    signers=((ISSUER, 7),),
                ),
            ),
            {"x.csv": CSV}, "CN=Sanne Jansen, O=Praktijk Noord", id="signer-among-certificates",
        ),
        pytest.param(
            content_info(
                SIGNED_OID, signed_data(CSV, certificates=(certificate(SUBJECT, ISSUER, 7),))
            ),
            {"x.csv": CSV}, "CN=Sanne Jansen, O=Praktijk Noord", id="no-signer-info-all-certs",
        ),
        pytest.param(
            seq(oid(SIGNED_OID), explicit(0, signed_data(CSV)[:2] + signed_data(CSV)[2:],
                                          indefinite=True), indefinite=True),
            {"x.csv": CSV}, "", id="indefinite-lengths",
        ),
    ],
)  # fmt: skip
def test_layers_read_to_their_content(
    message: bytes, children: dict[str, bytes], signers: str
) -> None:
    assert sniff_bytes(message) is FileType.CMS
    items = _read(message, "in/x.csv.p7m")
    assert _children(items) == children
    assert _signers(items) == signers


def test_constructed_octet_string_is_joined() -> None:
    segments = b"\x24\x80" + octets(CSV[:20]) + octets(CSV[20:]) + b"\x00\x00"
    body = seq(b"\x02\x01\x01", b"\x31\x00", seq(oid(DATA_OID), explicit(0, segments)), b"\x31\x00")
    assert _children(_read(content_info(SIGNED_OID, body), "x.csv.p7m")) == {"x.csv": CSV}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(content_info(SIGNED_OID, signed_data(CSV))[:-30], id="cut-short"),
        pytest.param(b"\x30\x84\xff\xff\xff\xff" + oid(DATA_OID) + b"\xa0", id="length-past-end"),
        pytest.param(seq(oid(DATA_OID), explicit(0, oid(DATA_OID))), id="data-not-octets"),
        pytest.param(content_info("1.2.840.113549.1.7.9", octets(b"x")), id="unknown-type"),
        pytest.param(b"MIAGCSqGSIb3DQEHAqCA!!!!", id="base64-broken"),
    ],
)
def test_broken_messages_fail_with_a_reason(data: bytes) -> None:
    with pytest.raises(ExtractError):
        _read(data)


def test_layers_nested_without_end_stop() -> None:
    inner = compressed_data(CSV)
    for _ in range(12):
        inner = signed_data(inner, SIGNED_OID)
    with pytest.raises(ExtractError, match="layers"):
        _read(content_info(SIGNED_OID, inner))


def test_enveloped_layer_inside_signed_is_skipped() -> None:
    aes = seq(oid("2.16.840.1.101.3.4.1.42"))
    enveloped = seq(b"\x02\x01\x00", b"\x31\x00", seq(oid(DATA_OID), aes))
    with pytest.raises(SkipFile, match=r"^encrypted$"):
        _read(content_info(SIGNED_OID, signed_data(enveloped, ENVELOPED_OID)))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x30\x82\x01\x00\x30\x82\x00\xf0\xa0\x03\x02\x01\x02", id="x509-cert"),
        pytest.param(b"MIJN gegevens staan hieronder\n", id="text-opening-MI"),
        pytest.param(b"-----BEGIN CERTIFICATE-----\nMIIB\n", id="pem-certificate"),
    ],
)
def test_what_is_no_cms_is_not_sniffed_as_cms(data: bytes) -> None:
    assert sniff_bytes(data) is not FileType.CMS
