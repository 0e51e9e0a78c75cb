"""Apple Mail's message files (``~/Library/Mail/V10/.../Messages/48211.emlx``, and
``.partial.emlx``): one message each, read as the e-mail it holds.

An ``.emlx`` file is a line with the message's length in bytes, the message itself (RFC
5322, as received: headers, a quoted-printable or base64 body, attachments of a
``.partial.emlx`` left in files beside it), then an XML property list of Mail's own
(flags, the date it was received, the remote id). The message is handed on as a child
file (``48211.emlx!/48211.eml``), which the e-mail reader reads with its bodies decoded
and its attachments; the property list names no one and is passed over. A length that
does not fit the file is read as far as the file goes, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.location import Location

_LENGTH = re.compile(rb"[ \t]*(\d{1,12})[ \t]*\r?\n")


class EmlxExtractor(Extractor):
    """An Apple Mail ``.emlx``: its message as a child ``.eml`` file."""

    id: ClassVar[str] = "emlx"
    types: ClassVar[frozenset[str]] = frozenset({"emlx"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Apple Mail message")
        m = _LENGTH.match(data)
        if m is None:
            raise ExtractError("not an Apple Mail message (no length line)")
        length = int(m[1])
        message = data[m.end() : m.end() + length]
        if not message.strip():
            raise ExtractError("Apple Mail message file holds no message")
        if len(message) < length:
            yield Note(Location(source.path), "message cut short: read as far as the file goes")
        stem = PurePosixPath(source.path).name.removesuffix(".emlx").removesuffix(".partial")
        yield ChildFile(f"{stem or 'message'}.eml", message)
