"""Parsers of the analytics exports social media teams already have (pure Python).

One module per format, each with the same shape: `INFO` (key, label, platform, where to
download it), `detect(book) -> int` (0: not this format; higher: a better fit, from the
header row), `parse(data, filename, *, options) -> ParseResult` and
`parse_book(book, *, options)`. Adding a format = copying a sibling and listing it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from whitecoat.imports.parsers import (
    generic,
    linkedin_creator,
    linkedin_page,
    meta_account,
    meta_posts,
    sprout_posts,
    sprout_profile,
    tiktok_followers,
    tiktok_overview,
    tiktok_videos,
    x_overview,
    x_posts,
    youtube_videos,
)
from whitecoat.imports.parsers.base import (
    AccountRef,
    Book,
    FileError,
    FormatInfo,
    ParseOptions,
    ParseResult,
    PostRow,
    RowError,
    SnapshotRow,
)
from whitecoat.imports.parsers.read import read_book

FORMATS: list[ModuleType] = [
    sprout_profile,
    sprout_posts,
    x_overview,
    x_posts,
    linkedin_creator,
    linkedin_page,
    meta_posts,
    meta_account,
    tiktok_overview,
    tiktok_followers,
    tiktok_videos,
    youtube_videos,
    generic,
]
BY_KEY: dict[str, ModuleType] = {module.INFO.key: module for module in FORMATS}
GENERIC = generic.INFO.key

__all__ = [
    "BY_KEY",
    "FORMATS",
    "GENERIC",
    "AccountRef",
    "Book",
    "FileError",
    "FormatInfo",
    "ParseOptions",
    "ParseResult",
    "Parsed",
    "PostRow",
    "RowError",
    "SnapshotRow",
    "detect",
    "parse_file",
    "read_book",
]


def detect(book: Book) -> str | None:
    """The best-fitting format's key, or None when no format recognises the headers."""
    scores = [(module.detect(book), index, module.INFO.key) for index, module in enumerate(FORMATS)]
    score, _, key = max(scores, key=lambda item: (item[0], -item[1]))
    return key if score > 0 else None


@dataclass
class Parsed:
    """A parsed file: the format used, the one detected (None: unrecognised), the result."""

    format: str
    detected: str | None
    result: ParseResult
    book: Book


def parse_file(data: bytes, filename: str, *, options: ParseOptions, format: str = "") -> Parsed:
    """Read the file once, detect its format, parse it as `format` (or as detected, or as
    the generic format when unrecognised). Raises FileError when it cannot be read."""
    book = read_book(data, filename)
    detected = detect(book)
    key = format if format in BY_KEY else (detected or GENERIC)
    return Parsed(
        format=key,
        detected=detected,
        result=BY_KEY[key].parse_book(book, options=options),
        book=book,
    )
