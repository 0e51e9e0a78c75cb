"""XML: elements read as JSON values are, records flattened to dotted paths
(``Patient.Adres.Postcode``).

A referral or export in XML (ZorgDomein, a LIMS export, HL7 v3 / FHIR XML) names its values
by their elements, as a table's header does: an element is the value of its local name
(namespaces and prefixes dropped); an element with attributes or children is an object of
them (an attribute as ``@name``, its own text beside children as ``#text``); children
sharing a name are an array. A child that is only a name and a value in two attributes
(a CDISC ODM export's ``<ItemData ItemOID="I_BSN" Value="..."/>``, ``<field name="bsn"
value="..."/>``) is the value under that name (``ItemGroupData.I_BSN``). The document
element's value is then read as a JSON document is (:mod:`.json`): one record (``row`` =
1), or, where an array of elements holds most of its values
(``<Patienten><Patient>...</Patient>...``, found through wrapper elements that hold a
single element), one record per element in the part named by its path
(``part=Patienten.Patient``, ``row`` = 1-based index) and the other values as record 1.

Parsed with expat, whole up to ``Config.batch_bytes``; a larger document is parsed as it
is read, its records handed out as they close (:func:`_large_document`). Entity
declarations are refused (no entity is ever expanded) and external DTDs never loaded. A
document cut short (a leaked file often is) is read up to where it ends, with a
:class:`Note`; one that is not well-formed further in is read as free text, with a note
saying why, so its values are not lost.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.html import HtmlExtractor
from breachscope.extract.json import pruned, record_rows, records_of, value_count
from breachscope.extract.otherpeople import FHIR_PEOPLE, PeopleChunker
from breachscope.extract.safexml import Malformed, Refused, feed, feed_chunks
from breachscope.extract.text import TextExtractor
from breachscope.location import Location


class _Element:
    """An element being read: its attributes, children and text."""

    __slots__ = ("attrs", "children", "name", "text")

    def __init__(self, name: str, attrs: dict[str, str]) -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[tuple[str, Any]] = []
        self.text: list[str] = []

    def value(self) -> Any:
        """The element as a JSON value (a FHIR or HL7 v3 primitive, ``<family
        value="Jansen"/>``, as its value)."""
        text = "".join(self.text).strip()
        if not self.children and not text and list(self.attrs) == ["value"]:
            return self.attrs["value"]
        if not self.attrs and not self.children:
            return text or None
        out: dict[str, Any] = {f"@{_local(k)}": v for k, v in self.attrs.items()}
        counts = Counter(name for name, _ in self.children)
        for name, child in self.children:
            if (pair := _named_value(child)) is not None and pair[0] not in out:
                out[pair[0]] = pair[1]  # (``<ItemData ItemOID="I_BSN" Value="..."/>``)
            elif counts[name] > 1:
                out.setdefault(name, []).append(child)
            else:
                out[name] = child
        if text:
            out["#text"] = text
        return out


_KEY_ATTRIBUTES = frozenset(
    {"@ItemOID", "@name", "@Name", "@key", "@Key", "@field", "@Field", "@N"}
)
_VALUE_ATTRIBUTES = frozenset({"@Value", "@value", "@val", "@V", "#text", "Value", "value"})
_PAIR_EXTRAS = frozenset(
    {"@U", "@F", "@type", "@Type", "Label", "Prompt", "Format", "Type", "SortKey", "Invisible"}
)
"""What may stand beside a name and its value without making them a record: a unit, a
formula or a type (Visio's ``<Cell N="Value" V="7606 LG" U="STR"/>``), and a Visio shape
data row's other cells (its label and prompt, said by its name already)."""


def _named_value(child: Any) -> tuple[str, str] | None:
    """``(name, value)`` of an element that is nothing but a name and a value (a CDISC
    ODM export's ``<ItemData ItemOID="I_BSN" Value="..."/>``, a form's ``<field
    name="bsn" value="..."/>``, a Windows event's ``<Data Name="TargetUserName">...</Data>``,
    a Java properties file's ``<entry key="bsn">...</entry>``, a Visio shape data row
    ``<Row N="Prop.Postcode"><Cell N="Value" V="7606 LG"/>...</Row>``), a unit, a type or
    a label beside them at most (:data:`_PAIR_EXTRAS`): its value is read under its name,
    as a table's cell under its header, not as the n-th element's ``@Value``."""
    if not isinstance(child, dict) or not 2 <= len(child) <= 2 + len(_PAIR_EXTRAS):
        return None
    keys = [k for k in child if k in _KEY_ATTRIBUTES]
    values = [k for k in child if k in _VALUE_ATTRIBUTES]
    if len(keys) != 1 or len(values) != 1 or len(child) - 2 > sum(k in _PAIR_EXTRAS for k in child):
        return None
    name, value = child[keys[0]], child[values[0]]
    if not isinstance(name, str) or not name.strip() or not isinstance(value, str):
        return None
    if not values[0].startswith("@") and not _FIELD_NAME.fullmatch(name.strip()):
        return None  # (``<author name="A. Jansen">...</author>``: a person, no field)
    return name.strip(), value


_FIELD_NAME = re.compile(r"[\w.:\-]{1,128}")
"""A field's name, no words apart: what names a value given as an element's text or child
(a person's name in a ``name`` attribute has a space, and stays a value)."""


def _local(name: str) -> str:
    """``{uri}tag`` / ``uri tag`` / ``prefix:tag`` -> ``tag``."""
    return name.rpartition(" ")[2].rpartition(":")[2]


class _Tree:
    """Builds the elements' values (:class:`_Element`) from parser events. A FHIR
    resource (namespace ``http://hl7.org/fhir``: the document element, or the element in
    a bundle entry's ``resource``) reads as FHIR JSON does: ``resourceType`` its name,
    ``resource`` the resource itself, and its arrays of other people arrays even when
    they hold one (a Patient's ``contact``), so that they are rows of their own
    (:mod:`.otherpeople`), never the patient's."""

    def __init__(self) -> None:
        self.stack: list[_Element] = []
        self.fhir: list[bool] = []
        self.root: list[tuple[str, Any]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.stack.append(_Element(_local(name), attrs))
        self.fhir.append(name.startswith(_FHIR + " "))

    def end(self, _name: str) -> None:
        done = self.stack.pop()
        value = done.value()
        if self.fhir.pop() and isinstance(value, dict):
            if done.name == "resource" and len(done.children) == 1:
                value = done.children[0][1]  # (the resource, already read as one)
            elif not self.stack or self.stack[-1].name == "resource":
                value = _fhir_resource(done.name, value)
        (self.stack[-1].children if self.stack else self.root).append((done.name, value))

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text.append(data)


_FHIR = "http://hl7.org/fhir"


def _fhir_resource(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """A FHIR resource's value as FHIR JSON has it (see :class:`_Tree`)."""
    out: dict[str, Any] = {"resourceType": name, **value}
    for key in FHIR_PEOPLE.get(name, ()):
        if key in out and not isinstance(out[key], list):
            out[key] = [out[key]]
    return out


def parse(data: bytes) -> tuple[str, Any]:
    """The document element's local name and its value (:class:`_Element`)."""
    tree = _Tree()
    feed(io.BytesIO(data), tree, len(data), what="XML document")
    return tree.root[0]


def parse_cut(data: bytes) -> tuple[tuple[str, Any] | None, Malformed | None]:
    """:func:`parse`, and for a document cut short (the error at its very end: a leaked
    file is often truncated) the elements read up to there, closed; ``(None, error)``
    when the error lies inside the document (what follows it would be lost)."""
    tree = _Tree()
    try:
        feed(io.BytesIO(data), tree, len(data), what="XML document")
    except Malformed as exc:
        if exc.at < len(data.rstrip()) - 1 or not tree.stack:
            return None, exc
        while tree.stack:  # close what was open, innermost first
            tree.end("")
        return (tree.root[0] if tree.root else None), exc
    return (tree.root[0] if tree.root else None), None


_HTML_MARKUP = re.compile(rb"<(?:p|div|table|tr|td|th|br|li|ul|ol|h[1-6]|span|strong)\b", re.I)
"""A tag of HTML's markup: a document that is not well-formed XML but holds such tags
(Confluence's storage format, its ``ac:`` and ``ri:`` prefixes never declared; XHTML
saved by hand) is read as HTML is, the text a browser shows."""
_MARKUP_SAMPLE = 1 << 16
_MARKUP_TAGS = 3


class XmlExtractor(Extractor):
    """XML documents as tables of flattened records."""

    id: ClassVar[str] = "xml"
    types: ClassVar[frozenset[str]] = frozenset({"xml"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size > config.batch_bytes:
            yield from _large_document(source, config)
            return
        data = source.read_document(config.batch_bytes, "XML document")
        try:
            parsed, error = parse_cut(data)
        except Refused:
            raise ExtractError("XML declares an entity (refused)") from None
        if parsed is None:
            reason = error.reason if error is not None else "no element"
            if len(_HTML_MARKUP.findall(data, 0, _MARKUP_SAMPLE)) >= _MARKUP_TAGS:
                yield Note(Location(source.path), f"not well-formed XML ({reason}): read as HTML")
                yield from HtmlExtractor().extract(source, config)
                return
            yield Note(Location(source.path), f"not well-formed XML ({reason}): read as text")
            yield from TextExtractor().extract(source, config)
            return
        if error is not None:
            yield Note(Location(source.path), f"XML cut short ({error.reason}): read up to its end")
        value = parsed[1]
        chunker = PeopleChunker(Location(source.path), config.max_table_rows_per_unit)
        found = records_of(value)
        if found is None:
            yield from record_rows(chunker, source.path, 1, value)
            yield from chunker.flush()
            return
        part, items, rest = found
        if rest:  # (the other values, at their paths: ``Inhoud.Datum``)
            yield from record_rows(chunker, source.path, 1, rest)
        yield from chunker.flush()
        inner = PeopleChunker(Location(source.path, part), config.max_table_rows_per_unit)
        for row, item in enumerate(items, 1):
            yield from record_rows(inner, source.path, row, item)
        yield from inner.flush()


class _RecordTree(_Tree):
    """:class:`_Tree` for a document too large to hold. Elements that close beside an
    earlier sibling of their name, both objects, are candidates for the record element;
    :meth:`decide` (after the first chunk) takes the one whose repeated elements hold the
    most values (the patients, not the addresses repeated inside each, nor a few links
    beside them; of equals the deeper: the patients of a day's wrapper, not the days), as
    a document read whole finds its records, and moves its elements read so far into
    ``done``. From then on each such
    element goes to ``done`` as it closes instead of being kept in its parent."""

    def __init__(self) -> None:
        super().__init__()
        self.record: tuple[int, str] | None = None
        """(depth, name) of the record element, once decided."""
        self.part: str | None = None
        self.done: list[Any] = []
        self._held: Counter[tuple[int, str]] = Counter()
        """Values held by the repeated elements of each (depth, name), so far."""
        self._parts: dict[tuple[int, str], str] = {}
        self._first: dict[int, dict[str, Any]] = {}
        """For each open element (by id), the first object child of each name (None once a
        second came): a sibling is found repeated without a search of its siblings."""

    def end(self, name: str) -> None:
        depth = len(self.stack)
        if self.stack:
            self._first.pop(id(self.stack[-1]), None)  # (its children are done with)
        super().end(name)
        if not self.stack:
            return
        parent = self.stack[-1]
        done_name, value = parent.children[-1]
        if not isinstance(value, dict):
            return
        key = (depth, done_name)
        if self.record == key:
            parent.children.pop()
            self.done.append(value)
        elif self.record is None:
            firsts = self._first.setdefault(id(parent), {})
            first = firsts.setdefault(done_name, value)
            if first is value:
                return  # the first of its name here
            held = value_count(value, 1)
            if first is not None:  # the second: the first counts too, once
                held += value_count(first, 1)
                firsts[done_name] = None
            self._held[key] += held
            self._parts.setdefault(key, ".".join([e.name for e in self.stack[1:]] + [done_name]))

    def decide(self) -> None:
        """Fix the record element (if any repeated yet) and take its elements so far."""
        if self.record is not None or not self._held:
            return
        self.record = max(self._held, key=lambda k: (self._held[k], k[0]))
        self.part = self._parts[self.record]
        names = self.part.split(".")  # the wrappers below the document element, the record
        if not self.stack:  # (all read: the records are in the document's value)
            self.done.extend(_pull(self.root[0][1] if self.root else None, names))
            return
        k = 0  # the deepest open element on the path: stack[k]
        while k + 1 < len(self.stack) and k < len(names) - 1 and self.stack[k + 1].name == names[k]:
            k += 1
        for j, element in enumerate(self.stack[: k + 1]):  # each open element on the path:
            kept: list[tuple[str, Any]] = []  # its closed children on the path hold records
            for n, v in element.children:
                if n != names[j]:
                    kept.append((n, v))
                elif j == len(names) - 1:
                    if isinstance(v, dict):
                        self.done.append(v)
                    else:
                        kept.append((n, v))  # (text or an empty element of the name stays)
                else:
                    self.done.extend(_pull(v, names[j + 1 :]))
                    kept.append((n, v))
            element.children = kept


def _pull(value: Any, names: list[str]) -> list[Any]:
    """The objects at path ``names`` in a closed element's ``value``, taken out of it
    (an array of wrappers searched element by element)."""
    if isinstance(value, list):
        return [r for v in value for r in _pull(v, names)]
    if not isinstance(value, dict) or names[0] not in value:
        return []
    if len(names) > 1:
        return _pull(value[names[0]], names[1:])
    found = value.pop(names[0])
    items = found if isinstance(found, list) else [found]
    others = [v for v in items if not isinstance(v, dict)]
    if others:
        value[names[0]] = others  # (text or empty elements of the name stay where they were)
    return [v for v in items if isinstance(v, dict)]


def _large_document(source: Source, config: Config) -> Iterator[Extracted]:
    """An XML document larger than a batch, parsed as it is read: the elements that
    repeat beside each other as objects (the first such pair fixes their name and depth:
    ``<Patienten><Patient>``) are records in the part named by their path, handed out as
    they close; the document's other values are record 1, at the end. Until that pair is
    found the document is held, up to a batch. An entity declaration is refused; where
    the XML stops being well-formed (a leaked file cut short), what was read before is
    kept, with a :class:`Note`."""
    tree = _RecordTree()
    inner: PeopleChunker | None = None
    row = 0

    def records() -> Iterator[Extracted]:
        nonlocal inner, row
        if tree.done and tree.part is not None:
            if inner is None:
                inner = PeopleChunker(
                    Location(source.path, tree.part), config.max_table_rows_per_unit
                )
            for item in tree.done:
                row += 1
                yield from record_rows(inner, source.path, row, item)
            tree.done.clear()

    try:
        with source.open() as fh:
            for parsed in feed_chunks(fh, tree, source.size + 1, what="XML document"):
                tree.decide()
                if tree.record is None and parsed > config.batch_bytes:
                    raise ExtractError(
                        f"XML document larger than {config.batch_bytes} bytes without "
                        "repeated records"
                    )
                yield from records()
    except Refused:
        raise ExtractError("XML declares an entity (refused)") from None
    except Malformed as exc:
        yield Note(
            Location(source.path),
            f"not well-formed XML from byte {exc.at} ({exc.reason}): read up to there",
        )
        while tree.stack:  # close what was open, innermost first
            tree.end("")
        tree.decide()
        yield from records()
    if inner is not None:
        yield from inner.flush()
    rest = tree.root[0][1] if tree.root else None
    if isinstance(rest, dict):
        rest = pruned(rest)
    if rest:
        chunker = PeopleChunker(Location(source.path), config.max_table_rows_per_unit)
        yield from record_rows(chunker, source.path, 1, rest)
        yield from chunker.flush()
