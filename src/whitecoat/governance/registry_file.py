"""Reading a registry spreadsheet (CSV or XLSX) into rows, with one error per problem and
the row number a spreadsheet shows. Plain Python, no Django imports: the imports app's
readers do the bytes (encodings, delimiters, XLSX) and the cells (dates, platforms).

A registry file has one row per account and a header row naming its columns (any order,
any case; the words below or close ones). `platform` and `handle` are required, and a
`department` or an `entity` (the unit that owns the account). The other columns are
optional; a column left out of the file leaves that field as it is, while an empty cell in
a column the file has clears it (the file is the registry's truth for what it lists).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from whitecoat.imports.parsers.base import Book, FileError, RowError, Sheet, norm
from whitecoat.imports.parsers.read import read_book
from whitecoat.imports.parsers.values import (
    Cell,
    YearlessDate,
    guess_day_first,
    is_empty,
    normalise_handle,
    parse_date,
    parse_platform,
)

MAX_ROWS = 5_000
HEADER_SEARCH_ROWS = 10

# Our field → the headers that name it (compared lower-case, "_" and "-" as spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "network", "channel", "social network"),
    "handle": ("handle", "account", "username", "user name", "account handle", "account name"),
    "department": ("department", "service line", "department or service line", "unit"),
    "entity": ("entity", "hospital", "organisation", "organization", "school"),
    "owner_email": ("owner email", "owner e mail", "owner", "owner mail"),
    "backup_email": (
        "backup owner email",
        "backup owner e mail",
        "backup owner",
        "backup email",
        "backup",
    ),
    "purpose": ("purpose", "description", "what it is for"),
    "created": ("created", "created on", "created date", "date created", "opened", "opened on"),
    "status": ("status", "state"),
    "profile_url": ("profile url", "url", "link", "profile link", "profile"),
}
REQUIRED = ("platform", "handle")
COLUMN_LABELS = {
    "platform": "Platform",
    "handle": "Handle",
    "department": "Department",
    "entity": "Entity",
    "owner_email": "Owner e-mail",
    "backup_email": "Backup owner e-mail",
    "purpose": "Purpose",
    "created": "Created",
    "status": "Status",
    "profile_url": "Profile URL",
}
STATUS_WORDS = {
    "active": "active",
    "live": "active",
    "dormant": "dormant",
    "inactive": "dormant",
    "under review": "under_review",
    "review": "under_review",
    "in review": "under_review",
    "archived": "archived",
    "archive": "archived",
    "closed": "archived",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+$", re.I)


@dataclass(frozen=True)
class RegistryRow:
    """One account as the file describes it; None: the cell is empty."""

    row: int
    platform: str
    handle: str
    department: str | None = None
    entity: str | None = None
    owner_email: str | None = None
    backup_email: str | None = None
    purpose: str | None = None
    created: dt.date | None = None
    status: str | None = None
    profile_url: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.platform, normalise_handle(self.handle)


@dataclass
class RegistryFile:
    rows: list[RegistryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)
    sheet: str = ""


def _header_key(value: Cell) -> str:
    return " ".join(re.sub(r"[_\-.:/]", " ", norm(value)).split())


_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def header_columns(cells: list[Cell]) -> dict[str, int]:
    """Our field → its column index, from a header row (the first match wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _ALIASES.get(_header_key(cell))
        if name is not None and name not in found:
            found[name] = index
    return found


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = header_columns(cells)
        if all(name in columns for name in REQUIRED):
            return index, columns
    return None


def _text(value: Cell) -> str | None:
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _status(value: Cell) -> str | None:
    text = _text(value)
    if text is None:
        return None
    key = " ".join(text.lower().replace("_", " ").split())
    if key not in STATUS_WORDS:
        raise ValueError(f"“{text}” is not a status: use active, dormant, under review or archived")
    return STATUS_WORDS[key]


def _email(value: Cell, label: str) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.match(text):
        raise ValueError(f"the {label} “{text}” is not an e-mail address")
    return text.lower()


def _handle(value: Cell) -> str:
    text = _text(value)
    if text is None:
        raise ValueError("the handle is empty")
    if " " in text:
        raise ValueError(f"the handle “{text}” has a space in it")
    if len(text) > 200:
        raise ValueError("the handle is longer than 200 characters")
    return text


def registry_file_parse(data: bytes, filename: str) -> RegistryFile:
    """Read a registry file; raises FileError when it is not a readable registry at all."""
    return registry_book_parse(read_book(data, filename))


def registry_book_parse(book: Book) -> RegistryFile:
    found = None
    for sheet in book.sheets:
        header = _find_header(sheet)
        if header is not None:
            found = (sheet, *header)
            break
    if found is None:
        raise FileError(
            "No header row with a “platform” and a “handle” column was found in the first "
            f"{HEADER_SEARCH_ROWS} rows; see the registry template in the guide."
        )
    sheet, header_index, columns = found
    if "department" not in columns and "entity" not in columns:
        raise FileError(
            "The file needs a “department” or an “entity” column: who owns each account."
        )
    body = list(zip(sheet.numbers[header_index + 1 :], sheet.rows[header_index + 1 :], strict=True))
    if len(body) > MAX_ROWS:
        raise FileError(f"The file has more than {MAX_ROWS:,} rows; split it.")
    day_first = False
    if "created" in columns:
        created_index = columns["created"]
        day_first = guess_day_first(
            [cells[created_index] for _, cells in body if created_index < len(cells)]
        )
    result = RegistryFile(columns=frozenset(columns), notes=list(book.notes), sheet=sheet.name)
    seen: dict[tuple[str, str], int] = {}
    for number, cells in body:
        if all(is_empty(cell) for cell in cells):
            continue
        result.rows_read += 1
        row, errors = _parse_row(number, cells, columns, day_first=day_first)
        if row is not None:
            first = seen.get(row.key)
            if first is not None:
                errors.append(
                    RowError(number, f"{row.handle} on {row.platform} is already on row {first}")
                )
            else:
                seen[row.key] = number
        if errors:
            result.errors.extend(errors)
        elif row is not None:
            result.rows.append(row)
    return result


def _parse_row(
    number: int, cells: list[Cell], columns: dict[str, int], *, day_first: bool
) -> tuple[RegistryRow | None, list[RowError]]:
    def cell(name: str) -> Cell:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    errors: list[RowError] = []
    values: dict[str, object] = {}

    def read(name: str, parse: object) -> None:
        try:
            values[name] = parse(cell(name))  # type: ignore[operator]
        except ValueError as error:
            errors.append(RowError(number, str(error), column=COLUMN_LABELS[name]))

    def platform(value: Cell) -> str:
        key = parse_platform(value)
        if key is None:
            raise ValueError("the platform is empty")
        return key

    def created(value: Cell) -> dt.date | None:
        day = parse_date(value, day_first=day_first)
        if isinstance(day, YearlessDate):
            raise ValueError(f"the date “{value}” has no year")
        return day

    def url(value: Cell) -> str | None:
        text = _text(value)
        if text is not None and not _URL.match(text):
            raise ValueError(f"“{text}” is not a web address (http:// or https://)")
        return text

    read("platform", platform)
    read("handle", _handle)
    read("department", _text)
    read("entity", _text)
    read("owner_email", lambda v: _email(v, "owner e-mail"))
    read("backup_email", lambda v: _email(v, "backup owner e-mail"))
    read("purpose", lambda v: None if is_empty(v) else str(v).strip())
    read("created", created)
    read("status", _status)
    read("profile_url", url)
    if not errors and values.get("department") is None and values.get("entity") is None:
        errors.append(RowError(number, "say which department or entity owns the account"))
    if (
        not errors
        and values.get("owner_email") is not None
        and values.get("owner_email") == values.get("backup_email")
    ):
        errors.append(RowError(number, "the backup owner is the owner: name someone else"))
    if errors:
        return None, errors
    return RegistryRow(row=number, **values), []  # type: ignore[arg-type]
