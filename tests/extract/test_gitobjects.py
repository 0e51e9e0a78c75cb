"""Git object storage: a pack's blobs as child files named by their paths (deltas
resolved, each version apart), its commits and tags as text; loose objects; damaged,
thin and hostile packs."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.gitobjects import GitObjectsExtractor, apply_delta
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .oracles import git_children
from .samples import (
    BSN,
    GIT_PATIENTS,
    GIT_PATIENTS_2,
    GIT_README,
    git_delta,
    git_pack,
    git_sample,
    git_sha,
    git_tree,
)

pytestmark = pytest.mark.timeout(60)
SLASH = "\u2215"
ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.defpath}
"""git run as it comes (no one's settings: a signing key, a hook, another hash)."""


def extract(
    data: bytes, path: str = "pack-1.pack", config: Config | None = None
) -> list[Extracted]:
    source = Source(path, "git-pack", len(data), lambda: io.BytesIO(data))
    return list(GitObjectsExtractor().extract(source, config or Config()))


def children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_a_pack_gives_each_version_of_each_file_and_its_commits() -> None:
    data = git_sample().data
    assert sniff_bytes(data, "pack-1.pack") is FileType.GIT_PACK
    items = extract(data)
    assert children(items) == git_children()  # (the first version was a delta)
    assert notes(items) == []
    log = text(items)
    assert "Author:     Sanne van Dijk <s.vandijk@lab-noord.example>" in log
    assert "AuthorDate: 2024-03-15T10:00:00+01:00" in log
    assert "    Tweede testpatient erbij" in log
    assert "tag v0.1" in log and "TaggerDate: 2024-03-16T11:00:00+01:00" in log
    assert {u.location.part for u in items if isinstance(u, TextUnit)} == {"commits"}


def test_a_ref_delta_is_resolved_by_its_base_s_sha_even_after_it_and_a_thin_one_noted() -> None:
    base = git_sha("blob", GIT_PATIENTS_2)
    elsewhere = git_sha("blob", b"not in this pack")
    data = git_pack([
        ("ref-delta", git_delta(GIT_PATIENTS_2, GIT_PATIENTS), base),
        ("blob", GIT_PATIENTS_2, None),
        ("ref-delta", git_delta(b"not in this pack", GIT_README), elsewhere),
    ])  # fmt: skip
    items = extract(data)
    assert set(children(items).values()) == {GIT_PATIENTS, GIT_PATIENTS_2}
    assert sorted(children(items)) == sorted(
        git_sha("blob", d).hex() for d in (GIT_PATIENTS, GIT_PATIENTS_2)
    )  # (no tree names them)
    assert notes(items) == [
        f"git pack object 3 (byte {data.index(elsewhere) - 2}) not read: it has its base "
        f"{elsewhere.hex()} outside the pack (a thin pack's)"
    ]


def test_a_thin_pack_s_many_deltas_are_noted_twenty_and_counted() -> None:
    deltas = [("ref-delta", git_delta(b"x", b"xy"), git_sha("blob", b"%d" % i)) for i in range(25)]
    reasons = notes(extract(git_pack([("blob", GIT_README, None), *deltas])))
    assert len(reasons) == 21 and reasons[-1] == "git pack: 5 more objects not read"
    assert all("outside the pack (a thin pack's)" in r for r in reasons[:20])


def test_identical_blobs_once_and_a_version_3_pack() -> None:
    data = git_pack([("blob", GIT_README, None), ("blob", GIT_README, None)], version=3)
    assert sniff_bytes(data) is FileType.GIT_PACK
    assert list(children(extract(data)).values()) == [GIT_README]


def test_a_pack_cut_short_keeps_the_objects_before_the_cut() -> None:
    data = git_sample().data
    cut = data[: data.index(zlib.compress(GIT_README)) + 5]
    items = extract(cut)
    assert set(children(items).values()) == {GIT_PATIENTS, GIT_PATIENTS_2}
    assert notes(items) == [
        f"git pack reading stopped at object 10 (byte {len(cut) - 7}): it is cut short in its "
        "compressed data"
    ]
    damaged = bytearray(data)
    damaged[-1] ^= 1
    assert notes(extract(bytes(damaged))) == ["git pack's checksum does not match"]


@pytest.mark.parametrize("data", [b"PACK\0\0\0\x04\0\0\0\x01" + bytes(30), b"\x00" * 64])
def test_no_pack_and_no_object_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)


def test_random_bytes_and_plain_zlib_are_no_git() -> None:
    import random

    noise = random.Random(3).randbytes(4096)
    with pytest.raises(ExtractError):
        extract(noise)
    plain = zlib.compress(b"naam;bsn\nJansen;" + BSN[0].encode() + b"\n")
    assert sniff_bytes(plain) is not FileType.GIT_OBJECT
    with pytest.raises(ExtractError, match="not a git object"):
        extract(plain, "objects/ab/" + "c" * 38)
    assert sniff_bytes(b"PACK\0\0\0\x02\0\0\0\x01\xd0") is not FileType.GIT_PACK


def test_a_claimed_two_billion_objects_or_a_huge_size_allocate_nothing() -> None:
    small = git_pack([("blob", GIT_README, None)])
    count = small[:8] + struct.pack(">I", 2**31) + small[12:]
    assert notes(extract(count)) == ["git pack ends after 1 of 2147483648 objects"]
    huge = b"PACK\0\0\0\x02\0\0\0\x01" + bytes([0xBF]) + b"\xff" * 8 + b"\x7f"
    huge += zlib.compress(b"x") + bytes(20)
    items = extract(huge + b"", config=Config(batch_bytes=1024**2))
    assert notes(items) == [
        "git pack reading stopped at object 1 (byte 12): it would pass the 1048576 bytes read "
        "of a pack"
    ]


def test_a_delta_that_copies_past_its_base_or_lies_about_its_size_is_noted() -> None:
    past = bytes([len(GIT_README), 100, 0x80 | 0x01 | 0x10, 0x40, 100])
    wrong = bytes([len(GIT_README), 0x80, 0x80, 0x80, 0x80, 0x10, 0x91, 0, 10])
    data = git_pack([
        ("blob", GIT_README, None), ("ofs-delta", past, 0), ("ofs-delta", wrong, 0),
    ])  # fmt: skip
    items = extract(data, config=Config(batch_bytes=1024**2))
    assert list(children(items).values()) == [GIT_README]
    reasons = notes(items)
    assert len(reasons) == 2
    assert reasons[0].endswith("not read: it has a delta that copies past the end of its base")
    assert reasons[1].endswith("not read: it would pass the bytes read of a pack")
    with pytest.raises(Exception, match="reserved instruction"):
        apply_delta(b"ab", b"\x02\x01\x00")
    assert apply_delta(bytes(0x10001), b"\x81\x80\x04\x80\x80\x04\x80") == bytes(
        0x10000
    )  # (size 0)


def test_trees_that_hold_one_another_many_times_over_end_the_naming(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from breachscope.extract import gitobjects

    monkeypatch.setattr(gitobjects, "MAX_WALKED", 1000)
    blob = git_sha("blob", GIT_README)
    trees = [git_tree([("100644", "README.md", blob)])]
    for _ in range(40):  # (2**40 paths to the README)
        below = git_sha("tree", trees[-1])
        trees.append(git_tree([("40000", "a", below), ("40000", "b", below)]))
    data = git_pack([("blob", GIT_README, None)] + [("tree", t, None) for t in trees])
    items = extract(data)
    assert list(children(items).values()) == [GIT_README]
    assert notes(items) == [
        "git pack's trees walked for their first 1000 entries only: the blobs they did not "
        "name are named by SHA-1"
    ]


def loose(kind: str, data: bytes) -> bytes:
    return zlib.compress(b"%s %d\x00" % (kind.encode(), len(data)) + data)


def test_loose_objects_a_blob_a_commit_and_a_tree() -> None:
    sha = git_sha("blob", GIT_PATIENTS).hex()
    blob = loose("blob", GIT_PATIENTS)
    assert sniff_bytes(blob) is FileType.GIT_OBJECT
    path = f"repo/.git/objects/{sha[:2]}/{sha[2:]}"
    assert extract(blob, path) == [ChildFile(sha, GIT_PATIENTS)]
    assert children(extract(blob, "kopie")) == {sha: GIT_PATIENTS}
    assert notes(extract(blob, f"objects/{sha[:2]}/{'0' * 38}")) == [
        "git object's content is not what its name says (damaged)"
    ]
    cut = extract(blob[:-6], path)  # (its checksum and a byte of its content lost)
    assert notes(cut) == [f"git object inflates to 85 of its declared {len(GIT_PATIENTS)} bytes"]
    assert children(cut) == {sha: GIT_PATIENTS[:-1]}
    commit = b"tree " + b"0" * 40 + b"\nauthor Piet Bakker <p.bakker@example.nl> 1700000000 +0100\n"
    commit += b"committer Piet Bakker <p.bakker@example.nl> 1700000000 +0100\n\nBSN-check\n"
    items = extract(loose("commit", commit), "objects/12/" + "3" * 38)
    assert "Author:     Piet Bakker <p.bakker@example.nl>" in text(items)
    tree = loose("tree", b"100644 a.csv\x00" + bytes(20))
    assert notes(extract(tree)) == ["git tree of 1 entries: the names it gives are not read"]
    with pytest.raises(ExtractError, match="more than"):
        extract(zlib.compress(b"blob 99999999999\x00abc"), config=Config(batch_bytes=1024))


def test_a_commit_in_the_encoding_it_names() -> None:
    commit = (
        "tree " + "0" * 40 + "\nauthor Mevr. Çelik <a.celik@example.nl> 1700000000 -0130\n"
        "committer Mevr. Çelik <a.celik@example.nl> 1700000000 -0130\nencoding ISO-8859-1\n\n"
        "Uitslag van mevr. Özdemir verplaatst\n"
    ).encode("latin-1")
    log = text(extract(loose("commit", commit), "objects/12/" + "3" * 38))
    assert log == (
        f"commit {git_sha('commit', commit).hex()}\n"
        "Author:     Mevr. Çelik <a.celik@example.nl>\n"
        "AuthorDate: 2023-11-14T20:43:20-01:30\n"
        "Commit:     Mevr. Çelik <a.celik@example.nl>\n"
        "CommitDate: 2023-11-14T20:43:20-01:30\n\n"
        "    Uitslag van mevr. Özdemir verplaatst\n"
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with a test export committed, changed and deleted (git needed)."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")

    def run(*args: str) -> None:
        subprocess.run([git, "-C", str(tmp_path), *args], check=True, capture_output=True, env=ENV)

    run("init", "-q")
    run("config", "user.name", "Sanne van Dijk")
    run("config", "user.email", "s.vandijk@lab-noord.example")
    (tmp_path / "export").mkdir()
    lines = "".join(f"regel {i};{BSN[i % 3]};Dorpsstraat {i}\n" for i in range(60))
    (tmp_path / "export" / "patienten.csv").write_text(lines)
    (tmp_path / "README.md").write_text("# Koppeling\n")
    run("add", "-A")
    run("commit", "-qm", "Export toegevoegd")
    (tmp_path / "export" / "patienten.csv").write_text(lines + "regel 60;123456782;Kade 3\n")
    run("commit", "-qam", "Nog een patient")
    run("rm", "-q", "export/patienten.csv")
    run("commit", "-qm", "Export verwijderd")
    return tmp_path


def test_a_pack_git_wrote_with_deltas(repository: Path) -> None:
    git = str(shutil.which("git"))
    loose_files = [p for p in (repository / ".git" / "objects").glob("??/*") if p.is_file()]
    kinds = {}
    for path in loose_files:
        data = path.read_bytes()
        assert sniff_bytes(data) is FileType.GIT_OBJECT
        items = extract(data, str(path))
        kinds[path.parent.name + path.name] = items
    blobs = {k: children(v) for k, v in kinds.items() if children(v)}
    assert len(blobs) == 3 and all(list(v) == [k] for k, v in blobs.items())
    assert sum("Export verwijderd" in text(v) for v in kinds.values()) == 1
    subprocess.run(
        [git, "-C", str(repository), "repack", "-adf", "--depth=50", "--window=250", "-q"],
        check=True,
        env=ENV,
    )
    packs = repository / ".git" / "objects" / "pack"
    pack = next(packs.glob("*.pack")).read_bytes()
    index = str(next(packs.glob("*.idx")))
    listing = subprocess.run(
        [git, "-C", str(repository), "verify-pack", "-v", index],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    ).stdout
    assert any(len(line.split()) == 7 for line in listing.splitlines())  # (a delta)
    items = extract(pack)
    assert notes(items) == []
    found = children(items)
    assert len(found) == 3
    for name, data in found.items():
        stem, _, rest = name.partition("@")
        sha = rest.partition(".")[0] if rest else None
        if sha:
            show = [git, "-C", str(repository), "cat-file", "blob", sha]
            shown = subprocess.run(show, check=True, capture_output=True, env=ENV).stdout
            assert stem == f"export{SLASH}patienten" and shown == data
        else:
            assert name == "README.md" and data == b"# Koppeling\n"
    assert text(items).count("\ncommit ") + text(items).startswith("commit ") == 3
    assert "Export verwijderd" in text(items)
