"""E-mail (RFC 822 / MIME ``.eml``): headers, bodies, and attachments as child files.

Units: ``part=header`` (``From``/``To``/``Cc``/``Bcc``/``Reply-To``/``Sender``/``Subject``/
``Date`` lines, decoded), ``part=body`` (the text/plain parts, joined by a blank line) and
``part=body-html`` (the HTML parts as text). Attachments and attached e-mails are yielded
as :class:`ChildFile` with a sanitised, unique name (``mail.eml!/NAME``).

A mailbox (``mbox``: messages each after a ``From `` envelope line, as Thunderbird and
mail exports keep them) is read message by message, each a child file of its own
(``Inbox.mbox!/message-00001.eml``), so that every message has its own headers, body and
attachments, and its own people.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.message
import re
from collections.abc import Iterator
from email import policy
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.htmltext import html_to_text
from breachscope.location import Location

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date")
_MAIL_HEADERS = frozenset(
    h.lower()
    for h in (*HEADERS, "Message-ID", "Received", "MIME-Version", "Return-Path", "Content-Type")
)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
MAX_NAME = 120


def safe_name(name: str | None, index: int, used: set[str]) -> str:
    """A file name without path separators or control characters, unique within ``used``."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    if not base:
        base = f"attachment-{index}"
    stem, dot, ext = base.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = base, ""
    stem = stem[: MAX_NAME - len(ext) - 8]
    candidate = f"{stem}.{ext}" if ext else stem
    n = 2
    while candidate in used:
        candidate = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def part_text(part: email.message.Message) -> str:
    """A text part decoded with its charset, else with encoding detection."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_bytes(data)


class EmailExtractor(Extractor):
    """``.eml`` messages."""

    id: ClassVar[str] = "email"
    types: ClassVar[frozenset[str]] = frozenset({"eml"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            is_mbox = _ENVELOPE.match(fh.readline(4096)) is not None
        if is_mbox:
            yield from _mbox_messages(source, config)
            return
        data = source.read_document(config.batch_bytes, "e-mail")
        message = email.message_from_bytes(data, policy=policy.compat32)
        if not {k.lower() for k in message} & _MAIL_HEADERS:
            raise ExtractError("not an e-mail (no mail headers)")
        limit = config.max_text_unit_chars
        header = header_text(message)
        if header:
            yield from cut_text(Location(source.path, part="header"), header, limit)
        plain: list[str] = []
        html: list[str] = []
        children: list[ChildFile] = []
        _walk(message, plain, html, children, set())
        if plain:
            yield from cut_text(Location(source.path, part="body"), "\n\n".join(plain), limit)
        if html:
            text = "\n\n".join(html)
            yield from cut_text(Location(source.path, part="body-html"), text, limit)
        yield from children


def header_text(message: email.message.Message) -> str:
    """``Name: value`` lines of the headers that hold names and addresses, decoded."""
    lines: list[str] = []
    for name in HEADERS:
        for raw in message.get_all(name, []):
            lines.append(f"{name}: {_decode_header(raw)}")
    return "\n".join(lines)


def _decode_header(raw: object) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(str(raw))))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        return str(raw)


def _walk(
    part: email.message.Message,
    plain: list[str],
    html: list[str],
    children: list[ChildFile],
    used: set[str],
) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        body = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(body, email.message.Message):
            name = safe_name(part.get_filename() or "attached.eml", len(children) + 1, used)
            children.append(ChildFile(name, body.as_bytes()))
        return
    if part.is_multipart():
        for sub in part.get_payload():
            if isinstance(sub, email.message.Message):
                _walk(sub, plain, html, children, used)
        return
    filename = part.get_filename()
    is_attachment = part.get_content_disposition() == "attachment" or filename is not None
    if not is_attachment and ctype == "text/plain":
        plain.append(part_text(part))
    elif not is_attachment and ctype == "text/html":
        html.append(html_to_text(part_text(part)))
    elif is_attachment or not ctype.startswith(("text/", "multipart/")):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        children.append(ChildFile(safe_name(filename, len(children) + 1, used), data))


_ENVELOPE = re.compile(
    rb"From \S+[ \t]+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]+"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]"
)
"""An mbox envelope line: ``From``, the sender, and the date as ``asctime`` writes it
(``From jansen@ziggo.nl Mon Mar 11 09:14:00 2024``, RFC 4155); a body line that begins
with ``From`` in a mailbox that did not escape it (``From the lab I heard...``) is none."""
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
"""A body line that began with ``From `` and was escaped by one ``>`` (mboxrd)."""


def _mbox_messages(source: Source, config: Config) -> Iterator[ChildFile]:
    """The messages of a mailbox as child files, read line by line: a message starts at
    an envelope line at the start of the file or after a blank line (the blank line
    before it ends the message before). A message larger than ``config.batch_bytes`` is
    an :class:`ExtractError` (the messages before it are kept)."""
    limit = config.batch_bytes
    lines: list[bytes] = []
    size = 0
    number = 0
    blank = True
    with source.open() as fh:
        for line in fh:
            if blank and _ENVELOPE.match(line):
                if number:
                    yield _message(number, lines)
                number += 1
                lines, size = [], 0
                blank = False
                continue
            size += len(line)
            if size > limit:
                raise ExtractError(f"mailbox message {number} larger than {limit} bytes")
            lines.append(line)
            blank = line in (b"\n", b"\r\n")
    if number:
        yield _message(number, lines)


def _message(number: int, lines: list[bytes]) -> ChildFile:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]  # the blank line before the next envelope
    data = _ESCAPED_FROM.sub(rb"\1", b"".join(lines))
    return ChildFile(f"message-{number:05d}.eml", data)
