"""Every page × every role: who may open it, and what they see there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import AmbassadorFactory, MetricSnapshotFactory, SocialAccountFactory

ROLES = ["admin", "leadership", "chair_cardiology", "ambassador", "outsider"]
HOME_ROLE = {
    "admin": "program_admin",
    "leadership": "leadership",
    "chair_cardiology": "nominator",
    "ambassador": "ambassador",
    "outsider": "requester",
}
LIST_PAGES = ["home", "ambassador-list", "person-list", "account-list", "organization"]


@pytest.mark.parametrize("page", LIST_PAGES)
def test_page_sends_anonymous_users_to_login(client, db, page):
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ROLES)
@pytest.mark.parametrize("page", LIST_PAGES)
def test_page_opens_for_every_role(client, personas, persona, page):
    client.force_login(personas[persona])

    response = client.get(reverse(page))

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ROLES)
def test_home_is_the_roles_own(client, personas, persona):
    client.force_login(personas[persona])

    response = client.get(reverse("home"))

    assert f'data-home-role="{HOME_ROLE[persona]}"' in response.text


AMBASSADOR_DETAIL_LADDER = {
    "admin": 200,
    "leadership": 200,
    "chair_cardiology": 200,
    "ambassador": 200,
    "other_ambassador": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona,expected", AMBASSADOR_DETAIL_LADDER.items())
def test_ambassador_detail_checks_scope(client, personas, ambassador_record, persona, expected):
    client.force_login(personas[persona])

    response = client.get(reverse("ambassador-detail", args=[ambassador_record.pk]))

    assert response.status_code == expected


def test_ambassador_detail_hides_other_department_from_chair(
    client, chair_cardiology, other_ambassador
):
    client.force_login(chair_cardiology)
    record = other_ambassador.person.ambassadorships.get()

    response = client.get(reverse("ambassador-detail", args=[record.pk]))

    assert response.status_code == 404


def test_ambassador_list_shows_chair_only_their_department(
    client, chair_cardiology, ambassador, other_ambassador
):
    client.force_login(chair_cardiology)

    response = client.get(reverse("ambassador-list"))

    assert "Amy Ambassador" in response.text
    assert "Bob Other" not in response.text


def test_ambassador_list_shows_ambassador_only_themselves(client, ambassador, other_ambassador):
    client.force_login(ambassador)

    response = client.get(reverse("ambassador-list"))

    assert "Amy Ambassador" in response.text
    assert "Bob Other" not in response.text


def test_account_list_hides_other_ambassadors_accounts(
    client, ambassador, ambassador_account, other_ambassador
):
    client.force_login(ambassador)

    response = client.get(reverse("account-list"))

    assert "@dr_amy" in response.text
    assert "@dr_bob" not in response.text


def test_person_list_shows_requester_nobody_else(client, outsider, ambassador):
    client.force_login(outsider)

    response = client.get(reverse("person-list"))

    assert "Amy" not in response.text
    assert "0 in all" in response.text


def test_ambassador_list_filters_by_search(client, admin, ambassador, other_ambassador):
    client.force_login(admin)

    response = client.get(reverse("ambassador-list"), {"q": "bob"})

    assert "Bob Other" in response.text
    assert "Amy Ambassador" not in response.text


def test_ambassador_list_answers_htmx_with_the_results_only(client, admin, ambassador):
    client.force_login(admin)

    response = client.get(reverse("ambassador-list"), {"q": "amy"}, headers={"HX-Request": "true"})

    assert 'id="results"' in response.text
    assert "<html" not in response.text
    assert "Amy Ambassador" in response.text


def test_ambassador_list_paginates(client, admin, cohort):
    AmbassadorFactory.create_batch(30, cohort=cohort)
    client.force_login(admin)

    response = client.get(reverse("ambassador-list"), {"page": 2})

    assert "Page 2 of 2" in response.text
    assert len(response.context["page"].object_list) == 5


def test_missing_figures_show_as_no_data_not_zero(client, ambassador, ambassador_account):
    client.force_login(ambassador)

    response = client.get(reverse("home"))

    assert "no data" in response.text


def test_ambassador_home_shows_their_figures(client, ambassador, ambassador_account):
    MetricSnapshotFactory(account=ambassador_account, followers=4321)
    client.force_login(ambassador)

    response = client.get(reverse("home"))

    assert "4,321" in response.text


def test_demo_banner_shows_only_on_a_demo_install(client, admin):
    from whitecoat.core.models import Installation

    client.force_login(admin)
    assert "Demo data." not in client.get(reverse("home")).text

    installation = Installation.current()
    installation.demo_loaded_at = "2026-01-01T00:00:00Z"
    installation.save()

    assert "Demo data." in client.get(reverse("home")).text


@pytest.mark.parametrize("page", ["ambassador-list", "account-list", "person-list"])
def test_list_pages_make_no_extra_queries_per_row(
    client, admin, cohort, django_assert_num_queries, page
):
    client.force_login(admin)

    def queries_for(count: int) -> int:
        for _ in range(count):
            SocialAccountFactory(ambassador=AmbassadorFactory(cohort=cohort))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page)).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(2)


def test_admin_home_counts_connections_to_repair(client, admin, ambassador_record):
    SocialAccountFactory(ambassador=ambassador_record, connection_state="expired", handle="@old")
    client.force_login(admin)

    response = client.get(reverse("home"))

    assert response.context["totals"].needs_reconnect == 1
    assert "@old" in response.text


def test_leadership_sees_ranked_specialties_first(client, leadership, cardiology, neurology):
    client.force_login(leadership)

    areas = client.get(reverse("home")).context["areas"]

    assert [d.name for d in areas] == ["Cardiology", "Neurology"]


def test_csv_export_has_exactly_the_filtered_rows(client, admin, ambassador, other_ambassador):
    client.force_login(admin)

    response = client.get(reverse("ambassador-list"), {"q": "bob", "format": "csv"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert response["Content-Type"] == "text/csv"
    assert lines[0].startswith("first_name,last_name")
    assert [line.split(",")[0] for line in lines[1:]] == ["Bob"]


def test_csv_export_is_scoped_like_the_page(client, chair_cardiology, ambassador, other_ambassador):
    client.force_login(chair_cardiology)

    response = client.get(reverse("person-list"), {"format": "csv"})

    body = b"".join(response.streaming_content).decode()
    assert "Amy" in body
    assert "Bob" not in body


def test_csv_export_neutralises_formulas(client, admin, ambassador_record):
    ambassador_record.person.first_name = "=HYPERLINK(1)"
    ambassador_record.person.save()
    client.force_login(admin)

    response = client.get(reverse("ambassador-list"), {"format": "csv"})

    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


def test_account_export_lists_followers(client, admin, ambassador_account):
    client.force_login(admin)

    response = client.get(reverse("account-list"), {"format": "csv"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    # A leading @ is a formula to Excel, so handles are quoted like any formula.
    assert lines[1].startswith("X,'@dr_amy,Amy Ambassador,,professional,connected,,")
