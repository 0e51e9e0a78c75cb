"""Outlook ``.msg`` files: recognised but not read yet.

The permissive readers need an OLE2 parser (``olefile``, BSD) and a property-stream
decoder that breachscope does not have yet (``extract-msg`` is GPL). Until then every
``.msg`` is recorded as skipped with this reason, so the manifest shows what was left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, SkipFile, Source


class MsgExtractor(Extractor):
    """Records Outlook messages as skipped (``msg not supported``)."""

    id: ClassVar[str] = "msg"
    types: ClassVar[frozenset[str]] = frozenset({"msg"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        raise SkipFile("msg not supported: Outlook .msg reading is not implemented")
        yield  # pragma: no cover - makes this a generator like every extractor
