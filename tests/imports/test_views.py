"""The Imports pages: who may see them, upload → preview → commit, mapping, manual entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import MetricSnapshotFactory
from tests.imports.conftest import FILES
from whitecoat.imports.enums import ImportState
from whitecoat.imports.models import Import
from whitecoat.imports.services import import_commit
from whitecoat.metrics.models import MetricSnapshot

# Session, user, groups, installation (context processor), the page's own queries.
QUERIES_HISTORY = 7  # … + count and page of imports with their users in one join
QUERIES_ACCOUNT = 8  # … + account, snapshots, manual entries' authors, posts
LADDER = {
    "admin": 200,
    "leadership": 403,
    "chair_cardiology": 403,
    "ambassador": 403,
    "outsider": 403,
}


@pytest.fixture
def uploaded(upload, amy_x):
    return upload("x_account_overview_unicode_text.csv", account=amy_x)


@pytest.fixture
def committed(admin, upload, amy_x):
    return import_commit(
        record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin
    )


def _pages(uploaded, amy_x):
    return [
        reverse("imports:index"),
        reverse("imports:detail", args=[uploaded.pk]),
        reverse("imports:manual"),
        reverse("imports:account", args=[amy_x.pk]),
    ]


@pytest.mark.parametrize("persona,expected", LADDER.items())
def test_import_pages_are_for_program_admins(client, personas, uploaded, amy_x, persona, expected):
    client.force_login(personas[persona])

    for url in _pages(uploaded, amy_x):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("persona", ["leadership", "chair_cardiology", "ambassador", "outsider"])
def test_import_writes_are_refused_to_others(client, personas, uploaded, persona):
    client.force_login(personas[persona])

    for name in ("imports:commit", "imports:undo", "imports:discard"):
        assert client.post(reverse(name, args=[uploaded.pk])).status_code == 403
    assert Import.objects.get(pk=uploaded.pk).state == ImportState.UPLOADED


def test_import_pages_send_anonymous_users_to_log_in(client, uploaded, amy_x):
    for url in _pages(uploaded, amy_x):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_mapping_page_follows_the_ladder(client, personas, upload):
    record = upload("hootsuite_post_performance.csv")
    url = reverse("imports:mapping", args=[record.pk])
    for persona, expected in LADDER.items():
        client.force_login(personas[persona])
        assert client.get(url).status_code == expected


def test_nav_shows_imports_to_admins_only(client, admin, ambassador):
    client.force_login(admin)
    assert b'href="/imports/"' in client.get(reverse("home")).content
    client.force_login(ambassador)
    assert b'href="/imports/"' not in client.get(reverse("home")).content


def test_account_list_links_admins_to_the_figures(client, admin, amy_x):
    client.force_login(admin)

    response = client.get(reverse("account-list"))

    assert reverse("imports:account", args=[amy_x.pk]).encode() in response.content


# ------------------------------------------------------------------------------- flow


def test_admin_uploads_previews_and_commits(client, admin, amy_x):
    client.force_login(admin)
    with open(FILES / "x_account_overview_unicode_text.csv", "rb") as handle:
        response = client.post(reverse("imports:index"), {"file": handle})
    record = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[record.pk])

    preview = client.get(response["Location"]).content.decode()
    assert "X analytics — account overview, by day (CSV) (detected)" in preview
    assert "Choose the account for: The X account (the file does not name it)." in preview
    assert "The file is UTF-16 (read as such)." in preview
    assert MetricSnapshot.objects.count() == 0

    response = client.post(
        reverse("imports:commit", args=[record.pk]),
        {"format": "x_overview", "account_0": str(amy_x.pk)},
    )

    assert response.status_code == 302
    assert MetricSnapshot.objects.filter(account=amy_x, source="import").count() == 3
    result = client.get(response["Location"]).content.decode()
    assert "Imported x_account_overview_unicode_text.csv: 3 rows written." in result
    assert "Undo this import" in result


def test_htmx_upload_redirects_the_client(client, admin, amy_x):
    client.force_login(admin)
    with open(FILES / "Overview.csv", "rb") as handle:
        response = client.post(
            reverse("imports:index"), {"file": handle}, headers={"HX-Request": "true"}
        )

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("imports:detail", args=[Import.objects.get().pk])


def test_htmx_upload_error_swaps_the_form(client, admin):
    client.force_login(admin)
    with open(FILES / "Overview.csv", "rb") as handle:
        data = {"file": handle, "format": "nonsense"}
        response = client.post(reverse("imports:index"), data, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="upload"')
    assert "Select a valid choice" in html
    assert Import.objects.count() == 0


def test_unreadable_file_is_refused_on_the_upload_form(client, admin):
    client.force_login(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    response = client.post(reverse("imports:index"), {"file": upload})

    assert response.status_code == 200
    assert "save it as .xlsx" in response.content.decode()
    assert Import.objects.count() == 0


def test_preview_lists_errors_by_row_and_offers_no_import(client, admin, upload, amy_x):
    data = (
        b"Date,Impressions,Engagements,New follows\n"
        b"2026-08-01,100,5,1\n2026-08-02,1.2.3,5,1\n2026-08-03,-4,3,0\n"
    )
    record = upload("overview.csv", data, account=amy_x)
    client.force_login(admin)

    html = client.get(reverse("imports:detail", args=[record.pk])).content.decode()

    assert "Errors (2)" in html
    assert '<th scope="row">3</th><td>Impressions</td><td>“1.2.3” is not a number</td>' in html
    assert (
        '<th scope="row">4</th><td>Impressions</td><td>“-4” is negative; counts are 0 or more</td>'
        in html
    )
    assert "2 rows have errors" in html
    assert "formaction" not in html


def test_commit_of_a_file_with_errors_saves_nothing(client, admin, upload, amy_x):
    data = b"Date,Impressions,Engagements,New follows\n2026-08-01,100,5,1\n2026-08-02,x,5,1\n"
    record = upload("overview.csv", data, account=amy_x)
    client.force_login(admin)

    response = client.post(reverse("imports:commit", args=[record.pk]), {"format": "x_overview"})

    assert response.status_code == 409
    assert "Nothing was imported." in response.content.decode()
    assert MetricSnapshot.objects.count() == 0


def test_preview_choices_are_saved(client, admin, uploaded, amy_x):
    client.force_login(admin)

    response = client.post(
        reverse("imports:detail", args=[uploaded.pk]),
        {"format": "x_overview", "account_0": "0", "replace_existing": "on"},
    )

    uploaded.refresh_from_db()
    assert response.status_code == 302
    assert (uploaded.accounts[""], uploaded.replace_existing) == (0, True)


def test_changing_the_format_on_commit_shows_the_preview_first(client, admin, uploaded):
    client.force_login(admin)

    response = client.post(reverse("imports:commit", args=[uploaded.pk]), {"format": "generic"})

    uploaded.refresh_from_db()
    assert response.status_code == 302
    assert (uploaded.format, uploaded.state) == ("generic", ImportState.UPLOADED)


def test_undo_and_discard_through_the_pages(client, admin, committed, upload):
    client.force_login(admin)

    client.post(reverse("imports:undo", args=[committed.pk]))
    other = upload("Overview.csv")
    response = client.post(reverse("imports:discard", args=[other.pk]))

    committed.refresh_from_db()
    assert committed.state == ImportState.UNDONE
    assert MetricSnapshot.objects.count() == 0
    assert response["Location"] == reverse("imports:index")
    assert not Import.objects.filter(pk=other.pk).exists()


# ---------------------------------------------------------------------------- mapping


def test_unrecognised_file_goes_to_the_mapping_screen(client, admin, amy_x):
    client.force_login(admin)
    with open(FILES / "hootsuite_post_performance.csv", "rb") as handle:
        response = client.post(reverse("imports:index"), {"file": handle})
    record = Import.objects.get()

    assert response["Location"] == reverse("imports:mapping", args=[record.pk])
    html = client.get(response["Location"]).content.decode()
    assert "WhiteCoat did not recognise this file's columns." in html
    assert '<option value="0" selected>Date (GMT)</option>' in html
    assert '<th scope="row">Post Message</th>' in html


def test_mapping_screen_saves_the_mapping_and_previews(client, admin, upload, amy_x):
    data = b'Report\n\nWhen,Who,Fans,Talk\n2026-04-01,@dr_amy,"3,200",12\n2026-04-02,@dr_amy,,14\n'
    record = upload("sheet.csv", data)
    client.force_login(admin)
    form = {
        "kind": "snapshots",
        "header_row": "3",
        "platform": "x",
        "col_date": "0",
        "col_handle": "1",
        "col_followers": "2",
        "col_engagements": "3",
    }

    response = client.post(reverse("imports:mapping", args=[record.pk]), form)

    assert response["Location"] == reverse("imports:detail", args=[record.pk])
    record.refresh_from_db()
    assert record.mapping["columns"] == {"date": 0, "handle": 1, "followers": 2, "engagements": 3}
    html = client.get(response["Location"]).content.decode()
    assert "@dr_amy (X)" in html
    assert "followers 3,200, engagements 12" in html
    import_commit(record=record, by=admin)
    assert [(s.followers, s.engagements) for s in MetricSnapshot.objects.order_by("date")] == [
        (3200, 12),
        (None, 14),
    ]


def test_moving_the_header_row_proposes_its_columns(client, admin, upload):
    data = b"Report title,\nDate,Followers\n2026-04-01,12\n"
    record = upload("sheet.csv", data)
    record.mapping = {**record.mapping, "header_row": 1, "columns": {}}
    record.save()
    client.force_login(admin)

    client.post(
        reverse("imports:mapping", args=[record.pk]), {"kind": "snapshots", "header_row": "2"}
    )

    record.refresh_from_db()
    assert (record.mapping["header_row"], record.mapping["columns"]) == (
        2,
        {"date": 0, "followers": 1},
    )


# ----------------------------------------------------------------------- manual entry


def test_manual_entry_saves_a_manual_snapshot(client, admin, amy_x):
    client.force_login(admin)

    response = client.post(
        reverse("imports:manual"),
        {"account": amy_x.pk, "date": "2026-08-02", "followers": "3300", "engagements": ""},
    )

    assert response["Location"] == reverse("imports:account", args=[amy_x.pk])
    snapshot = MetricSnapshot.objects.get()
    assert (snapshot.followers, snapshot.engagements, snapshot.source) == (3300, None, "manual")
    page = client.get(response["Location"]).content.decode()
    assert "Entered by hand (alice_admin)" in page


def test_manual_entry_is_prefilled_from_the_account_page(client, admin, amy_x):
    client.force_login(admin)

    html = client.get(reverse("imports:manual"), {"account": amy_x.pk}).content.decode()

    assert f'<option value="{amy_x.pk}" selected>' in html


@pytest.mark.parametrize(
    "data,message",
    [
        ({"date": "2999-01-01", "followers": "5"}, "This date is in the future"),
        (
            {"date": "2026-01-01", "followers": "-5"},
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"date": "2026-01-01"}, "Enter at least one figure."),
    ],
)
def test_manual_entry_errors_keep_what_was_typed(client, admin, amy_x, data, message):
    client.force_login(admin)

    response = client.post(reverse("imports:manual"), {"account": amy_x.pk, **data})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{data["date"]}"' in html
    if "followers" in data:
        assert f'value="{data["followers"]}"' in html
    assert MetricSnapshot.objects.count() == 0


def test_manual_entry_over_api_figures_needs_replace(client, admin, amy_x):
    MetricSnapshotFactory(account=amy_x, date=dt.date(2026, 1, 1), followers=1000)
    client.force_login(admin)
    data = {"account": amy_x.pk, "date": "2026-01-01", "followers": "1200"}

    response = client.post(reverse("imports:manual"), data)

    html = response.content.decode()
    assert "already has figures for 1 Jan 2026" in html
    assert 'value="1200"' in html
    response = client.post(reverse("imports:manual"), {**data, "replace": "on"})
    assert response.status_code == 302
    assert MetricSnapshot.objects.get().followers == 1200


# ------------------------------------------------------------------------ N+1 guards


@pytest.mark.parametrize("n", [1, 3])
def test_history_list_queries_do_not_grow(
    client, admin, amy_x, upload, django_assert_num_queries, n
):
    for _ in range(n):
        import_commit(record=upload("x_account_overview_unicode_text.csv", account=amy_x), by=admin)
    client.force_login(admin)
    client.get(reverse("imports:index"))  # warm the session and role caches

    with django_assert_num_queries(QUERIES_HISTORY):
        response = client.get(reverse("imports:index"))

    assert response.content.decode().count("x_account_overview_unicode_text.csv</a>") == n


@pytest.mark.parametrize("n", [1, 3])
def test_account_figures_queries_do_not_grow(client, admin, amy_x, django_assert_num_queries, n):
    for day in range(n):
        MetricSnapshotFactory(account=amy_x, date=dt.date(2026, 1, 1 + day), source="manual")
    client.force_login(admin)

    with django_assert_num_queries(QUERIES_ACCOUNT):
        client.get(reverse("imports:account", args=[amy_x.pk]))
