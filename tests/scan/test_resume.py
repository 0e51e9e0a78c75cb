"""Kill ``breachscope scan`` with SIGKILL mid-way, twice, resume: the case ends exactly as
after an uninterrupted scan, and files already committed are never read again."""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from breachscope.case import Case
from breachscope.config import Config

from .runner import run_cli, sandbox_env

SURNAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]
CITIES = ["Delft", "Ede", "Utrecht", "Zwolle", "Breda", "Leiden"]


def _csv(rng: random.Random, rows: int) -> bytes:
    lines = ["naam;woonplaats;geboortedatum;telefoon"]
    for _ in range(rows):
        lines.append(
            f"{rng.choice(SURNAMES)};{rng.choice(CITIES)};"
            f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d};"
            f"06{rng.randint(10000000, 99999999)}"
        )
    return ("\n".join(lines) + "\n").encode()


def build_dump(dump: Path) -> set[str]:
    rng = random.Random(7)
    files: dict[str, bytes] = {}
    for i in range(240):
        files[f"exports/part{i // 40}/lijst_{i:03d}.csv"] = _csv(rng, 60)
    for i in range(40):
        files[f"logs/app_{i:02d}.log"] = b"".join(
            f"2024-01-{i % 28 + 1:02d} INFO bericht {j} van {rng.choice(SURNAMES)}\n".encode()
            for j in range(80)
        )
    for z in range(6):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for m in range(8):
                zf.writestr(f"in/{m}.csv", _csv(rng, 40))
            zf.writestr("shared.csv", files["exports/part0/lijst_000.csv"])
        files[f"archive/backup_{z}.zip"] = buf.getvalue()
    files["copies/lijst_000.csv"] = files["exports/part0/lijst_000.csv"]
    files["copies/backup_0.zip"] = files["archive/backup_0.zip"]
    for rel, data in files.items():
        (dump / rel).parent.mkdir(parents=True, exist_ok=True)
        (dump / rel).write_bytes(data)
    return set(files)


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_after_commits(
    dump: Path, case: Path, sandbox: Path, commits: int, after: str | None = None
) -> None:
    """Kill the scan after ``commits`` batch commits (counted after the first log line
    holding ``after``, when given)."""
    cmd = [
        sys.executable,
        "-m",
        "breachscope",
        "scan",
        str(dump),
        "--case",
        str(case),
        "--workers",
        "2",
        "--log-json",
    ]
    proc = subprocess.Popen(
        cmd,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=sandbox_env(sandbox),
        cwd=sandbox / "cwd",
    )
    assert proc.stderr is not None
    seen = 0
    workers: set[int] = set()
    counting = after is None
    for line in proc.stderr:
        workers |= _children(proc.pid)
        counting = counting or (after is not None and after in line)
        if counting and '"batch_committed"' in line:
            seen += 1
            if seen >= commits:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the scan finished before it could be killed"
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not any(_alive(w) for w in workers), "workers outlived the driver"


def committed(case: Path, tmp: Path) -> set[str]:
    """Top-level paths with a committed row (read from a copy: the scan may not own it)."""
    copy = tmp / f"copy-{time.monotonic_ns()}"
    shutil.copytree(case, copy)
    con = duckdb.connect(str(copy / "case.duckdb"))
    try:
        rows = con.execute(
            "SELECT f.path FROM files f JOIN scan_inventory i USING (path) "
            "WHERE i.kind = 'file' AND f.duplicate_of IS NULL"
        ).fetchall()
    finally:
        con.close()
    shutil.rmtree(copy)
    return {r[0] for r in rows}


def snapshot(
    case: Path, exclude: tuple[str, ...] = ("seconds",)
) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
    """Manifest rows (without the ``exclude`` columns) and findings, in a fixed order."""
    con = duckdb.connect(str(case / "case.duckdb"), read_only=True)
    try:
        columns = ", ".join(exclude)
        files = con.execute(f"SELECT * EXCLUDE ({columns}) FROM files ORDER BY path").fetchall()
        findings = con.execute("SELECT * FROM findings ORDER BY ALL").fetchall()
    finally:
        con.close()
    return files, findings


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_kill_and_resume(tmp_path: Path) -> None:
    dump, sandbox = tmp_path / "dump", tmp_path / "sandbox"
    regular = build_dump(dump)
    config = Config(batch_bytes=24 * 1024)
    case, reference = tmp_path / "case", tmp_path / "reference"
    for folder in (case, reference):
        Case.init(folder, config).close()

    ref = run_cli(
        ["scan", str(dump), "--case", str(reference), "--workers", "2", "--quiet"], sandbox
    )
    assert ref.rc == 0, ref.err[-3000:]

    con = duckdb.connect(str(reference / "case.duckdb"), read_only=True)
    copies = {
        r[0]
        for r in con.execute(
            "SELECT path FROM files WHERE depth = 0 AND duplicate_of IS NOT NULL"
        ).fetchall()
    }
    con.close()
    assert copies == {"exports/part0/lijst_000.csv", "copies/backup_0.zip"}
    to_read = regular - copies

    kill_after_commits(dump, case, sandbox, commits=2)
    first = committed(case, tmp_path)
    kill_after_commits(dump, case, sandbox, commits=4)
    second = committed(case, tmp_path)
    assert first < second < to_read
    # the CSV exports come first (structured files); then the logs and archives are read
    # with the name register, rebuilt from the case after this kill
    kill_after_commits(dump, case, sandbox, commits=1, after='"name_register"')
    third = committed(case, tmp_path)
    assert second < third < to_read
    assert {p for p in third if p.endswith(".csv")} == {p for p in to_read if p.endswith(".csv")}

    final = run_cli(
        ["scan", str(dump), "--case", str(case), "--workers", "2", "--log-json"], sandbox
    )
    assert final.rc == 0, final.err[-3000:]
    read_again = {e["path"] for e in final.events() if e["event"] == "file"}
    assert read_again, "the last run must have had work left"
    assert not read_again & third, "files committed before the kill were read again"
    assert read_again | third == to_read

    assert snapshot(case) == snapshot(reference)
    files, findings = snapshot(case)
    assert findings, "the reference scan found nothing: the comparison would be vacuous"
    assert any(f[0] == "copies/backup_0.zip!/shared.csv" for f in files)
