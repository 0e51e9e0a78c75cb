"""describe_error: archive-library errors become value-free manifest reasons."""

from __future__ import annotations

import json
import tarfile
import zipfile
import zlib

import pytest

from breachscope.ingest.members import describe_error

SECRET_NAME = "Zwanenburg"
SECRET_BSN = "123456782"


def _raised(make: object) -> BaseException:
    try:
        make()  # type: ignore[operator]
    except BaseException as exc:
        return exc
    raise AssertionError("expected an exception")


CASES = [
    (lambda: int(f"{SECRET_NAME} {SECRET_BSN}"), "ValueError"),
    (lambda: {}[f"{SECRET_NAME}"], "KeyError"),
    (lambda: (SECRET_BSN.encode() + b"\xff" + SECRET_NAME.encode()).decode(), "UnicodeDecodeError"),
    (lambda: json.loads(f'{{"naam": "{SECRET_NAME}" {SECRET_BSN}}}'), "JSONDecodeError"),
    (
        lambda: (_ for _ in ()).throw(zipfile.BadZipFile(f"Bad CRC-32 for file '{SECRET_NAME}'")),
        "BadZipFile",
    ),
    (
        lambda: (_ for _ in ()).throw(
            tarfile.ReadError(f'bad header "{SECRET_NAME}" {SECRET_BSN}')
        ),
        "ReadError",
    ),
    (
        lambda: (_ for _ in ()).throw(OSError(2, "No such file", f"{SECRET_NAME}.csv")),
        "FileNotFoundError",
    ),
    (
        lambda: (_ for _ in ()).throw(RuntimeError(f"near b'{SECRET_NAME}' at 1961-02-26")),
        "RuntimeError",
    ),
]


@pytest.mark.parametrize(("make", "kind"), CASES)
def test_reason_has_type_but_no_value(make: object, kind: str) -> None:
    text = describe_error(_raised(make))
    assert text.startswith(kind)
    for secret in (SECRET_NAME, SECRET_BSN, "1961-02-26"):
        assert secret not in text


def test_unicode_error_reports_encoding_and_offset() -> None:
    exc = _raised(lambda: (SECRET_BSN.encode() + b"\xff").decode("utf-8"))
    assert describe_error(exc) == "UnicodeDecodeError: utf-8 at offset 9"


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            zlib.error("Error -3 while decompressing data: invalid distance too far back"),
            "error: Error -3 while decompressing data: invalid distance too far back",
        ),
        (tarfile.ReadError("unexpected end of data"), "ReadError: unexpected end of data"),
        (zipfile.BadZipFile("File is not a zip file"), "BadZipFile: File is not a zip file"),
        (RuntimeError(""), "RuntimeError"),
    ],
)
def test_value_free_library_messages_are_kept(exc: BaseException, expected: str) -> None:
    assert describe_error(exc) == expected


def test_long_messages_are_capped() -> None:
    assert len(describe_error(RuntimeError("x " * 500))) <= len("RuntimeError: ") + 120
