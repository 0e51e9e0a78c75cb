"""CMS (RFC 5652) and PKCS #7 messages: an S/MIME signed mail's ``smime.p7m``, a signed
file ``uitslag.pdf.p7m``, as DER or BER bytes, base64 or PEM (``-----BEGIN PKCS7-----``).

A message is a ``ContentInfo``: a content type and the content. What it wraps is handed
on as a child file, read as its own type (an S/MIME message's content is a MIME entity,
read as e-mail; a ``.pdf.p7m``'s a PDF), named by the message's own name without its
``.p7m``/``.p7s``/``.p7`` (``uitslag.pdf``; a name left without an extension gets
``.eml`` where the content opens with MIME headers):

- ``data``: the OCTET STRING itself;
- ``signedData`` and ``digestedData``: their encapsulated content (a detached signature
  holds none: noted); the subjects of the certificates of who signed (matched to a
  signer's issuer and serial number, or subject key identifier; all certificates where
  none matches) and the e-mail addresses in their subject alternative names are the
  text of part ``signers``, a line per certificate;
- ``id-ct-compressedData`` (RFC 3274): its content inflated (zlib), at most
  ``Config.batch_bytes``;
- ``envelopedData``, ``encryptedData``, ``id-ct-authEnvelopedData``: skipped, ``encrypted``.

An encapsulated content of one of these types (signed, then compressed) is read in turn,
at most :data:`MAX_LAYERS` deep. The bytes are read by :mod:`breachscope.extract.der`,
every length checked against what holds it; BER's indefinite lengths and constructed
OCTET STRINGs (``openssl cms -stream``) are read too. No signature is checked.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.der import (
    CONTEXT,
    INTEGER,
    OCTET_STRING,
    OID,
    SEQUENCE,
    DerError,
    Value,
    name_text,
    oid,
    read_value,
)
from breachscope.extract.email import safe_name
from breachscope.ingest.cmshead import PEM_BEGIN, is_cms_der
from breachscope.location import Location

DATA = "1.2.840.113549.1.7.1"
SIGNED = "1.2.840.113549.1.7.2"
DIGESTED = "1.2.840.113549.1.7.5"
COMPRESSED = "1.2.840.113549.1.9.16.1.9"
ENCRYPTED = frozenset(
    {
        "1.2.840.113549.1.7.3",  # envelopedData
        "1.2.840.113549.1.7.4",  # signedAndEnvelopedData (PKCS #7 1.5)
        "1.2.840.113549.1.7.6",  # encryptedData
        "1.2.840.113549.1.9.16.1.23",  # id-ct-authEnvelopedData
    }
)
WRAPPERS = frozenset({DATA, SIGNED, DIGESTED, COMPRESSED} | ENCRYPTED)
ZLIB = "1.2.840.113549.1.9.16.3.8"
SUBJECT_KEY_ID = "2.5.29.14"
SUBJECT_ALT_NAME = "2.5.29.17"
MAX_LAYERS = 8
"""Most wrappers read around one content (signed, compressed, signed...)."""
_SUFFIX = re.compile(r"\.(?:p7m|p7s|p7|p7c|pem|cms)$", re.IGNORECASE)
_MIME_HEADER = re.compile(rb"(?i)(?:content-[a-z-]+|mime-version):[^\r\n]*\r?\n")


def der_bytes(raw: bytes) -> bytes:
    """The DER (or BER) bytes of a message kept as bytes, PEM or bare base64."""
    if is_cms_der(raw[:32]):
        return raw
    text = raw.decode("latin-1").strip()
    begin = PEM_BEGIN.search(text)
    if begin is not None:
        end = text.find("-----END ", begin.end())
        text = text[begin.end() : end if end >= 0 else len(text)]
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ExtractError("no CMS message (neither DER nor base64)") from None
    if not is_cms_der(data[:32]):
        raise ExtractError("no CMS message (its base64 holds none)")
    return data


class _Message:
    """A message's layers read one after another: the content they wrap, its signers."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.signers: list[str] = []
        self.notes: list[str] = []

    def content_info(self, data: bytes) -> bytes | None:
        """The content a ``ContentInfo``'s layers wrap (None: a detached signature)."""
        info, _ = read_value(data)
        fields = _sequence(info, "ContentInfo")
        kind = oid(fields[0])
        if len(fields) < 2:
            return None if kind == SIGNED else b""
        return self.content(kind, _explicit(fields[1]), 0)

    def content(self, kind: str, value: Value, layer: int) -> bytes | None:
        if layer >= MAX_LAYERS:
            raise ExtractError(f"more than {MAX_LAYERS} layers of CMS content")
        if kind in ENCRYPTED:
            raise SkipFile("encrypted")
        if kind == DATA:
            return _octets(value)
        if kind in (SIGNED, DIGESTED):
            fields = _sequence(value, "SignedData")
            if kind == SIGNED:
                self._signers(fields)
            return self.encapsulated(fields[2], layer)
        if kind == COMPRESSED:
            fields = _sequence(value, "CompressedData")
            algorithm = oid(_sequence(fields[1], "algorithm")[0])
            if algorithm != ZLIB:
                raise ExtractError(f"compression {algorithm} is not read")
            packed = self.encapsulated(fields[2], layer)
            if packed is None:
                return None
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(packed, self.limit)
            except zlib.error as exc:
                raise ExtractError(f"compressed content does not inflate ({exc})") from None
            if not inflater.eof:
                self.notes.append(f"compressed content cut short or beyond {self.limit} bytes")
            return out
        raise ExtractError(f"content type {kind} is not read")

    def encapsulated(self, value: Value, layer: int) -> bytes | None:
        """An ``EncapsulatedContentInfo``'s content, a wrapped CMS type read in turn."""
        fields = _sequence(value, "EncapsulatedContentInfo")
        kind = oid(fields[0])
        if len(fields) < 2:
            self.notes.append("a detached signature: the content signed is not in the file")
            return None
        octets = _octets(_explicit(fields[1]))
        if kind == DATA or kind not in WRAPPERS:
            return octets
        try:
            inner, _ = read_value(octets)
            inner_fields = inner.children()
            if inner_fields and inner_fields[0].is_(OID) and oid(inner_fields[0]) == kind:
                inner = _explicit(inner_fields[1])  # (a ContentInfo where the bare type is due)
        except DerError:
            return octets  # (the bytes as they are: a producer's own reading of the type)
        return self.content(kind, inner, layer + 1)

    def _signers(self, fields: list[Value]) -> None:
        """The subjects of who signed (``certificates [0]``, ``signerInfos``)."""
        certificates = [f for f in fields[3:] if f.is_(0, CONTEXT) and f.constructed]
        infos = fields[-1].children() if fields[-1].is_(0x11) else []
        wanted: list[tuple[str, bytes] | bytes] = []
        for info in infos:
            parts = info.children()
            if len(parts) < 2:
                continue
            sid = parts[1]
            if sid.is_(SEQUENCE):
                issuer, serial = sid.children()[:2]
                wanted.append((name_text(issuer), bytes(serial.data)))
            elif sid.is_(0, CONTEXT):
                wanted.append(bytes(sid.data))
        certs = [_Certificate(c) for c in certificates[0].children()] if certificates else []
        certs = [c for c in certs if c.subject is not None]
        signing = [c for c in certs if c.key in wanted or c.key_id in wanted]
        for cert in signing or certs:
            line = cert.subject or ""
            if cert.emails:
                line += " <" + ", ".join(cert.emails) + ">"
            self.signers.append(line)


class _Certificate:
    """An X.509 certificate's subject, issuer and serial, key identifier and e-mails."""

    def __init__(self, value: Value) -> None:
        self.subject: str | None = None
        self.key: tuple[str, bytes] | None = None
        self.key_id: bytes | None = None
        self.emails: list[str] = []
        try:
            tbs = value.children()[0].children()
            if tbs and tbs[0].is_(0, CONTEXT):
                tbs = tbs[1:]  # (its version)
            self.key = (name_text(tbs[2]), bytes(tbs[0].data))
            self.subject = name_text(tbs[4])
            for extra in tbs[6:]:
                if extra.is_(3, CONTEXT):
                    self._extensions(extra.children()[0])
        except (DerError, IndexError, ValueError):
            return  # (an attribute certificate, another choice: no subject)

    def _extensions(self, extensions: Value) -> None:
        for extension in extensions.children():
            parts = extension.children()
            kind, payload = oid(parts[0]), parts[-1].data
            if kind == SUBJECT_KEY_ID:
                self.key_id = bytes(read_value(payload)[0].data)
            elif kind == SUBJECT_ALT_NAME:
                for general in read_value(payload)[0].children():
                    if general.is_(1, CONTEXT):  # (rfc822Name)
                        self.emails.append(bytes(general.data).decode("latin-1"))


def _sequence(value: Value, what: str) -> list[Value]:
    if not value.is_(SEQUENCE) or not value.constructed:
        raise ExtractError(f"{what} is no SEQUENCE")
    fields = value.children()
    if len(fields) < 1 or (not fields[0].is_(OID) and not fields[0].is_(INTEGER)):
        raise ExtractError(f"{what} opens with neither a type nor a version")
    if fields[0].is_(INTEGER) and len(fields) < 3:  # (SignedData's, CompressedData's)
        raise ExtractError(f"{what} has {len(fields)} fields")
    return fields


def _explicit(value: Value) -> Value:
    """The value inside an explicit ``[0]`` tag."""
    if not value.is_(0, CONTEXT) or not value.constructed:
        raise ExtractError("a content without its [0] tag")
    inner = value.children()
    if len(inner) != 1:
        raise ExtractError(f"a [0] tag holding {len(inner)} values")
    return inner[0]


def _octets(value: Value) -> bytes:
    if not value.is_(OCTET_STRING):
        raise ExtractError("a content that is no OCTET STRING")
    return value.octets()


def content_name(path: str, content: bytes) -> str:
    """The child's name: the message's without ``.p7m``, ``.eml`` added to a MIME entity's."""
    name = _SUFFIX.sub("", path.rsplit("!/", 1)[-1].rsplit("/", 1)[-1]) or "content"
    if "." not in name and _MIME_HEADER.match(content):
        name += ".eml"
    return safe_name(name, 1, set())


class CmsExtractor(Extractor):
    """A CMS/PKCS #7 message: the content it wraps a file, who signed it text."""

    id: ClassVar[str] = "cms"
    types: ClassVar[frozenset[str]] = frozenset({"cms"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = der_bytes(source.read_document(config.batch_bytes, "CMS message"))
        message = _Message(config.batch_bytes)
        try:
            content = message.content_info(data)
        except DerError as exc:
            raise ExtractError(f"broken CMS message ({exc})") from None
        except (IndexError, ValueError) as exc:
            raise ExtractError(f"broken CMS message ({type(exc).__name__})") from None
        if message.signers:
            location = Location(source.path, part="signers")
            yield from cut_text(location, "\n".join(message.signers), config.max_text_unit_chars)
        if content:
            yield ChildFile(content_name(source.path, content), content)
        for note in message.notes:
            yield Note(Location(source.path), note)
