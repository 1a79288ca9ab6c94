"""Commit (atomic, idempotent), the API/manual protection, undo, account matching."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from tests.factories import MetricSnapshotFactory, SocialAccountFactory
from tests.imports.conftest import FILES
from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports.enums import ImportState
from whitecoat.imports.models import AccountAlias, Import, ImportChange, ManualEntry
from whitecoat.imports.selectors import import_plan
from whitecoat.imports.services import (
    import_commit,
    import_discard,
    import_undo,
    imports_prune,
    snapshot_enter,
)
from whitecoat.metrics.enums import AccountUse, MetricSource
from whitecoat.metrics.models import MetricSnapshot, Post

FIGURES = ("followers", "engagements", "impressions", "video_views", "posts_published")


def table(account):
    """The account's days as (date, figures…, source), for whole-table comparisons."""
    return [
        (s.date, *(getattr(s, name) for name in FIGURES), s.source)
        for s in MetricSnapshot.objects.filter(account=account).order_by("date")
    ]


# ------------------------------------------------------------------------------- commit


def test_commit_creates_snapshots_marked_as_imported(admin, upload, amy_x, amy_instagram):
    record = upload("sprout_profile_performance.csv")

    record = import_commit(record=record, by=admin)

    assert record.state == ImportState.COMMITTED
    assert (record.snapshots_created, record.rows_read) == (6, 6)
    assert table(amy_x) == [
        (dt.date(2026, 3, 14), 3204, 210, 7455, 912, 3, "import"),
        (dt.date(2026, 3, 15), 3210, 251, 8030, 1044, 2, "import"),
        (dt.date(2026, 3, 16), 3209, 140, 5980, None, 1, "import"),
    ]
    stamps = set(MetricSnapshot.objects.values_list("collected_at", flat=True))
    assert stamps == {record.committed_at}


def test_reimporting_the_same_file_changes_nothing(admin, upload, amy_x, amy_instagram):
    first = import_commit(record=upload("sprout_profile_performance.csv"), by=admin)
    before = list(MetricSnapshot.objects.order_by("pk").values())

    again = upload("sprout_profile_performance.csv")
    plan = import_plan(record=again)
    again = import_commit(record=again, by=admin)

    assert plan.earlier == [first]
    assert again.file_hash == first.file_hash
    assert (again.snapshots_created, again.snapshots_updated, again.snapshots_unchanged) == (
        0,
        0,
        6,
    )
    assert list(MetricSnapshot.objects.order_by("pk").values()) == before
    assert again.changes.count() == 0


def test_reimporting_posts_updates_them_in_place(admin, upload, amy_x):
    import_commit(record=upload("account_analytics_content_2026-07-01_2026-07-31.csv"), by=admin)
    ids = dict(Post.objects.values_list("platform_post_id", "pk"))
    newer = (
        b"Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks\n"
        b'1812345678901234567,"Tue, Jul 14, 2026",Grand rounds,'
        b'https://x.com/dr_amy/status/1812345678901234567,"3,900",95,150,12\n'
    )

    record = import_commit(record=upload("later.csv", newer), by=admin)

    post = Post.objects.get(platform_post_id="1812345678901234567")
    assert (record.posts_created, record.posts_updated) == (0, 1)
    assert post.pk == ids["1812345678901234567"]
    assert (post.impressions, post.likes, post.saves, post.replies) == (3900, 95, 12, 7)
    assert Post.objects.count() == 2


def test_commit_refuses_a_file_with_an_error_and_saves_nothing(admin, upload, amy_x, amy_instagram):
    text = (FILES / "sprout_profile_performance.csv").read_text("utf-8-sig")
    broken = text.replace('"3,209"', '"3,2O9"')  # a letter O typed for a zero, row 7
    record = upload("broken.csv", broken.encode())

    with pytest.raises(WhiteCoatError, match="1 row has errors") as error:
        import_commit(record=record, by=admin)

    assert "Nothing was imported" in error.value.message
    assert [(e.row, e.column) for e in import_plan(record=record).errors] == [(7, "Audience")]
    assert MetricSnapshot.objects.count() == 0
    assert Import.objects.get(pk=record.pk).state == ImportState.UPLOADED


def test_commit_rolls_back_every_write_when_one_fails(admin, upload, amy_x, monkeypatch):
    record = upload("sprout_post_performance.csv", account=amy_x)

    def fail(*args, **kwargs):
        raise IntegrityError("the database refused a row")

    # The last write of a commit; the snapshots and posts before it must roll back too.
    monkeypatch.setattr(ImportChange.objects, "bulk_create", fail)
    with pytest.raises(WhiteCoatError, match="Nothing was imported") as error:
        import_commit(record=record, by=admin)

    assert error.value.code == "conflict"

    assert Post.objects.count() == 0
    assert Import.objects.get(pk=record.pk).state == ImportState.UPLOADED


def test_duplicate_day_with_other_figures_is_an_error(admin, upload, amy_x):
    data = (
        b"Date,Impressions,Engagements,New follows\n"
        b"2026-08-01,100,5,1\n2026-08-01,120,5,1\n2026-08-02,90,3,0\n2026-08-02,90,3,0\n"
    )

    plan = import_plan(record=upload("o.csv", data, account=amy_x))

    assert [(e.row, e.message) for e in plan.errors] == [
        (
            3,
            "1 Aug 2026 of The X account (the file does not name it) is also on row 2, with "
            "other figures",
        )
    ]
    assert "Row 5 repeats row 4: read once." in plan.notes


def test_commit_twice_is_refused(admin, upload, amy_x, amy_instagram):
    record = import_commit(record=upload("sprout_profile_performance.csv"), by=admin)

    with pytest.raises(WhiteCoatError, match="already been imported"):
        import_commit(record=record, by=admin)


def test_only_admins_import(upload, ambassador, leadership):
    for user in (ambassador, leadership):
        with pytest.raises(WhiteCoatError, match="Only program admins") as error:
            upload("sprout_profile_performance.csv", by=user)
        assert error.value.code == "forbidden"


# ---------------------------------------------------------- figures from the API or typed


def test_import_keeps_api_figures_by_default(admin, upload, amy_x, amy_instagram):
    MetricSnapshotFactory(account=amy_x, date=dt.date(2026, 3, 15), followers=3300, engagements=9)

    record = import_commit(record=upload("sprout_profile_performance.csv"), by=admin)

    assert (record.snapshots_created, record.snapshots_kept) == (5, 1)
    kept = MetricSnapshot.objects.get(account=amy_x, date=dt.date(2026, 3, 15))
    assert (kept.followers, kept.impressions, kept.source) == (3300, None, MetricSource.API)


def test_import_replaces_api_figures_when_asked(admin, upload, amy_x, amy_instagram):
    MetricSnapshotFactory(
        account=amy_x, date=dt.date(2026, 3, 15), followers=3300, following=120, engagements=9
    )

    record = import_commit(
        record=upload("sprout_profile_performance.csv"), by=admin, replace_existing=True
    )

    assert (record.snapshots_created, record.snapshots_updated, record.snapshots_kept) == (5, 1, 0)
    replaced = MetricSnapshot.objects.get(account=amy_x, date=dt.date(2026, 3, 15))
    # The day is the file's alone: the API's "following", which the file lacks, is gone.
    assert (replaced.followers, replaced.following, replaced.source) == (3210, None, "import")


def test_import_keeps_figures_typed_by_hand(admin, upload, amy_x):
    snapshot_enter(account=amy_x, day=dt.date(2026, 8, 2), figures={"impressions": 4000}, by=admin)

    record = import_commit(
        record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin
    )

    assert (record.snapshots_created, record.snapshots_kept) == (2, 1)
    assert MetricSnapshot.objects.get(date=dt.date(2026, 8, 2)).impressions == 4000


def test_a_second_file_fills_in_the_figures_the_first_lacked(admin, upload, ambassador_record):
    tiktok = SocialAccountFactory(ambassador=ambassador_record, platform="tiktok")
    import_commit(record=upload("Overview.csv", account=tiktok), by=admin)

    record = import_commit(record=upload("FollowerHistory.csv", account=tiktok), by=admin)

    assert (record.snapshots_created, record.snapshots_updated) == (0, 4)
    day = MetricSnapshot.objects.get(account=tiktok, date=dt.date(2025, 12, 31))
    assert (day.video_views, day.engagements, day.followers) == (3400, 454, 5140)


# -------------------------------------------------------------------------------- undo


def test_undo_deletes_what_the_import_created_and_restores_what_it_updated(
    admin, upload, ambassador_record
):
    tiktok = SocialAccountFactory(ambassador=ambassador_record, platform="tiktok")
    first = import_commit(record=upload("Overview.csv", account=tiktok), by=admin)
    after_first = table(tiktok)
    second = import_commit(record=upload("FollowerHistory.csv", account=tiktok), by=admin)

    import_undo(record=second, by=admin)

    assert table(tiktok) == after_first
    assert Import.objects.get(pk=second.pk).state == ImportState.UNDONE
    import_undo(record=first, by=admin)
    assert table(tiktok) == []


def test_undo_refuses_when_a_row_changed_since_and_changes_nothing(admin, upload, amy_x):
    record = import_commit(
        record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin
    )
    snapshot_enter(
        account=amy_x, day=dt.date(2026, 8, 2), figures={"impressions": 1}, by=admin, replace=True
    )
    before = table(amy_x)

    with pytest.raises(WhiteCoatError, match="1 of the rows this import wrote changed since"):
        import_undo(record=record, by=admin)

    assert table(amy_x) == before
    assert Import.objects.get(pk=record.pk).state == ImportState.COMMITTED


def test_undo_of_an_earlier_import_waits_for_the_later_one(admin, upload, ambassador_record):
    tiktok = SocialAccountFactory(ambassador=ambassador_record, platform="tiktok")
    first = import_commit(record=upload("Overview.csv", account=tiktok), by=admin)
    import_commit(record=upload("FollowerHistory.csv", account=tiktok), by=admin)

    with pytest.raises(WhiteCoatError, match="Undo that first"):
        import_undo(record=first, by=admin)


def test_undo_of_posts_restores_the_earlier_figures(admin, upload, amy_x):
    import_commit(record=upload("account_analytics_content_2026-07-01_2026-07-31.csv"), by=admin)
    newer = (
        b"Post id,Date,Post text,Post Link,Impressions,Likes\n"
        b'1812345678901234567,"Tue, Jul 14, 2026",Grand rounds,'
        b"https://x.com/dr_amy/status/1812345678901234567,9999,1\n"
    )
    record = import_commit(record=upload("later.csv", newer), by=admin)

    import_undo(record=record, by=admin)

    post = Post.objects.get(platform_post_id="1812345678901234567")
    assert (post.impressions, post.likes, post.source) == (3402, 88, "import")


def test_undo_twice_is_refused(admin, upload, amy_x):
    record = import_commit(
        record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin
    )
    import_undo(record=record, by=admin)

    with pytest.raises(WhiteCoatError, match="undone already"):
        import_undo(record=record, by=admin)


def test_discard_forgets_an_upload_but_not_an_import(admin, upload, amy_x):
    kept = import_commit(
        record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin
    )
    dropped = upload("Overview.csv")

    import_discard(record=dropped, by=admin)

    assert list(Import.objects.all()) == [kept]
    with pytest.raises(WhiteCoatError, match="undo it instead"):
        import_discard(record=kept, by=admin)


def test_prune_deletes_old_uploads_never_committed(admin, upload, amy_x):
    old = upload("Overview.csv")
    Import.objects.filter(pk=old.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    upload("FollowerHistory.csv")

    assert imports_prune(older_than_days=14, dry_run=True) == 1
    assert Import.objects.count() == 2
    assert imports_prune(older_than_days=14) == 1
    assert Import.objects.count() == 1


# ------------------------------------------------------------------- matching accounts


def test_profiles_are_matched_by_platform_and_handle(upload, amy_x, amy_instagram):
    plan = import_plan(record=upload("sprout_profile_performance.csv"))

    assert [(g.label, g.account, g.matched_by) for g in plan.groups] == [
        ("dr.amy.heart (Instagram)", amy_instagram, "the handle"),
        ("dr_amy (X)", amy_x, "the handle"),
    ]


def test_the_x_classic_file_goes_to_the_handle_in_its_name(upload, amy_x):
    plan = import_plan(record=upload("tweet_activity_metrics_dr_amy_20260801_20260831_en.csv"))

    assert [(g.account, g.matched_by) for g in plan.groups] == [(amy_x, "the file's name or links")]
    assert plan.post_counts["create"] == 3


def test_an_unmatched_profile_needs_a_choice_which_is_remembered(admin, upload, amy_x):
    record = upload("sprout_post_performance.csv")
    plan = import_plan(record=record)
    linkedin = SocialAccountFactory(
        ambassador=amy_x.ambassador, platform="linkedin", handle="amy-ambassador-md"
    )

    assert plan.problem == (
        "Choose the account for: dr.amy.heart (Instagram), Amy Ambassador MD (LinkedIn)."
    )
    with pytest.raises(WhiteCoatError, match="Choose the account"):
        import_commit(record=record, by=admin)
    import_commit(
        record=record,
        by=admin,
        accounts={"linkedin:amy ambassador md": linkedin.pk, "instagram:dr.amy.heart": 0},
    )

    assert Post.objects.filter(account=linkedin).count() == 1
    assert AccountAlias.objects.get().account == linkedin
    again = import_plan(record=upload("sprout_post_performance.csv"))
    assert [(g.handle, g.matched_by) for g in again.groups if g.account == linkedin] == [
        ("Amy Ambassador MD", "an earlier choice")
    ]


def test_skipped_profiles_are_counted_not_imported(admin, upload, amy_x):
    record = import_commit(
        record=upload("sprout_profile_performance.csv"),
        by=admin,
        accounts={"instagram:dr.amy.heart": 0},
    )

    assert (record.snapshots_created, record.rows_skipped) == (3, 3)


def test_personal_accounts_are_never_matched_or_chosen(admin, upload, ambassador_record):
    personal = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="instagram",
        handle="@dr.amy.heart",
        use=AccountUse.PERSONAL,
        connection_state="not_connected",
        connected_at=None,
    )
    record = upload("meta_instagram_content.csv")

    assert import_plan(record=record).groups[0].account is None
    with pytest.raises(WhiteCoatError, match="personal account"):
        import_commit(record=record, by=admin, accounts={"instagram:dr.amy.heart": personal.pk})


# ------------------------------------------------------------------------ manual entry


def test_snapshot_enter_marks_the_day_manual_and_records_who(admin, amy_x):
    snapshot = snapshot_enter(
        account=amy_x,
        day=dt.date(2026, 8, 2),
        figures={"followers": 3300, "engagements": None},
        by=admin,
    )

    assert (snapshot.followers, snapshot.engagements, snapshot.source) == (3300, None, "manual")
    entry = ManualEntry.objects.get()
    assert (entry.entered_by, entry.figures, entry.replaced) == (admin, {"followers": 3300}, None)


@pytest.mark.parametrize(
    "day,figures,message",
    [
        (dt.date(2999, 1, 1), {"followers": 1}, "is in the future"),
        (dt.date(2026, 1, 1), {"followers": -1}, "0 or more"),
        (dt.date(2026, 1, 1), {}, "at least one figure"),
    ],
)
def test_snapshot_enter_refuses_bad_figures(admin, amy_x, day, figures, message):
    with pytest.raises(WhiteCoatError, match=message):
        snapshot_enter(account=amy_x, day=day, figures=figures, by=admin)

    assert MetricSnapshot.objects.count() == 0


def test_snapshot_enter_does_not_overwrite_without_replace(admin, amy_x):
    MetricSnapshotFactory(account=amy_x, date=dt.date(2026, 1, 1), followers=1000)

    with pytest.raises(WhiteCoatError, match="already has figures for 1 Jan 2026 \\(platform api"):
        snapshot_enter(account=amy_x, day=dt.date(2026, 1, 1), figures={"followers": 5}, by=admin)

    replaced = snapshot_enter(
        account=amy_x, day=dt.date(2026, 1, 1), figures={"followers": 5}, by=admin, replace=True
    )
    assert (replaced.followers, replaced.engagements, replaced.source) == (5, None, "manual")
    assert ManualEntry.objects.get().replaced["source"] == "api"


def test_snapshot_enter_refuses_a_personal_account(admin, ambassador_record):
    personal = SocialAccountFactory(
        ambassador=ambassador_record,
        use=AccountUse.PERSONAL,
        connection_state="not_connected",
        connected_at=None,
    )

    with pytest.raises(WhiteCoatError, match="personal account"):
        snapshot_enter(
            account=personal, day=dt.date(2026, 1, 1), figures={"followers": 1}, by=admin
        )


def test_web_uploads_over_50000_rows_are_refused_with_a_way_out(upload, amy_x):
    data = b"Date,Impressions,Engagements,New follows\n" + b"2026-08-01,1,1,1\n" * 50_100

    with pytest.raises(WhiteCoatError, match=r"takes up to 50,000\. Split it, or import it"):
        upload("big.csv", data)


def test_imported_posts_are_screened_and_analysed_like_synced_ones(admin, upload, amy_x):
    import_commit(record=upload("account_analytics_content_2026-07-01_2026-07-31.csv"), by=admin)

    posts = list(Post.objects.all())
    assert posts
    assert all(hasattr(post, "screening") for post in posts)
    assert all(hasattr(post, "content_item") for post in posts)
