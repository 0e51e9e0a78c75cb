"""A zip file (a workbook, a document) with members replaced or added: what the tests of
the Office readers write their parts into after python-docx or openpyxl saved it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping


def rewrite(data: bytes, changes: Mapping[str, str | bytes]) -> bytes:
    """The zip ``data`` with members replaced or added (``changes``: name to body, added
    after the members kept, in order)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.filename not in changes:
                new.writestr(info, old.read(info.filename))
        for name, body in changes.items():
            new.writestr(name, body)
    return out.getvalue()
