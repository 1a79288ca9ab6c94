"""The audit trail's pages: who may open them, the filters, search, pages, the CSV, one
record's history, and the back office's version history."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.audit.factories import AuditEntryFactory
from tests.factories import DepartmentFactory
from whitecoat.audit.models import AuditEntry
from whitecoat.organizations.models import Department

LADDER = {
    "admin": 200,
    "leadership": 403,
    "chair_cardiology": 403,
    "ambassador": 403,
    "other_ambassador": 403,
    "outsider": 403,
}


def _list(client, **params):
    return client.get(reverse("audit:list"), params)


def _rows(response) -> list[str]:
    return [e.object_repr for e in response.context["page"].object_list]


@pytest.fixture
def admin_client(client, admin):
    """Signed in as the admin, with the trail emptied of the fixtures' own entries."""
    client.force_login(admin)
    AuditEntry.objects.all().delete()
    return client


@pytest.mark.parametrize(
    "url", [reverse("audit:list"), reverse("audit:object", args=["organizations.cohort", "1"])]
)
def test_pages_send_anonymous_users_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("persona", "expected"), LADDER.items())
def test_audit_trail_is_for_program_admins_only(client, personas, persona, expected):
    client.force_login(personas[persona])

    list_response = client.get(reverse("audit:list"))
    object_response = client.get(reverse("audit:object", args=["organizations.cohort", "1"]))

    assert (list_response.status_code, object_response.status_code) == (expected, expected)


def test_list_shows_time_who_action_record_and_changes(admin_client, admin):
    department = DepartmentFactory(name="Cardio")
    department.name = "Cardiology"
    department.save()

    response = _list(admin_client)

    text = response.text
    assert response.status_code == 200
    assert "Cardiology" in text and "Cardio</strong>" not in text
    assert "Name</strong>:" in text and "Cardio → Cardiology" in text
    assert reverse("audit:object", args=["organizations.department", department.pk]) in text
    assert "System" in text  # made outside a request


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"model": "organizations.Cohort"}, ["Cohort B", "Cohort A"]),
        ({"action": "deleted"}, ["Dept gone"]),
        ({"q": "cohort a"}, ["Cohort A"]),
        ({"user": "system"}, ["Dept gone", "Cohort B"]),
        ({"date_from": "2025-03-02", "date_to": "2025-03-02"}, ["Cohort B"]),
        ({"date_from": "2025-03-02"}, ["Dept gone", "Cohort B"]),
        ({"date_to": "2025-03-01"}, ["Cohort A"]),
    ],
)
def test_filters_and_search_select_the_rows(admin_client, admin, params, expected):
    at = timezone.make_aware(dt.datetime(2025, 3, 1, 12))
    AuditEntryFactory(object_repr="Cohort A", at=at, user=admin, actor="alice_admin")
    AuditEntryFactory(object_repr="Cohort B", at=at + dt.timedelta(days=1))
    AuditEntryFactory(
        object_repr="Dept gone",
        model="organizations.Department",
        action="deleted",
        at=at + dt.timedelta(days=2),
    )

    response = _list(admin_client, **params)

    assert _rows(response) == expected


def test_filter_by_user_offers_the_users_who_changed_something(admin_client, admin, leadership):
    AuditEntryFactory(object_repr="Cohort A", user=admin, actor="alice_admin")

    response = _list(admin_client, user=str(admin.pk))

    choices = dict(response.context["form"].fields["user"].choices)
    assert str(admin.pk) in choices and str(leadership.pk) not in choices
    assert _rows(response) == ["Cohort A"]


def test_a_backwards_date_range_says_so_and_keeps_what_was_typed(admin_client):
    AuditEntryFactory(object_repr="Cohort A", at=timezone.make_aware(dt.datetime(2025, 3, 1)))

    response = _list(admin_client, date_from="2025-03-05", date_to="2025-03-01", q="Cohort")

    assert "The end of the range comes before its start." in response.text
    assert 'value="Cohort"' in response.text
    assert _rows(response) == []  # from 5 March on


def test_list_has_pages_of_fifty(admin_client):
    AuditEntryFactory.create_batch(51)

    first = _list(admin_client)
    second = _list(admin_client, page=2)

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert "51 in all" in first.text


def test_csv_export_has_every_filtered_row_and_neutralises_formulas(admin_client, admin):
    AuditEntryFactory.create_batch(60, object_repr="Plain")
    AuditEntryFactory(object_repr="=HYPERLINK(1)", user=admin, actor="alice_admin")

    response = _list(admin_client, format="csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 61
    assert rows[0]["object"] == "'=HYPERLINK(1)"
    assert rows[0]["user"] == "alice_admin" and rows[1]["user"] == "system"
    assert rows[0]["changes"] == "Name: Before → After"
    filtered = _list(admin_client, format="csv", q="HYPERLINK")
    assert len(b"".join(filtered.streaming_content).decode().strip().splitlines()) == 2


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_rows(admin_client, django_assert_num_queries, count, admin):
    AuditEntryFactory.create_batch(count, user=admin, actor="alice_admin")

    # session, user, user's groups, the users who changed something, count, demo banner, page
    with django_assert_num_queries(7):
        response = _list(admin_client)

    assert len(response.context["page"].object_list) == count


def test_record_history_lists_its_changes_and_links_to_the_back_office(admin_client):
    department = DepartmentFactory(name="Cardio")
    department.name = "Cardiology"
    department.save()
    DepartmentFactory(name="Other")

    response = admin_client.get(
        reverse("audit:object", args=["organizations.department", department.pk])
    )

    entries = list(response.context["page"].object_list)
    assert [e.action for e in entries] == ["changed", "created"]
    assert "History of department “Cardiology”" in response.text
    assert reverse("admin:organizations_department_history", args=[department.pk]) in response.text


def test_a_deleted_records_history_stays_readable(admin_client):
    department = DepartmentFactory(name="Gone soon")
    pk = department.pk
    department.delete()

    response = admin_client.get(reverse("audit:object", args=["organizations.department", pk]))

    assert [e.action for e in response.context["page"].object_list] == ["deleted", "created"]
    assert "Open in the back office" not in response.text


@pytest.mark.parametrize("label", ["metrics.metricsnapshot", "nothing.here", "audit.auditentry"])
def test_record_history_of_an_untracked_kind_is_not_found(admin_client, label):
    response = admin_client.get(reverse("audit:object", args=[label, "1"]))

    assert response.status_code == 404


def test_back_office_shows_versions_read_only(admin_client):
    department = DepartmentFactory(name="Cardio")
    department.name = "Cardiology"
    department.save()
    version = Department.history.filter(id=department.pk).last()

    history = admin_client.get(
        reverse("admin:organizations_department_history", args=[department.pk])
    )
    revert_url = reverse(
        "admin:organizations_department_simple_history", args=[department.pk, version.history_id]
    )
    revert = admin_client.post(revert_url, {"name": "Cardio"})

    assert history.status_code == 200 and "Cardiology" in history.text
    assert revert.status_code == 403
    department.refresh_from_db()
    assert department.name == "Cardiology"


def test_back_office_index_links_to_the_audit_trail(admin_client):
    index = admin_client.get(reverse("admin:index"))
    opened = admin_client.get(reverse("admin:audit_auditentry_changelist"))

    assert reverse("admin:audit_auditentry_changelist") in index.text
    assert opened.status_code == 302 and opened["Location"] == reverse("audit:list")


def test_admin_home_page_links_to_the_audit_trail(admin_client):
    response = admin_client.get(reverse("home"))

    assert reverse("audit:list") in response.text


def test_entries_are_newest_first(admin_client):
    AuditEntryFactory(object_repr="Older", at=timezone.now() - dt.timedelta(hours=1))
    AuditEntryFactory(object_repr="Newer")

    assert _rows(_list(admin_client)) == ["Newer", "Older"]
    assert AuditEntry.objects.count() == 2
