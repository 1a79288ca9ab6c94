"""What the audit trail records: who, when and what for each create, change and delete,
where it came from, and never a secret."""

from __future__ import annotations

import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from tests.factories import DepartmentFactory, EntityFactory, UserFactory
from whitecoat.api.services import api_token_create
from whitecoat.audit.context import audit_paused, audit_source, command_name
from whitecoat.audit.models import AuditEntry
from whitecoat.audit.tracking import tracked_models
from whitecoat.connectors.base import TokenSet
from whitecoat.connectors.models import Connection, PlatformApp
from whitecoat.connectors.services import connection_store_tokens, platform_app_save
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Cohort, Department
from whitecoat.organizations.roles import user_grant_role


def _entries(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("id")
    )


@task
def rename_cohort(cohort_id: int, name: str) -> None:
    cohort = Cohort.objects.get(pk=cohort_id)
    cohort.name = name
    cohort.save()


def test_status_change_on_the_page_records_who_when_and_what(client, admin, ambassador_record):
    client.force_login(admin)
    before = timezone.now()

    response = client.post(
        reverse("ambassador-transition", args=[ambassador_record.pk]),
        {"to_status": "paused", "reason": "On leave"},
    )

    assert response.status_code == 302
    entry = _entries(ambassador_record)[-1]
    assert (entry.action, entry.user, entry.actor) == ("changed", admin, "alice_admin")
    assert before <= entry.at <= timezone.now()
    assert entry.source == f"POST /ambassadors/{ambassador_record.pk}/transition/"
    assert entry.changes == [
        {"field": "status", "label": "Status", "old": "Active", "new": "Paused"}
    ]
    assert entry.object_repr == str(ambassador_record)


def test_the_status_change_row_itself_is_recorded_as_created(client, admin, ambassador_record):
    client.force_login(admin)

    client.post(
        reverse("ambassador-transition", args=[ambassador_record.pk]),
        {"to_status": "paused", "reason": "On leave"},
    )

    created = AuditEntry.objects.get(model="program.StatusChange")
    assert (created.action, created.user) == ("created", admin)
    assert {"label": "Reason", "field": "reason", "old": None, "new": "On leave"} in created.changes


def test_disconnecting_on_the_page_records_the_deletion(client, ambassador, ambassador_account):
    connection = Connection.objects.create(
        account=ambassador_account, auth="oauth", access_token="tok-access", platform_user_id="42"
    )
    client.force_login(ambassador)

    response = client.post(reverse("connectors:disconnect", args=[ambassador_account.pk]))

    assert response.status_code == 302
    created, deleted = _entries(connection)
    assert (created.action, deleted.action) == ("created", "deleted")
    assert (deleted.user, deleted.object_repr) == (
        ambassador,
        f"Connection of {ambassador_account}",
    )
    assert deleted.changes == []
    assert connection.__class__.history.filter(id=connection.pk).count() == 2


def test_the_diff_shows_each_changed_field_old_and_new(db):
    north, south = EntityFactory(name="North"), EntityFactory(name="South")
    department = DepartmentFactory(name="Cardio", entity=north)

    department.name = "Cardiology"
    department.entity = south
    department.specialty = "Heart"
    department.save()

    entry = _entries(department)[-1]
    assert entry.changes == [
        {
            "field": "entity",
            "label": "Entity",
            "old": f"North (#{north.pk})",
            "new": f"South (#{south.pk})",
        },
        {"field": "name", "label": "Name", "old": "Cardio", "new": "Cardiology"},
        {"field": "specialty", "label": "Specialty", "old": "", "new": "Heart"},
    ]


def test_the_diff_is_simple_historys_diff_of_consecutive_versions(db):
    department = DepartmentFactory(name="Cardio")
    department.name = "Cardiology"
    department.save()

    new, old = Department.history.filter(id=department.pk)[:2]
    delta = new.diff_against(old)

    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "name"] == [
        ("name", "Cardio", "Cardiology")
    ]


def test_a_save_that_changes_nothing_writes_no_entry(db):
    department = DepartmentFactory(name="Cardio")

    department.save()

    assert [e.action for e in _entries(department)] == ["created"]


def test_a_related_row_deleted_since_shows_its_id(db):
    old_home, new_home = EntityFactory(name="Old home"), EntityFactory(name="New home")
    department = DepartmentFactory(entity=old_home)
    Department.objects.filter(pk=department.pk).update(entity=new_home)  # no version written
    old_home_id = old_home.pk
    old_home.delete()
    department.refresh_from_db()

    department.specialty = "Heart"
    department.save()

    entity_change = _entries(department)[-1].changes[0]
    assert entity_change["old"] == f"#{old_home_id} (deleted)"
    assert entity_change["new"] == f"New home (#{new_home.pk})"


def test_group_membership_and_nominators_are_recorded(db, roles):
    user = UserFactory(username="casey")
    department = DepartmentFactory(name="Neurology")

    user_grant_role(user=user, role=Role.NOMINATOR)
    user.nominating_departments.add(department)  # from the other side of the field

    assert _entries(user)[-1].changes == [
        {"field": "groups", "label": "Groups", "old": "", "new": "nominator"}
    ]
    assert _entries(department)[-1].changes == [
        {"field": "nominators", "label": "Nominators", "old": "", "new": "casey"}
    ]


def test_signing_in_writes_no_version(client, admin):
    versions = get_user_model().history.filter(id=admin.pk).count()

    assert client.login(username="alice_admin", password="correct horse battery staple")

    assert get_user_model().history.filter(id=admin.pk).count() == versions


def test_changes_by_a_task_name_the_task(db, settings, health_system):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cohort = Cohort.objects.create(
        name="Physicians", entity=health_system, launched_on="2020-02-01"
    )

    rename_cohort.enqueue(cohort.pk, "Physicians 2020")

    entry = _entries(cohort)[-1]
    assert (entry.user, entry.actor) == (None, "")
    assert entry.source == "task tests.audit.test_trail.rename_cohort"


def test_changes_by_a_command_name_the_command(db, monkeypatch, health_system):
    monkeypatch.setattr(sys, "argv", ["manage.py", "load_demo"])

    cohort = Cohort.objects.create(
        name="Physicians", entity=health_system, launched_on="2020-02-01"
    )

    assert _entries(cohort)[0].source == "command load_demo"
    assert command_name(["/srv/whitecoat/manage.py", "run_periodic"]) == "run_periodic"
    assert command_name(["pytest", "-q"]) == ""


def test_an_explicit_source_wins(db, health_system):
    with audit_source("import of roster.csv"):
        cohort = Cohort.objects.create(name="P", entity=health_system, launched_on="2020-02-01")

    assert _entries(cohort)[0].source == "import of roster.csv"


def test_nothing_is_written_while_paused(db, health_system):
    with audit_paused():
        cohort = Cohort.objects.create(name="P", entity=health_system, launched_on="2020-02-01")
        cohort.delete()

    assert AuditEntry.objects.filter(model="organizations.Cohort").count() == 0
    assert Cohort.history.count() == 0


def test_a_deleted_users_changes_keep_their_name(client, admin, ambassador_record):
    client.force_login(admin)
    client.post(
        reverse("ambassador-transition", args=[ambassador_record.pk]),
        {"to_status": "paused", "reason": ""},
    )
    client.logout()

    admin.delete()

    entry = _entries(ambassador_record)[-1]
    assert (entry.user, entry.actor) == (None, "alice_admin")
    assert (
        ambassador_record.__class__.history.filter(id=ambassador_record.pk).first().history_user_id
    )


def test_no_historical_row_or_entry_contains_a_secret(db, admin, ambassador_account, health_system):
    app = platform_app_save(
        user=admin,
        organization=health_system,
        platform="linkedin",
        client_id="client-1",
        client_secret="app-secret-value",
    )
    connection = Connection.objects.create(
        account=ambassador_account,
        auth="oauth",
        access_token="access-secret-1",
        refresh_token="refresh-secret-1",
    )
    connection_store_tokens(
        connection_id=connection.pk,
        tokens=TokenSet(access_token="access-secret-2", expires_at=timezone.now(), scopes="r"),
    )
    token, raw = api_token_create(user=admin, name="BI export")
    admin.set_password("a brand new password")
    admin.save()
    stored = {
        **Connection.objects.values("access_token", "refresh_token").get(pk=connection.pk),
        **PlatformApp.objects.values("client_secret").get(pk=app.pk),
    }
    secrets = {
        "app-secret-value",
        "access-secret-1",
        "refresh-secret-1",
        "access-secret-2",
        raw,
        token.token_hash,
        admin.password,
        *stored.values(),
    }

    texts = []
    for model in tracked_models():
        for row in model.history.model.objects.values_list():
            texts.extend(str(value) for value in row)
    for entry in AuditEntry.objects.all():
        texts.extend([entry.object_repr, entry.source, str(entry.changes)])

    assert Connection.history.count() >= 2 and PlatformApp.history.count() == 1
    assert [s for s in secrets if any(s in text for text in texts)] == []


def test_every_tracked_model_has_its_historical_table(db):
    for model in tracked_models():
        assert model.history.model._meta.app_label == "audit"
        assert apps.get_model("audit", model.history.model.__name__) is model.history.model


def test_a_write_through_the_api_records_the_tokens_owner(client, outsider):
    _, raw = api_token_create(user=outsider, name="script")

    response = client.post(
        "/api/v1/content/amplification-requests",
        {"title": "Grand rounds", "summary": "Please share"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201
    entry = AuditEntry.objects.get(model="content.AmplificationRequest")
    assert (entry.action, entry.user) == ("created", outsider)
    assert entry.source == "POST /api/v1/content/amplification-requests"


def test_a_record_older_than_the_trail_shows_its_new_values_as_not_recorded_before(db):
    with audit_paused():
        department = DepartmentFactory(name="Cardio")

    department.name = "Cardiology"
    department.save()

    entry = _entries(department)[0]
    assert entry.action == "changed"
    assert {"field": "name", "label": "Name", "old": None, "new": "Cardiology"} in entry.changes
