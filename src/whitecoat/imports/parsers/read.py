"""Bytes → a `Book` of sheets of cells: CSV in any of the encodings exports use, or XLSX.

CSV: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM (Meta Business Suite, Excel's
"Unicode text"), UTF-16 LE without one, and Windows-1252 as the last resort. The delimiter
is taken from a first `sep=,` line (Excel's hint, which Meta writes) or found among comma,
tab, semicolon and pipe. XLSX is read with openpyxl, values only; old binary .xls is
refused with a way out.
"""

from __future__ import annotations

import csv
import io
import zipfile

from whitecoat.imports.parsers.base import Book, FileError, Sheet

DELIMITERS = [",", "\t", ";", "|"]
MAX_ROWS = 200_000


def read_book(data: bytes, filename: str) -> Book:
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise FileError("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileError(
            "This is an old Excel .xls file, which WhiteCoat cannot read: open it in Excel or "
            "LibreOffice and save it as .xlsx (or CSV), then upload that."
        )
    if data[:5] == b"%PDF-":
        raise FileError("This is a PDF report; export the data as CSV or XLSX instead.")
    text, encoding_note = decode(data)
    book = _read_csv(text, filename)
    if encoding_note:
        book.notes.append(encoding_note)
    return book


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and, when it was not UTF-8, a note saying what it was."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), ""
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace"), "The file is UTF-16 (read as such)."
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace"), "The file is UTF-16 (read as such)."
    sample = data[:4000]
    if len(sample) > 3 and sample[1::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-le", errors="replace"), "The file is UTF-16 (read as such)."
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (
            "The file is not UTF-8; it was read as Windows-1252 (Western European)."
        )


def _sniff(lines: list[str]) -> str:
    """The delimiter that splits the most sample lines into the same number (> 1) of cells."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths: dict[int, int] = {}
        for cells in csv.reader(lines, delimiter=delimiter):
            if len(cells) > 1:
                widths[len(cells)] = widths.get(len(cells), 0) + 1
        if not widths:
            continue
        width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best


def _read_csv(text: str, filename: str) -> Book:
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    delimiter = None
    skipped = 0
    if lines and lines[0].strip().strip('"').lower().startswith("sep="):
        hint = lines[0].strip().strip('"')[4:]
        delimiter = {"\\t": "\t", "": "\t"}.get(hint, hint[:1])
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skipped = 1  # Excel hides the hint line, so row numbers start after it
    if delimiter is None:
        delimiter = _sniff(lines[skipped : skipped + 40])
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            rows.append([cell.replace("\x00", "") for cell in cells])
            if len(rows) > MAX_ROWS:
                raise FileError(f"The file has more than {MAX_ROWS:,} rows; split it.")
    except csv.Error as error:
        raise FileError(f"The file is not a readable CSV file ({error}).") from None
    sheet = Sheet(name="csv", rows=rows, numbers=list(range(1, len(rows) + 1)))  # type: ignore[arg-type]
    return Book(filename=filename, sheets=[sheet])


def _read_xlsx(data: bytes, filename: str) -> Book:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileError(f"The file is not a readable XLSX workbook ({error}).") from None
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            rows, numbers = [], []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                rows.append(list(values))
                numbers.append(number)
                if len(rows) > MAX_ROWS:
                    raise FileError(f"The sheet {worksheet.title} has more than {MAX_ROWS:,} rows.")
            # Trailing empty cells and rows are formatting, not data.
            sheets.append(Sheet(name=worksheet.title, rows=rows, numbers=numbers))
    finally:
        workbook.close()
    return Book(filename=filename, sheets=sheets)
