"""Reading one cell of an analytics export: counts, dates, post ids, platforms (no Django).

Every function takes what a spreadsheet cell can hold (text from a CSV; text, numbers or
dates from an XLSX) and either returns a value, returns None for an empty cell (absent, never
zero), or raises ValueError with a message written for a program admin.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from whitecoat.connectors.linkedin import ids as linkedin_ids

Cell = str | int | float | dt.date | dt.datetime | bool | None

# The largest figure a snapshot's integer columns hold (PostgreSQL's integer).
INT_MAX = 2_147_483_647
BIG_MAX = 9_223_372_036_854_775_807

# Cells that mean "no figure": absent, never zero.
EMPTY_WORDS = {"", "-", "--", "–", "—", "n/a", "na", "null", "none", "nan", "(blank)"}

# Separators seen inside numbers: NBSP, narrow NBSP, thin space, apostrophes (Swiss).
_GROUPING_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'’")
_SUFFIX_EXPONENTS = {"k": 3, "m": 6, "b": 9, "bn": 9}
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<body>[\d.,]+)(?P<suffix>k|m|b|bn)?$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")


def is_empty(value: Cell) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        if value and value[0].isalnum() and value[-1].isalnum() and len(value) > 4:
            return False  # the common case, quickly: not one of the words below
        return value.strip().lower() in EMPTY_WORDS
    return isinstance(value, float) and math.isnan(value)


def _grouped(whole: str, mark: str) -> str:
    """'1,234,567' → '1234567', refusing groups that are not thousands ('1.2.3').

    Indian lakh grouping ('12,34,567') is accepted too.
    """
    g = re.escape(mark)
    if not re.fullmatch(rf"\d{{1,3}}(?:(?:{g}\d{{3}})+|(?:{g}\d{{2}})+{g}\d{{3}})", whole):
        raise ValueError
    return whole.replace(mark, "")


def _decimal_text(body: str, *, suffixed: bool = False) -> str:
    """'1,234.5' / '1.234,5' / '1 234' → '1234.5' / '1234.5' / '1234' (a plain decimal).

    Both separators: the last is the decimal mark. One kind, repeated: thousands. One kind,
    once: thousands when exactly three digits follow (counts are whole numbers, so '1,200'
    and '1.200' are both twelve hundred), otherwise the decimal mark ('1200.0'); before a
    K/M suffix a lone mark is always the decimal one ('1.234K', '1,5M'). Raises ValueError
    for anything else ('1.2.3', '1,2,3.4').
    """
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, fraction = body.rpartition(decimal)
        if not fraction.isdigit():
            raise ValueError
        return f"{_grouped(whole, grouping)}.{fraction}"
    for mark, count in ((",", commas), (".", dots)):
        if count > 1:
            return _grouped(body, mark)
        if count == 1:
            whole, fraction = body.split(mark)
            if len(fraction) == 3 and whole and whole != "0" and not suffixed:
                return _grouped(body, mark)
            if not fraction.isdigit() or (whole and not whole.isdigit()):
                raise ValueError
            return f"{whole or '0'}.{fraction}"
    return body


def parse_count(value: Cell, *, maximum: int = BIG_MAX) -> int | None:
    """A whole, non-negative count: '1,200', '1.200', '1 200', '1.2K', '3.4M', 1200.0.

    Exact for any size (Decimal and int arithmetic, never float): a figure above `maximum`
    (what the database column holds) is refused with a ValueError, like any bad cell.
    """
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        number = int(value)  # the common case, quickly
        if number > maximum:
            raise ValueError(f"“{value}” is larger than WhiteCoat can store ({maximum:,})")
        return number
    if is_empty(value):
        return None
    if isinstance(value, bool | dt.date):
        raise ValueError(f"“{value}” is not a number")
    if isinstance(value, int):
        exact = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"“{value}” is not a number")
        exact = Decimal(value)  # the float's exact value
    else:
        text = str(value).strip().translate(_GROUPING_SPACES)
        if text.endswith("%"):
            raise ValueError(f"“{value}” is a percentage, not a count")
        if text.startswith("(") and text.endswith(")"):
            raise ValueError(f"“{value}” is negative; counts are 0 or more")
        match = _NUMBER.match(text)
        if match is None:
            raise ValueError(f"“{value}” is not a number")
        try:
            plain = _decimal_text(match["body"], suffixed=bool(match["suffix"]))
        except ValueError:
            raise ValueError(f"“{value}” is not a number") from None
        suffix = (match["suffix"] or "").lower()
        # Read with the suffix as an exponent ('1.2K' → 1.2E3): exact, however long.
        exact = Decimal(f"{match['sign']}{plain}E{_SUFFIX_EXPONENTS.get(suffix, 0)}")
        if suffix and 0 <= exact <= maximum:
            exact = exact.to_integral_value(rounding=ROUND_HALF_EVEN)  # '1.2345K' → 1234
    if exact < 0:
        raise ValueError(f"“{value}” is negative; counts are 0 or more")
    if exact > maximum:
        raise ValueError(f"“{value}” is larger than WhiteCoat can store ({maximum:,})")
    if exact != exact.to_integral_value():
        raise ValueError(f"“{value}” is not a whole number")
    return int(exact)


def parse_percent(value: Cell) -> float | None:
    """'4.5%', '4,5 %', 0.045 (Excel's stored form) → 0.045."""
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().translate(_GROUPING_SPACES)
    if not text.endswith("%"):
        raise ValueError(f"“{value}” is not a percentage")
    body = text[:-1]
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-")
    if not re.fullmatch(r"[\d.,]+", body):
        raise ValueError(f"“{value}” is not a percentage")
    try:
        return sign * float(_decimal_text(body)) / 100
    except ValueError:
        raise ValueError(f"“{value}” is not a percentage") from None


# --------------------------------------------------------------------------------- dates

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:[ t,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?\s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?)?"
)
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + "$", re.I)
_SLASHED = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2,4})" + _TIME + "$", re.I)
_MONTH_FIRST = re.compile(
    r"^" + _WEEKDAY + r"(?P<mon>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y>\d{4}))?" + _TIME + "$",
    re.I,
)
_DAY_FIRST = re.compile(
    r"^" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]+)\.?"
    r"(?:,?\s+(?P<y>\d{4}))?" + _TIME + "$",
    re.I,
)
# Excel's day 1 is 1900-01-01, counted as if 1900 were a leap year.
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class YearlessDate:
    """'August 31': a day of a year the file does not say (TikTok Studio's Overview.csv)."""

    month: int
    day: int

    def in_year(self, year: int) -> dt.date | None:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None  # 29 February of a common year


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _time_of(match: re.Match[str]) -> tuple[dt.time, dt.tzinfo | None]:
    if match["hour"] is None:
        return dt.time(0, 0), None
    hour, minute = int(match["hour"]), int(match["minute"])
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm and not 1 <= hour <= 12:
        raise ValueError("the hour is out of range")
    if ampm == "pm" and hour != 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    clock = dt.time(hour, minute, int(match["second"] or 0))
    tz = (match["tz"] or "").lower()
    if not tz:
        return clock, None
    if tz in {"z", "utc", "gmt"}:
        return clock, dt.UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return clock, dt.timezone(sign * offset)


def guess_day_first(values: list[Cell]) -> bool:
    """Whether the column's 01/02/2026-style dates put the day first (a part above 12 says)."""
    for value in values:
        if isinstance(value, str):
            match = _SLASHED.match(value.strip())
            if match:
                if int(match["a"]) > 12:
                    return True
                if int(match["b"]) > 12:
                    return False
    return False


def parse_when(
    value: Cell, *, day_first: bool = False
) -> tuple[dt.date | YearlessDate, dt.time, dt.tzinfo | None] | None:
    """A date with its time of day (midnight when none) and offset (None: local time)."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), value.time().replace(microsecond=0), value.tzinfo
    if isinstance(value, dt.date):
        return value, dt.time(0, 0), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel serial date that lost its format (between 1990 and 2100).
        if 32_874 <= value <= 73_051:
            # To the nearest second: 01:00:09 is stored as 0.0417708…, a hair under.
            when = _EXCEL_EPOCH + dt.timedelta(seconds=round(float(value) * 86_400))
            return when.date(), when.time(), None
        raise ValueError(f"“{value}” is not a date")
    text = " ".join(str(value).strip().split())
    try:
        if match := _ISO.match(text):
            day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            return (day, *_time_of(match))
        if match := _SLASHED.match(text):
            first, second = int(match["a"]), int(match["b"])
            month, day_number = (second, first) if day_first else (first, second)
            day = dt.date(_year(match["y"]), month, day_number)
            return (day, *_time_of(match))
        for pattern in (_MONTH_FIRST, _DAY_FIRST):
            match = pattern.match(text)
            if match and match["mon"].lower() in MONTHS:
                month = MONTHS[match["mon"].lower()]
                if match["y"] is None:
                    if not 1 <= int(match["d"]) <= 31:
                        raise ValueError
                    day_or_yearless: dt.date | YearlessDate = YearlessDate(month, int(match["d"]))
                    if day_or_yearless.in_year(2024) is None:  # 2024 is a leap year
                        raise ValueError
                else:
                    day_or_yearless = dt.date(int(match["y"]), month, int(match["d"]))
                return (day_or_yearless, *_time_of(match))
    except ValueError:
        raise ValueError(f"“{value}” is not a valid date") from None
    raise ValueError(f"“{value}” is not a date WhiteCoat can read")


def parse_date(value: Cell, *, day_first: bool = False) -> dt.date | YearlessDate | None:
    parsed = parse_when(value, day_first=day_first)
    return None if parsed is None else parsed[0]


def resolve_years(days: list[YearlessDate], *, latest: dt.date) -> tuple[list[dt.date], str] | None:
    """Give each year-less day of a daily series its year; None when they are not a series.

    The export lists consecutive days in order (oldest first or newest first). Its newest
    day is taken to be the last one on or before `latest` (the end of the range chosen when
    exporting, or the upload date); walking away from it, the year changes each time the
    calendar wraps past New Year. Returns the dates and a sentence saying what was assumed.
    """
    if not days:
        return [], ""
    # Which way the file runs: each step forward in time is a few days, across New Year too.
    ordinal = [dt.date(2024, d.month, d.day).timetuple().tm_yday for d in days]
    forward = sum(1 <= (b - a) % 366 <= 31 for a, b in itertools.pairwise(ordinal))
    backward = sum(1 <= (a - b) % 366 <= 31 for a, b in itertools.pairwise(ordinal))
    descending = backward > forward
    newest_first = days if descending else list(reversed(days))
    year = latest.year
    anchor = newest_first[0]
    while (candidate := anchor.in_year(year)) is None or candidate > latest:
        year -= 1
        if year < latest.year - 4:
            return None
    resolved: list[dt.date] = []
    previous = None
    for day in newest_first:
        if previous is not None and (day.month, day.day) > (previous.month, previous.day):
            year -= 1  # walked back past 1 January
        candidate = day.in_year(year)
        if candidate is None:
            return None
        resolved.append(candidate)
        previous = day
    if not descending:
        resolved.reverse()
    first, last = min(resolved), max(resolved)
    how = (
        f"The dates in this file have no year: read as {first:%-d %b %Y} to {last:%-d %b %Y}, "
        f"taking the newest day ({anchor.day} {dt.date(2024, anchor.month, 1):%B}) as the last "
        f"such day on or before {latest:%-d %b %Y}."
    )
    return resolved, how


# ------------------------------------------------------------------------------ post ids

_PERMALINK_IDS = [
    re.compile(r"(?:twitter|x)\.com/(?:[^/]+|i/web)/status(?:es)?/(\d+)", re.I),
    re.compile(r"(urn:li:(?:activity|share|ugcPost):\d+)", re.I),
    re.compile(r"linkedin\.com/.*[-/]activity[-:](\d+)", re.I),
    re.compile(r"tiktok\.com/@[^/]+/(?:video|photo)/(\d+)", re.I),
    re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|live/)|youtu\.be/)([\w-]{11})", re.I),
    re.compile(r"facebook\.com/.*?(?:/posts/|/videos/|story_fbid=)(\d+)", re.I),
    re.compile(r"threads\.(?:net|com)/@[^/]+/post/([\w-]+)", re.I),
    re.compile(r"bsky\.app/profile/[^/]+/post/([\w]+)", re.I),
    re.compile(r"https?://[^/]+/@[^/]+/(\d+)$", re.I),  # Mastodon
]
_HANDLE_IN_URL = [
    re.compile(r"(?:twitter|x)\.com/(?!i/)([A-Za-z0-9_]{1,15})/status", re.I),
    re.compile(r"tiktok\.com/@([\w.]+)", re.I),
    re.compile(r"instagram\.com/([\w.]+)/(?:p|reel)/", re.I),
    re.compile(r"threads\.(?:net|com)/@([\w.]+)", re.I),
]


def post_id_from_url(url: str) -> str | None:
    """The platform's post id found in a permalink, or None."""
    if "linkedin" in (url or "").lower() or "urn:li:" in (url or ""):
        # …/feed/update/urn:li:activity:…, …/posts/<slug>-activity-…-AbCd, -share-, -ugcPost-
        found = linkedin_ids.parse(url)
        if found is not None:
            return linkedin_ids.urn(*found)
    for pattern in _PERMALINK_IDS:
        match = pattern.search(url or "")
        if match:
            found = match.group(1)
            if found.isdigit() and "linkedin" in url.lower() and "urn:" not in found:
                return f"urn:li:activity:{found}"
            return found
    return None


def handle_from_url(url: str) -> str | None:
    for pattern in _HANDLE_IN_URL:
        match = pattern.search(url or "")
        if match:
            return "@" + match.group(1)
    return None


def looks_mangled(post_id: str) -> bool:
    """Excel shows a long id as 1.23457E+18: its digits are gone."""
    return bool(_SCIENTIFIC.match(post_id.strip()))


# Excel keeps 15 significant digits of a number.
EXCEL_DIGITS = 15
# A column counts as cut by Excel when its long ids end in zeros past the 15th digit and
# have this many such zeros between them: genuine ids end so by chance (one in ten a zero)
# less than once in a thousand files.
_CUT_ZEROS = 3


def _id_digits(value: Cell) -> str | None:
    """The digits of an id cell holding a whole number ('1780…', 1780…, 1.78e15), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and 0 <= value < 2**53 else None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    text = value.strip() if isinstance(value, str) else ""
    return text if text.isascii() and text.isdigit() else None


def _cut_to_15(digits: str) -> bool:
    """Whether an id could be one Excel saved with 15 digits: zeros after the 15th."""
    return len(digits) > EXCEL_DIGITS and not digits[EXCEL_DIGITS:].strip("0")


def ids_cut_by_excel(values: Iterable[Cell]) -> bool:
    """Whether a column of post ids went through Excel, which saves 15 digits of a number.

    Excel turns every id longer than 15 digits into its first 15 and zeros
    (1780123456789019999 → 1780123456789020000): the column counts as cut when all its
    long ids end in zeros past the 15th digit, with at least three such zeros in all.
    """
    zeros = 0
    for value in values:
        digits = _id_digits(value)
        if digits is None or len(digits) <= EXCEL_DIGITS:
            continue
        if not _cut_to_15(digits):
            return False  # an id Excel did not touch: the column was not converted
        zeros += len(digits) - EXCEL_DIGITS
    return zeros >= _CUT_ZEROS


def _link_number(post_id: str | None) -> int | None:
    """The number in a link's post id ('1780…', 'urn:li:activity:7…'), to compare with."""
    if post_id is None:
        return None
    number = post_id.rsplit(":", 1)[-1] if post_id.startswith("urn:li:") else post_id
    return int(number) if number.isascii() and number.isdigit() else None


def parse_post_id(value: Cell, *, url: str = "", cut: bool = False) -> tuple[str | None, str]:
    """The post's id from its id cell, or from its permalink when Excel mangled the id.

    Excel keeps 15 significant digits of a number: a 19-digit X id becomes 1.78012E+18
    (rounded, so 1780125… shows as 1.78013E+18), or 1780123456789020000 when formatted as a
    number (rounded too: …9019999 becomes …9020000). Such an id is compared with the
    permalink's as numbers, within what Excel's rounding can change; when they agree, the
    link's id is used and the note says so. `cut` says the column's long ids were all cut
    to 15 digits (see `ids_cut_by_excel`): one of them is then refused without a link that
    agrees, like an id shown as 1.78E+18. Returns (id, note). Raises ValueError when the
    id was mangled and no permalink can replace it.
    """
    from_url = post_id_from_url(url) if url else None
    if is_empty(value):
        return from_url, ""
    digits = _id_digits(value)
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 2**53):
        # A number cell beyond a float's exact integers, or not whole: Excel's 15 digits
        # (which a float holds give or take its last bit) are all that is left.
        text = f"{value:.6G}"
        mangled, cut_digits = True, False
        exact = Decimal(value) if math.isfinite(value) else Decimal(0)
        kept = abs(exact).adjusted() + 1 - EXCEL_DIGITS  # the place of Excel's 15th digit
        tolerance = Decimal(10) ** kept + Decimal(math.ulp(value) if math.isfinite(value) else 0)
    elif digits is not None and _cut_to_15(digits):
        text, mangled, cut_digits = digits, cut, True
        exact = Decimal(digits)
        tolerance = Decimal(10) ** (len(digits) - EXCEL_DIGITS)
    else:
        if digits is not None:
            text = digits
        elif isinstance(value, float):
            text = str(int(value))  # a whole negative number: not an id, kept as it was
        else:
            text = str(value).strip()
        if not looks_mangled(text):
            return text, ""
        mangled, cut_digits = True, False
        exact = Decimal(text.replace(",", "."))
        # One in the last digit shown (built, not computed: '1E+9999999' is text too).
        tolerance = Decimal((0, (1,), exact.as_tuple().exponent))
    linked = _link_number(from_url)
    near = (
        linked is not None
        and exact.adjusted() < 40  # ids have 20 digits at most
        and abs(linked - exact) < tolerance
    )
    if from_url is not None and near:
        if from_url == text:
            return text, ""
        if cut_digits:
            return (
                from_url,
                f"its id {text} had lost its last digits in Excel; used the id in its link",
            )
        return from_url, f"its id {text} was rounded by Excel; used the id in its link"
    if not mangled:
        return text, ""  # an id that may end in zeros, in a column Excel did not convert
    if cut_digits:
        what = (
            f"the post id {text} lost its last digits in Excel (the long ids in this column "
            "all end in zeros)"
        )
    else:
        what = f"the post id {text} was rounded by Excel"
    if from_url:
        raise ValueError(
            f"{what} and the id in its link ({from_url}) is not that number: the link may be "
            "another post's"
        )
    raise ValueError(
        f"{what} and there is no link to read it from: export the file again and upload it "
        "without opening it in Excel"
    )


# ----------------------------------------------------------------------------- platforms

PLATFORMS = (
    "x",
    "linkedin",
    "instagram",
    "tiktok",
    "youtube",
    "threads",
    "bluesky",
    "mastodon",
    "facebook",
)
_PLATFORM_WORDS = [
    ("twitter", "x"),
    ("linkedin", "linkedin"),
    ("instagram", "instagram"),
    ("tiktok", "tiktok"),
    ("youtube", "youtube"),
    ("threads", "threads"),
    ("bluesky", "bluesky"),
    ("mastodon", "mastodon"),
    ("facebook", "facebook"),
]


def parse_platform(value: Cell) -> str | None:
    """'X', 'Twitter', 'X (Twitter)', 'Instagram Business', 'LinkedIn Page' → our key."""
    if is_empty(value):
        return None
    text = str(value).strip().lower()
    if text in {"x", "x.com", "x (twitter)", "ig", "fb", "li", "yt"}:
        return {"ig": "instagram", "fb": "facebook", "li": "linkedin", "yt": "youtube"}.get(
            text, "x"
        )
    for word, key in _PLATFORM_WORDS:
        if word in text:
            return key
    raise ValueError(f"“{value}” is not a platform WhiteCoat knows")


def post_kind(*values: Cell) -> str:
    """Our post kind (text, image, video, link) from a post type like 'IG reel' or 'Photo'."""
    text = " ".join(str(v).lower() for v in values if not is_empty(v))
    if any(word in text for word in ("video", "reel", "short", "live", "igtv")):
        return "video"
    if any(word in text for word in ("image", "photo", "carousel", "album", "picture")):
        return "image"
    if any(word in text for word in ("link", "article")):
        return "link"
    return "text"


_HANDLE_EDGES = re.compile(r"^[\s@]+|\s+$")


def normalise_handle(handle: str) -> str:
    """How handles are compared: lower-case, without leading '@'s or spaces around ('@ x')."""
    return _HANDLE_EDGES.sub("", handle.lower())
