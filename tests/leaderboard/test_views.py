"""The leaderboard pages and the API per role, the exports, and the admins' settings."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.leaderboard.factories import daily_series, linear, ranked_ambassador
from whitecoat.api.services import api_token_create
from whitecoat.leaderboard.models import ScoreSettings
from whitecoat.leaderboard.scoring import window_for
from whitecoat.leaderboard.selectors import ambassador_charts, leaderboard_for_window
from whitecoat.leaderboard.tables import cell, columns_for

ROLES = ["admin", "leadership", "chair_cardiology", "ambassador", "other_ambassador", "outsider"]
LEADERBOARD_LADDER = {
    "admin": 200,
    "leadership": 200,
    "chair_cardiology": 200,
    "ambassador": 200,
    "other_ambassador": 200,
    "outsider": 403,
}
DASHBOARD_LADDER = {**LEADERBOARD_LADDER, "chair_cardiology": 403, "ambassador": 403}
DASHBOARD_LADDER["other_ambassador"] = 403
SETTINGS_LADDER = {**DASHBOARD_LADDER, "leadership": 403}


@pytest.fixture
def ranked(personas, ambassador_account, cohort, neurology):
    """Amy (cardiology) and Bob (neurology) with a month of figures, and a third ambassador."""
    bob = personas["other_ambassador"].person.ambassadorships.get().accounts.get()
    today = timezone.localdate()
    daily_series(ambassador_account, last=today, followers=linear(1000, 1100, 40))
    daily_series(bob, last=today, followers=linear(500, 600, 40))
    carl = ranked_ambassador(name="Carl Third", department=neurology, cohort=cohort)
    daily_series(carl, last=today, followers=linear(300, 303, 40))
    return personas


@pytest.mark.parametrize("url_name", ["leaderboard", "program-dashboard", "leaderboard-settings"])
def test_pages_send_anonymous_users_to_login(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302


@pytest.mark.parametrize(("persona", "expected"), LEADERBOARD_LADDER.items())
def test_leaderboard_opens_for_program_members_only(client, ranked, persona, expected):
    client.force_login(ranked[persona])

    response = client.get(reverse("leaderboard"))

    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), DASHBOARD_LADDER.items())
def test_program_dashboard_is_for_admins_and_leadership(client, ranked, persona, expected):
    client.force_login(ranked[persona])

    response = client.get(reverse("program-dashboard"))

    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), SETTINGS_LADDER.items())
def test_score_settings_are_for_admins_only(client, ranked, persona, expected):
    client.force_login(ranked[persona])

    response = client.get(reverse("leaderboard-settings"))

    assert response.status_code == expected


def test_leaderboard_shows_an_ambassador_the_program_but_nothing_private(client, ranked):
    client.force_login(ranked["ambassador"])

    response = client.get(reverse("leaderboard"))

    text = response.text
    assert "Bob Other" in text and "Carl Third" in text
    assert "@example.org" not in text  # no e-mail addresses
    # Only their own row links to an ambassador page.
    amy = ranked["ambassador"].person.ambassadorships.get()
    assert re.findall(r'href="/ambassadors/(\d+)/"', text) == [str(amy.pk)]


def test_leaderboard_hides_figures_when_the_program_hides_them(client, ranked):
    ScoreSettings.objects.create(ambassadors_see_figures=False)
    client.force_login(ranked["ambassador"])

    response = client.get(reverse("leaderboard"))

    assert "1,100" in response.text  # Amy's own followers
    assert "600" not in response.text  # Bob's are hidden
    assert "hidden" in response.text


def test_leaderboard_filters_live_in_the_url(client, ranked, neurology):
    client.force_login(ranked["admin"])

    response = client.get(reverse("leaderboard"), {"department": neurology.pk, "window": "7d"})

    assert "Bob Other" in response.text
    assert "Amy Ambassador" not in response.text
    assert "Last 7 days" in response.text


def test_leaderboard_answers_htmx_with_the_results_only(client, ranked):
    client.force_login(ranked["admin"])

    response = client.get(reverse("leaderboard"), {"group": "department"}, HTTP_HX_REQUEST="true")

    assert response.text.lstrip().startswith('<div id="results"')
    assert "Neurology" in response.text


def test_leaderboard_reports_bad_custom_dates_and_shows_the_default(client, ranked):
    client.force_login(ranked["admin"])

    response = client.get(
        reverse("leaderboard"), {"window": "custom", "start": "2026-03-02", "end": "2026-03-01"}
    )

    assert "The end date is before the start date." in response.text
    assert "Showing the last 30 days instead." in response.text


def _shown_rows(board):
    return [[cell(c, line) for c in columns_for(board.grouping)] for line in board.lines]


def _as_text(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("persona", ["admin", "ambassador"])
def test_csv_export_holds_exactly_the_rows_and_columns_shown(client, ranked, persona):
    ScoreSettings.objects.create(ambassadors_see_figures=False)
    user = ranked[persona]
    client.force_login(user)
    params = {"sort": "-followers", "group": "ambassador"}

    response = client.get(reverse("leaderboard"), {**params, "format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    board = leaderboard_for_window(
        user=user,
        window=_window(),
        sort="-followers",
        page_size=1000,
    )
    assert rows[0] == [c.name for c in columns_for("ambassador")]
    assert rows[1:] == [[_as_text(v) for v in row] for row in _shown_rows(board)]


def test_xlsx_export_holds_the_same_rows_as_the_csv(client, ranked):
    client.force_login(ranked["admin"])

    xlsx = client.get(reverse("leaderboard"), {"group": "account", "format": "xlsx"})
    text = client.get(reverse("leaderboard"), {"group": "account", "format": "csv"})

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [[_as_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    lines = list(csv.reader(io.StringIO(b"".join(text.streaming_content).decode())))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[2] for row in cells[1:]] == [row[2] for row in lines[1:]]
    assert len(cells) == len(lines) == 4


def _window():
    return window_for("30d", today=timezone.localdate())


def test_score_settings_form_saves_weights_and_explains_the_formula(client, ranked):
    client.force_login(ranked["admin"])
    page = client.get(reverse("leaderboard-settings"))
    data = {
        "weight_growth_rate": 0,
        "weight_engagement_rate": 0,
        "weight_posts": 0,
        "weight_video_rate": 0,
        "weight_growth": 1,
        "weight_engagements": 0,
        "shrinkage": 100,
        "ambassadors_see_figures": "on",
    }

    response = client.post(reverse("leaderboard-settings"), data)

    assert "shrunk toward the median" in page.text
    assert response.status_code == 302
    settings = ScoreSettings.objects.get()
    assert (settings.weight_growth, settings.shrinkage, settings.updated_by) == (
        1,
        100,
        ranked["admin"],
    )


def test_score_settings_refuse_all_weights_at_zero(client, ranked):
    client.force_login(ranked["admin"])
    data = {
        f"weight_{n}": 0
        for n in ("growth_rate", "engagement_rate", "posts", "video_rate", "growth", "engagements")
    }

    response = client.post(reverse("leaderboard-settings"), {**data, "shrinkage": 500})

    assert response.status_code == 200
    assert not ScoreSettings.objects.exists()


def test_ambassador_charts_partial_renders_charts_with_a_table(ranked, rf):
    admin = ranked["admin"]
    amy = ranked["ambassador"].person.ambassadorships.get()
    request = rf.get("/")
    request.user = admin

    html = render_to_string(
        "leaderboard/_ambassador_charts.html",
        {"leaderboard_charts": ambassador_charts(user=admin, ambassador=amy)},
        request=request,
    )

    assert 'id="lb-ambassador-data"' in html
    assert 'data-chart-series="followers"' in html
    assert "<table" in html and "Rank over 30-day windows" in html


def test_ambassador_charts_partial_renders_nothing_without_its_context():
    assert render_to_string("leaderboard/_ambassador_charts.html", {}).strip() == ""


# --------------------------------------------------------------------------------- API


def api(client, user, **params):
    headers = {}
    if user is not None:
        _, raw = api_token_create(user=user, name="test")
        headers = {"Authorization": f"Bearer {raw}"}
    return client.get("/api/v1/leaderboard", params, headers=headers)


@pytest.mark.parametrize(("persona", "expected"), LEADERBOARD_LADDER.items())
def test_api_leaderboard_per_role(client, ranked, persona, expected):
    response = api(client, ranked[persona])

    assert response.status_code == expected


def test_api_leaderboard_needs_credentials(client, db):
    assert api(client, None).status_code == 401


def test_api_leaderboard_matches_the_page_parameters(client, ranked, neurology):
    body = api(client, ranked["admin"], window="7d", department=neurology.pk, sort="label").json()

    assert body["window"]["key"] == "7d"
    assert [item["label"] for item in body["items"]] == ["Bob Other, MD", "Carl Third"]
    assert (body["count"], body["total"]) == (2, 3)
    assert body["metrics_not_tracked_yet"] == []


def test_api_leaderboard_custom_window_and_grouping(client, ranked):
    body = api(client, ranked["admin"], start="2026-01-01", end="2026-01-31", group="cohort").json()

    assert body["window"] == {
        "key": "custom",
        "label": "Custom dates",
        "first_day": "2026-01-01",
        "last_day": "2026-01-31",
        "days": 31,
    }
    # No data in January: the row is there, with no rank and null figures, not zeros.
    [item] = body["items"]
    assert (item["rank"], item["score"], item["followers"]) == (None, None, None)


def test_api_leaderboard_rejects_bad_dates(client, ranked):
    response = api(client, ranked["admin"], start="2026-02-01", end="2026-01-01")

    assert response.status_code == 422


def test_api_leaderboard_hides_figures_like_the_page(client, ranked):
    ScoreSettings.objects.create(ambassadors_see_figures=False)

    body = api(client, ranked["ambassador"], sort="label").json()

    seen = {item["label"]: (item["figures_visible"], item["followers"]) for item in body["items"]}
    assert seen["Amy Ambassador, MD"] == (True, 1100)
    assert seen["Bob Other, MD"] == (False, None)


def test_api_leaderboard_is_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/leaderboard"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"window", "start", "end", "group", "platform", "department", "cohort"} <= names
    assert {"200", "401", "403", "422"} <= set(operation["responses"])
