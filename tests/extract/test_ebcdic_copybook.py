"""A mainframe data set read with the COBOL copybook beside it (its companion), in the
same folder or archive."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.engine.batch import ScanItem, scan_batch
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.ebcdic import EbcdicExtractor, copybook_names
from breachscope.extract.units import TableUnit, TextUnit

from .rows import rows_by_number
from .test_copybook import COPYBOOK, RECORDS

pytestmark = pytest.mark.timeout(120)

DATA_SET = "ftp-inbox/BVO.UITSLAG.D240513.T0615.DAT"


def extract(data: bytes, beside: dict[str, bytes], path: str = DATA_SET) -> list[Extracted]:
    def names(suffixes: tuple[str, ...]) -> list[str]:
        return sorted(n for n in beside if n.lower().endswith(suffixes))

    source = Source(path, "ebcdic", len(data), lambda: io.BytesIO(data), None, beside.get, names)
    return list(EbcdicExtractor().extract(source, Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_names_by_the_data_set_s_qualifiers() -> None:
    names = copybook_names("a.zip!/in/BVO.UITSLAG.D240513.T0615.DAT")
    assert names[:3] == [
        "BVO.UITSLAG.D240513.T0615.DAT.cpy",
        "BVO.UITSLAG.D240513.T0615.DAT.cbl",
        "BVO.UITSLAG.D240513.T0615.DAT.copy",
    ]
    assert names.index("BVO.UITSLAG.cpy") < names.index("BVO.cpy")


def test_a_copybook_beside_the_data_set_makes_its_records_rows() -> None:
    items = extract(b"".join(RECORDS), {"BVOUITS.cpy": COPYBOOK.encode()})
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert tables and tables[0].location.path == DATA_SET
    assert not [u for u in items if isinstance(u, TextUnit)]
    rows = rows_by_number(items)
    assert rows[1]["UR-BSN"] == "123456782" and rows[1]["UR-GEBDAT"] == "19780304"
    assert rows[2]["UR-BSN"] == "012345672" and rows[2]["UR-BEDRAG"] == "-00075.00"
    assert rows[3]["UR-NAAM"] == "YILMAZ, Ö."
    assert not notes(items)


def test_the_data_set_s_own_copybook_first_and_a_misfit_passed_over() -> None:
    other = COPYBOOK.replace("PIC X(13).", "PIC X(14).")  # 93 bytes: does not divide
    beside = {"AAA.cpy": other.encode(), "BVO.UITSLAG.CBL": COPYBOOK.encode()}
    assert rows_by_number(extract(b"".join(RECORDS), beside))[1]["UR-BSN"] == "123456782"
    items = extract(b"".join(RECORDS), {"AAA.cpy": other.encode()})
    assert [u for u in items if isinstance(u, TextUnit)]  # read as text
    assert notes(items) == [
        "copybook AAA.cpy (93-byte records) beside it does not fit the data set: records as text"
    ]


def test_variable_records_and_a_copybook_in_ebcdic() -> None:
    words = b"".join((len(r) + 4).to_bytes(2, "big") + b"\0\0" + r for r in RECORDS)
    cards = b"".join(line.ljust(80)[:80].encode("cp037") for line in COPYBOOK.splitlines())
    rows = rows_by_number(extract(words, {"UITSLAG.COPY": cards}))
    assert rows[3]["UR-BSN"] == "111222333"


def test_a_broken_copybook_leaves_the_records_text() -> None:
    items = extract(b"".join(RECORDS), {"x.cpy": b"\x00\xff garbage", "y.cpy": b"01 X."})
    assert [u for u in items if isinstance(u, TextUnit)]
    assert not [u for u in items if isinstance(u, TableUnit)]


def test_a_copybook_in_the_file_wins() -> None:
    data = COPYBOOK.encode() + b"".join(RECORDS)
    other = COPYBOOK.replace("UR-NAAM ", "UR-ANDERS")
    items = extract(data, {"BVO.cpy": other.encode()})
    assert "UR-NAAM" in rows_by_number(items)[1]


def _scan(tmp_path: Path, dump: Path) -> dict[str, str]:
    items = [
        ScanItem(p.relative_to(dump).as_posix(), str(p), p.stat().st_size, dump_root=str(dump))
        for p in sorted(dump.rglob("*"))
        if p.is_file()
    ]
    manifest, findings = scan_batch(items, Config(), tmp_path / "spool")
    bsn = [
        str(v)
        for v, c in zip(
            findings.column("value").to_pylist(),
            findings.column("data_class").to_pylist(),
            strict=True,
        )
        if c == "bsn"
    ]
    assert {"123456782", "111222333"} <= set(bsn)
    return dict(
        zip(
            manifest.column("path").to_pylist(),
            manifest.column("detected_type").to_pylist(),
            strict=True,
        )
    )


def test_scan_pairs_a_data_set_with_the_copybook_in_its_folder(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    (dump / "ftp-inbox").mkdir(parents=True)
    (dump / "ftp-inbox" / "BVO.UITSLAG.D240513.T0615.DAT").write_bytes(b"".join(RECORDS))
    (dump / "ftp-inbox" / "BVOUITS.cpy").write_text(COPYBOOK)
    types = _scan(tmp_path, dump)
    assert types["ftp-inbox/BVOUITS.cpy"] == "text"  # read on its own as well


def test_scan_pairs_a_data_set_with_the_copybook_in_its_zip(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    with zipfile.ZipFile(dump / "BVO.UITSLAG.D240513.zip", "w") as zf:
        zf.writestr("BVO.UITSLAG.D240513.T0615.DAT", b"".join(RECORDS))
        zf.writestr("BVOUITS.cpy", COPYBOOK)
    types = _scan(tmp_path, dump)
    assert types["BVO.UITSLAG.D240513.zip!/BVO.UITSLAG.D240513.T0615.DAT"] == "ebcdic"
