"""Each export format, from realistic sample files in tests/imports/files/ (and XLSX built
with openpyxl in tests/imports/workbooks.py), quirks included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.imports import workbooks
from whitecoat.imports.parsers import (
    BY_KEY,
    AccountRef,
    FileError,
    ParseOptions,
    PostRow,
    RowError,
    SnapshotRow,
    parse_file,
    read_book,
)
from whitecoat.imports.parsers import generic as generic_format

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2026, 11, 20)
UTC = dt.UTC


def parse(name: str, data: bytes | None = None, *, today: dt.date = TODAY, **options):
    data = (FILES / name).read_bytes() if data is None else data
    return parse_file(data, name, options=ParseOptions(today=today, **options))


def test_every_format_has_the_same_shape():
    for key, module in BY_KEY.items():
        assert module.INFO.key == key
        assert callable(module.detect)
        assert callable(module.parse)
        assert callable(module.parse_book)
        assert module.INFO.where


def test_parsers_import_no_django():
    import subprocess
    import sys

    code = (
        "import sys; import whitecoat.imports.parsers; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2] / "src")

    assert result.returncode == 0


# -------------------------------------------------------------------------- Sprout Social


def test_sprout_profile_report_reads_each_profile_and_day():
    parsed = parse("sprout_profile_performance.csv")

    assert parsed.format == parsed.detected == "sprout_profile"
    result = parsed.result
    assert result.errors == []
    assert len(result.snapshots) == 6
    assert result.snapshots[0] == SnapshotRow(
        row=2,
        date=dt.date(2026, 3, 14),
        account=AccountRef("instagram", "dr.amy.heart"),
        followers=12480,
        posts_published=1,
        engagements=644,
        impressions=18204,
        video_views=3310,
    )
    # An empty cell is absent, never zero.
    assert result.snapshots[2].video_views is None
    assert result.snapshots[3].account == AccountRef("x", "dr_amy")


def test_sprout_post_report_recovers_the_excel_mangled_id_from_the_link():
    parsed = parse("sprout_post_performance.csv")

    assert parsed.format == "sprout_posts"
    result = parsed.result
    assert result.errors == []
    first = result.posts[0]
    assert first.post_id == "1770123456789012345"
    assert first.published_at == dt.datetime(2026, 3, 15, 10, 5)
    assert (first.likes, first.replies, first.reposts, first.link_clicks) == (181, 30, 40, 52)
    assert first.saves is None
    assert "Row 2: its id 1.77012E+18 was rounded by Excel; used the id in its link." in (
        result.notes
    )


def test_sprout_post_report_reads_a_multiline_post_and_k_numbers():
    result = parse("sprout_post_performance.csv").result

    reel, linkedin = result.posts[1], result.posts[2]
    assert (
        reel.text
        == "What your cardiologist wishes you knew about salt — part 2.\nSave this for later!"
    )
    assert (reel.kind, reel.video_views, reel.published_at) == (
        "video",
        4102,
        dt.datetime(2026, 3, 16, 16, 45),
    )
    assert linkedin.impressions == 1200  # "1.2K"
    assert linkedin.account == AccountRef("linkedin", "Amy Ambassador MD")


# ---------------------------------------------------------------------------------- X


def test_x_classic_tweet_activity_reads_posts_and_the_handle_in_the_file_name():
    parsed = parse("tweet_activity_metrics_dr_amy_20260801_20260831_en.csv")

    assert parsed.format == "x_posts"
    result = parsed.result
    assert result.account_hint == AccountRef("x", "@dr_amy")
    assert result.errors == []
    assert [p.post_id for p in result.posts] == [
        "1823456789012345678",
        "1823460000000000001",  # 1.82346E+18 in the file: read from the permalink
        "1823999999999999999",
    ]
    assert result.posts[0] == PostRow(
        row=2,
        post_id="1823456789012345678",
        published_at=dt.datetime(2026, 8, 15, 12, 0, tzinfo=UTC),
        url="https://twitter.com/dr_amy/status/1823456789012345678",
        text="Heart month reminder: know your numbers. BP, LDL, A1c. Which one do you not "
        "know? #cardiology",
        kind="text",
        likes=97,
        replies=9,
        reposts=21,
        impressions=4512,
        link_clicks=22,
    )


def test_x_current_content_export_reads_quoted_dates_with_commas():
    result = parse("account_analytics_content_2026-07-01_2026-07-31.csv").result

    assert result.errors == []
    assert [(p.published_at, p.impressions, p.saves) for p in result.posts] == [
        (dt.datetime(2026, 7, 14), 3402, 12),
        (dt.datetime(2026, 7, 15), 12044, 71),
    ]
    assert result.account_hint == AccountRef("x", "@dr_amy")  # from the permalinks


def test_x_overview_reads_a_utf16_tab_separated_file():
    parsed = parse("x_account_overview_unicode_text.csv")

    assert parsed.format == "x_overview"
    result = parsed.result
    assert result.errors == []
    assert "The file is UTF-16 (read as such)." in result.notes
    assert result.snapshots == [
        SnapshotRow(
            row=2,
            date=dt.date(2026, 8, 1),
            impressions=5102,
            engagements=233,
            posts_published=2,
            video_views=410,
        ),
        SnapshotRow(
            row=3,
            date=dt.date(2026, 8, 2),
            impressions=3877,
            engagements=170,
            posts_published=1,
        ),
        SnapshotRow(
            row=4,
            date=dt.date(2026, 8, 3),
            impressions=7940,
            engagements=365,
            posts_published=3,
            video_views=1020,
        ),
    ]


# --------------------------------------------------------------------------- LinkedIn


def test_linkedin_creator_workbook_reads_days_followers_and_top_posts():
    parsed = parse(
        "Content_2026-08-01_2026-08-03_Amy Ambassador.xlsx", workbooks.linkedin_creator()
    )

    assert parsed.format == "linkedin_creator"
    result = parsed.result
    assert result.errors == []
    assert [(s.date.day, s.impressions, s.engagements, s.followers) for s in result.snapshots] == [
        (1, 3120, 88, 2430),
        (2, 2981, 61, 2442),
        (3, 4320, None, 2450),  # the empty engagement cell stays absent
    ]
    assert {p.post_id: p.impressions for p in result.posts} == {
        "urn:li:activity:7230000000000000001": 4100,
        "urn:li:activity:7230000000000000002": 5210,
    }


def test_linkedin_creator_refuses_gains_larger_than_the_total():
    result = parse("Content.xlsx", workbooks.linkedin_creator(new_followers=[5, 12, 3000])).result

    assert result.errors == [
        RowError(
            row=6, sheet="FOLLOWERS", message="the new followers add up to more than the total"
        )
    ]


def test_linkedin_page_content_reads_the_metrics_after_the_description_row():
    parsed = parse("page_content.xlsx", workbooks.linkedin_page_content())

    assert parsed.format == "linkedin_page"
    result = parsed.result
    assert result.errors == []
    assert [(s.row, s.date, s.impressions, s.engagements) for s in result.snapshots] == [
        (3, dt.date(2026, 5, 1), 1500, 82),  # 30 clicks + 45 reactions + 5 comments + 2 reposts
        (4, dt.date(2026, 5, 2), 2500, 126),
    ]
    post = result.posts[0]
    assert (post.post_id, post.kind, post.likes, post.impressions) == (
        "urn:li:activity:7190000000000000011",
        "image",
        45,
        1500,
    )


def test_linkedin_page_followers_reads_the_count():
    result = parse("followers.xlsx", workbooks.linkedin_page_followers()).result

    assert [(s.date.day, s.followers) for s in result.snapshots] == [(1, 10412), (2, 10419)]


def test_linkedin_page_followers_gains_are_not_taken_for_the_count():
    result = parse("followers.xlsx", workbooks.linkedin_page_followers(gains=True)).result

    assert result.snapshots == []
    assert any("each day's new followers" in note for note in result.notes)


def test_old_xls_is_refused_with_a_way_out():
    with pytest.raises(FileError, match=r"save it as \.xlsx"):
        read_book(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "metrics.xls")


# ----------------------------------------------------------------- Meta Business Suite


def test_meta_instagram_content_reads_posts_per_account():
    parsed = parse("meta_instagram_content.csv")

    assert parsed.format == "meta_posts"
    result = parsed.result
    assert result.errors == []
    reel = result.posts[1]
    assert reel == PostRow(
        row=3,
        post_id="18045678901234568",
        published_at=dt.datetime(2026, 9, 17, 7, 30),
        account=AccountRef("instagram", "dr.amy.heart"),
        url="https://www.instagram.com/reel/DAcDeFgHiJk/",
        text="Day in the life of a cardiology fellow (no patients filmed!)",
        kind="video",
        likes=2210,
        replies=97,
        reposts=340,
        saves=415,
        impressions=48900,
        video_views=48900,
    )
    assert result.posts[2].saves is None  # empty: absent, not zero


def test_meta_instagram_mangled_id_without_a_usable_link_is_a_row_error():
    text = (FILES / "meta_instagram_content.csv").read_text(encoding="utf-8-sig")
    mangled = text.replace("18045678901234568,", "1.80457E+16,", 1)

    result = parse("meta.csv", mangled.encode()).result

    assert [(e.row, e.column) for e in result.errors] == [(3, "Post ID")]
    assert "rounded by Excel" in result.errors[0].message
    assert len(result.posts) == 2


def test_meta_instagram_ids_excel_cut_to_15_digits_are_row_errors_not_one_post():
    # Saved from Excel as numbers: …567, …568 and …569 all become 18045678901234600.
    text = (FILES / "meta_instagram_content.csv").read_text(encoding="utf-8-sig")
    for last in ("567", "568", "569"):
        text = text.replace(f"18045678901234{last},", "18045678901234600,", 1)

    result = parse("meta.csv", text.encode()).result

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Post ID"),
        (3, "Post ID"),
        (4, "Post ID"),
    ]
    assert result.errors[0].message.startswith(
        "the post id 18045678901234600 lost its last digits in Excel"
    )
    assert result.posts == []


def test_sprout_post_id_excel_cut_to_15_digits_is_read_from_its_link():
    text = (FILES / "sprout_post_performance.csv").read_text(encoding="utf-8-sig")
    cut = text.replace('"1.77012E+18"', '"1770123456789010000"', 1)

    result = parse("sprout.csv", cut.encode()).result

    assert result.errors == []
    assert result.posts[0].post_id == "1770123456789012345"
    assert (
        "Row 2: its id 1770123456789010000 had lost its last digits in Excel; used the id in "
        "its link." in result.notes
    )


@pytest.mark.parametrize("views", ["9" * 400 + "K", "9,223,372,036,854,775,808"])
def test_a_count_beyond_the_database_is_a_row_error(views):
    text = (FILES / "meta_instagram_content.csv").read_text(encoding="utf-8-sig")
    huge = text.replace('"5,210"', f'"{views}"', 1)

    result = parse("meta.csv", huge.encode()).result

    assert [(e.row, e.column) for e in result.errors] == [(2, "Views")]
    assert "larger than WhiteCoat can store" in result.errors[0].message
    assert len(result.posts) == 2


def test_meta_account_metric_reads_utf16_with_sep_line_and_title():
    parsed = parse("meta_instagram_views.csv")

    assert parsed.format == "meta_account"
    result = parsed.result
    assert result.errors == []
    assert [(s.row, s.date, s.impressions) for s in result.snapshots] == [
        (3, dt.date(2026, 9, 1), 1234),
        (4, dt.date(2026, 9, 2), 1510),
        (5, dt.date(2026, 9, 3), 980),
    ]


def test_meta_account_metric_without_a_place_is_refused():
    data = b"\xff\xfe" + 'sep=,\n"Reach"\n"Date","Primary"\n"2026-09-01T00:00:00","12"\n'.encode(
        "utf-16-le"
    )

    result = parse("reach.csv", data).result

    assert result.snapshots == []
    assert "the metric “Reach” has no place" in result.errors[0].message


# ----------------------------------------------------------------------------- TikTok


def test_tiktok_overview_infers_the_year_across_new_year():
    parsed = parse("Overview.csv", today=dt.date(2026, 3, 1))

    assert parsed.format == "tiktok_overview"
    result = parsed.result
    assert result.errors == []
    assert [(s.date, s.video_views, s.engagements) for s in result.snapshots] == [
        (dt.date(2025, 12, 30), 1204, 151),
        (dt.date(2025, 12, 31), 3400, 454),  # "3.4K"
        (dt.date(2026, 1, 1), 980, 81),  # shares empty: likes + comments
        (dt.date(2026, 1, 2), 1200, 152),  # "1.2K"
    ]
    assert result.notes == [
        "The dates in this file have no year: read as 30 Dec 2025 to 2 Jan 2026, taking the "
        "newest day (2 January) as the last such day on or before 1 Mar 2026."
    ]


def test_tiktok_overview_takes_the_year_from_a_date_range_in_the_file_name():
    result = parse(
        "tiktok_2024-12-01_2025-01-05_Overview.csv",
        (FILES / "Overview.csv").read_bytes(),
        today=dt.date(2026, 3, 1),
    ).result

    assert result.snapshots[0].date == dt.date(2024, 12, 30)


def test_tiktok_follower_history():
    parsed = parse("FollowerHistory.csv", today=dt.date(2026, 3, 1))

    assert parsed.format == "tiktok_followers"
    assert [(s.date, s.followers) for s in parsed.result.snapshots] == [
        (dt.date(2025, 12, 30), 5102),
        (dt.date(2025, 12, 31), 5140),
        (dt.date(2026, 1, 1), 5139),
        (dt.date(2026, 1, 2), 5161),
    ]


def test_tiktok_videos_read_id_and_account_from_the_link():
    parsed = parse("tiktok_videos.csv")

    assert parsed.format == "tiktok_videos"
    video = parsed.result.posts[0]
    assert (video.post_id, video.account, video.video_views, video.saves, video.reposts) == (
        "7312345678901234567",
        AccountRef("tiktok", "@dr.amy.heart"),
        210300,
        2040,
        1050,
    )


# ---------------------------------------------------------------------------- YouTube


def test_youtube_table_data_skips_the_totals_row():
    parsed = parse("Table data.csv")

    assert parsed.format == "youtube_videos"
    result = parsed.result
    assert result.errors == []
    assert result.notes == ["Row 2 is a totals row: not imported."]
    assert [(p.row, p.post_id, p.video_views, p.impressions) for p in result.posts] == [
        (3, "dQw4w9WgXcQ", 30102, 402112),
        (4, "aB3dE5fG7hI", 18109, 209892),
    ]
    assert result.posts[0].published_at == dt.datetime(2026, 3, 15)


# ---------------------------------------------------------------------------- generic


def test_hootsuite_export_is_not_recognised_and_gets_a_proposed_mapping():
    book = read_book((FILES / "hootsuite_post_performance.csv").read_bytes(), "h.csv")

    proposed = generic_format.guess(book)

    assert proposed.header_row == 3  # after the title and the date range
    assert proposed.mapping["kind"] == "posts"
    labels = proposed.labels
    assert {name: labels[col] for name, col in proposed.mapping["columns"].items()} == {
        "date": "Date (GMT)",
        "network": "Social Network",
        "post_id": "Post ID",
        "url": "Post Permalink",
        "text": "Post Message",
        "type": "Post Type",
        "impressions": "Impressions",
        "likes": "Likes",
        "replies": "Comments",
        "reposts": "Shares",
        "link_clicks": "Post Link Clicks",
        "video_views": "Video Views",
    }


def test_hootsuite_export_with_the_proposed_mapping():
    parsed = parse("hootsuite_post_performance.csv")

    assert (parsed.format, parsed.detected) == ("generic", None)
    result = parsed.result
    assert result.errors == []
    live = result.posts[1]
    assert live.account == AccountRef("instagram", "")  # the network, no handle
    assert live.published_at == dt.datetime(2026, 3, 5, 16, 30, tzinfo=UTC)  # "(GMT)"
    assert (live.impressions, live.video_views, live.likes, live.link_clicks) == (
        3_400_000,
        1_100_000,
        38100,
        None,
    )


def test_generic_mapping_of_days_with_a_handle_column():
    data = (
        b"Day,Account,Platform,Followers,Engagement\n"
        b'2026-04-01,@dr_amy,Twitter,"3,200",12\n'
        b"2026-04-02,@dr_amy,Twitter,,14\n"
    )
    mapping = {
        "kind": "snapshots",
        "header_row": 1,
        "columns": {"date": 0, "handle": 1, "network": 2, "followers": 3, "engagements": 4},
    }

    result = parse("sheet.csv", data, mapping=mapping).result

    assert result.snapshots == [
        SnapshotRow(
            row=2,
            date=dt.date(2026, 4, 1),
            account=AccountRef("x", "@dr_amy"),
            followers=3200,
            engagements=12,
        ),
        SnapshotRow(
            row=3, date=dt.date(2026, 4, 2), account=AccountRef("x", "@dr_amy"), engagements=14
        ),
    ]


def test_generic_mapping_without_a_date_says_so():
    data = b"Day,Followers\n2026-04-01,3\n"

    result = parse(
        "s.csv", data, mapping={"kind": "snapshots", "header_row": 1, "columns": {"followers": 1}}
    ).result

    assert [e.message for e in result.errors] == ["Choose the column that holds the date."]


def test_generic_reads_an_xlsx_sheet():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Weekly report"])
    book.active.append(["Date", "Followers"])
    book.active.append([dt.datetime(2026, 4, 1), 3200])
    import io

    buffer = io.BytesIO()
    book.save(buffer)

    result = parse("report.xlsx", buffer.getvalue()).result

    assert result.snapshots == [SnapshotRow(row=3, date=dt.date(2026, 4, 1), followers=3200)]


# ------------------------------------------------------------------ per-row errors


def test_errors_name_the_row_the_column_and_the_problem():
    data = (
        b"Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Create Post\n"
        b'"Sat, Aug 1, 2026",5102,1,233,0,0,1,2\n'
        b'"Sun, Aug 2, 2026",12%,1,170,0,0,1,1\n'
        b'"Mon, Aug 33, 2026",7940,1,-5,0,0,1,3\n'
    )

    result = parse("overview.csv", data).result

    assert result.errors == [
        RowError(row=3, column="Impressions", message="“12%” is a percentage, not a count"),
        RowError(row=4, column="Date", message="“Mon, Aug 33, 2026” is not a valid date"),
        RowError(row=4, column="Engagements", message="“-5” is negative; counts are 0 or more"),
    ]
    assert [s.row for s in result.snapshots] == [2]


def test_a_file_with_no_known_header_says_which_columns_were_looked_for():
    result = parse_file_as("x.csv", b"Tweet id,Foo\n1,2\n", "x_posts").result

    assert result.errors[0].row == 0
    assert "“post id”" in result.errors[0].message


def parse_file_as(name, data, format):
    return parse_file(data, name, options=ParseOptions(today=TODAY), format=format)


def test_the_admin_may_override_the_detected_format():
    data = (FILES / "sprout_profile_performance.csv").read_bytes()

    parsed = parse_file_as("s.csv", data, "generic")

    assert (parsed.format, parsed.detected) == ("generic", "sprout_profile")


def test_empty_file_is_refused():
    with pytest.raises(FileError, match="empty"):
        read_book(b"\xef\xbb\xbf\r\n", "empty.csv")


def test_semicolon_csv_in_windows_1252_with_a_preamble():
    data = (
        "Rapport d'activit\u00e9 — ao\u00fbt\n"
        "Date;Impressions;Engagements;New follows\n"
        "08/01/2026;1.204;12;1\n"
    ).encode("cp1252")

    parsed = parse("o.csv", data)

    assert parsed.format == "x_overview"
    assert parsed.result.snapshots == [
        SnapshotRow(row=3, date=dt.date(2026, 8, 1), impressions=1204, engagements=12)
    ]
    assert "Windows-1252" in parsed.result.notes[0]
