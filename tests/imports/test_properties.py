"""Property tests of the import readers and parsers (plain Python, no database).

Any bytes are read into a workbook or refused with a FileError; a table written as CSV in
each encoding an export uses, or as XLSX, reads back cell for cell; each cell reader either
returns a value or raises ValueError, and reads back what a spreadsheet writes; every
export parser turns generated rows of its documented columns into figures or per-row
errors, never an exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from whitecoat.imports.parsers import BY_KEY, parse_file
from whitecoat.imports.parsers import generic as generic_format
from whitecoat.imports.parsers.base import TOTAL_WORDS, Book, FileError, ParseOptions, Sheet, norm
from whitecoat.imports.parsers.read import decode, read_book
from whitecoat.imports.parsers.values import (
    BIG_MAX,
    INT_MAX,
    is_empty,
    normalise_handle,
    parse_count,
    parse_date,
    parse_percent,
    parse_post_id,
    parse_when,
)

ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_XLSX = _xlsx({"Data": [["Date", "Impressions"], ["2026-08-01", 120], ["2026-08-02", 95]]})
with zipfile.ZipFile(io.BytesIO(GOOD_XLSX)) as _archive:
    GOOD_PARTS = {name: _archive.read(name) for name in _archive.namelist()}


# ---------------------------------------------------------------------------- reading

PREFIXES = st.sampled_from(
    [
        b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"sep=,\n", b"sep=",
        b'"sep=;"\r\n', b"\x89PNG\r\n\x1a\n", b"%PDF-1.7", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"Date,Impressions\n", b"a\tb\n", b"\x00", b"\x1f\x8b", GOOD_XLSX[:200],
    ]
)  # fmt: skip
BYTES = st.one_of(
    st.binary(max_size=600),
    st.tuples(PREFIXES, st.binary(max_size=300)).map(b"".join),
    st.lists(
        st.sampled_from([b",", b";", b"\t", b'"', b"\r\n", b"\n", b"\x00", b"a", b"1", b"\xe9"]),
        max_size=60,
    ).map(b"".join),
)
NAMES = st.sampled_from(["export.csv", "export.xlsx", "Export.XLSX ", "data", "t.xls", ""])


def _assert_clean(book: Book) -> None:
    assert book.sheets
    for sheet in book.sheets:
        assert len(sheet.rows) == len(sheet.numbers)
        assert all(isinstance(row, list) for row in sheet.rows)


@settings(max_examples=200, deadline=None)
@given(data=BYTES, filename=NAMES)
def test_read_book_reads_any_bytes_or_refuses_them_with_a_file_error(data, filename):
    try:
        book = read_book(data, filename)
    except FileError as error:
        assert str(error).endswith(".")
        return

    _assert_clean(book)


def _rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


XML_JUNK = st.sampled_from(
    [
        b"", b"<", b"junk", b"<worksheet/>", b'<?xml version="1.0"?><x>',
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="x"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>',
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2" t="d"><v>no</v></c>'
        b'<c r="A2"><v>1e999</v></c></row></sheetData></worksheet>',
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<x>&b;&b;&b;</x>",
    ]
)  # fmt: skip


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """A real workbook with some parts dropped, cut short, or replaced by junk."""
    parts = {}
    for name, content in GOOD_PARTS.items():
        change = draw(st.sampled_from(["keep", "keep", "keep", "drop", "cut", "junk", "bytes"]))
        if change == "keep":
            parts[name] = content
        elif change == "cut":
            parts[name] = content[: draw(st.integers(0, len(content)))]
        elif change == "junk":
            parts[name] = draw(XML_JUNK)
        elif change == "bytes":
            parts[name] = draw(st.binary(max_size=40))
    data = _rezip(parts)
    if draw(st.booleans()):
        index = draw(st.integers(0, len(data) - 1))
        data = data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1 :]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged_workbooks())
def test_read_book_reads_a_damaged_workbook_or_refuses_it_with_a_file_error(data):
    try:
        book = read_book(data, "export.xlsx")
    except FileError as error:
        assert str(error).endswith(".")
        return

    _assert_clean(book)


@settings(max_examples=150, deadline=None)
@given(data=BYTES)
def test_decode_turns_any_bytes_into_text(data):
    text, note = decode(data)

    assert isinstance(text, str)
    assert note == "" or note.startswith("The file is")


# Cells as exports write them: any printable text, line breaks inside quoted cells too.
PRINTABLE = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"), exclude_characters="\ufeff")
CELLS = st.text(st.one_of(PRINTABLE, st.sampled_from("\r\n\t")), max_size=10)
# Without a sep= line the delimiter is found from the file: cells do not contain the others.
PLAIN_CELLS = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"), exclude_characters="\ufeff;|"),
        st.sampled_from("\r\n"),
    ),
    max_size=10,
)
# UTF-16 LE without a BOM is recognised by its zero high bytes: Latin text.
LATIN_CELLS = st.text(
    st.characters(
        min_codepoint=0x20,
        max_codepoint=0xFF,
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters=";|",
    ),
    max_size=10,
)


def _tables(cells: st.SearchStrategy[str]) -> st.SearchStrategy[list[list[str]]]:
    return st.integers(2, 5).flatmap(
        lambda width: st.lists(
            st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=8
        )
    )


PREAMBLES = st.lists(
    st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda line: line and not line.lower().startswith("sep=")),
    max_size=2,
)
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with a BOM": lambda text: text.encode("utf-8-sig"),
    "utf-16 le with a BOM": lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
    "utf-16 be with a BOM": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
}


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def _read_back(data: bytes) -> list[list[object]]:
    book = read_book(data, "export.csv")
    (sheet,) = book.sheets
    assert sheet.numbers == list(range(1, len(sheet.rows) + 1))
    return sheet.rows


@settings(max_examples=80, deadline=None)
@given(
    table=_tables(CELLS),
    preamble=PREAMBLES,
    encoding=st.sampled_from(sorted(ENCODINGS)),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_with_a_sep_line_reads_back_cell_for_cell(table, preamble, encoding, delimiter):
    text = f"sep={delimiter}\r\n" + _csv([[line] for line in preamble] + table, delimiter)

    rows = _read_back(ENCODINGS[encoding](text))

    assert rows == [[line] for line in preamble] + table


@settings(max_examples=80, deadline=None)
@given(table=_tables(PLAIN_CELLS), preamble=PREAMBLES, encoding=st.sampled_from(sorted(ENCODINGS)))
def test_csv_without_a_sep_line_reads_back_cell_for_cell(table, preamble, encoding):
    text = _csv([[line] for line in preamble] + table)
    # A first line starting with sep= *is* Excel's delimiter hint.
    assume(not text.splitlines()[0].strip().strip('"').lower().startswith("sep="))

    rows = _read_back(ENCODINGS[encoding](text))

    assert rows == [[line] for line in preamble] + table


@settings(max_examples=50, deadline=None)
@given(table=_tables(LATIN_CELLS), sep_line=st.booleans())
def test_csv_in_utf16_without_a_bom_reads_back_cell_for_cell(table, sep_line):
    text = ("sep=,\r\n" if sep_line else "") + _csv(table)
    assume(sep_line or not text.splitlines()[0].strip().strip('"').lower().startswith("sep="))

    rows = _read_back(text.encode("utf-16-le"))

    assert rows == table


XML_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
        st.sampled_from("\t\n"),
    ),
    min_size=1,
    max_size=12,
).filter(lambda text: not text.startswith("="))  # "=…" is a formula for openpyxl
XLSX_CELLS = st.one_of(
    st.none(),
    XML_TEXT,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)).map(lambda d: d.replace(microsecond=0)),
)
SHEET_TITLES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="[]:*?/\\'"),
    min_size=1,
    max_size=20,
)


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    """The cells that hold something: trailing empty cells and rows are formatting."""
    out = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _as_written(value: object) -> object:
    """What a workbook holds of a value: openpyxl writes numbers with 16 significant digits
    (as "%.16g"; read_book gives a number that became infinite as its text), and Excel has no
    date without a time."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:.16g}"
        number = float(text) if any(c in text for c in ".eE") else int(text)
        return str(number) if math.isinf(number) else number
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sheets=st.dictionaries(
        SHEET_TITLES.map(str.strip).filter(bool),
        st.lists(st.lists(XLSX_CELLS, max_size=6), min_size=1, max_size=6),
        min_size=1,
        max_size=3,
        dict_class=dict,
    ).filter(lambda d: len({k.lower() for k in d}) == len(d))
)
def test_xlsx_written_with_openpyxl_reads_back_cell_for_cell(sheets):
    book = read_book(_xlsx(sheets), "export.xlsx")

    assert [sheet.name for sheet in book.sheets] == list(sheets)
    for sheet, rows in zip(book.sheets, sheets.values(), strict=True):
        assert _trimmed(sheet.rows) == _trimmed([[_as_written(v) for v in r] for r in rows])
        assert sheet.numbers == list(range(1, len(sheet.rows) + 1))


# ------------------------------------------------------------------------------ counts


def _grouped(number: int, mark: str, size: int = 3) -> str:
    digits = str(number)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return mark.join([*groups, tail]) if groups else tail


FORMATS = {
    "plain": str,
    "comma": lambda n: f"{n:,}",
    "dot (de)": lambda n: _grouped(n, "."),
    "space": lambda n: _grouped(n, " "),
    "no-break space (fr)": lambda n: _grouped(n, "\u00a0"),
    "narrow no-break space": lambda n: _grouped(n, "\u202f"),
    "apostrophe (ch)": lambda n: _grouped(n, "'"),
    "lakh (in)": lambda n: _grouped(n, ",", 2),
    "padded": lambda n: f"  {n:,} ",
    "plus": lambda n: f"+{n}",
    "decimal zero": lambda n: f"{n}.0",
    "float cell": float,
    "int cell": int,
}


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=0, max_value=2**53), style=st.sampled_from(sorted(FORMATS)))
@example(number=1200, style="dot (de)")
@example(number=1234567, style="lakh (in)")
def test_parse_count_reads_back_integers_in_every_format(number, style):
    assert parse_count(FORMATS[style](number)) == number


@settings(max_examples=120, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=999_999),
    fraction=st.text(st.sampled_from("0123456789"), min_size=1, max_size=3),
    mark=st.sampled_from([".", ","]),
    suffix=st.sampled_from(["K", "k", "M", "m", "B", "bn"]),
)
@example(whole=1, fraction="2", mark=".", suffix="K")
@example(whole=3, fraction="4", mark=",", suffix="M")
def test_parse_count_reads_k_m_and_b_suffixes(whole, fraction, mark, suffix):
    scale = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}[suffix.lower()]
    expected = whole * scale + int(fraction) * scale // 10 ** len(fraction)

    assert parse_count(f"{whole}{mark}{fraction}{suffix}") == expected


NUMBERISH = st.lists(
    st.one_of(
        st.sampled_from(list("0123456789.,'% ()+-kKmMbB\u00a0\u202f")),
        st.sampled_from(["bn", "n/a", "1,234", "1.234", "e+18"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)
# Cells an upload can hold (read_book turns a forged workbook's infinities into text).
CELL_VALUES = st.one_of(
    NUMBERISH,
    st.text(max_size=40),
    st.floats(allow_infinity=False),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.none(),
)


@settings(max_examples=250, deadline=None)
@given(value=CELL_VALUES, maximum=st.sampled_from([INT_MAX, BIG_MAX]))
def test_parse_count_returns_a_count_or_raises_value_error(value, maximum):
    try:
        count = parse_count(value, maximum=maximum)
    except ValueError as error:
        assert str(error).startswith("“")
        return

    assert count is None or 0 <= count <= maximum
    assert (count is None) == is_empty(value)


@settings(max_examples=20, deadline=None)
@given(
    digits=st.integers(min_value=310, max_value=400),
    tail=st.sampled_from([".5", "K", "M", ",5"]),
)
@example(digits=400, tail="K")
def test_parse_count_refuses_numbers_beyond_a_float_with_value_error(digits, tail):
    with pytest.raises(ValueError, match=r"larger than|not a"):
        parse_count("9" * digits + tail)


@settings(max_examples=50, deadline=None)
@given(number=st.integers(min_value=2**53 + 1, max_value=BIG_MAX), as_text=st.booleans())
@example(number=9_007_199_254_740_993, as_text=True)
def test_parse_count_keeps_every_digit_of_numbers_above_2_53(number, as_text):
    assert parse_count(f"{number:,}" if as_text else number) == number


@settings(max_examples=120, deadline=None)
@given(
    basis_points=st.integers(min_value=0, max_value=10**6),
    style=st.sampled_from(["{:.2f}%", "{:.2f} %", "{:.1f}%", "comma {:.2f}%", "comma {:.1f} %"]),
)
def test_parse_percent_reads_back_percentages(basis_points, style):
    percent = basis_points / 100
    if style.startswith("comma "):
        text = style[6:].format(percent).replace(".", ",")
    else:
        text = style.format(percent)
    expected = float(text.rstrip("% ").replace(",", ".")) / 100

    assert math.isclose(parse_percent(text), expected, rel_tol=1e-12, abs_tol=1e-15)
    assert parse_percent(expected) == expected  # Excel's stored form


@settings(max_examples=150, deadline=None)
@given(value=CELL_VALUES)
def test_parse_percent_returns_a_number_or_raises_value_error(value):
    try:
        result = parse_percent(value)
    except ValueError as error:
        assert str(error).startswith("“")
        return

    assert result is None or isinstance(result, float)


# ------------------------------------------------------------------------------- dates

DATE_FORMATS = [
    ("%Y-%m-%d", False, False),
    ("%Y-%m-%d %H:%M", False, True),
    ("%Y-%m-%dT%H:%M:%S", False, True),
    ("%m/%d/%Y", False, False),
    ("%m/%d/%Y %I:%M %p", False, True),
    ("%d/%m/%Y", True, False),
    ("%d.%m.%Y %H:%M", True, True),
    ("%b %d, %Y", False, False),
    ("%B %d, %Y %H:%M", False, True),
    ("%a, %b %d, %Y", False, False),
    ("%A, %B %d, %Y", False, False),
    ("%d %B %Y", False, False),
    ("%d %b %Y %H:%M:%S", False, True),
]
WHENS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(when=WHENS, spec=st.sampled_from(DATE_FORMATS))
def test_parse_when_reads_back_a_date_in_every_supported_format(when, spec):
    pattern, day_first, has_time = spec
    text = when.strftime(pattern)
    seconds = "%S" in pattern

    day, clock, tz = parse_when(text, day_first=day_first)

    expected = when.time().replace(microsecond=0, second=when.second if seconds else 0)
    assert (day, clock, tz) == (when.date(), expected if has_time else dt.time(0, 0), None)
    assert parse_date(text, day_first=day_first) == when.date()


@settings(max_examples=100, deadline=None)
@given(
    when=WHENS.map(lambda d: d.replace(microsecond=0)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_parse_when_reads_back_an_offset(when, minutes):
    sign = "-" if minutes < 0 else "+"
    text = f"{when:%Y-%m-%d %H:%M:%S} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"

    day, clock, tz = parse_when(text)

    assert (day, clock) == (when.date(), when.time())
    assert tz.utcoffset(None) == dt.timedelta(minutes=minutes)


@settings(max_examples=100, deadline=None)
@given(when=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 1, 1)))
@example(when=dt.datetime(2079, 6, 5, 1, 0, 9))
def test_parse_when_reads_back_an_excel_serial_date(when):
    when = when.replace(microsecond=0)
    serial = (when - dt.datetime(1899, 12, 30)).total_seconds() / 86_400

    day, clock, _ = parse_when(serial)

    assert dt.datetime.combine(day, clock) == when


@settings(max_examples=50, deadline=None)
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_reads_back_two_digit_years(day):
    assert parse_date(day.strftime("%m/%d/%y")) == day


@settings(max_examples=250, deadline=None)
@given(
    value=st.one_of(
        CELL_VALUES,
        st.floats(),
        st.lists(
            st.sampled_from(
                [
                    "2026",
                    "-",
                    "/",
                    ".",
                    "13",
                    "31",
                    "29",
                    "02",
                    " ",
                    ":",
                    "99",
                    "am",
                    "pm",
                    "T",
                    "Z",
                    "+",
                    "25:61",
                    "Feb",
                    "Sept",
                    "Mon,",
                    "th",
                    ",",
                    "+9999",
                    "0000",
                ]
            ),
            max_size=12,
        ).map("".join),
    ),
    day_first=st.booleans(),
)
def test_parse_when_returns_a_date_or_raises_value_error(value, day_first):
    try:
        parsed = parse_when(value, day_first=day_first)
        day = parse_date(value, day_first=day_first)
    except ValueError as error:
        assert str(error).startswith("“")
        return

    assert (parsed is None) == (day is None) == is_empty(value)


# ---------------------------------------------------------------------------- post ids

X_IDS = st.integers(min_value=10**17, max_value=2**63 - 1)


def _permalink(post_id: int) -> str:
    return f"https://x.com/dr_amy/status/{post_id}"


@settings(max_examples=150, deadline=None)
@given(post_id=X_IDS)
def test_parse_post_id_keeps_an_id_excel_did_not_touch(post_id):
    assert parse_post_id(str(post_id), url=_permalink(post_id)) == (str(post_id), "")
    assert parse_post_id(str(post_id)) == (str(post_id), "")


@settings(max_examples=120, deadline=None)
@given(
    post_id=st.integers(min_value=10**17, max_value=5 * 10**18),
    other=st.integers(min_value=9 * 10**18, max_value=2**63 - 1),  # starts with another digit
    as_float=st.booleans(),
)
def test_parse_post_id_refuses_a_rounded_id_it_cannot_recover(post_id, other, as_float):
    cell = float(post_id) if as_float else f"{post_id:.6G}"

    with pytest.raises(ValueError, match="rounded by Excel"):
        parse_post_id(cell)
    with pytest.raises(ValueError, match="is not that number"):
        parse_post_id(cell, url=_permalink(other))


@settings(max_examples=100, deadline=None)
@given(post_id=X_IDS, as_float=st.booleans())
@example(post_id=1_780_125_999_999_999_999, as_float=False)
def test_parse_post_id_reads_any_rounded_id_from_its_permalink(post_id, as_float):
    cell = float(post_id) if as_float else f"{post_id:.6G}"

    assert parse_post_id(cell, url=_permalink(post_id))[0] == str(post_id)


@settings(max_examples=100, deadline=None)
@given(post_id=st.integers(min_value=10**18, max_value=2**63 - 1))
@example(post_id=1_780_123_456_789_019_999)
def test_parse_post_id_never_takes_an_id_excel_cut_to_15_digits(post_id):
    saved = str(round(post_id, 15 - len(str(post_id))))

    assert parse_post_id(saved, url=_permalink(post_id))[0] == str(post_id)


HANDLES = st.from_regex(r"[A-Za-z0-9_.]{1,30}", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(handle=HANDLES, spaces=st.sampled_from(["", " ", "  ", "\t"]))
def test_normalise_handle_ignores_case_spaces_and_the_at_sign(handle, spaces):
    expected = handle.lower()

    assert normalise_handle(f"{spaces}@{handle.upper()}{spaces}") == expected
    assert normalise_handle(normalise_handle(handle)) == expected


@settings(max_examples=200, deadline=None)
@given(handle=st.text(max_size=12))
@example(handle="@ x")
def test_normalise_handle_is_idempotent(handle):
    once = normalise_handle(handle)

    assert normalise_handle(once) == once


# ---------------------------------------------------------------------- export parsers

TODAY = dt.date(2026, 11, 20)
JUNK = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-10, max_value=10**12),
    st.floats(allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        [
            "",
            "-",
            "n/a",
            "Total",
            "1.2.3",
            "12%",
            "(5)",
            "1.2K",
            "1,5M",
            "abc",
            "2026-02-30",
            "13/13/2026",
            "February 30",
            "1.78012E+18",
            "https://x.com/i/web/status/1",
        ]
    ),
)
DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 11, 20))
DATE_CELLS = st.one_of(
    st.builds(lambda d, spec: d.strftime(spec[0]), WHENS, st.sampled_from(DATE_FORMATS)),
    DAYS,
    DAYS.map(lambda d: dt.datetime.combine(d, dt.time(12, 30))),
    DAYS.map(lambda d: f"{d:%Y-%m-%dT%H:%M:%S}"),
    JUNK,
)
YEARLESS_CELLS = st.one_of(DAYS.map(lambda d: f"{d:%B} {d.day}"), DATE_CELLS)
COUNT_CELLS = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["1.2K", "3.4M", "", "-", "1 200", "1.200", "0"]),
    JUNK,
)
IDS = st.integers(min_value=10**17, max_value=2**63 - 1)
ID_CELLS = st.one_of(IDS.map(str), IDS.map(float), IDS.map(lambda n: f"{n:.6G}"), JUNK)
URLS = {
    "x": IDS.map(lambda n: f"https://x.com/dr_amy/status/{n}"),
    "tiktok": IDS.map(lambda n: f"https://www.tiktok.com/@dr.amy/video/{n}"),
    "linkedin": IDS.map(lambda n: f"https://www.linkedin.com/feed/update/urn:li:activity:{n}"),
    "instagram": st.from_regex(r"https://www\.instagram\.com/p/[A-Za-z0-9_-]{11}/", fullmatch=True),
}
URL_CELLS = st.one_of(*URLS.values(), JUNK)
PLATFORM_CELLS = st.one_of(
    st.sampled_from(["X", "Twitter", "Instagram", "LinkedIn", "TikTok", "YouTube", "Myspace"]),
    JUNK,
)
TEXT_CELLS = st.one_of(st.text(max_size=30), JUNK)
TYPE_CELLS = st.one_of(st.sampled_from(["IG reel", "IG image", "Photo", "Video", "Link"]), JUNK)
HANDLE_CELLS = st.one_of(st.sampled_from(["@dr_amy", "dr.amy.heart", "Amy Ambassador"]), JUNK)


def _cells_for(field: str, format_key: str) -> st.SearchStrategy[object]:
    if field == "date":
        return YEARLESS_CELLS if format_key.startswith("tiktok_") else DATE_CELLS
    if field == "post_id":
        return (
            st.one_of(st.from_regex(r"[\w-]{11}", fullmatch=True), JUNK)
            if (format_key == "youtube_videos")
            else ID_CELLS
        )
    if field == "url":
        platform = BY_KEY[format_key].INFO.platform
        return st.one_of(URLS[platform], JUNK) if platform in URLS else URL_CELLS
    if field == "network":
        return PLATFORM_CELLS
    if field in {"profile", "username", "handle"}:
        return HANDLE_CELLS
    if field in {"text"}:
        return TEXT_CELLS
    if field in {"type", "post_type", "content_type"}:
        return TYPE_CELLS
    return COUNT_CELLS


SINGLE_TABLE = [
    "sprout_profile",
    "sprout_posts",
    "x_overview",
    "x_posts",
    "meta_posts",
    "meta_account",
    "tiktok_overview",
    "tiktok_followers",
    "tiktok_videos",
    "youtube_videos",
]
META_TITLES = ["Views", "Interactions", "Followers", "Facebook views"]


@st.composite
def tables(draw: st.DrawFn, format_key: str) -> tuple[Sheet, int, list[str]]:
    """A sheet of the format: preamble lines, its documented header (in any order), then
    rows of plausible and junk cells, some short, some blank; the header's index; the
    fields in the header's order."""
    aliases = BY_KEY[format_key].ALIASES
    fields = draw(st.permutations(list(aliases)))
    preamble: list[list[object]] = [[line] for line in draw(PREAMBLES)]
    if format_key == "meta_account":
        preamble.append([draw(st.sampled_from(META_TITLES))])
    header = [aliases[field][0].title() for field in fields]
    rows: list[list[object]] = []
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(_cells_for(field, format_key)) for field in fields]
        cut = draw(st.sampled_from([len(row), len(row), len(row), 0, 1, len(row) - 1]))
        rows.append(row[:cut])
    all_rows = [*preamble, header, *rows]
    sheet = Sheet(name="csv", rows=all_rows, numbers=list(range(1, len(all_rows) + 1)))
    return sheet, len(preamble), fields


def _data_rows(sheet: Sheet, header: int) -> set[int]:
    """The rows under the header a parser must import or report: not blank, not totals."""
    numbers = set()
    for row, number in zip(sheet.rows[header + 1 :], sheet.numbers[header + 1 :], strict=True):
        filled = [cell for cell in row if not is_empty(cell)]
        if filled and norm(filled[0]) not in TOTAL_WORDS:
            numbers.add(number)
    return numbers


OPTIONS = st.builds(
    ParseOptions,
    today=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)),
    day_first=st.sampled_from([None, True, False]),
)


def _check_per_row(result, sheet: Sheet, header: int) -> None:  # type: ignore[no-untyped-def]
    imported = [row.row for row in [*result.snapshots, *result.posts]]
    refused = {error.row for error in result.errors}
    expected = _data_rows(sheet, header)
    assert all(error.message for error in result.errors)
    assert refused <= expected  # every error names a data row
    assert set(imported) <= expected
    assert len(imported) == len(set(imported))  # one output per row
    assert set(imported) | refused == expected  # no row dropped without a word
    assert not set(imported) & refused  # a row with an error is not imported


@pytest.mark.parametrize("format_key", SINGLE_TABLE)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), options=OPTIONS)
def test_each_parser_imports_or_reports_every_row(format_key, data, options):
    sheet, header, _ = data.draw(tables(format_key))
    book = Book(filename="export_2026-11-01.csv", sheets=[sheet])

    result = BY_KEY[format_key].parse_book(book, options=options)

    _check_per_row(result, sheet, header)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), options=OPTIONS, kind=st.sampled_from(["snapshots", "posts"]))
def test_generic_parser_imports_or_reports_every_row_of_a_mapping(data, options, kind):
    # Sprout's columns, mapped by hand as a Hootsuite file's would be.
    sheet, header, fields = data.draw(
        tables("sprout_posts" if kind == "posts" else "sprout_profile")
    )
    ours = {"profile": "handle"}
    allowed = generic_format.fields_for(kind)
    columns = {
        ours.get(field, field): index
        for index, field in enumerate(fields)
        if ours.get(field, field) in allowed
    }
    mapping = {
        "kind": kind,
        "sheet": "csv",
        "header_row": sheet.numbers[header],
        "columns": columns,
        "platform": data.draw(st.sampled_from([None, "x"])),
    }
    book = Book(filename="hootsuite.csv", sheets=[sheet])

    result = generic_format.parse_book(
        book, options=ParseOptions(today=options.today, mapping=mapping)
    )

    _check_per_row(result, sheet, header)


@st.composite
def linkedin_books(draw: st.DrawFn) -> Book:
    """LinkedIn's creator and Page workbooks, their sheets filled with generated rows."""

    def rows(fields: list[str], key: str) -> list[list[object]]:
        return [
            [draw(_cells_for(field, key)) for field in fields]
            for _ in range(draw(st.integers(0, 5)))
        ]

    creator = draw(st.booleans())
    if creator:
        top = [[draw(URL_CELLS), draw(DATE_CELLS), draw(COUNT_CELLS), None,
                draw(URL_CELLS), draw(DATE_CELLS), draw(COUNT_CELLS)]
               for _ in range(draw(st.integers(0, 4)))]  # fmt: skip
        total = [f"Total followers on {draw(DATE_CELLS)}:", draw(COUNT_CELLS)]
        sheets = {
            "ENGAGEMENT": [["Date", "Impressions", "Engagements"], *rows(["date", "x", "y"], "x")],
            "TOP POSTS": [
                ["Maximum of 50 posts"],
                [],
                [
                    "Post URL",
                    "Post publish date",
                    "Engagements",
                    None,
                    "Post URL",
                    "Post publish date",
                    "Impressions",
                ],
                *top,
            ],
            "FOLLOWERS": [total, [], ["Date", "New followers"], *rows(["date", "n"], "x")],
        }
    else:
        metrics = ["Date", "Impressions (total)", "Clicks (total)", "Reactions (total)",
                   "Comments (total)", "Reposts (total)"]  # fmt: skip
        posts = ["Post link", "Post title", "Post type", "Created date", "Impressions",
                 "Views", "Likes", "Comments", "Reposts"]  # fmt: skip
        post_fields = ["url", "text", "type", "date", "a", "b", "c", "d", "e"]
        followers = ["Date", "Sponsored followers", "Organic followers",
                     "Auto-invited followers", "Total followers"]  # fmt: skip
        sheets = {
            "Metrics": [["Aggregated metrics"], metrics, *rows(["date"] + ["n"] * 5, "x")],
            "All posts": [["Posts"], posts, *rows(post_fields, "linkedin_page")],
            "Followers": [followers, *rows(["date"] + ["n"] * 4, "x")],
        }
    names = draw(st.lists(st.sampled_from(list(sheets)), unique=True, min_size=1))
    return Book(
        filename="Content_2026-08-01_2026-08-31_Amy.xlsx",
        sheets=[
            Sheet(name=name, rows=sheets[name], numbers=list(range(1, len(sheets[name]) + 1)))
            for name in names
        ],
    )


@pytest.mark.parametrize("format_key", ["linkedin_creator", "linkedin_page"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=linkedin_books(), options=OPTIONS)
def test_linkedin_parsers_report_errors_on_rows_that_exist(format_key, book, options):
    result = BY_KEY[format_key].parse_book(book, options=options)

    numbers = {(sheet.name, n) for sheet in book.sheets for n in sheet.numbers}
    for error in result.errors:
        assert error.message
        assert error.row == 0 or (error.sheet, error.row) in numbers
    rows = {n for sheet in book.sheets for n in sheet.numbers}
    assert all(row.row in rows for row in [*result.snapshots, *result.posts])


@pytest.mark.parametrize("format_key", ["", *SINGLE_TABLE])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), encoding=st.sampled_from(sorted(ENCODINGS)), options=OPTIONS)
def test_parse_file_of_an_export_written_as_csv_never_raises(format_key, data, encoding, options):
    sheet, _, _ = data.draw(tables(format_key or data.draw(st.sampled_from(SINGLE_TABLE))))
    text = _csv([["" if cell is None else str(cell) for cell in row] for row in sheet.rows])

    try:
        parsed = parse_file(
            ENCODINGS[encoding](text), "export.csv", options=options, format=format_key
        )
    except FileError:
        return

    assert all(error.message for error in parsed.result.errors)
