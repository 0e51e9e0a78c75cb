from __future__ import annotations

import io
import random
import tarfile
import zipfile

import pytest

from breachscope.synth.formats import archive, edifact, hl7, pdf_report, textlog
from breachscope.synth.writer import TruthMention, WrittenFile

from .format_checks import resolve
from .format_factory import records


def _members() -> list[tuple[str, WrittenFile]]:
    recs = records()
    return [
        ("uitslagen/mei.pdf", pdf_report.write(recs[:2], random.Random(1))),
        ("berichten.hl7", hl7.write(recs[2:], random.Random(2))),
        ("medlab/out/batch1.edi", edifact.write(recs, random.Random(3))),
    ]


def _mention_paths(written: WrittenFile) -> list[tuple[str | None, str | None, int | None]]:
    return [(m.member, m.part, m.row) for m in written.mentions]


def _expected(prefix: str, members: list[tuple[str, WrittenFile]]) -> list[TruthMention]:
    out = []
    for name, written in sorted(members, key=lambda m: m[0]):
        for m in written.mentions:
            inner = name if m.member is None else f"{name}!/{m.member}"
            out.append(TruthMention(m.person_id, m.classes, m.part, m.row, prefix + inner))
    return out


def test_zip_members_sorted_with_fixed_times_and_mentions() -> None:
    members = _members()
    written = archive.pack_zip(members)
    with zipfile.ZipFile(io.BytesIO(written.data)) as z:
        assert z.namelist() == sorted(name for name, _ in members)
        assert {i.date_time for i in z.infolist()} == {(2025, 7, 3, 2, 14, 0)}
        for name, member in members:
            assert z.read(name) == member.data
    assert list(written.mentions) == _expected("", members)


def test_targz_holds_files_and_directories_with_fixed_metadata() -> None:
    members = _members()
    written = archive.pack_targz(members)
    assert written.data[:2] == b"\x1f\x8b"
    with tarfile.open(fileobj=io.BytesIO(written.data), mode="r:gz") as tar:
        infos = tar.getmembers()
        assert [i.name for i in infos if i.isdir()] == ["medlab", "medlab/out", "uitslagen"]
        assert {i.mtime for i in infos} == {int(archive.ARCHIVE_TIME.timestamp())}
        for name, member in members:
            handle = tar.extractfile(name)
            assert handle is not None and handle.read() == member.data
    assert list(written.mentions) == _expected("", members)


def test_nested_zip_of_targz_resolves_every_mention() -> None:
    members = _members()
    log = textlog.write(records()[:2], random.Random(4))
    written = archive.pack_nested(members, inner="lims-export.tar.gz", extra=[("log.txt", log)])
    with zipfile.ZipFile(io.BytesIO(written.data)) as z:
        assert z.namelist() == ["lims-export.tar.gz", "log.txt"]
    expected = _expected("lims-export.tar.gz!/", members) + _expected("", [("log.txt", log)])
    assert list(written.mentions) == expected
    originals = dict(members)
    for mention in written.mentions:
        assert mention.member is not None
        leaf = resolve(written.data, mention.member)
        key = mention.member.removeprefix("lims-export.tar.gz!/")
        assert leaf == (log.data if key == "log.txt" else originals[key].data)


def test_deeper_nesting_joins_members() -> None:
    inner = archive.pack_zip(_members()[:1])
    outer = archive.pack_targz([("a/inner.zip", inner)])
    paths = {m.member for m in outer.mentions}
    assert paths == {"a/inner.zip!/uitslagen/mei.pdf"}
    assert resolve(outer.data, "a/inner.zip!/uitslagen/mei.pdf") == _members()[0][1].data


def test_deterministic_bytes() -> None:
    assert archive.pack_zip(_members()).data == archive.pack_zip(_members()).data
    assert archive.pack_targz(_members()).data == archive.pack_targz(_members()).data
    assert archive.pack_nested(_members()).data == archive.pack_nested(_members()).data


@pytest.mark.parametrize(
    "names",
    [[""], ["/etc/passwd"], ["../up.csv"], ["a/../b.csv"], ["x!/y.csv"], ["dir/"], ["a\\b"],
     ["same.csv", "same.csv"]],
)  # fmt: skip
def test_bad_member_paths_are_refused(names: list[str]) -> None:
    empty = WrittenFile(b"x", ())
    with pytest.raises(ValueError):
        archive.pack_zip([(n, empty) for n in names])
    with pytest.raises(ValueError):
        archive.pack_targz([(n, empty) for n in names])


@pytest.mark.parametrize(
    "name", ["a.csv", "dir/sub/b.csv", "mei 2025 (kopie).pdf", "überzicht.csv"]
)
def test_good_member_paths_are_kept(name: str) -> None:
    written = archive.pack_zip([(name, WrittenFile(b"x", (TruthMention("P1", frozenset()),)))])
    assert [m.member for m in written.mentions] == [name]
    assert resolve(written.data, name) == b"x"


def test_normalise_zip_keeps_order_and_fixes_times() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("z.xml", "1")
        z.writestr("a.xml", "2")
    fixed = archive.normalise_zip(raw.getvalue())
    with zipfile.ZipFile(io.BytesIO(fixed)) as z:
        assert z.namelist() == ["z.xml", "a.xml"]
        assert z.read("a.xml") == b"2"
        assert {i.date_time for i in z.infolist()} == {(2025, 7, 3, 2, 14, 0)}


def test_normalise_zip_refuses_other_bytes() -> None:
    with pytest.raises(ValueError):
        archive.normalise_zip(b"not a zip at all")
