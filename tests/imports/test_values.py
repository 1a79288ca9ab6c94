"""Reading single cells: counts, percentages, dates, year-less days, post ids, platforms."""

from __future__ import annotations

import datetime as dt

import pytest

from whitecoat.imports.parsers.values import (
    PLATFORMS,
    YearlessDate,
    guess_day_first,
    handle_from_url,
    ids_cut_by_excel,
    normalise_handle,
    parse_count,
    parse_date,
    parse_percent,
    parse_platform,
    parse_post_id,
    parse_when,
    post_id_from_url,
    post_kind,
    resolve_years,
)
from whitecoat.metrics.enums import Platform


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("1200", 1200),
        ("1,200", 1200),
        ("1.200", 1200),  # European thousands
        ("1 200", 1200),
        ("1\u00a0200", 1200),  # a non-breaking space
        ("1'200", 1200),  # Swiss
        ("1,234,567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1,234.0", 1234),
        ("1.234,0", 1234),
        ("1200.0", 1200),
        ("1.2K", 1200),
        ("1,5K", 1500),
        ("3.4M", 3_400_000),
        ("3.4m", 3_400_000),
        ("1.234K", 1234),
        ("2B", 2_000_000_000),
        ("+7", 7),
        (1200, 1200),
        (1200.0, 1200),
        ("0", 0),
    ],
)
def test_parse_count_reads_the_ways_exports_write_numbers(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "  ", "-", "--", "—", "N/A", "n/a", "null", "(blank)"])
def test_parse_count_empty_cell_is_absent_not_zero(cell):
    assert parse_count(cell) is None


@pytest.mark.parametrize(
    "cell,message",
    [
        ("12%", "is a percentage, not a count"),
        ("-5", "is negative"),
        ("(5)", "is negative"),
        ("12.5", "is not a whole number"),
        ("abc", "is not a number"),
        ("Total", "is not a number"),
    ],
)
def test_parse_count_refuses_what_is_not_a_count(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_count(cell)


def test_parse_count_refuses_a_number_too_large_to_store():
    with pytest.raises(ValueError, match="larger than WhiteCoat can store"):
        parse_count("3000000000", maximum=2_147_483_647)


@pytest.mark.parametrize(
    "cell",
    [
        "9" * 400 + "K",
        "9" * 400 + ".5",
        "1" + "0" * 5000,
        "9,223,372,036,854,775,808",
        2**63,
        1e300,
    ],
)
def test_parse_count_refuses_a_number_beyond_the_database_with_value_error(cell):
    with pytest.raises(ValueError, match="larger than WhiteCoat can store"):
        parse_count(cell)


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("9,007,199,254,740,993", 9_007_199_254_740_993),
        ("9.223.372.036.854.775.807", 2**63 - 1),
        (9_007_199_254_740_993, 9_007_199_254_740_993),
        ("9007199254740.993K", 9_007_199_254_740_993),
        ("1.2345K", 1234),
    ],
)
def test_parse_count_keeps_every_digit_of_large_numbers(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize(
    "cell,expected",
    [("4.5%", 0.045), ("4,5 %", 0.045), ("12%", 0.12), ("-3%", -0.03), (0.045, 0.045)],
)
def test_parse_percent_reads_percentages(cell, expected):
    assert parse_percent(cell) == pytest.approx(expected)


def test_parse_percent_empty_is_absent():
    assert parse_percent("") is None


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("2026-03-15", dt.date(2026, 3, 15)),
        ("2026-03-15T00:00:00", dt.date(2026, 3, 15)),
        ("03/15/2026", dt.date(2026, 3, 15)),
        ("3/5/26", dt.date(2026, 3, 5)),
        ("Tue, Jul 14, 2026", dt.date(2026, 7, 14)),
        ("Jul 14, 2026", dt.date(2026, 7, 14)),
        ("July 14 2026", dt.date(2026, 7, 14)),
        ("14 July 2026", dt.date(2026, 7, 14)),
        ("Mar 15, 2026", dt.date(2026, 3, 15)),
        ("August 31", YearlessDate(8, 31)),
        ("February 29", YearlessDate(2, 29)),
        (dt.datetime(2026, 5, 1, 8, 30), dt.date(2026, 5, 1)),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1)),
        (46143, dt.date(2026, 5, 1)),  # an Excel serial day that lost its format
    ],
)
def test_parse_date_reads_the_formats_exports_use(cell, expected):
    assert parse_date(cell) == expected


def test_parse_date_day_first_when_asked():
    assert parse_date("05/03/2026", day_first=True) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("cell", ["2026-02-30", "13/45/2026", "Smarch 3, 2026", "February 30"])
def test_parse_date_refuses_impossible_dates(cell):
    with pytest.raises(ValueError):
        parse_date(cell)


def test_guess_day_first_from_a_day_above_twelve():
    assert guess_day_first(["01/02/2026", "25/02/2026"]) is True
    assert guess_day_first(["02/25/2026", "01/02/2026"]) is False
    assert guess_day_first(["01/02/2026"]) is False  # ambiguous: the US order


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("03/15/2026 10:05 am", (dt.date(2026, 3, 15), dt.time(10, 5), None)),
        ("03/15/2026 12:30 AM", (dt.date(2026, 3, 15), dt.time(0, 30), None)),
        ("03/15/2026 4:45 pm", (dt.date(2026, 3, 15), dt.time(16, 45), None)),
        ("2026-08-15 12:00 +0000", (dt.date(2026, 8, 15), dt.time(12, 0), dt.UTC)),
        ("2026-10-02 18:04:11", (dt.date(2026, 10, 2), dt.time(18, 4, 11), None)),
        ("09/15/2026 18:00", (dt.date(2026, 9, 15), dt.time(18, 0), None)),
    ],
)
def test_parse_when_reads_times_and_offsets(cell, expected):
    day, clock, tz = parse_when(cell)
    assert (day, clock, tz.utcoffset(None) if tz else None) == (
        expected[0],
        expected[1],
        dt.timedelta(0) if expected[2] else None,
    )


def test_parse_when_reads_a_negative_offset():
    _, _, tz = parse_when("2026-08-15 12:00 -0500")

    assert tz.utcoffset(None) == dt.timedelta(hours=-5)


def test_resolve_years_takes_the_newest_day_on_or_before_the_upload_date():
    days = [YearlessDate(8, 30), YearlessDate(8, 31)]

    dates, how = resolve_years(days, latest=dt.date(2026, 11, 20))

    assert dates == [dt.date(2026, 8, 30), dt.date(2026, 8, 31)]
    assert "30 Aug 2026 to 31 Aug 2026" in how


def test_resolve_years_steps_back_a_year_when_the_day_is_after_the_upload_date():
    dates, _ = resolve_years([YearlessDate(12, 30)], latest=dt.date(2026, 3, 1))

    assert dates == [dt.date(2025, 12, 30)]


def test_resolve_years_crosses_new_year():
    days = [YearlessDate(12, 31), YearlessDate(1, 1), YearlessDate(1, 2)]

    dates, _ = resolve_years(days, latest=dt.date(2026, 6, 1))

    assert dates == [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 2)]


def test_resolve_years_handles_newest_first_files():
    days = [YearlessDate(1, 2), YearlessDate(1, 1), YearlessDate(12, 31)]

    dates, _ = resolve_years(days, latest=dt.date(2026, 6, 1))

    assert dates == [dt.date(2026, 1, 2), dt.date(2026, 1, 1), dt.date(2025, 12, 31)]


def test_resolve_years_puts_29_february_in_a_leap_year():
    dates, _ = resolve_years([YearlessDate(2, 29)], latest=dt.date(2026, 6, 1))

    assert dates == [dt.date(2024, 2, 29)]


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://x.com/dr_amy/status/1770123456789012345", "1770123456789012345"),
        ("https://twitter.com/dr_amy/status/1823456789012345678?s=20", "1823456789012345678"),
        (
            "https://www.linkedin.com/feed/update/urn:li:activity:7172345678901234567/",
            "urn:li:activity:7172345678901234567",
        ),
        (
            "https://www.linkedin.com/posts/amy-a_cardiology-activity-7172345678901234567-AbCd",
            "urn:li:activity:7172345678901234567",
        ),
        ("https://www.tiktok.com/@dr.amy.heart/video/7312345678901234567", "7312345678901234567"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/aB3dE5fG7hI", "aB3dE5fG7hI"),
        ("https://www.threads.net/@dr.amy/post/C4xYz12AbCd", "C4xYz12AbCd"),
        ("https://bsky.app/profile/amy.bsky.social/post/3kabcxyz2", "3kabcxyz2"),
        ("https://mastodon.social/@dr_amy/112233445566", "112233445566"),
        ("https://www.instagram.com/p/DAbCdEfGhIj/", None),  # a shortcode is not the id
    ],
)
def test_post_id_from_url_reads_each_platform(url, expected):
    assert post_id_from_url(url) == expected


def test_handle_from_url():
    assert handle_from_url("https://x.com/dr_amy/status/1") == "@dr_amy"
    assert handle_from_url("https://www.tiktok.com/@dr.amy.heart/video/7") == "@dr.amy.heart"


def test_parse_post_id_keeps_a_plain_id():
    assert parse_post_id("1823456789012345678") == ("1823456789012345678", "")


def test_parse_post_id_recovers_an_excel_mangled_id_from_the_link():
    post_id, note = parse_post_id(
        "1.77012E+18", url="https://x.com/dr_amy/status/1770123456789012345"
    )

    assert post_id == "1770123456789012345"
    assert "rounded by Excel" in note


def test_parse_post_id_recovers_trailing_zeros_from_the_link():
    post_id, note = parse_post_id(
        "1770123456789010000", url="https://x.com/dr_amy/status/1770123456789012345"
    )

    assert post_id == "1770123456789012345"
    assert "lost its last digits" in note


def test_parse_post_id_refuses_a_mangled_id_without_a_link():
    with pytest.raises(ValueError, match="rounded by Excel"):
        parse_post_id("1.79E+16", url="https://www.instagram.com/p/DAbCdEfGhIj/")


def test_parse_post_id_refuses_a_link_to_another_post():
    with pytest.raises(ValueError, match="is not that number"):
        parse_post_id("1.77012E+18", url="https://x.com/dr_amy/status/1823456789012345678")


def test_parse_post_id_refuses_a_float_from_a_spreadsheet_cell():
    with pytest.raises(ValueError, match="rounded by Excel"):
        parse_post_id(1.7701234567890124e18)


def test_parse_post_id_reads_a_small_numeric_cell():
    assert parse_post_id(12345.0) == ("12345", "")


def test_parse_post_id_reads_an_id_excel_rounded_up_from_its_link():
    post_id, note = parse_post_id(
        "1.78013E+18", url="https://x.com/dr_amy/status/1780125999999999999"
    )

    assert (post_id, note) == (
        "1780125999999999999",
        "its id 1.78013E+18 was rounded by Excel; used the id in its link",
    )


def test_parse_post_id_takes_the_link_over_an_id_excel_rounded_to_15_digits():
    post_id, note = parse_post_id(
        "1780123456789020000", url="https://x.com/dr_amy/status/1780123456789019999"
    )

    assert post_id == "1780123456789019999"
    assert "lost its last digits" in note


def test_parse_post_id_refuses_an_id_cut_to_15_digits_without_a_link():
    with pytest.raises(ValueError, match=r"lost its last digits in Excel .* no link"):
        parse_post_id("1780123456789020000", cut=True)


def test_parse_post_id_refuses_an_id_cut_to_15_digits_with_another_posts_link():
    with pytest.raises(ValueError, match="is not that number"):
        parse_post_id(
            "1780123456789020000", url="https://x.com/dr_amy/status/1823456789012345678", cut=True
        )


def test_parse_post_id_keeps_an_id_ending_in_zeros_in_a_column_excel_did_not_cut():
    assert parse_post_id("1780123456789020000") == ("1780123456789020000", "")


@pytest.mark.parametrize(
    "column,expected",
    [
        (["1780123456789020000", "1780123456789030000"], True),
        (["18045678901234500", 1780123456789020000, "Post ID", None], True),
        (["1780123456789020000", "1780123456789019999"], False),  # one was not cut
        (["18045678901234500"], False),  # two zeros: one genuine id in a hundred ends so
        (["12345", "DAbCdEfGhIj", ""], False),
    ],
)
def test_ids_cut_by_excel_needs_every_long_id_to_end_in_zeros(column, expected):
    assert ids_cut_by_excel(column) is expected


@pytest.mark.parametrize(
    "handle,expected",
    [("@ x", "x"), (" @@Dr_Amy ", "dr_amy"), ("@\tdr.amy ", "dr.amy"), ("dr amy", "dr amy")],
)
def test_normalise_handle_removes_the_at_sign_and_spaces_around(handle, expected):
    assert normalise_handle(handle) == expected
    assert normalise_handle(expected) == expected


def test_parse_when_rounds_an_excel_serial_time_to_the_second():
    serial = (dt.datetime(2079, 6, 5, 1, 0, 9) - dt.datetime(1899, 12, 30)).total_seconds() / 86_400

    assert parse_when(serial) == (dt.date(2079, 6, 5), dt.time(1, 0, 9), None)


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("X", "x"),
        ("Twitter", "x"),
        ("X (Twitter)", "x"),
        ("Instagram Business", "instagram"),
        ("LinkedIn Company Page", "linkedin"),
        ("TikTok", "tiktok"),
        ("YouTube", "youtube"),
        ("Facebook Page", "facebook"),
        ("", None),
    ],
)
def test_parse_platform(cell, expected):
    assert parse_platform(cell) == expected


def test_parse_platform_refuses_an_unknown_network():
    with pytest.raises(ValueError, match="not a platform"):
        parse_platform("Friendster")


def test_platforms_match_the_metrics_enum():
    assert set(PLATFORMS) == set(Platform.values)


@pytest.mark.parametrize(
    "values,expected",
    [
        (("IG reel",), "video"),
        (("IG carousel",), "image"),
        (("Post", "Link"), "link"),
        (("Post", "Text"), "text"),
        ((None,), "text"),
    ],
)
def test_post_kind(values, expected):
    assert post_kind(*values) == expected


@pytest.mark.parametrize("cell", ["1.2.3", "1,2,3.4", "12,34", "1,234,56", "1.234,5,6"])
def test_parse_count_refuses_separators_that_are_not_thousands(cell):
    with pytest.raises(ValueError, match="is not"):
        parse_count(cell)


def test_parse_count_accepts_lakh_grouping():
    assert parse_count("12,34,567") == 1_234_567
