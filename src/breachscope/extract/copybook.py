"""COBOL copybooks (``.cpy``): the layout of a mainframe data set's records, read by a
small bounded parser of the common subset, and the records' fields decoded by it.

Read: levels 01 to 49 and 77 (the first 01 record and what follows it; a later 01 ends
it), ``PIC``/``PICTURE`` with ``X``, ``A``, ``9``, ``S``, ``V``, ``P`` and repeat counts
(``S9(7)V99``), the editing characters of a numeric-edited field (``Z``, ``.``, ``,``,
``-``, ``+``, ``B``, ``/``, ``$``, ``*``, ``CR``, ``DB``: a byte each, read as text),
``USAGE`` ``DISPLAY``, ``COMP-3``/``PACKED-DECIMAL``, ``COMP``/``COMP-4``/``COMP-5``/
``BINARY`` (2, 4 or 8 bytes by the count of digits), ``COMP-1``/``COMP-2`` (4 and 8
bytes, shown as their hex), a group's usage given to its items, ``OCCURS n`` (``OCCURS m
TO n DEPENDING ON`` as ``n``), ``SIGN LEADING``/``TRAILING`` ``SEPARATE``. Skipped: an
item that ``REDEFINES`` another and its items (they share the other's bytes), level 66
and 88 items, ``VALUE``, ``SYNC`` (its slack bytes are not added). A ``FILLER`` (or an
item without a name) takes its bytes and gives no column.

Nothing in a copybook is run; at most :data:`MAX_FIELDS` fields are laid out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from breachscope.extract.base import ExtractError

MAX_FIELDS = 4096
"""Most fields of one record (after ``OCCURS`` is laid out)."""
MAX_COPYBOOK = 256 * 1024
"""Longest copybook text read."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its name, where it lies, and how its bytes are kept."""

    name: str
    offset: int
    size: int
    kind: str
    """``text``, ``zoned``, ``packed``, ``binary`` or ``float``."""
    digits: int = 0
    scale: int = 0
    """Digits after the implied decimal point (``V``)."""
    signed: bool = False
    sign: str = ""
    """``leading``, ``leading-separate`` or ``trailing-separate`` for a zoned number whose
    sign is not in its last byte's zone."""


@dataclass
class _Item:
    """A statement of the copybook: an item and the items below it."""

    level: int
    name: str
    pic: str | None
    usage: str | None
    occurs: int
    redefines: bool
    sign: str
    children: list[_Item]


_STATEMENT_END = re.compile(r"\.(?=\s|$)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_LEVEL = re.compile(r"^(\d{1,2})$")
_USAGES = {
    "DISPLAY": "display",
    "COMP-3": "packed", "COMPUTATIONAL-3": "packed", "PACKED-DECIMAL": "packed",
    "COMP": "binary", "COMPUTATIONAL": "binary", "COMP-4": "binary",
    "COMPUTATIONAL-4": "binary", "COMP-5": "binary", "COMPUTATIONAL-5": "binary",
    "BINARY": "binary", "COMP-1": "float4", "COMPUTATIONAL-1": "float4",
    "COMP-2": "float8", "COMPUTATIONAL-2": "float8", "INDEX": "binary",
}  # fmt: skip
_REPEAT = re.compile(r"(.)\((\d{1,5})\)")


def source_lines(text: str) -> str:
    """The copybook's code: comment lines (``*`` or ``/`` in column 7) dropped, and the
    sequence area (columns 1 to 6) and the columns after 72 cut from lines in the fixed
    format (six digits or spaces, then a space); other lines kept whole (free format)."""
    kept: list[str] = []
    for line in text.splitlines():
        line = line.expandtabs(8)
        head = line[:6]
        if len(line) > 6 and (head.isdigit() or not head.strip()) and line[6] in "*/":
            continue
        if line.lstrip().startswith("*>") or line.lstrip().startswith("*"):
            continue
        if len(line) > 6 and (head.isdigit() or not head.strip()) and line[6] in " -":
            line = line[7:72]
        kept.append(line)
    return "\n".join(kept)


def _statements(text: str) -> list[list[str]]:
    """The copybook's statements, each as its words (quoted literals left out)."""
    code = _QUOTED.sub("''", source_lines(text))
    return [s.split() for s in _STATEMENT_END.split(code) if s.split()]


def _item(words: list[str]) -> _Item | None:
    """An item of a statement's words (None: a statement of no item, or one skipped)."""
    if not _LEVEL.match(words[0]):
        return None
    level = int(words[0])
    if level in (66, 88) or not (1 <= level <= 49 or level == 77):
        return None
    rest = words[1:]
    name = "FILLER"
    if rest and rest[0].upper() not in _CLAUSES:
        name, rest = rest[0], rest[1:]
    pic = usage = None
    occurs = 1
    redefines = False
    sign = ""
    upper = [w.upper() for w in rest]
    for i, word in enumerate(upper):
        after = upper[i + 1] if i + 1 < len(upper) else ""
        if word in ("PIC", "PICTURE"):
            at = i + 2 if after == "IS" else i + 1
            pic = rest[at] if at < len(rest) else ""
        elif word in _USAGES:
            usage = _USAGES[word]
        elif word == "OCCURS" and after.isdigit():
            to = upper[i + 3] if i + 3 < len(upper) and upper[i + 2] == "TO" else ""
            occurs = int(to) if to.isdigit() else int(after)
        elif word == "REDEFINES":
            redefines = True
        elif word in ("LEADING", "TRAILING"):
            separate = "SEPARATE" in upper[i + 1 : i + 3]
            sign = word.lower() + ("-separate" if separate else "")
    return _Item(level, name, pic, usage, occurs, redefines, sign, [])


_CLAUSES = frozenset(
    {"PIC", "PICTURE", "USAGE", "OCCURS", "REDEFINES", "VALUE", "VALUES", "SIGN", "SYNC"}
    | {"SYNCHRONIZED", "JUSTIFIED", "JUST", "BLANK", "EXTERNAL", "GLOBAL", "IS"}
    | set(_USAGES)
)
"""Words that open a clause: a statement whose second word is one has no name."""


def _tree(text: str) -> _Item:
    """The first record of the copybook (its first 01 or 77 item) with its items."""
    root: _Item | None = None
    stack: list[_Item] = []
    for words in _statements(text):
        item = _item(words)
        if item is None:
            continue
        if item.level in (1, 77):
            if root is not None:
                break
            root = item
            stack = [item]
            continue
        if root is None:
            root = _Item(0, "FILLER", None, None, 1, False, "", [])
            stack = [root]
        while len(stack) > 1 and stack[-1].level >= item.level:
            stack.pop()
        stack[-1].children.append(item)
        stack.append(item)
    if root is None:
        raise ExtractError("copybook holds no record")
    return root


def _picture(pic: str) -> tuple[str, int, int, bool]:
    """A picture's class (``X`` text, ``9`` numeric, ``E`` numeric-edited), its count of
    character positions (digits for a numeric one), its scale and whether it is signed."""
    spelled = _REPEAT.sub(lambda m: m.group(1) * min(int(m.group(2)), 65535), pic.upper())
    signed = spelled.startswith("S")
    body = spelled[1:] if signed else spelled
    if body and set(body) <= set("9VP"):
        digits = body.count("9")
        scale = len(body.split("V", 1)[1].replace("P", "")) if "V" in body else 0
        return "9", digits, scale, signed
    if body and set(body) <= set("XA9"):
        return "X", len(body), 0, False
    return "E", len(body.replace("V", "").replace("P", "")), 0, False


def _binary_size(digits: int) -> int:
    return 2 if digits <= 4 else 4 if digits <= 9 else 8


def _elementary(item: _Item, usage: str, offset: int) -> Field:
    """An elementary item's field at ``offset``."""
    if usage in ("float4", "float8"):
        return Field(item.name, offset, 4 if usage == "float4" else 8, "float")
    if not item.pic:
        raise ExtractError(f"copybook item {item.name} has no picture")
    cls, count, scale, signed = _picture(item.pic)
    if cls != "9":
        return Field(item.name, offset, count, "text")
    if usage == "packed":
        return Field(item.name, offset, count // 2 + 1, "packed", count, scale, signed)
    if usage == "binary":
        return Field(item.name, offset, _binary_size(count), "binary", count, scale, signed)
    size = count + (1 if item.sign.endswith("separate") else 0)
    return Field(item.name, offset, size, "zoned", count, scale, signed, item.sign)


def _lay_out(item: _Item, usage: str, offset: int, fields: list[Field]) -> int:
    """Lay ``item`` out from ``offset`` into ``fields``; the offset after it."""
    usage = item.usage or usage
    for _ in range(item.occurs):
        if item.children:
            for child in item.children:
                if not child.redefines:
                    offset = _lay_out(child, usage, offset, fields)
        else:
            field = _elementary(item, usage, offset)
            fields.append(field)
            offset += field.size
        if len(fields) > MAX_FIELDS:
            raise ExtractError(f"copybook lays out more than {MAX_FIELDS} fields")
    return offset


def parse_copybook(text: str) -> tuple[list[Field], int]:
    """The fields of the copybook's first record and its length in bytes; an
    :class:`ExtractError` where it holds none."""
    if len(text) > MAX_COPYBOOK:
        raise ExtractError(f"copybook longer than {MAX_COPYBOOK} characters")
    fields: list[Field] = []
    length = _lay_out(_tree(text), "display", 0, fields)
    if not fields or length < 1:
        raise ExtractError("copybook holds no field")
    return fields, length


def _number(negative: bool, digits: str, scale: int) -> str:
    """Digits as a number's text: a ``-`` before a negative one, a point before the last
    ``scale`` digits."""
    if scale:
        digits = digits.rjust(scale + 1, "0")
        digits = f"{digits[:-scale]}.{digits[-scale:]}"
    return ("-" if negative else "") + digits


def _zoned(data: bytes, field: Field) -> str | None:
    """A zoned decimal's value (None where the bytes are no zoned number)."""
    body, negative = data, False
    if field.sign == "leading-separate" or field.sign == "trailing-separate":
        mark = data[0] if field.sign.startswith("leading") else data[-1]
        body = data[1:] if field.sign.startswith("leading") else data[:-1]
        if mark not in (0x4E, 0x60):  # (EBCDIC's + and -)
            return None
        negative = mark == 0x60
    elif body:
        at = 0 if field.sign == "leading" else len(body) - 1
        zone = body[at] >> 4
        if zone not in (0xA, 0xB, 0xC, 0xD, 0xE, 0xF):
            return None
        negative = zone in (0xB, 0xD)
        body = body[:at] + bytes([0xF0 | body[at] & 15]) + body[at + 1 :]
    if not body or any(b >> 4 != 0xF or b & 15 > 9 for b in body):
        return None
    return _number(negative, "".join(str(b & 15) for b in body), field.scale)


def field_value(record: bytes, field: Field, table: str) -> str | None:
    """The value of ``field`` in ``record``, decoded with the code page's ``table``
    (256 characters): text with its end's spaces trimmed; a number as its digits (as
    many as its picture declares, a ``-`` before a negative one, a point where its ``V``
    is); bytes that are not the number the copybook says as text; None where the record
    ends before the field or the field holds nothing but spaces."""
    data = record[field.offset : field.offset + field.size]
    if len(data) < field.size:
        return None
    value: str | None = None
    if field.kind == "packed" and _packed(data):
        digits = data.hex()[:-1][-field.digits :]
        value = _number(data[-1] & 15 in (0xB, 0xD), digits, field.scale)
    elif field.kind == "binary":
        number = int.from_bytes(data, "big", signed=field.signed)
        value = _number(number < 0, str(abs(number)).rjust(field.digits, "0"), field.scale)
    elif field.kind == "float":
        value = data.hex()
    elif field.kind == "zoned":
        value = _zoned(data, field)
    if value is None:
        text = "".join(table[b] for b in data).rstrip()
        value = text or None
    return value


def _packed(data: bytes) -> bool:
    """Whether ``data`` is a packed decimal: digits in every half but the last, a sign
    (``A`` to ``F``) there."""
    last = data[-1]
    return (
        last >> 4 <= 9 and last & 15 >= 0xA and all(b >> 4 <= 9 and b & 15 <= 9 for b in data[:-1])
    )
