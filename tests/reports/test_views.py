"""The report pages per role, their PDF and XLSX exports (the same figures as the page),
and the admins' monthly e-mail page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import CohortFactory, DepartmentFactory, UserFactory
from tests.reports.factories import (
    MANAGE_LADDER,
    RANGE_QUERY,
    VIEW_LADDER,
    D,
    ambassador_with_history,
    page_tables,
    pdf_text,
)
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role
from whitecoat.reports.enums import DeliveryState, RecipientChoice
from whitecoat.reports.models import MonthlyReportDelivery, ReportRecipient, ReportSchedule

# -------------------------------------------------------------------------- who sees


@pytest.mark.parametrize(
    "url_name", ["reports:index", "reports:results", "reports:areas", "reports:monthly"]
)
def test_report_pages_send_anonymous_users_to_login(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", ["reports:index", "reports:results", "reports:areas"])
@pytest.mark.parametrize(("persona", "expected"), VIEW_LADDER.items())
def test_reports_are_for_admins_and_leadership(client, personas, url_name, persona, expected):
    client.force_login(personas[persona])

    response = client.get(reverse(url_name))

    assert response.status_code == expected


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
@pytest.mark.parametrize(("persona", "expected"), VIEW_LADDER.items())
def test_report_exports_follow_the_same_ladder(client, personas, kind, persona, expected):
    client.force_login(personas[persona])

    response = client.get(reverse("reports:results") + f"?format={kind}")

    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), MANAGE_LADDER.items())
def test_monthly_page_is_for_admins_only(client, personas, persona, expected):
    client.force_login(personas[persona])

    response = client.get(reverse("reports:monthly"))

    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), MANAGE_LADDER.items())
def test_recipient_changes_are_for_admins_only(client, personas, persona, expected):
    client.force_login(personas[persona])
    target = personas["leadership"]

    response = client.post(
        reverse("reports:recipient-change", args=[target.pk]), {"choice": "unsubscribed"}
    )

    assert response.status_code == (302 if expected == 200 else 403)
    assert ReportRecipient.objects.filter(user=target).exists() == (expected == 200)


@pytest.mark.parametrize(("persona", "expected"), MANAGE_LADDER.items())
def test_recipient_additions_are_for_admins_only(client, personas, persona, expected):
    client.force_login(personas[persona])
    target = personas["admin"]
    target.email = "alice@example.org"
    target.save()

    response = client.post(reverse("reports:recipient-add"), {"user": target.pk})

    assert response.status_code == (302 if expected == 200 else 403)
    assert ReportRecipient.objects.filter(user=target).exists() == (expected == 200)


# ------------------------------------------------------------------------ the pages


def test_results_page_shows_the_figures_of_the_range(client, leadership, program):
    client.force_login(leadership)

    response = client.get(reverse("reports:results") + RANGE_QUERY)

    tables = page_tables(response).tables
    key = {row[0]: row[1] for row in tables["key_figures-table"][1:]}
    assert key["Engagements"] == "1,427"
    assert key["Impressions"] == "no data"
    assert key["Audience change"] == "-78"
    assert key["Left during the range"] == "1"
    assert tables["ambassadors_audience-table"][-1][:2] == ["30 Jun 2024", "2"]
    assert b'id="report-data"' in response.content  # the charts' figures
    assert b"Custom dates</strong>: 1 Mar 2024 to 30 Jun 2024" in response.content


def test_results_page_keeps_the_range_in_the_url_and_the_form(client, leadership, program):
    client.force_login(leadership)

    response = client.get(reverse("reports:results") + RANGE_QUERY)

    html = response.content.decode()
    assert 'value="2024-03-01"' in html and 'value="2024-06-30"' in html
    assert "format=pdf" in html and "start=2024-03-01" in html


def test_results_page_explains_a_bad_range_and_keeps_what_was_typed(client, leadership, program):
    client.force_login(leadership)

    response = client.get(
        reverse("reports:results") + "?window=custom&start=2024-06-30&end=2024-03-01"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date." in html
    assert "Showing the results since launch instead." in html
    assert 'value="2024-06-30"' in html


def test_results_page_answers_htmx_with_the_report_only(client, leadership, program):
    client.force_login(leadership)

    response = client.get(reverse("reports:results") + RANGE_QUERY, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report"')
    assert "<header" not in html


def test_areas_page_highlights_ranked_specialties_without_ambassadors(client, admin, program):
    client.force_login(admin)

    response = client.get(reverse("reports:areas") + RANGE_QUERY)

    tables = page_tables(response).tables
    assert tables["areas-table"][1][:4] == [
        "Cardiology",
        "Test Health",
        "#3 (2025) Cardiology",
        "2",
    ]
    assert [
        "Urology",
        "9",
        "2025",
        "Urology",
        "0",
        "no data",
        "Gap: no active ambassador",
    ] in tables["ranked_specialties-table"]
    assert b"<strong>Gaps:</strong> no active ambassador in Urology" in response.content


# ---------------------------------------------------------------------------- exports


def test_results_pdf_holds_every_figure_the_page_shows(client, leadership, program):
    client.force_login(leadership)
    page = page_tables(client.get(reverse("reports:results") + RANGE_QUERY))

    response = client.get(reverse("reports:results") + RANGE_QUERY + "&format=pdf&paper=a4")

    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="whitecoat-results-2024-03-01-to-2024-06-30.pdf"'
        in response["Content-Disposition"]
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    text = pdf_text(response.content)
    assert "Program results" in text and "Custom dates: 1 Mar 2024 to 30 Jun 2024" in text
    assert re.search(r"Page 1 of \d+", text)
    numbers = [n for table in page.numbers.values() for n in table]
    assert "1,427" in numbers and "1,509" in numbers
    missing = [n for n in numbers if n not in text]
    assert missing == []


def test_results_pdf_is_letter_by_default(client, leadership, program):
    client.force_login(leadership)

    response = client.get(reverse("reports:results") + RANGE_QUERY + "&format=pdf")

    reader = PdfReader(io.BytesIO(response.content))
    assert (
        round(float(reader.pages[0].mediabox.width)),
        round(float(reader.pages[0].mediabox.height)),
    ) == (
        612,
        792,
    )


def test_areas_pdf_holds_every_figure_the_page_shows(client, admin, program):
    client.force_login(admin)
    page = page_tables(client.get(reverse("reports:areas") + RANGE_QUERY))

    response = client.get(reverse("reports:areas") + RANGE_QUERY + "&format=pdf")

    text = pdf_text(response.content)
    numbers = [n for table in page.numbers.values() for n in table]
    assert "1,431" in numbers
    assert [n for n in numbers if n not in text] == []
    assert "Gap: no active ambassador" in " ".join(text.split())  # may wrap in its cell


def test_results_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(client, leadership, program):
    client.force_login(leadership)
    page = page_tables(client.get(reverse("reports:results") + RANGE_QUERY))

    response = client.get(reverse("reports:results") + RANGE_QUERY + "&format=xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Key figures",
        "Ambassadors and audience at eac",
        "Ambassadors by cohort",
        "Ambassadors by kind",
        "Everyone in the pipeline, by st",
    ]
    key = {row[0]: row[1] for row in workbook["Key figures"].iter_rows(min_row=2, values_only=True)}
    assert key["Engagements"] == 1427
    assert key["Impressions"] == "no data"
    assert key["Audience change"] == -78
    assert round(key["Audience change, percent"], 2) == -5.17
    monthly = list(
        workbook["Ambassadors and audience at eac"].iter_rows(min_row=2, values_only=True)
    )
    on_page = page.tables["ambassadors_audience-table"][1:]
    assert [row[4] for row in monthly] == [1509, 1540, 1070, 1101, 1431]
    assert [f"{row[4]:,}" for row in monthly] == [row[4] for row in on_page]
    assert [row[1] for row in monthly] == [int(row[1]) for row in on_page]
    assert monthly[0][0] == dt.datetime(2024, 2, 29)  # dates as dates


def test_xlsx_neutralises_text_that_a_spreadsheet_would_run(client, admin, program):
    system = program.cardiology.entity
    odd = DepartmentFactory(entity=system, name='=HYPERLINK("http://evil.example","x")')
    ambassador_with_history(
        name="Ivy Ink",
        cohort=CohortFactory(name="+Cohort", launched_on=D(2024, 1, 1)),
        department=odd,
        steps=[(D(2024, 1, 2), "active")],
    )
    client.force_login(admin)

    areas = load_workbook(
        io.BytesIO(client.get(reverse("reports:areas") + RANGE_QUERY + "&format=xlsx").content)
    )
    results = load_workbook(
        io.BytesIO(client.get(reverse("reports:results") + RANGE_QUERY + "&format=xlsx").content)
    )

    names = [row[0] for row in areas["Areas represented"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    headers = next(results["Ambassadors by cohort"].iter_rows(max_row=1, values_only=True))
    assert "'+Cohort" in headers
    assert all(
        cell.data_type != "f" for row in areas["Areas represented"].iter_rows() for cell in row
    )


# ------------------------------------------------------------------- the monthly page


def test_monthly_page_lists_leadership_by_default_and_saves_settings(client, admin, leadership):
    client.force_login(admin)

    page = client.get(reverse("reports:monthly"))
    saved = client.post(reverse("reports:monthly"), {"monthly_enabled": "", "paper_size": "a4"})

    assert "leadership (default)" in page.content.decode()
    assert saved.status_code == 302
    schedule = ReportSchedule.current()
    assert (schedule.monthly_enabled, schedule.paper_size, schedule.updated_by) == (
        False,
        "a4",
        admin,
    )


def test_monthly_page_refuses_an_unknown_paper_size_and_keeps_the_form(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("reports:monthly"), {"monthly_enabled": "on", "paper_size": "a3"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReportSchedule.objects.exists()


def test_admin_adds_an_admin_and_takes_leadership_off(client, admin, leadership):
    other_admin = UserFactory(username="olga_admin")
    user_grant_role(user=other_admin, role=Role.PROGRAM_ADMIN)
    client.force_login(admin)

    added = client.post(reverse("reports:recipient-add"), {"user": other_admin.pk})
    removed = client.post(
        reverse("reports:recipient-change", args=[leadership.pk]), {"choice": "unsubscribed"}
    )

    assert (added.status_code, removed.status_code) == (302, 302)
    assert ReportRecipient.objects.get(user=other_admin).choice == RecipientChoice.SUBSCRIBED
    assert ReportRecipient.objects.get(user=leadership).choice == RecipientChoice.UNSUBSCRIBED
    page = client.get(reverse("reports:monthly")).content.decode()
    assert "taken off the list by an admin" in page and "added by an admin" in page


def test_admin_cannot_add_someone_who_may_not_read_reports(client, admin, chair_cardiology):
    client.force_login(admin)

    response = client.post(
        reverse("reports:recipient-change", args=[chair_cardiology.pk]),
        {"choice": "subscribed"},
        follow=True,
    )

    assert "neither a program admin nor leadership" in response.content.decode()
    assert not ReportRecipient.objects.filter(user=chair_cardiology).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_monthly_page_query_count_does_not_grow_with_deliveries(
    client, admin, leadership, count, django_assert_num_queries
):
    from django.utils import timezone

    for i in range(count):
        MonthlyReportDelivery.objects.create(
            month=D(2024, i + 1, 1),
            email=f"lee{i}@example.org",
            user=leadership,
            state=DeliveryState.SENT,
            claimed_at=timezone.now(),
            sent_at=timezone.now(),
        )
    client.force_login(admin)

    with django_assert_num_queries(15):
        response = client.get(reverse("reports:monthly"))

    assert response.content.decode().count("lee") >= count
