"""Loading a Python pickle without running anything in it.

A pickle is a program for a small stack machine: most of its instructions build strings,
numbers, lists and dicts, but some name a class or a function by its module and name
(``GLOBAL``) and call it (``REDUCE``, ``NEWOBJ``, ``BUILD``). Loading one with
:func:`pickle.load` imports those modules and runs those calls, so a pickle found in a
dump would run whatever code it names. Here every name a pickle gives is answered with an
:class:`Inert` class of our own, made for that name, that records the arguments it is
called with, the state it is given and the items it is filled with, and does nothing else:
no module is imported and no function of the pickle's choosing is run. What is loaded is
a tree of plain values and inert records (:mod:`breachscope.extract.pickled` reads
pandas' and numpy's out of it).

The stack machine is the standard library's pure-Python one (``pickle._Unpickler``):
its memo is a dict, so a memo index a pickle makes up (``LONG_BINPUT 2**30``) costs one
entry, where the C unpickler would allocate and clear an array that long. Persistent ids
(a database's references) and out-of-band buffers are refused by it: a pickle that needs
them does not load.
"""

from __future__ import annotations

import io
import pickle
from typing import Any, ClassVar

_RENAMED = {"__builtin__": "builtins", "copy_reg": "copyreg", "numpy.core": "numpy._core"}
"""Modules by their present names (Python 2's, numpy 1's ``numpy.core``)."""


class Inert:
    """What a pickle builds from a class or function it names: the arguments it was called
    with, the state it was given (``BUILD``), the items appended to it and the entries set
    on it. Calling one (an attribute a pickle got with ``getattr``) gives another whose
    :attr:`func` is the one called."""

    __slots__ = ("args", "entries", "func", "items", "kwargs", "state")
    module: ClassVar[str] = ""
    name: ClassVar[str] = ""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    state: Any
    items: list[Any]
    entries: list[tuple[Any, Any]]
    func: Inert | None

    def __new__(cls, *args: Any, **kwargs: Any) -> Inert:
        obj = object.__new__(cls)
        obj.args = args
        obj.kwargs = kwargs
        obj.state = None
        obj.items = []
        obj.entries = []
        obj.func = None
        return obj

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """(All is recorded by ``__new__``: an instance is made by calling the class, or by
        ``NEWOBJ`` without calling ``__init__``.)"""

    def __call__(self, *args: Any, **kwargs: Any) -> Inert:
        called = Inert(*args, **kwargs)
        called.func = self
        return called

    def __setstate__(self, state: Any) -> None:
        self.state = state

    def append(self, item: Any) -> None:
        self.items.append(item)

    def extend(self, items: Any) -> None:
        self.items.extend(items)

    def add(self, item: Any) -> None:
        self.items.append(item)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.entries.append((key, value))


def class_name(obj: Any) -> str:
    """``module.name`` of an :class:`Inert` class (a class a pickle names, not made);
    ``""`` for anything else."""
    if isinstance(obj, type) and issubclass(obj, Inert):
        return f"{obj.module}.{obj.name}"
    return ""


def qualname(obj: Any) -> str:
    """``module.name`` of what made ``obj``, an :class:`Inert` (a call of an attribute got
    with ``getattr`` by the attribute's full name: ``zoneinfo.ZoneInfo._unpickle``); ``""``
    for anything else (a class named but not made too)."""
    if not isinstance(obj, Inert):
        return ""
    if obj.func is None:
        return f"{obj.module}.{obj.name}"
    func = obj.func
    if qualname(func) == "builtins.getattr" and len(func.args) == 2:
        owner, attribute = func.args
        return f"{class_name(owner) or qualname(owner) or '?'}.{attribute}"
    return f"{qualname(func) or '?'}()"


def as_bytes(obj: Any) -> Any:
    """Bytes as protocols 0 to 2 write them (``_codecs.encode(text, 'latin1')``, Python
    2's ``bytearray(text, 'latin-1')``) as bytes; anything else as it is."""
    if qualname(obj) in ("_codecs.encode", "builtins.bytearray", "builtins.bytes") and obj.args:
        first = obj.args[0]
        if isinstance(first, bytes | bytearray):
            return bytes(first)
        encoding = obj.args[1] if len(obj.args) > 1 and isinstance(obj.args[1], str) else "latin1"
        if isinstance(first, str) and encoding.lower().replace("-", "") == "latin1":
            return first.encode("latin1", "replace")
        if isinstance(first, str):
            return first.encode("utf-8", "replace")
    return obj


class _Loader(pickle._Unpickler):
    """The pure-Python unpickler with every global answered by an inert class."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, encoding="latin1")  # (Python 2's strings: numpy's bytes)
        self._classes: dict[tuple[str, str], type[Inert]] = {}

    def find_class(self, module: str, name: str) -> type[Inert]:
        module = str(module)
        for old, new in _RENAMED.items():
            if module == old or module.startswith(old + "."):
                module = new + module[len(old) :]
        key = (module, str(name))
        made = self._classes.get(key)
        if made is None:
            made = type("Inert", (Inert,), {"__slots__": (), "module": key[0], "name": key[1]})
            self._classes[key] = made
        return made


class PickleBreak(ValueError):
    """Where a file of pickles stopped loading (its message quotes no value)."""


def load_all(data: bytes) -> list[Any]:
    """Every pickle in ``data`` (``pickle.dump`` called several times on one file writes
    them one after another), loaded inert. The pickles loaded before one that does not
    load are returned, with a :class:`PickleBreak` saying where, as the last item; where
    the first does not load, that break is raised."""
    fh = io.BytesIO(data)
    found: list[Any] = []
    while fh.tell() < len(data):
        start = fh.tell()
        if not data[start:].strip(b"\x00\n\r\t "):
            break  # (padding after the last)
        try:
            found.append(_Loader(fh).load())
        except Exception as exc:  # (UnpicklingError, EOFError and others for bad bytes)
            what = type(exc).__name__  # (its message may quote the bytes)
            if not found:
                raise PickleBreak(f"{what} in the pickle at byte {start}") from None
            found.append(PickleBreak(f"pickle {len(found) + 1} at byte {start}: {what}"))
            break
    return found
