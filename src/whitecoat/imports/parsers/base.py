"""What every export parser returns, and the helpers they share (no Django imports).

A parser turns a file (bytes + its name) into a `ParseResult`: daily account figures
(`SnapshotRow`) and/or per-post figures (`PostRow`), each with the row number it came from,
plus one `RowError` per problem, with the row number and a message for a program admin.
A figure the file does not have is None (absent), never zero.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from whitecoat.imports.parsers.values import (
    INT_MAX,
    Cell,
    YearlessDate,
    guess_day_first,
    ids_cut_by_excel,
    is_empty,
    normalise_handle,
    parse_count,
    parse_date,
    parse_platform,
    parse_post_id,
    parse_when,
    post_id_from_url,
    resolve_years,
)

SNAPSHOT_FIELDS = (
    "followers",
    "following",
    "posts_count",
    "posts_published",
    "engagements",
    "impressions",
    "video_views",
)
# The columns that hold 32-bit integers in the database; the others are 64-bit.
SNAPSHOT_INT_FIELDS = {"followers", "following", "posts_count", "posts_published", "engagements"}
POST_FIELDS = (
    "likes",
    "replies",
    "reposts",
    "quotes",
    "saves",
    "impressions",
    "video_views",
    "link_clicks",
)
FIELD_LABELS = {
    "followers": "Followers",
    "following": "Following",
    "posts_count": "Posts (total)",
    "posts_published": "Posts published that day",
    "engagements": "Engagements",
    "impressions": "Impressions",
    "video_views": "Video views",
    "likes": "Likes",
    "replies": "Replies / comments",
    "reposts": "Reposts / shares",
    "quotes": "Quotes",
    "saves": "Saves / bookmarks",
    "link_clicks": "Link clicks",
}
TOTAL_WORDS = {"total", "totals", "grand total", "sum", "summary", "all", "overall"}


@dataclass(frozen=True)
class AccountRef:
    """Whose row it is, as the file names it: a platform (None: not said) and a handle."""

    platform: str | None
    handle: str

    @property
    def key(self) -> str:
        return f"{self.platform or ''}:{normalise_handle(self.handle)}"

    def __str__(self) -> str:
        return self.handle


@dataclass(frozen=True)
class SnapshotRow:
    """One day of an account's figures: levels at the end of the day, flows during it."""

    row: int
    date: dt.date
    account: AccountRef | None = None
    followers: int | None = None
    following: int | None = None
    posts_count: int | None = None
    posts_published: int | None = None
    engagements: int | None = None
    impressions: int | None = None
    video_views: int | None = None

    def figures(self) -> dict[str, int]:
        """The figures the file gives (absent ones left out)."""
        return {
            name: getattr(self, name) for name in SNAPSHOT_FIELDS if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class PostRow:
    """One post with its lifetime figures as of the export."""

    row: int
    post_id: str
    published_at: dt.datetime
    account: AccountRef | None = None
    url: str = ""
    text: str = ""
    kind: str = ""
    likes: int | None = None
    replies: int | None = None
    reposts: int | None = None
    quotes: int | None = None
    saves: int | None = None
    impressions: int | None = None
    video_views: int | None = None
    link_clicks: int | None = None

    def figures(self) -> dict[str, int]:
        return {
            name: getattr(self, name) for name in POST_FIELDS if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class RowError:
    row: int
    message: str
    column: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}" if self.sheet else f"Row {self.row}"
        column = f" ({self.column})" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass(frozen=True)
class ParseOptions:
    """What a parser may need beyond the file.

    `today` is the upload date (the latest a year-less date can be); `mapping` is the
    generic format's column mapping; `day_first` forces 31/12 dates (None: guess).
    """

    today: dt.date
    mapping: dict[str, Any] | None = None
    day_first: bool | None = None


@dataclass
class ParseResult:
    format: str
    platform: str | None = None
    snapshots: list[SnapshotRow] = field(default_factory=list)
    posts: list[PostRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    account_hint: AccountRef | None = None
    rows_read: int = 0
    rows_ignored: int = 0
    # The generic format's header row and columns, for the mapping screen.
    headers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FormatInfo:
    """A supported export: its key, its name, its platform (None: several), where to get it."""

    key: str
    label: str
    platform: str | None
    where: str


class FileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, no header row, …)."""


# ------------------------------------------------------------------------ the workbook


@dataclass
class Sheet:
    """A table of cells; `numbers[i]` is the row number a spreadsheet shows for `rows[i]`."""

    name: str
    rows: list[list[Cell]]
    numbers: list[int]


@dataclass
class Book:
    filename: str
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet | None:
        wanted = name.strip().lower()
        return next((s for s in self.sheets if s.name.strip().lower() == wanted), None)


def norm(value: Cell) -> str:
    """A header as compared: lower-case, single spaces, no BOM, quotes or trailing colon."""
    if value is None:
        return ""
    text = str(value).replace("\ufeff", "").strip().strip('"').strip().lower()
    return " ".join(text.split()).rstrip(":").strip()


@dataclass(frozen=True)
class Header:
    """Where a table's header row is and which column holds each field."""

    index: int  # in sheet.rows
    labels: list[str]
    columns: dict[str, int]


def find_header(
    sheet: Sheet,
    aliases: dict[str, Sequence[str]],
    required: Iterable[str],
    *,
    search: int = 25,
    start: int = 0,
) -> Header | None:
    """The first row (of the first `search`) naming every required field, and its columns."""
    required = list(required)
    for index, row in enumerate(sheet.rows[start : start + search], start=start):
        labels = [norm(cell) for cell in row]
        columns = match_columns(labels, aliases)
        if all(name in columns for name in required):
            return Header(index=index, labels=[str(c or "").strip() for c in row], columns=columns)
    return None


def match_columns(labels: list[str], aliases: dict[str, Sequence[str]]) -> dict[str, int]:
    """field → the first column whose label is one of its aliases (in the aliases' order)."""
    columns: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in names:
            if alias in labels:
                columns[name] = labels.index(alias)
                break
    return columns


def score_headers(book: Book, aliases: dict[str, Sequence[str]], required: Iterable[str]) -> int:
    """How well a book fits a format: 0 unless a row names every required field, else the
    number of the format's fields that row names (so the more specific format wins)."""
    best = 0
    for sheet in book.sheets:
        header = find_header(sheet, aliases, required)
        if header is not None:
            best = max(best, len(header.columns))
    return best


# ---------------------------------------------------------------------------- the rows


class Row:
    """One data row being read; conversions record their errors instead of raising."""

    def __init__(
        self,
        sheet: Sheet,
        index: int,
        header: Header,
        errors: list[RowError],
        columns: dict[str, bool] | None = None,
    ):
        self.sheet = sheet
        self.cells = sheet.rows[index]
        self.number = sheet.numbers[index]
        self.header = header
        self.sheet_name = sheet.name if sheet.name not in {"", "csv"} else ""
        self._errors = errors
        self.failed = False
        # What was learnt about a whole column, shared by the table's rows (see post_id).
        self._columns = {} if columns is None else columns

    def raw(self, name: str) -> Cell:
        column = self.header.columns.get(name)
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def has(self, name: str) -> bool:
        return not is_empty(self.raw(name))

    def label(self, name: str) -> str:
        column = self.header.columns.get(name)
        return self.header.labels[column] if column is not None else name

    def error(self, message: str, name: str = "") -> None:
        self.failed = True
        self._errors.append(
            RowError(
                row=self.number,
                message=message,
                column=self.label(name) if name else "",
                sheet=self.sheet_name,
            )
        )

    def text(self, name: str) -> str:
        value = self.raw(name)
        return "" if is_empty(value) else str(value).strip()

    def count(self, name: str, *, maximum: int | None = None) -> int | None:
        if maximum is None:
            maximum = INT_MAX if name in SNAPSHOT_INT_FIELDS else 2**63 - 1
        try:
            return parse_count(self.raw(name), maximum=maximum)
        except ValueError as error:
            self.error(str(error), name)
            return None

    def counts(self, names: dict[str, str]) -> dict[str, int | None]:
        """Our field → the count in the file's column for `names[field]`."""
        return {ours: self.count(theirs) for ours, theirs in names.items()}

    def date(self, name: str, *, day_first: bool = False) -> dt.date | YearlessDate | None:
        try:
            return parse_date(self.raw(name), day_first=day_first)
        except ValueError as error:
            self.error(str(error), name)
            return None

    def when(self, name: str, *, day_first: bool = False) -> dt.datetime | None:
        """A date and time: naive (the site's time zone) unless the file gives an offset."""
        try:
            parsed = parse_when(self.raw(name), day_first=day_first)
        except ValueError as error:
            self.error(str(error), name)
            return None
        if parsed is None:
            return None
        day, clock, tz = parsed
        if isinstance(day, YearlessDate):
            self.error("the date has no year", name)
            return None
        return dt.datetime.combine(day, clock, tzinfo=tz)

    def day(self, name: str, *, day_first: bool = False) -> dt.date | None:
        """A required date with its year."""
        if not self.has(name):
            self.error("the date is missing", name)
            return None
        value = self.date(name, day_first=day_first)
        if isinstance(value, YearlessDate):
            self.error("the date has no year", name)
            return None
        return value

    def platform(self, name: str) -> str | None:
        try:
            return parse_platform(self.raw(name))
        except ValueError as error:
            self.error(str(error), name)
            return None

    def post_id(self, name: str, url_name: str, result: ParseResult) -> str | None:
        """The post's id; from its permalink when Excel rounded it (noted), else an error."""
        if name not in self._columns:
            column = self.header.columns.get(name)
            self._columns[name] = column is not None and ids_cut_by_excel(
                row[column] for row in self.sheet.rows[self.header.index + 1 :] if column < len(row)
            )
        try:
            post_id, note = parse_post_id(
                self.raw(name), url=self.text(url_name), cut=self._columns[name]
            )
        except ValueError as error:
            self.error(str(error), name)
            return None
        if note:
            result.notes.append(f"Row {self.number}: {note}.")
        if post_id is None:
            self.error("the post has no id and no link to read one from", name)
        return post_id

    def post_id_in_link(self, name: str) -> str | None:
        """The post id read from a permalink column (LinkedIn's and TikTok's exports)."""
        post_id = post_id_from_url(self.text(name))
        if post_id is None:
            self.error("no post id in this link", name)
        return post_id

    def is_blank(self) -> bool:
        return all(is_empty(cell) for cell in self.cells)

    def is_total(self) -> bool:
        """A totals row: its first non-empty cell says Total (YouTube puts one first)."""
        first = next((cell for cell in self.cells if not is_empty(cell)), None)
        return norm(first) in TOTAL_WORDS


def table(
    book: Book,
    result: ParseResult,
    aliases: dict[str, Sequence[str]],
    required: Sequence[str],
    *,
    sheets: Sequence[str] = (),
) -> tuple[Sheet, Header] | None:
    """The first sheet (of `sheets`, or any) with a header naming every required field;
    when there is none, an error on the file saying which columns were looked for."""
    candidates = [book.sheet(name) for name in sheets] if sheets else book.sheets
    for sheet in candidates:
        if sheet is None:
            continue
        header = find_header(sheet, aliases, required)
        if header is not None:
            return sheet, header
    wanted = ", ".join(f"“{aliases[name][0]}”" for name in required)
    where = f" on the sheet {' or '.join(sheets)}" if sheets else ""
    result.errors.append(RowError(row=0, message=f"No header row{where} has the columns {wanted}."))
    return None


def data_rows(
    sheet: Sheet,
    header: Header,
    result: ParseResult,
    *,
    stop: Callable[[Row], bool] | None = None,
) -> Iterator[Row]:
    """The rows under the header, skipping blank rows and noting totals rows."""
    columns: dict[str, bool] = {}
    for index in range(header.index + 1, len(sheet.rows)):
        row = Row(sheet, index, header, result.errors, columns)
        if row.is_blank():
            continue
        if stop is not None and stop(row):
            break
        if row.is_total():
            result.rows_ignored += 1
            result.notes.append(f"Row {row.number} is a totals row: not imported.")
            continue
        result.rows_read += 1
        yield row


def column_day_first(sheet: Sheet, header: Header, name: str, options: ParseOptions) -> bool:
    """Whether the column's slashed dates put the day first (the admin's choice wins)."""
    if options.day_first is not None:
        return options.day_first
    column = header.columns.get(name)
    if column is None:
        return False
    values = [row[column] for row in sheet.rows[header.index + 1 :] if column < len(row)]
    return guess_day_first(values)


def resolve_dates(
    dated: list[tuple[Row, dt.date | YearlessDate]], result: ParseResult, *, latest: dt.date
) -> list[tuple[Row, dt.date]]:
    """Turn year-less dates into dates (see values.resolve_years), noting how."""
    yearless = [(row, day) for row, day in dated if isinstance(day, YearlessDate)]
    if not yearless:
        return [(row, day) for row, day in dated if isinstance(day, dt.date)]
    resolved = resolve_years([day for _, day in yearless], latest=latest)
    if resolved is None:
        for row, _ in yearless:
            row.error("the date has no year and the rows are not consecutive days")
        return [(row, day) for row, day in dated if isinstance(day, dt.date)]
    days, how = resolved
    result.notes.append(how)
    by_row = {id(row): day for (row, _), day in zip(yearless, days, strict=True)}
    out = []
    for row, day in dated:
        final = by_row.get(id(row), day)
        if isinstance(final, dt.date):
            out.append((row, final))
    return out


def sum_known(*values: int | None) -> int | None:
    """The sum of the figures that are there; None when none is."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


_FILENAME_DATES = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def latest_date_in_filename(filename: str, today: dt.date) -> dt.date:
    """The last date a file name mentions (an export range's end), else `today`."""
    found = []
    for year, month, day in _FILENAME_DATES.findall(filename):
        try:
            found.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    candidates = [d for d in found if d <= today]
    return max(candidates) if candidates else today
