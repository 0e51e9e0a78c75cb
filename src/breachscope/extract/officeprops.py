"""The properties of an Office Open XML file (DOCX, XLSX, PPTX) and a Word document's
variables, read beside its text: a template's mail merge leaves the patient it last
filled in there, a document management system its own fields, while the body shows
only empty fields.

* ``properties``: the core properties (``docProps/core.xml``, Dublin Core: ``title``,
  ``subject``, ``keywords``, ``description``, ``created``...) and the application's
  (``docProps/app.xml``: ``Template``, ``Company``, ``HyperlinkBase``; its counts left
  out), ``name: value`` per line. Who wrote and last saved the document (``creator``,
  ``lastModifiedBy``) and its ``Manager`` are left out: the lab's staff, not people the
  document is about, whose names would count among those it names.
* ``custom-properties``: ``docProps/custom.xml``'s properties (ECMA-376 part 1, 22.3),
  ``name: value`` per line, the value the text of its ``vt:`` element (``vt:lpwstr``,
  ``vt:filetime`` as written, ISO; a vector's items joined by ``; ``).
* ``document-variables``: ``word/settings.xml``'s ``<w:docVars>`` (17.15.1.41), set by
  macros (``ActiveDocument.Variables``) and shown by ``DOCVARIABLE`` fields, ``name:
  value`` per line; a value of records (``|`` between fields, ``;`` or a line break
  between records, as a merge macro stores a batch) as ``name:`` and a line per record,
  its fields set apart by tabs (read as a table's rows), a line break in another value
  a line of its own.

Each member is parsed with expat (no DTD, so no entity is ever expanded) within the
byte budget left; one that breaks off keeps what was read and is noted, one that is
missing is passed over.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import feed_document

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CORE_NS = frozenset({
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
})  # fmt: skip
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_APP_KEPT = frozenset({"Template", "Company", "HyperlinkBase"})
"""The application's properties that are text (the rest are counts and flags) and name no
member of staff."""
_AUTHORS = frozenset({"creator", "lastModifiedBy"})
"""The core properties that name the document's authors."""
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_RECORDS = re.compile(r"[;\r\n]+")
_LINES = re.compile(r"\r\n?|\n")


class _Leaves:
    """The text of each element at depth 2 (a child of the root) of the namespaces
    asked for, ``name: value`` per line."""

    def __init__(self, keep: Callable[[str, str], bool]) -> None:
        self.keep = keep
        self.lines: list[str] = []
        self._depth = 0
        self._current: str | None = None
        self._text: list[str] = []

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        self._depth += 1
        if self._depth == 2:
            uri, _, local = name.rpartition(" ")
            self._current = local if self.keep(uri, local) else None
            self._text = []

    def end(self, _name: str) -> None:
        if self._depth == 2 and self._current is not None:
            value = " ".join("".join(self._text).split())
            if value:
                self.lines.append(f"{self._current}: {value}")
            self._current = None
        self._depth -= 1

    def text(self, data: str) -> None:
        if self._current is not None:
            self._text.append(data)


class _Custom:
    """``docProps/custom.xml``: each ``property``'s name and the text of its values."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._name: str | None = None
        self._values: list[str] = []
        self._text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        if uri == _CUSTOM_NS and local == "property":
            self._name, self._values = attrs.get("name", "").strip(), []
        self._text = []

    def end(self, name: str) -> None:
        uri, _, local = name.rpartition(" ")
        if uri == _CUSTOM_NS and local == "property":
            values = [v for v in self._values if v]
            if self._name and values:
                self.lines.append(f"{self._name}: {'; '.join(values)}")
            self._name = None
        elif self._name is not None:
            self._values.append(" ".join("".join(self._text).split()))
        self._text = []

    def text(self, data: str) -> None:
        self._text.append(data)


class _DocVars:
    """``word/settings.xml``: each ``w:docVar``'s name and value."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_W} docVar":
            self.lines.extend(
                variable_lines(attrs.get(f"{_W} name", ""), attrs.get(f"{_W} val", ""))
            )

    def end(self, _name: str) -> None:
        pass

    def text(self, _data: str) -> None:
        pass


def variable_lines(name: str, value: str) -> list[str]:
    """A document variable as lines: ``name: value``; a value of ``|``-separated records
    as ``name:`` and a line per record, its fields tab-separated; another value's line
    breaks kept."""
    name = " ".join(name.split())
    if not value.strip():
        return []
    if "|" in value:
        records = [r for r in _RECORDS.split(value) if r.strip()]
        rows = ["\t".join(" ".join(f.split()) for f in r.split("|")) for r in records]
        return [f"{name}:", *rows]
    first, *rest = [" ".join(line.split()) for line in _LINES.split(value.strip())]
    return [f"{name}: {first}", *(line for line in rest if line)]


def _core_kept(uri: str, local: str) -> bool:
    return uri in _CORE_NS and local not in _AUTHORS


def _app_kept(uri: str, local: str) -> bool:
    return uri == _APP_NS and local in _APP_KEPT


_MEMBERS: tuple[tuple[str, str, Callable[[], _Leaves | _Custom | _DocVars]], ...] = (
    ("properties", "docProps/core.xml", lambda: _Leaves(_core_kept)),
    ("properties", "docProps/app.xml", lambda: _Leaves(_app_kept)),
    ("custom-properties", "docProps/custom.xml", _Custom),
    ("document-variables", "word/settings.xml", _DocVars),
)


def property_texts(
    archive: zipfile.ZipFile, limit: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(part, text)`` of the properties and variables ``archive`` holds, read within
    ``limit`` bytes together; and ``(part, reason)`` of each member read in part or not
    at all."""
    names = set(archive.namelist())
    lines: dict[str, list[str]] = {}
    problems: list[tuple[str, str]] = []
    for part, member, make in _MEMBERS:
        if member not in names:
            continue
        into = make()
        try:
            info = archive.getinfo(member)
            if info.file_size > limit:
                problems.append((part, f"{member} larger than {limit} bytes"))
                continue
            limit -= info.file_size
            with archive.open(member) as stream:
                broke = feed_document(stream, into, info.file_size + 1, what=member)
        except ExtractError as exc:
            problems.append((part, str(exc)))
            continue
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            problems.append((part, f"{member} unreadable ({type(exc).__name__})"))
            continue
        if broke is not None:
            problems.append((part, f"{member} read in part ({broke.reason} at byte {broke.at})"))
        lines.setdefault(part, []).extend(into.lines)
    texts = [(part, "\n".join(found)) for part, found in lines.items() if found]
    return texts, problems
