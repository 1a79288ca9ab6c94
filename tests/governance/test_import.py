"""The registry import: the file's rows and errors (pure), the preview against the
database, and commits that are all or nothing and idempotent."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import DepartmentFactory, EntityFactory, PersonFactory
from tests.governance.conftest import unit_account
from whitecoat.core.errors import WhiteCoatError
from whitecoat.governance import selectors, services
from whitecoat.governance.enums import ImportState
from whitecoat.governance.models import RegisteredAccount, RegistryEvent
from whitecoat.governance.registry_file import registry_file_parse
from whitecoat.imports.parsers.base import FileError
from whitecoat.metrics.models import SocialAccount

HEADER = "Platform,Handle,Department,Owner email,Backup owner email,Purpose,Created,Status\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


# ---------------------------------------------------------------------- the file (pure)


def test_file_rows_are_read_with_their_header_names_in_any_order_and_case():
    parsed = registry_file_parse(
        b"sep=;\nHANDLE;service line;platform;Opened on;state\n"
        b"@Heart;Cardiology;Twitter;03/15/2019;Under review\n",
        "registry.csv",
    )

    (row,) = parsed.rows
    # Excel hides the "sep=" line, so the rows are numbered after it.
    assert (row.row, row.platform, row.handle, row.department) == (2, "x", "@Heart", "Cardiology")
    assert (row.created, row.status) == (dt.date(2019, 3, 15), "under_review")
    assert parsed.errors == []


def test_file_errors_are_reported_per_row_with_the_column():
    parsed = registry_file_parse(
        csv(
            "x,@ok,Cardiology,olga@example.org,,News,2019-01-01,active",
            "myspace,@old,Cardiology,,,,,",
            "x,,Cardiology,,,,,",
            "x,@mail,Cardiology,not-an-email,,,,",
            "x,@date,Cardiology,,,,31/31/2020,",
            "x,@state,Cardiology,,,,,retired",
            "x,@nounit,,,,,,",
            "x,@OK,Cardiology,,,,,",
            "x,@same,Cardiology,a@example.org,a@example.org,,,",
        ),
        "registry.csv",
    )

    messages = [(e.row, e.column, e.message) for e in parsed.errors]
    assert [r.handle for r in parsed.rows] == ["@ok"]
    assert messages == [
        (3, "Platform", "“myspace” is not a platform WhiteCoat knows"),
        (4, "Handle", "the handle is empty"),
        (5, "Owner e-mail", "the owner e-mail “not-an-email” is not an e-mail address"),
        (6, "Created", "“31/31/2020” is not a valid date"),
        (7, "Status", "“retired” is not a status: use active, dormant, under review or archived"),
        (8, "", "say which department or entity owns the account"),
        (9, "", "@OK on x is already on row 2"),
        (10, "", "the backup owner is the owner: name someone else"),
    ]


def test_a_file_without_the_required_columns_is_refused_as_a_whole():
    with pytest.raises(FileError, match="platform"):
        registry_file_parse(b"name,followers\nHeart,100\n", "registry.csv")
    with pytest.raises(FileError, match="department"):
        registry_file_parse(b"platform,handle\nx,@a\n", "registry.csv")


def test_xlsx_files_are_read_too():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Platform", "Handle", "Entity", "Created"])
    sheet.append(["Instagram", "@lakesidehealth", "Demo Health System", dt.datetime(2013, 5, 14)])
    buffer = io.BytesIO()
    workbook.save(buffer)

    (row,) = registry_file_parse(buffer.getvalue(), "registry.xlsx").rows

    assert (row.platform, row.entity, row.created) == (
        "instagram",
        "Demo Health System",
        dt.date(2013, 5, 14),
    )


# ------------------------------------------------------------------ plan and commit


@pytest.fixture
def people(db, cardiology):
    return {
        "olga": PersonFactory(
            first_name="Olga", last_name="Owner", email="olga@example.org", department=cardiology
        ),
        "bea": PersonFactory(
            first_name="Bea", last_name="Backup", email="bea@example.org", department=cardiology
        ),
    }


def upload(admin, data: bytes, name: str = "registry.csv"):
    return services.registry_import_upload(by=admin, file_name=name, data=data)


def test_preview_reports_database_errors_per_row(
    admin, cardiology, people, ambassador_account, health_system
):
    # A second "Cardiology" in another hospital makes the name ambiguous without an entity.
    DepartmentFactory(entity=EntityFactory(name="West Hospital"), name="Cardiology")
    record = upload(
        admin,
        csv(
            "x,@ok,Neurology,,,,,",
            "x,@who,Oncology,,,,,",
            "x,@nobody,Neurology,ghost@example.org,,,,",
            "x,@dr_amy,Neurology,,,,,",
            "x,@heart,Cardiology,,,,,",
        ),
    )
    # Neurology exists once (fixture created below), Oncology does not.
    DepartmentFactory(entity=health_system, name="Neurology")

    plan = selectors.registry_import_plan(record=record)

    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "no department is named “Oncology”"),
        (4, "no one in the organisation has the e-mail ghost@example.org"),
        (5, "X @dr_amy is Amy Ambassador's account, not an institutional one"),
        (6, "several departments are named “Cardiology”: add an entity column"),
    ]
    assert not plan.can_commit


def test_commit_with_any_error_saves_nothing(admin, cardiology, people):
    record = upload(
        admin, csv("x,@good,Cardiology,olga@example.org,,News,,", "x,@bad,Nowhere,,,,,")
    )

    with pytest.raises(WhiteCoatError, match="Nothing was imported"):
        services.registry_import_commit(record=record, by=admin)

    record.refresh_from_db()
    assert record.state == ImportState.UPLOADED
    assert not RegisteredAccount.objects.exists()
    assert not SocialAccount.objects.filter(handle="@good").exists()


def test_commit_creates_registers_known_accounts_and_records_events(admin, cardiology, people):
    known = unit_account(department=cardiology, handle="@LakesideHeart")
    record = upload(
        admin,
        csv(
            "X,lakesideheart,Cardiology,olga@example.org,bea@example.org,Heart news,2012-06-11,",
            "LinkedIn,lakeside-cardiology,Cardiology,,,,,dormant",
        ),
    )

    services.registry_import_commit(record=record, by=admin)

    record.refresh_from_db()
    heart = RegisteredAccount.objects.get(account=known)
    linkedin = RegisteredAccount.objects.get(account__handle="lakeside-cardiology")
    assert (record.state, record.created, record.updated, record.unchanged) == (
        "committed",
        2,
        0,
        0,
    )
    assert (heart.owner, heart.backup_owner, heart.purpose) == (
        people["olga"],
        people["bea"],
        "Heart news",
    )
    assert heart.account.opened_on == dt.date(2012, 6, 11)
    assert (heart.status, linkedin.status) == ("active", "dormant")
    assert RegistryEvent.objects.filter(batch=record, kind="imported").count() == 2


def test_importing_the_same_file_twice_changes_nothing(admin, cardiology, people):
    data = csv(
        "x,@heart,Cardiology,olga@example.org,bea@example.org,Heart news,2012-06-11,active",
        "instagram,@heart_ig,Cardiology,bea@example.org,,Stories,,dormant",
    )
    services.registry_import_commit(record=upload(admin, data), by=admin)
    before = list(RegisteredAccount.objects.order_by("id").values())
    events = RegistryEvent.objects.count()

    second = upload(admin, data)
    plan = selectors.registry_import_plan(record=second)
    services.registry_import_commit(record=second, by=admin)

    second.refresh_from_db()
    assert [r.action for r in plan.rows] == ["unchanged", "unchanged"]
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(RegisteredAccount.objects.order_by("id").values()) == before
    assert RegistryEvent.objects.count() == events
    assert selectors.registry_import_seen_before(record=second) is not None


def test_an_updated_file_updates_the_entries_in_place(admin, cardiology, people):
    services.registry_import_commit(
        record=upload(
            admin, csv("x,@heart,Cardiology,olga@example.org,bea@example.org,Heart news,,active")
        ),
        by=admin,
    )
    entry = RegisteredAccount.objects.get()

    updated = upload(admin, csv("x,@HEART,Cardiology,bea@example.org,,Heart news,,under review"))
    plan = selectors.registry_import_plan(record=updated)
    services.registry_import_commit(record=updated, by=admin)

    entry.refresh_from_db()
    assert RegisteredAccount.objects.count() == 1
    assert plan.rows[0].changes == {
        "Owner": ("Olga Owner, MD", "Bea Backup, MD"),
        "Backup owner": ("Bea Backup, MD", "—"),
        "Status": ("Active", "Under review"),
    }
    assert (entry.owner, entry.backup_owner, entry.status) == (people["bea"], None, "under_review")
    event = entry.events.filter(batch=updated).get()
    assert (event.from_status, event.to_status) == ("active", "under_review")


def test_a_column_left_out_of_the_file_leaves_the_field_alone(admin, cardiology, people):
    services.registry_import_commit(
        record=upload(admin, csv("x,@heart,Cardiology,olga@example.org,,Heart news,2012-06-11,")),
        by=admin,
    )

    services.registry_import_commit(
        record=upload(admin, b"platform,handle,department\nx,@heart,Cardiology\n"), by=admin
    )

    entry = RegisteredAccount.objects.get()
    assert (entry.owner, entry.purpose, entry.account.opened_on) == (
        people["olga"],
        "Heart news",
        dt.date(2012, 6, 11),
    )


def test_an_import_is_committed_once(admin, cardiology):
    record = upload(admin, csv("x,@heart,Cardiology,,,,,"))
    services.registry_import_commit(record=record, by=admin)

    with pytest.raises(WhiteCoatError, match="imported already"):
        services.registry_import_commit(record=record, by=admin)


def test_an_unreadable_upload_is_refused(admin):
    with pytest.raises(WhiteCoatError, match="old Excel"):
        upload(admin, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "registry.xls")


# --------------------------------------------------------------------------- the pages


def test_upload_preview_and_import_through_the_pages(client, admin, cardiology, people):
    client.force_login(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("governance:import"),
        {
            "file": SimpleUploadedFile(
                "registry.csv",
                csv("x,@heart,Cardiology,olga@example.org,,News,,", "x,@bad,Nowhere,,,,,"),
            )
        },
    )
    preview = client.get(response["Location"]).text

    assert "Problems to correct first (1)" in preview
    assert "No department is named “Nowhere”" in preview
    assert ">Import</button>" not in preview

    response = client.post(
        reverse("governance:import"),
        {
            "file": SimpleUploadedFile(
                "registry.csv", csv("x,@heart,Cardiology,olga@example.org,,News,,")
            )
        },
    )
    record_url = response["Location"]
    preview = client.get(record_url).text
    assert "New account" in preview and ">Import</button>" in preview
    result = client.post(record_url + "commit/", follow=True).text

    assert "Imported: 1 new, 0 updated, 0 unchanged." in result
    assert RegisteredAccount.objects.get().owner == people["olga"]


def test_discarding_an_upload_imports_nothing(client, admin, cardiology):
    record = upload(admin, csv("x,@heart,Cardiology,,,,,"))
    client.force_login(admin)

    client.post(reverse("governance:import-discard", args=[record.pk]))

    record.refresh_from_db()
    assert record.state == ImportState.DISCARDED
    assert bytes(record.content) == b""
    assert not RegisteredAccount.objects.exists()
