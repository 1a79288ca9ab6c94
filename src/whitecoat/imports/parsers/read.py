"""Bytes → a `Book` of sheets of cells: CSV in any of the encodings exports use, or XLSX.

CSV: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM (Meta Business Suite, Excel's
"Unicode text"), UTF-16 LE without one, and Windows-1252 as the last resort. The delimiter
is taken from a first `sep=,` line (Excel's hint, which Meta writes) or found among comma,
tab, semicolon and pipe. XLSX is read with openpyxl, values only; old binary .xls is
refused with a way out.

Uploads are hostile until read: the type comes from the bytes, not the name (a PNG renamed
.csv, an .xlsx that is not a ZIP, binary junk are refused saying what they are); an XLSX's ZIP is
inspected before openpyxl opens it (refused above `MAX_XLSX_BYTES` unpacked, or when a
large part is compressed more than `MAX_XLSX_RATIO` times, as a ZIP bomb is), a sheet may
not be wider than `MAX_COLUMNS` nor the workbook hold more than `MAX_CELLS`, and whatever
openpyxl raises on broken XML becomes a `FileError`.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
import zipfile

from whitecoat.imports.parsers.base import Book, FileError, Sheet

DELIMITERS = [",", "\t", ";", "|"]
MAX_ROWS = 200_000
# An XLSX: what its parts may unpack to, together; how much a large part may be compressed
# (spreadsheet XML compresses 5-50 times, a ZIP bomb a thousand); how many parts it may have.
MAX_XLSX_BYTES = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024 * 1024
MAX_XLSX_PARTS = 10_000
# A sheet's columns, and the cells of all sheets (rows × their width), as read.
MAX_COLUMNS = 1_000
MAX_CELLS = 12_000_000
# Share of a text file's first characters that may be control, unassigned or private ones.
BINARY_SHARE = 0.05
SAMPLE_CHARS = 8_000

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_NAMES = (".xlsx", ".xlsm", ".xltx", ".xltm")
# Files people pick by mistake, by their first bytes.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
]


def read_book(data: bytes, filename: str) -> Book:
    if not data.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise FileError("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    named_xlsx = filename.lower().rstrip().endswith(XLSX_NAMES)
    if data[:8] == OLE2:
        if named_xlsx:
            raise FileError(
                "This workbook is password-protected (or an old .xls file renamed .xlsx), "
                "which WhiteCoat cannot read: open it in Excel, remove the password and save "
                "it as .xlsx (or CSV), then upload that."
            )
        raise FileError(
            "This is an old Excel .xls file, which WhiteCoat cannot read: open it in Excel or "
            "LibreOffice and save it as .xlsx (or CSV), then upload that."
        )
    if data[:5] == b"%PDF-":
        raise FileError("This is a PDF report; export the data as CSV or XLSX instead.")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise FileError("This is a WebP image, not a spreadsheet: upload the CSV or XLSX export.")
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise FileError(f"This is {kind}, not a spreadsheet: upload the CSV or XLSX export.")
    if named_xlsx:
        raise FileError(
            "The file is named .xlsx but is not an Excel workbook (an .xlsx is a ZIP archive; "
            "this one is damaged or another kind of file renamed): download the export again."
        )
    text, encoding_note = decode(data)
    if looks_binary(text):
        raise FileError(
            "This file is not text, so not a CSV file (nor an XLSX workbook): upload the CSV "
            "or XLSX export as the platform gives it."
        )
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
    # UTF-16 LE without a BOM: Latin text is pairs of (a letter, 0); NUL padding is (0, 0).
    sample = data[:4000]
    pairs = sum(1 for low, high in zip(sample[::2], sample[1::2], strict=False) if low and not high)
    if len(sample) > 3 and pairs > len(sample) // 4:
        return data.decode("utf-16-le", errors="replace"), "The file is UTF-16 (read as such)."
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (
            "The file is not UTF-8; it was read as Windows-1252 (Western European)."
        )


def looks_binary(text: str) -> bool:
    """Whether decoded text is binary data: more than `BINARY_SHARE` of its first characters
    are control characters (NULs aside: some exports pad with them), or unassigned or
    private code points. (Random bytes read as Windows-1252 are 11 % control characters.)"""
    sample = text[:SAMPLE_CHARS]
    odd = 0
    for char in sample:
        if char < " ":
            odd += char not in "\t\n\r\x0c\x00"
        elif char >= "\x7f" and unicodedata.category(char) in {"Cc", "Co", "Cn"}:
            odd += 1
    return odd > len(sample) * BINARY_SHARE


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


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP that is not a workbook, or would unpack to too much (a ZIP bomb), from
    its directory alone: zipfile stops each part at its declared size, so these hold."""
    parts = archive.infolist()
    if len(parts) > MAX_XLSX_PARTS:
        raise FileError(
            f"The workbook has {len(parts):,} parts (at most {MAX_XLSX_PARTS:,}): "
            "it is not an export; save the data as CSV and upload that."
        )
    names = {part.filename for part in parts}
    mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
    if (
        mimetype is not None
        and mimetype.file_size < 200
        and archive.read(mimetype).startswith(b"application/vnd.oasis.opendocument")
    ):
        raise FileError(
            "This is an OpenDocument (LibreOffice) file, which WhiteCoat cannot read: "
            "save it as .xlsx (or CSV), then upload that."
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileError(
            "This is a ZIP archive but not an Excel workbook (.xlsx): unpack it and upload "
            "the CSV or XLSX export inside."
        )
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_CHECKED_ABOVE and part.file_size > MAX_XLSX_RATIO * max(
            part.compress_size, 1
        ):
            raise FileError(
                f"The workbook's part {part.filename[:80]} is compressed more than "
                f"{MAX_XLSX_RATIO} times, as no export is (a “ZIP bomb”): refused. Save the "
                "data as CSV and upload that."
            )
    if total > MAX_XLSX_BYTES:
        raise FileError(
            f"The workbook unpacks to {total / 1024 / 1024:,.0f} MB, more than WhiteCoat reads "
            f"({MAX_XLSX_BYTES // 1024 // 1024} MB): split it, or save the data as CSV."
        )


def _cell(value: object) -> object:
    """A cell as the parsers take it: a number that is not finite (only a forged file has
    one) becomes its text, so it is refused as "not a number" like any other text."""
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    return value


def _read_xlsx(data: bytes, filename: str) -> Book:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
    except FileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise FileError(f"The file is not a readable XLSX workbook ({error}).") from None
    import openpyxl

    sheets = []
    cells = 0
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        try:
            for worksheet in workbook.worksheets:
                width = worksheet.max_column or 0  # from the sheet's <dimension>, if any
                if width > MAX_COLUMNS:
                    raise _too_wide(worksheet.title, width)
                rows: list[list[object]] = []
                numbers = []
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    if len(values) > MAX_COLUMNS:
                        raise _too_wide(worksheet.title, len(values))
                    if values.count(None) == len(values):
                        rows.append([])  # an empty row: nothing to keep
                    else:
                        rows.append([_cell(value) for value in values])
                        cells += len(values)
                    numbers.append(number)
                    if len(rows) > MAX_ROWS:
                        raise FileError(
                            f"The sheet {worksheet.title} has more than {MAX_ROWS:,} rows."
                        )
                    if cells > MAX_CELLS:
                        raise FileError(
                            f"The workbook has more than {MAX_CELLS:,} cells: split it, or "
                            "delete the sheets and columns that are not the export's."
                        )
                sheets.append(Sheet(name=worksheet.title, rows=rows, numbers=numbers))  # type: ignore[arg-type]
        finally:
            workbook.close()
    except (FileError, MemoryError):
        raise
    except Exception as error:  # openpyxl on a broken or forged part raises anything
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise FileError(f"The file is not a readable XLSX workbook ({detail}).") from None
    if not sheets:
        raise FileError("The workbook has no sheets.")
    return Book(filename=filename, sheets=sheets)


def _too_wide(title: str, width: int) -> FileError:
    return FileError(
        f"The sheet {title} is {width:,} columns wide; WhiteCoat reads up to {MAX_COLUMNS:,}. "
        "Delete the empty columns after the data (or save the sheet as CSV) and upload again."
    )
