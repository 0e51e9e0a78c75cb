"""``breachscope detect`` and ``breachscope evaluate`` (detection part)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from breachscope.cli.app import build_app

TEXT = "Patiënt: mevr. J.M. de Vries, BSN 111222333"


def test_detect_masks_values() -> None:
    result = CliRunner().invoke(build_app(), ["detect", TEXT, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["findings"]
    assert {r["data_class"] for r in rows} == {"name", "bsn"}
    assert "111222333" not in result.output and "Vries" not in result.output


def test_detect_reveal_and_file(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["detect", str(path), "--reveal", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["findings"]
    assert "111222333" in {r["value"] for r in rows}
    assert all(r["location"].startswith("note.txt") for r in rows)


def test_detect_reads_the_files_own_name(tmp_path: Path) -> None:
    path = tmp_path / "aanvraag_JANSEN_P_19780312.txt"
    path.write_text("Uitslag: hrHPV negatief\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["detect", str(path), "--reveal", "--json"])
    assert result.exit_code == 0, result.output
    rows = {
        (r["data_class"], r["value"], r["location"]) for r in json.loads(result.output)["findings"]
    }
    assert ("name", "P. Jansen", f"{path.name}#part=(path)&start=9&end=17") in rows
    assert "health" in {r[0] for r in rows}


def test_detect_masks_the_files_own_name_in_locations(tmp_path: Path) -> None:
    """Without ``--reveal`` the locations hide what the file's name holds, as the scan's
    logs and exports do: the name, and the date of birth beside it."""
    path = tmp_path / "aanvraag_JANSEN_P_19780312.txt"
    path.write_text("Uitslag: hrHPV negatief\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["detect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    locations = [r["location"] for r in json.loads(result.output)["findings"]]
    assert locations and all(
        loc.startswith("aanvraag_[name]_[date_of_birth].txt#") for loc in locations
    )
    assert "JANSEN" not in result.output and "19780312" not in result.output


def test_detect_says_when_a_file_name_is_read_as_text(tmp_path: Path) -> None:
    """A mistyped file name is read as text, and ``detect`` says so; a folder is refused."""
    missing = str(tmp_path / "uitslagen.csv")
    result = CliRunner().invoke(build_app(), ["detect", missing, "--json"])
    assert result.exit_code == 0
    assert "no file" in result.stderr and json.loads(result.stdout)["findings"] == []
    assert "no file" not in CliRunner().invoke(build_app(), ["detect", TEXT]).stderr
    folder = CliRunner().invoke(build_app(), ["detect", str(tmp_path)])
    assert folder.exit_code == 2 and "breachscope scan" in folder.stderr


def test_detect_refuses_an_archive(tmp_path: Path) -> None:
    """An archive is no file to read as text (it gave nothing, and said nothing): its
    members are files of their own, which ``scan`` reads."""
    path = tmp_path / "dump.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "BSN: 111222333")
    result = CliRunner().invoke(build_app(), ["detect", str(path), "--json"])
    assert result.exit_code == 2
    assert "archive" in result.stderr and "breachscope scan" in result.stderr


def test_detect_reads_a_saved_page_whose_image_it_cannot(tmp_path: Path) -> None:
    from email.message import EmailMessage

    page = EmailMessage()
    page["From"] = "<Saved by Blink>"  # (as Chrome saves a page)
    page["Subject"] = "Uitslagen"
    page["Date"] = "Wed, 12 Jun 2024 10:41:07 +0200"
    page.set_content(
        "<html><body><p>Patiënt: mevr. J.M. de Vries, BSN 111222333</p></body></html>",
        subtype="html",
    )
    page.add_related(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image", "png", cid="<logo>")
    path = tmp_path / "uitslagen.mhtml"
    path.write_bytes(page.as_bytes())
    result = CliRunner().invoke(build_app(), ["detect", str(path), "--reveal", "--json"])
    assert result.exit_code == 0, result.output
    assert "111222333" in {r["value"] for r in json.loads(result.stdout)["findings"]}
    assert "note: a file inside uitslagen.mhtml was not read: needs OCR" in result.stderr


def test_detect_table_output() -> None:
    result = CliRunner().invoke(build_app(), ["detect", TEXT])
    assert result.exit_code == 0
    assert "bsn" in result.output and "111222333" not in result.output


def test_evaluate_needs_a_case(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(), ["evaluate", "--case", str(tmp_path / "none"), "--truth", str(tmp_path)]
    )
    assert result.exit_code == 2


HELD = (
    "Paspoortnummer: NXC3J8K11. Uw huisarts dr. P. Willems (AGB 01123456).\n"
    "Met vriendelijke groet,\nAfdeling Uitslagen\nTel. 030-1234567"
)


def test_detect_says_why_values_it_found_are_not_reported() -> None:
    result = CliRunner().invoke(build_app(), ["detect", HELD, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["version"] == 2 and out["findings"] == []
    held = [(h["kind"], h["data_class"], h["reason"].split(":")[0]) for h in out["held_back"]]
    assert held == [
        ("id_document", None, "context only"),
        (
            "provider_name",
            "provider",
            "a care provider, in a text without patient data (BSN, date of birth, health)",
        ),
        (
            "provider_agb",
            "provider",
            "a care provider, in a text without patient data (BSN, date of birth, health)",
        ),
        ("phone", "phone", "an organisation's contact data"),
    ]
    assert "NXC3J8K11" not in result.output and "Willems" not in result.output  # masked
    table = CliRunner().invoke(build_app(), ["detect", HELD])
    assert "not reported" in table.output and "NXC3J8K11" not in table.output
