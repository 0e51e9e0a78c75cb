"""The members of an Office Open XML file (a zip of XML parts: DOCX, PPTX), each parsed
into a text, with the checks and the errors both readers share: an empty file is skipped,
an encrypted one (an OLE container: Office's password protection) is an error, the parts
together are bounded by ``Config.batch_bytes``, a DTD is refused, and a damaged zip or
malformed XML is an error with its reason (never a value). The file's properties and a
Word document's variables are read after the members
(:func:`breachscope.extract.officeprops.property_texts`), a problem there a note.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.officeprops import property_texts
from breachscope.extract.safexml import Malformed, Refused
from breachscope.extract.units import TextUnit
from breachscope.location import Location

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Parts = Callable[[zipfile.ZipFile], list[tuple[str, str]]]
"""``(part, member)`` of the members to read, in order."""
Reader = Callable[[IO[bytes], int], tuple[str, int]]
"""A member's text, read within a budget of bytes, and how many bytes it held."""


def member_texts(
    source: Source, config: Config, parts: Parts, read: Reader, kind: str, label: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(part, text)`` of each member ``parts`` names, then of the properties; ``kind``
    names the file in errors (``document``, ``presentation``), ``label`` its format
    (``DOCX``); and ``(part, reason)`` of the properties not read in full."""
    with source.open() as fh:
        magic = fh.read(8)
        if not magic:
            raise SkipFile("empty file")
        if magic == OLE_MAGIC:
            raise ExtractError(f"encrypted (password-protected) {kind}")
        fh.seek(0)
        texts: list[tuple[str, str]] = []
        try:
            with zipfile.ZipFile(fh) as archive:
                left = config.batch_bytes  # (for all members together)
                for part, name in parts(archive):
                    with archive.open(name) as member:
                        text, held = read(member, left)
                    left -= held
                    texts.append((part, text))
                found, problems = property_texts(archive, left)
                texts.extend(found)
        except Refused:
            raise ExtractError(f"{kind} XML declares a DTD (refused)") from None
        except Malformed as exc:
            raise ExtractError(f"malformed {kind} XML ({exc.reason})") from None
        except KeyError:
            raise ExtractError(f"not a {label} (a required part is missing)") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            raise ExtractError(f"corrupt or truncated {label} ({type(exc).__name__})") from None
    return texts, problems


def member_units(
    source: Source, config: Config, parts: Parts, read: Reader, kind: str, label: str
) -> Iterator[TextUnit | Note]:
    """:func:`member_texts` as text units, a part each (an empty part gives none), and
    notes."""
    texts, problems = member_texts(source, config, parts, read, kind, label)
    for part, text in texts:
        if text:
            yield from cut_text(Location(source.path, part=part), text, config.max_text_unit_chars)
    for part, reason in problems:
        yield Note(Location(source.path, part=part), reason)
