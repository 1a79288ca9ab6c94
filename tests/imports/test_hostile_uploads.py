"""Hostile uploads, built here: ZIP bombs, the dimension trick, forged and damaged workbooks,
binary junk and files renamed to look like exports. Each is refused with a message that says
what the file is, and nothing is saved."""

# ruff: noqa: E501 - the tables keep one hostile file per line, however long.

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.imports.test_api import _client
from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports import forms, services
from whitecoat.imports.models import Import
from whitecoat.imports.parsers import FileError, ParseOptions, parse_file, read_book
from whitecoat.imports.parsers import read as reader

SHEET = "xl/worksheets/sheet1.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NOISE = random.Random(9).randbytes(4096)  # the same "random" bytes every run
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _workbook() -> bytes:
    """A small, honest X overview export as XLSX."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Impressions", "Engagements", "New follows"])
    sheet.append([dt.date(2026, 8, 1), 120, 4, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_part(name: str, chunks, data: bytes | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with the part `name` replaced by the chunks, streamed (never in memory)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data or _workbook())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        with target.open(name, "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return out.getvalue()


def _sheet_xml(data: bytes | None = None) -> str:
    with zipfile.ZipFile(io.BytesIO(data or _workbook())) as archive:
        return archive.read(SHEET).decode()


def _refused(data: bytes, name: str = "export.xlsx") -> str:
    with pytest.raises(FileError) as error:
        read_book(data, name)
    return str(error.value)


# ----------------------------------------------------------------------------- ZIP bombs


def test_zip_bomb_sheet_is_refused_before_it_is_unpacked():
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 2_000
    chunks = [f"<worksheet {MAIN}><sheetData>".encode(), *[row] * 500, b"</sheetData></worksheet>"]
    bomb = _with_part(SHEET, chunks)  # 50 MB of rows in a ~100 KB file

    message = _refused(bomb)

    assert len(bomb) < 500_000
    assert message.startswith(f"The workbook's part {SHEET} is compressed more than 200 times")
    assert "ZIP bomb" in message


def test_workbook_unpacking_to_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_XLSX_BYTES", 2 * 1024 * 1024)
    noise = os.urandom(64 * 1024).hex().encode()  # compresses about 2:1, like real data
    data = _with_part("xl/media/filler.bin", [noise] * 20)

    message = _refused(data)

    assert re.match(r"The workbook unpacks to \d+ MB, more than WhiteCoat reads \(2 MB\)", message)


def test_the_zip_directory_cannot_lie_about_a_part_size():
    bomb = _with_part(SHEET, [b"<worksheet/>" + b" " * 5_000_000])
    # Declare the sheet 1,000 bytes: zipfile then stops there and the CRC check fails.
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        info = archive.getinfo(SHEET)
    entry = bomb.rfind(b"PK\x01\x02", 0, bomb.rfind(SHEET.encode()))
    forged = bytearray(bomb)
    size_at = entry + 24  # uncompressed size in the central directory entry
    assert int.from_bytes(forged[size_at : size_at + 4], "little") in {info.file_size, 2**32 - 1}
    forged[size_at : size_at + 4] = (1000).to_bytes(4, "little")

    message = _refused(bytes(forged))

    assert message.startswith("The file is not a readable XLSX workbook")


# ------------------------------------------------------------------ sheets too big to hold


def test_dimension_trick_is_refused_by_the_column_cap():
    xml = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>', _sheet_xml())

    message = _refused(_with_part(SHEET, [xml.encode()]))

    assert message == (
        "The sheet Sheet is 16,384 columns wide; WhiteCoat reads up to 1,000. Delete the empty "
        "columns after the data (or save the sheet as CSV) and upload again."
    )


def test_a_cell_in_the_last_column_is_refused_without_a_dimension():
    xml = f'<worksheet {MAIN}><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>'

    message = _refused(_with_part(SHEET, [xml.encode()]))

    assert message.startswith("The sheet Sheet is 16,384 columns wide")


def test_rows_of_one_far_cell_are_refused_by_the_cell_cap(monkeypatch):
    monkeypatch.setattr(reader, "MAX_CELLS", 50_000)
    rows = "".join(f'<row r="{n}"><c r="ALL{n}"><v>1</v></c></row>' for n in range(1, 200))
    xml = f'<worksheet {MAIN}><dimension ref="A1:ALL199"/><sheetData>{rows}</sheetData></worksheet>'

    message = _refused(_with_part(SHEET, [xml.encode()]))

    assert message.startswith("The workbook has more than 50,000 cells")


def test_a_row_numbered_a_million_is_refused_by_the_row_cap():
    xml = (
        f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>'
    )

    assert (
        _refused(_with_part(SHEET, [xml.encode()])) == "The sheet Sheet has more than 200,000 rows."
    )


def test_empty_rows_of_a_wide_sheet_take_no_room():
    xml = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:ALL40000"/>', _sheet_xml())
    xml = xml.replace("</sheetData>", '<row r="40000"/></sheetData>')

    (sheet,) = read_book(_with_part(SHEET, [xml.encode()]), "export.xlsx").sheets

    assert (len(sheet.rows), len(sheet.rows[0]), sheet.rows[100]) == (40_000, 1_000, [])


# ------------------------------------------------------------- forged and damaged workbooks


@pytest.mark.parametrize(
    "part,content,message",
    [
        (SHEET, b"<worksheet><sheetData><row", "The file is not a readable XLSX workbook"),
        ("xl/styles.xml", b"junk", "The file is not a readable XLSX workbook"),
        (SHEET, f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>'.encode(), "The file is not a readable XLSX workbook"),
        (SHEET, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaa">'
                + b"".join(f'<!ENTITY {n} "{("&" + p + ";") * 16}">'.encode() for p, n in zip("abcdef", "bcdefg", strict=True))
                + f"]><worksheet {MAIN}><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&g;</t></is></c></row></sheetData></worksheet>".encode(),
         "The file is not a readable XLSX workbook"),
        ("xl/workbook.xml", b"<workbook/>", "The workbook has no sheets."),
    ],
    ids=["broken sheet XML", "broken styles", "shared string out of range", "entity bomb", "no sheets"],
)  # fmt: skip
def test_damaged_or_forged_workbook_parts_are_refused(part, content, message):
    assert _refused(_with_part(part, [content])).startswith(message)


def test_an_infinite_number_in_a_forged_workbook_is_a_row_error():
    xml = _sheet_xml().replace("<v>120</v>", "<v>1e999</v>")
    data = _with_part(SHEET, [xml.encode()])

    parsed = parse_file(data, "x.xlsx", options=ParseOptions(today=dt.date(2026, 9, 1)))

    assert parsed.format == "x_overview"
    assert [str(error) for error in parsed.result.errors] == [
        "Sheet row 2 (Impressions): “inf” is not a number"
    ]


# ------------------------------------------------------------------------ type sniffing


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("export.csv", PNG + NOISE[:200], "This is a PNG image, not a spreadsheet"),
        ("export.csv", b"\xff\xd8\xff\xe0" + NOISE[:200], "This is a JPEG image"),
        ("export.csv", b"\x1f\x8b\x08" + NOISE[:200], "This is a gzip archive"),
        ("export.csv", b"\x7fELF\x02\x01" + bytes(200), "This is a program"),
        ("export.csv", NOISE, "This file is not text, so not a CSV file"),
        ("export.csv", bytes(range(256)) * 16, "This file is not text, so not a CSV file"),
        ("export.xlsx", b"Date,Impressions\n2026-08-01,12\n", "The file is named .xlsx but is not an Excel workbook"),
        ("export.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "This workbook is password-protected"),
        ("export.xlsx", _zip({"a.csv": b"Date,Impressions\n"}), "This is a ZIP archive but not an Excel workbook"),
        ("export.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "This is an OpenDocument (LibreOffice) file"),
        ("export.xlsx", _workbook()[: len(_workbook()) // 2], "The file is not a readable XLSX workbook"),
    ],
    ids=["png", "jpeg", "gzip", "elf", "random bytes", "binary table", "csv named xlsx",
         "encrypted xlsx", "zip of csv", "ods", "truncated xlsx"],
)  # fmt: skip
def test_files_are_typed_by_their_bytes_not_their_name(name, data, message):
    assert _refused(data, name).startswith(message)


def test_a_real_csv_with_nul_padding_is_still_read():
    data = b"Date,Impressions,Engagements,New follows\r\n2026-08-01,12,1,0\r\n" + bytes(300)

    (sheet,) = read_book(data, "export.csv").sheets

    assert sheet.rows[:2] == [
        ["Date", "Impressions", "Engagements", "New follows"],
        ["2026-08-01", "12", "1", "0"],
    ]


# --------------------------------------------------------- the upload path saves nothing


def test_hostile_upload_is_refused_by_the_service_and_nothing_is_saved(admin):
    with pytest.raises(WhiteCoatError) as error:
        services.import_upload(by=admin, file_name="export.csv", data=PNG + bytes(100))

    assert (error.value.code, error.value.message) == (
        "unreadable",
        "This is a PNG image, not a spreadsheet: upload the CSV or XLSX export.",
    )
    assert not Import.objects.exists()


def test_upload_over_the_size_limit_is_refused_before_it_is_read(admin, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1024 * 1024)
    monkeypatch.setattr(services, "read_book", lambda *a: pytest.fail("read an oversized file"))

    with pytest.raises(WhiteCoatError, match=r"The file is larger than 1 MB: split it\."):
        services.import_upload(by=admin, file_name="big.csv", data=b"a,b\n" * 300_000)

    assert not Import.objects.exists()


def test_upload_form_refuses_a_file_over_the_size_limit(client, admin, monkeypatch):
    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 1000)
    client.force_login(admin)

    response = client.post(
        reverse("imports:index"), {"file": SimpleUploadedFile("big.csv", b"a,b\n" * 300)}
    )

    assert response.status_code == 200
    assert "The file is larger than 25 MB: split it." in response.text
    assert not Import.objects.exists()


def test_upload_page_shows_why_a_zip_bomb_is_refused(client, admin):
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 2_000
    bomb = _with_part(SHEET, [f"<worksheet {MAIN}><sheetData>".encode(), *[row] * 200])
    client.force_login(admin)

    response = client.post(
        reverse("imports:index"), {"file": SimpleUploadedFile("Content.xlsx", bomb)}
    )

    assert response.status_code == 200
    assert "is compressed more than 200 times, as no export is" in response.text
    assert not Import.objects.exists()


def test_upload_page_shows_what_a_renamed_image_is(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("imports:index"), {"file": SimpleUploadedFile("report.csv", PNG + bytes(64))}
    )

    assert response.status_code == 200
    assert "This is a PNG image, not a spreadsheet" in response.text
    assert not Import.objects.exists()


def test_api_refuses_a_forged_workbook_with_409_and_saves_nothing(admin):
    xml = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>', _sheet_xml())
    upload = SimpleUploadedFile("export.xlsx", _with_part(SHEET, [xml.encode()]))

    response = _client(admin).post("/api/v1/imports", {"file": upload})

    assert response.status_code == 409
    assert "16,384 columns wide" in response.json()["detail"]
    assert not Import.objects.exists()
