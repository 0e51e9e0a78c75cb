"""Patterns compiled on first use (``detect/lazypattern.py``): a fresh process's import
of the detectors compiles none of the long ones, a twin is built without compiling, and
once compiled a call is the compiled pattern's own method (no wrapper per call)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest
import regex

from breachscope.detect.lazypattern import LazyPattern, lazy, source_of
from breachscope.detect.rxtwin import re_twin

TEXT = "Verwezen door dr. J.M. de Vries, huisarts te Utrecht; mevr. A. Bakker-Smit."


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"(?<![\w])(?:[Dd]r\.)[ ]+(?P<n>[A-Z]\.[A-Z]\.[ ]de[ ]\w+)", 0),
        (r"\bMEVR\.\s+(?P<n>\w\.\s\w+)", regex.IGNORECASE),
        (r"(?m)^\w+", 0),
    ],
)
def test_a_lazy_pattern_finds_what_the_compiled_one_finds(source: str, flags: int) -> None:
    pat, compiled = lazy(source, flags), regex.compile(source, flags)
    assert "search" not in vars(pat)
    assert re_twin(pat) is not None and "search" not in vars(pat)  # twin from the source
    assert source_of(pat) == (source, flags)
    m, n = pat.search(TEXT), compiled.search(TEXT)
    assert (m and m.span(), m and m.groupdict()) == (n and n.span(), n and n.groupdict())
    assert [x.span() for x in pat.finditer(TEXT, 3, 60)] == [
        x.span() for x in compiled.finditer(TEXT, 3, 60)
    ]
    assert pat.sub("#", TEXT) == compiled.sub("#", TEXT)
    assert pat.groupindex == compiled.groupindex
    assert isinstance(vars(pat)["search"].__self__, regex.Pattern)  # its own method now
    copy = pickle.loads(pickle.dumps(pat))
    assert isinstance(copy, LazyPattern) and "search" not in vars(copy)  # pickled uncompiled
    assert source_of(copy) == (source, flags)


def test_a_lazy_pattern_has_no_other_attributes() -> None:
    pat = lazy("a")
    with pytest.raises(AttributeError):
        pat.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    assert "search" not in vars(pat)


def test_a_fresh_process_compiles_no_long_pattern_until_it_reads() -> None:
    code = textwrap.dedent(
        """
        import sys
        from breachscope.config import Config
        from breachscope.detect.engine import detector_set
        from breachscope.detect.lazypattern import LazyPattern
        dset = detector_set(Config())
        lazies = [
            v for name, mod in list(sys.modules.items()) if name.startswith("breachscope.detect")
            for v in list(vars(mod).values()) + list(
                getattr(mod, "SHAPES", {}).values() if name.endswith("namegrammar") else [])
            if isinstance(v, LazyPattern)
        ]
        print(len(lazies), sum("search" in vars(v) for v in lazies))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total, compiled = map(int, out.stdout.split())
    assert total >= 20
    assert compiled == 0
