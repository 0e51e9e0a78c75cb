"""ISO 9660 images written by the format (ECMA-119, Joliet, Rock Ridge) for the tests: a
primary tree of ``NAME.EXT;1`` identifiers, optionally Rock Ridge ``NM`` names (in the
record, or in a ``CE`` continuation area), a Joliet tree of UCS-2 names, a file in
several extents; no path tables (the reader walks the directory records)."""

from __future__ import annotations

from dataclasses import dataclass, field

SECTOR = 2048


def both16(n: int) -> bytes:
    return n.to_bytes(2, "little") + n.to_bytes(2, "big")


def both32(n: int) -> bytes:
    return n.to_bytes(4, "little") + n.to_bytes(4, "big")


def record(block: int, size: int, flags: int, name: bytes, su: bytes = b"") -> bytes:
    """A directory record (a pad byte after a name of even length, then ``su``)."""
    pad = b"\0" if len(name) % 2 == 0 else b""
    body = (
        b"\0"
        + both32(block)
        + both32(size)
        + bytes([124, 12, 4, 10, 0, 0, 0])
        + bytes([flags, 0, 0])
        + both16(1)
        + bytes([len(name)])
        + name
        + pad
        + su
    )
    return bytes([len(body) + 1]) + body


def susp(sig: bytes, body: bytes) -> bytes:
    return sig + bytes([len(body) + 4, 1]) + body


@dataclass
class Options:
    joliet: bool = False
    rock_ridge: bool = False
    continuation: bool = False
    """Rock Ridge names in a ``CE`` continuation area, not in the record."""
    multi_extent: tuple[str, ...] = ()
    """Files written as two records (their first half, a whole block, and the rest)."""
    volume: str = "LPO_HA_0412"
    publisher: str = "LPO"
    preparer: str = "M. HOEKSTRA"
    iso_names: dict[str, str] = field(default_factory=dict)
    """A path's step's ISO 9660 identifier (default: its upper case, ``;1`` for files)."""


def _dirs(files: dict[str, bytes]) -> list[str]:
    dirs = {""}
    for path in files:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    return sorted(dirs, key=lambda d: (d.count("/") + bool(d), d))


def _children(path: str, files: dict[str, bytes], dirs: list[str]) -> list[tuple[str, bool]]:
    prefix = f"{path}/" if path else ""
    out = {(p[len(prefix) :].split("/")[0], False) for p in files if p.startswith(prefix)}
    out = {(n, any(d == prefix + n for d in dirs)) for n, _ in out}
    return sorted(out)


def _pack(records: list[bytes]) -> bytes:
    """Records packed into sectors (none across a sector's end)."""
    out = b""
    for rec in records:
        if len(out) % SECTOR + len(rec) > SECTOR:
            out += bytes(-len(out) % SECTOR)
        out += rec
    return out + bytes(-len(out) % SECTOR)


def build(files: dict[str, bytes], opts: Options | None = None) -> bytes:
    """An image holding ``files`` (paths with ``/``)."""
    opts = opts or Options()
    dirs = _dirs(files)
    trees = [False, True] if opts.joliet else [False]
    block = 16 + len(trees) + 1  # (the descriptors and the terminator)
    ce: dict[str, tuple[int, int]] = {}
    ce_area = b""
    ce_block = None
    if opts.rock_ridge and opts.continuation:
        ce_block = block
        for d in dirs:
            for step, _ in _children(d, files, dirs):
                entry = susp(b"NM", b"\0" + step.encode())
                ce[f"{d}/{step}" if d else step] = (len(ce_area), len(entry))
                ce_area += entry
        block += max(1, -(-len(ce_area) // SECTOR))
    # Directory extents: their sizes do not depend on where anything lies.
    sizes = {
        (j, d): len(_pack(_records(d, files, dirs, opts, j, {}, {}, ce_block, ce)))
        for j in trees
        for d in dirs
    }
    blocks: dict[tuple[bool, str], int] = {}
    for key, size in sizes.items():
        blocks[key] = block
        block += size // SECTOR
    file_blocks: dict[str, int] = {}
    for path, data in files.items():
        file_blocks[path] = block
        block += max(1, -(-len(data) // SECTOR))
    image = bytearray(block * SECTOR)
    if ce_block is not None:
        image[ce_block * SECTOR : ce_block * SECTOR + len(ce_area)] = ce_area
    for j in trees:
        located = {d: (blocks[(j, d)], sizes[(j, d)]) for d in dirs}
        for d in dirs:
            extent = _pack(_records(d, files, dirs, opts, j, located, file_blocks, ce_block, ce))
            at = blocks[(j, d)] * SECTOR
            image[at : at + len(extent)] = extent
    for path, data in files.items():
        at = file_blocks[path] * SECTOR
        image[at : at + len(data)] = data
    for index, j in enumerate(trees):
        root = record(blocks[(j, "")], sizes[(j, "")], 2, b"\0")
        at = (16 + index) * SECTOR
        image[at : at + SECTOR] = _descriptor(opts, j, root, len(image))
    at = (16 + len(trees)) * SECTOR
    image[at : at + 7] = bytes([255]) + b"CD001\x01"
    return bytes(image)


def _descriptor(opts: Options, joliet: bool, root: bytes, size: int) -> bytes:
    out = bytearray(SECTOR)
    out[0] = 2 if joliet else 1
    out[1:7] = b"CD001\x01"

    def text(value: str, width: int) -> bytes:
        if joliet:
            raw = value.encode("utf-16-be")
            return (raw + " ".encode("utf-16-be") * width)[:width]
        return value.encode().ljust(width)[:width]

    out[8:40] = text("WIN32", 32)
    out[40:72] = text(opts.volume, 32)
    out[80:88] = both32(size // SECTOR)
    if joliet:
        out[88:91] = b"%/E"
    out[120:124] = both16(1)
    out[124:128] = both16(1)
    out[128:132] = both16(SECTOR)
    out[156 : 156 + len(root)] = root
    out[318:446] = text(opts.publisher, 128)
    out[446:574] = text(opts.preparer, 128)
    out[574:702] = text("IMGBURN", 128)
    out[881] = 1
    return bytes(out)


def _iso_name(step: str, is_dir: bool, opts: Options, path: str) -> bytes:
    if path in opts.iso_names:
        return opts.iso_names[path].encode()
    return step.upper().encode() if is_dir else step.upper().encode() + b";1"


def _records(
    d: str,
    files: dict[str, bytes],
    dirs: list[str],
    opts: Options,
    joliet: bool,
    located: dict[str, tuple[int, int]],
    file_blocks: dict[str, int],
    ce_block: int | None,
    ce: dict[str, tuple[int, int]],
) -> list[bytes]:
    """A directory's records: ``.``, ``..``, then its entries."""
    here = located.get(d, (0, 0))
    parent = located.get(d.rsplit("/", 1)[0] if "/" in d else "", (0, 0))
    rock = opts.rock_ridge and not joliet
    dot_su = susp(b"SP", b"\xbe\xef\0") + susp(b"RR", b"\x89") if rock and d == "" else b""
    recs = [record(*here, 2, b"\0", dot_su), record(*parent, 2, b"\1")]
    for step, is_dir in _children(d, files, dirs):
        path = f"{d}/{step}" if d else step
        name = step.encode("utf-16-be") if joliet else _iso_name(step, is_dir, opts, path)
        su = b""
        if rock:
            mode = 0o40755 if is_dir else 0o100644
            su = susp(b"PX", both32(mode) + both32(1) + both32(0) + both32(0))
            if ce_block is None:
                su += susp(b"NM", b"\0" + step.encode())
            else:
                offset, length = ce[path]
                su += susp(b"CE", both32(ce_block) + both32(offset) + both32(length))
        if is_dir:
            recs.append(record(*located.get(path, (0, 0)), 2, name, su))
            continue
        data = files[path]
        block = file_blocks.get(path, 0)
        if path in opts.multi_extent and len(data) > SECTOR:
            recs.append(record(block, SECTOR, 0x80, name, su))
            recs.append(record(block + 1, len(data) - SECTOR, 0, name, su))
        else:
            recs.append(record(block, len(data), 0, name, su))
    return recs
