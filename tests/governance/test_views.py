"""The governance pages: who may open each (permission ladders), the forms through the
pages, and the list pages' query counts (N+1 guards)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.governance.conftest import post, registered, series
from whitecoat.governance import services
from whitecoat.governance.audit import default_periods
from whitecoat.governance.enums import ActionState, RegistryStatus
from whitecoat.governance.models import (
    AccountAction,
    AccountFreeze,
    AccountRequest,
    Attestation,
    GovernanceSettings,
)
from whitecoat.metrics.enums import Platform

ADMIN_ONLY = {
    "admin": 200,
    "leadership": 403,
    "chair_cardiology": 403,
    "ambassador": 403,
    "outsider": 403,
}
READERS = {**ADMIN_ONLY, "leadership": 200, "chair_cardiology": 200}
AUDITORS = {**ADMIN_ONLY, "leadership": 200}
EVERYONE = {k: 200 for k in ADMIN_ONLY}


@pytest.fixture
def pages(admin, outsider, heart, health_system):
    request = services.account_request_submit(
        by=outsider, unit_entity=health_system, platform=Platform.TIKTOK, purpose="Videos"
    )
    action = services.recommendation_decide(
        entry=heart, by=admin, kind="archive", accept=True, reason="Dormant."
    )
    freeze = services.freeze_create(
        by=admin, entity=health_system, message="No new pages.", effective_on=dt.date(2026, 1, 1)
    )
    record = services.registry_import_upload(
        by=admin, file_name="registry.csv", data=b"platform,handle,department\nx,@a,Cardiology\n"
    )
    return {
        "index": reverse("governance:index"),
        "registry": reverse("governance:registry"),
        "registry-create": reverse("governance:registry-create"),
        "registry-detail": reverse("governance:registry-detail", args=[heart.pk]),
        "registry-edit": reverse("governance:registry-edit", args=[heart.pk]),
        "registry-status": reverse("governance:registry-status", args=[heart.pk]),
        "import": reverse("governance:import"),
        "import-detail": reverse("governance:import-detail", args=[record.pk]),
        "audit": reverse("governance:audit"),
        "decide": reverse("governance:decide"),
        "actions": reverse("governance:actions"),
        "action-detail": reverse("governance:action-detail", args=[action.pk]),
        "freezes": reverse("governance:freezes"),
        "freeze-end": reverse("governance:freeze-end", args=[freeze.pk]),
        "requests": reverse("governance:requests"),
        "request-create": reverse("governance:request-create"),
        "request-detail": reverse("governance:request-detail", args=[request.pk]),
        "mine": reverse("governance:mine"),
        "attestations": reverse("governance:attestations"),
    }


LADDERS = [
    ("registry", READERS),
    # Cardiology's account: its chair reads it, the others do not find it.
    ("registry-detail", {**READERS, "ambassador": 404, "outsider": 404}),
    ("registry-create", ADMIN_ONLY),
    ("registry-edit", ADMIN_ONLY),
    ("registry-status", ADMIN_ONLY),
    ("import", ADMIN_ONLY),
    ("import-detail", ADMIN_ONLY),
    ("audit", AUDITORS),
    ("decide", ADMIN_ONLY),
    ("actions", AUDITORS),
    ("action-detail", AUDITORS),
    ("freezes", AUDITORS),
    ("freeze-end", ADMIN_ONLY),
    ("requests", EVERYONE),
    ("request-create", EVERYONE),
    # A request is for admins, leadership and its requester (the outsider).
    ("request-detail", {**EVERYONE, "chair_cardiology": 404, "ambassador": 404}),
    ("mine", EVERYONE),
    ("attestations", ADMIN_ONLY),
]


@pytest.mark.parametrize("page,ladder", LADDERS, ids=[name for name, _ in LADDERS])
def test_page_permission_ladder(client, personas, pages, page, ladder):
    for persona, expected in ladder.items():
        client.force_login(personas[persona])

        assert client.get(pages[page]).status_code == expected, persona


def test_pages_need_a_login(client, pages):
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"] or "login" in response["Location"]


def test_index_sends_each_role_to_its_page(client, personas):
    for persona, target in {
        "admin": "registry",
        "leadership": "registry",
        "outsider": "mine",
    }.items():
        client.force_login(personas[persona])
        assert client.get(reverse("governance:index"))["Location"] == reverse(
            f"governance:{target}"
        )


def test_chair_sees_only_their_departments_accounts(client, chair_cardiology, heart, neurology):
    registered(department=neurology, handle="@LakesideNeuro")
    client.force_login(chair_cardiology)

    response = client.get(reverse("governance:registry"))

    assert "@LakesideHeart" in response.text
    assert "@LakesideNeuro" not in response.text


# ------------------------------------------------------------------------- registry


def test_registry_list_filters_and_shows_owner_problems(client, admin, heart, cardiology, departed):
    registered(department=cardiology, owner=departed, handle="@HeartOld")
    registered(department=cardiology, handle="@HeartNobody", platform=Platform.LINKEDIN)
    client.force_login(admin)

    departed_only = client.get(reverse("governance:registry"), {"problem": "departed"}).text
    no_owner = client.get(reverse("governance:registry"), {"problem": "no_owner"}).text
    linkedin = client.get(reverse("governance:registry"), {"platform": "linkedin"}).text

    assert "@HeartOld" in departed_only and "has left" in departed_only
    assert "@LakesideHeart" not in departed_only
    assert "@HeartNobody" in no_owner and "@HeartOld" not in no_owner
    assert "@HeartNobody" in linkedin and "@LakesideHeart" not in linkedin


def test_registry_list_paginates(client, admin, cardiology):
    for n in range(27):
        registered(department=cardiology, handle=f"@unit{n:02d}")
    client.force_login(admin)

    first = client.get(reverse("governance:registry")).text
    second = client.get(reverse("governance:registry"), {"page": 2}).text

    assert "Page 1 of 2" in first and "@unit00" in first and "@unit26" not in first
    assert "@unit26" in second


def test_registry_csv_exports_every_filtered_row(client, admin, heart, cardiology):
    series(
        heart.account,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 3),
        followers=lambda i: 500 + i,
    )
    registered(department=cardiology, handle="@HeartLinkedIn", platform=Platform.LINKEDIN)
    client.force_login(admin)

    response = client.get(reverse("governance:registry"), {"format": "csv", "platform": "x"})
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert lines[0].startswith("platform,handle,unit,status,owner,owner_email")
    assert len(lines) == 2
    assert "@LakesideHeart" in lines[1] and "Olga Owner" in lines[1] and ",502," in lines[1]


def test_registry_list_costs_the_same_queries_for_more_accounts(
    client, admin, cardiology, owner, same_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            entry = registered(department=cardiology, owner=owner)
            series(
                entry.account,
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 1, 2),
                followers=lambda i: 10,
            )
            post(entry.account, dt.date(2026, 1, 2))

    same_queries(reverse("governance:registry"), add)


def test_admin_adds_an_account_through_the_form(client, admin, cardiology, owner):
    client.force_login(admin)

    response = client.post(
        reverse("governance:registry-create"),
        {
            "platform": "instagram",
            "handle": "@lakeside_heart",
            "department": cardiology.pk,
            "owner_email": "OLGA@example.org",
            "purpose": "Patient education",
            "status": "active",
        },
        follow=True,
    )

    assert "is in the registry" in response.text
    entry = owner.owned_unit_accounts.get()
    assert (entry.account.platform, entry.account.unit_department) == ("instagram", cardiology)


def test_registry_form_keeps_what_was_typed_on_an_unknown_owner(client, admin, cardiology):
    client.force_login(admin)

    response = client.post(
        reverse("governance:registry-create"),
        {
            "platform": "x",
            "handle": "@typed_handle",
            "department": cardiology.pk,
            "owner_email": "nobody@example.org",
            "status": "active",
        },
    )

    assert response.status_code == 200
    assert "No one in the organisation has this e-mail address." in response.text
    assert 'value="@typed_handle"' in response.text


def test_admin_edits_an_entry_and_the_change_is_in_its_history(client, admin, heart, departed):
    client.force_login(admin)

    client.post(
        reverse("governance:registry-edit", args=[heart.pk]),
        {
            "handle": "@LakesideHeart",
            "department": heart.account.unit_department_id,
            "owner_email": "dan@example.org",
            "backup_email": "bea@example.org",
            "purpose": "News",
        },
    )
    detail = client.get(reverse("governance:registry-detail", args=[heart.pk])).text

    heart.refresh_from_db()
    assert heart.owner == departed
    assert "Owner: Olga Owner, MD → Dan Departed, MD" in detail


def test_status_change_needs_a_reason_and_is_recorded(client, admin, heart):
    client.force_login(admin)
    url = reverse("governance:registry-status", args=[heart.pk])

    refused = client.post(url, {"status": "archived", "reason": ""})
    client.post(url, {"status": "archived", "reason": "Merged into the main account"})

    heart.refresh_from_db()
    assert refused.status_code == 200 and "This field is required." in refused.text
    assert heart.status == RegistryStatus.ARCHIVED
    assert heart.events.get(kind="status").reason == "Merged into the main account"


def test_registry_detail_shows_numbers_over_time_and_the_last_post(client, admin, heart):
    series(
        heart.account,
        start=dt.date(2025, 11, 1),
        end=dt.date(2026, 1, 31),
        followers=lambda i: 1000 + i,
        posts=lambda i: 1,
    )
    post(heart.account, dt.date(2026, 1, 30))
    client.force_login(admin)

    response = client.get(reverse("governance:registry-detail", args=[heart.pk]))

    assert "Jan 2026" in response.text and "1,091" in response.text  # followers on 31 Jan
    assert 'id="registry-chart"' in response.text
    assert "31 Jan 2026" in response.text  # the last day with a post (daily figures)


# ---------------------------------------------------------------------------- audit


def test_audit_page_shows_the_totals_change_in_words(client, admin, heart):
    first, second = default_periods(timezone.localdate())
    # 1,000 followers gained in the first period, 480 in the second: a 52 % decrease.
    levels = {first.opening: 5000, first.end: 6000, second.end: 6480}
    for day, followers in levels.items():
        series(heart.account, start=day, end=day, followers=lambda i, f=followers: f)
    client.force_login(admin)

    response = client.get(reverse("governance:audit"))

    assert response.status_code == 200
    assert '<strong id="total-change">52 % decrease</strong>' in response.text


def test_audit_page_with_bad_periods_says_so_and_shows_the_defaults(client, admin, heart):
    client.force_login(admin)

    response = client.get(
        reverse("governance:audit"), {"start1": "2026-02-01", "end1": "2026-01-01"}
    )

    assert "The period ends before it starts." in response.text
    assert "Showing the last twelve months" in response.text


def test_audit_page_costs_the_same_queries_for_more_accounts(
    client, admin, cardiology, owner, same_queries
):
    client.force_login(admin)
    today = timezone.localdate()

    def add(n):
        for _ in range(n):
            entry = registered(department=cardiology, owner=owner)
            series(
                entry.account,
                start=today - dt.timedelta(days=3),
                end=today,
                followers=lambda i: 10 + i,
                posts=lambda i: 1,
            )
            post(entry.account, today)
            services.recommendation_decide(
                entry=entry, by=admin, kind="keep", accept=True, reason="Fine."
            )

    same_queries(reverse("governance:audit"), add)


def test_audit_csv_has_a_row_per_account(client, admin, heart, cardiology):
    registered(department=cardiology, handle="@Second")
    client.force_login(admin)

    response = client.get(reverse("governance:audit"), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert lines[0].startswith("account,unit,status,owner")
    assert len(lines) == 3


def test_admin_accepts_a_recommendation_from_the_audit(client, admin, heart):
    client.force_login(admin)

    response = client.post(
        reverse("governance:decide"),
        {
            "entry": heart.pk,
            "kind": "archive",
            "decision": "accept",
            "reason": "Dormant.",
            "next": "/governance/audit/?sort=change",
        },
    )

    action = AccountAction.objects.get()
    assert response["Location"] == "/governance/audit/?sort=change"
    assert (action.kind, action.state, action.reason) == ("archive", ActionState.OPEN, "Dormant.")


def test_decide_refuses_to_redirect_elsewhere(client, admin, heart):
    client.force_login(admin)

    response = client.post(
        reverse("governance:decide"),
        {
            "entry": heart.pk,
            "kind": "keep",
            "decision": "accept",
            "reason": "Fine.",
            "next": "https://evil.example/",
        },
    )

    assert response["Location"] == reverse("governance:audit")


def test_hand_over_without_a_backup_asks_who_on_the_decide_page(client, admin, cardiology, owner):
    orphan = registered(department=cardiology, handle="@orphan")
    client.force_login(admin)
    data = {
        "entry": orphan.pk,
        "kind": "hand_over",
        "decision": "accept",
        "reason": "It has no owner.",
    }

    asked = client.post(reverse("governance:decide"), data)
    done = client.post(
        reverse("governance:decide"), {**data, "new_owner_email": "olga@example.org"}
    )

    assert "New owner&#x27;s e-mail" in asked.text or "New owner's e-mail" in asked.text
    assert done.status_code == 302
    assert AccountAction.objects.get().hand_over_to == owner


def test_admin_completes_an_archive_action_and_the_account_is_archived(client, admin, heart):
    action = services.recommendation_decide(
        entry=heart, by=admin, kind="archive", accept=True, reason="Dormant."
    )
    client.force_login(admin)

    client.post(
        reverse("governance:action-detail", args=[action.pk]),
        {"to_state": "done", "note": "Closed on X."},
    )

    heart.refresh_from_db()
    action.refresh_from_db()
    assert (action.state, heart.status) == (ActionState.DONE, RegistryStatus.ARCHIVED)


def test_leadership_reads_an_action_but_cannot_move_it(client, admin, leadership, heart):
    action = services.recommendation_decide(
        entry=heart, by=admin, kind="archive", accept=True, reason="Dormant."
    )
    client.force_login(leadership)

    response = client.post(
        reverse("governance:action-detail", args=[action.pk]), {"to_state": "done"}
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.state == ActionState.OPEN


def test_actions_list_costs_the_same_queries_for_more_actions(
    client, admin, cardiology, owner, same_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            entry = registered(department=cardiology, owner=owner)
            services.recommendation_decide(
                entry=entry, by=admin, kind="archive", accept=True, reason="x"
            )

    same_queries(reverse("governance:actions"), add)


# -------------------------------------------------------------------------- freezes


def test_admin_creates_and_ends_a_freeze_with_a_confirmation(client, admin, school):
    client.force_login(admin)

    client.post(
        reverse("governance:freezes"),
        {
            "entity": school.pk,
            "include_children": "on",
            "platform": "",
            "effective_on": "2026-01-01",
            "message": "Join the ambassador program instead.",
        },
    )
    freeze = AccountFreeze.objects.get()
    unconfirmed = client.post(
        reverse("governance:freeze-end", args=[freeze.pk]), {"reason": "Policy changed"}
    )
    freeze.refresh_from_db()
    assert unconfirmed.status_code == 200 and freeze.ended_on is None

    client.post(
        reverse("governance:freeze-end", args=[freeze.pk]),
        {"reason": "Policy changed", "confirm": "on"},
    )

    freeze.refresh_from_db()
    assert freeze.ended_on == timezone.localdate()
    assert freeze.end_reason == "Policy changed"


def test_freeze_list_costs_the_same_queries_for_more_freezes(
    client, admin, health_system, same_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            services.freeze_create(
                by=admin, entity=health_system, message="No.", effective_on=dt.date(2026, 1, 1)
            )

    same_queries(reverse("governance:freezes"), add)


# ------------------------------------------------------------------------- requests


def test_request_form_keeps_what_was_typed_when_the_unit_is_missing(client, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("governance:request-create"), {"platform": "x", "purpose": "Our lab's news"}
    )

    assert "Choose a department or an entity" in response.text
    assert "Our lab&#x27;s news" in response.text or "Our lab's news" in response.text
    assert not AccountRequest.objects.exists()


def test_requests_list_shows_everyone_only_their_own(client, outsider, ambassador, health_system):
    for user, purpose in ((outsider, "Outsider's idea"), (ambassador, "Ambassador's idea")):
        services.account_request_submit(
            by=user, unit_entity=health_system, platform="x", purpose=purpose
        )
    client.force_login(outsider)

    listed = client.get(reverse("governance:requests")).text

    assert AccountRequest.objects.count() == 2
    assert listed.count("X account for Demo Health System") == 1


def test_requests_list_costs_the_same_queries_for_more_requests(
    client, admin, outsider, health_system, same_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            services.account_request_submit(
                by=outsider, unit_entity=health_system, platform="x", purpose="p"
            )

    same_queries(reverse("governance:requests"), add)


# ---------------------------------------------------------------------- attestation


def test_owner_confirms_their_account_on_their_page(client, owner, heart):
    client.force_login(owner.user)

    page = client.get(reverse("governance:mine")).text
    client.post(reverse("governance:attest", args=[heart.pk]), {"note": "Still ours."})

    attestation = Attestation.objects.get()
    assert "@LakesideHeart" in page
    assert (attestation.person, attestation.note) == (owner, "Still ours.")
    assert attestation.policy_label.startswith("Social media usage procedure")


def test_someone_else_cannot_confirm_an_account(client, outsider, heart):
    client.force_login(outsider)

    response = client.post(reverse("governance:attest", args=[heart.pk]))

    assert response.status_code == 403
    assert not Attestation.objects.exists()


def test_attestations_page_lists_who_is_overdue(client, admin, heart, cardiology, owner):
    confirmed = registered(department=cardiology, owner=owner, handle="@Confirmed")
    services.attestation_confirm(entry=confirmed, by=owner.user)
    client.force_login(admin)

    response = client.get(reverse("governance:attestations")).text

    assert "@LakesideHeart" in response
    assert "@Confirmed" not in response


def test_nav_shows_governance_to_every_role(client, personas):
    for persona, label in {"admin": ">Governance</a>", "outsider": ">Unit accounts</a>"}.items():
        client.force_login(personas[persona])
        assert label in client.get(reverse("home")).text, persona


def test_post_only_pages_are_for_admins(client, personas, admin, cardiology):
    record = services.registry_import_upload(
        by=admin, file_name="registry.csv", data=b"platform,handle,department\nx,@a,Cardiology\n"
    )
    urls = [
        reverse("governance:import-commit", args=[record.pk]),
        reverse("governance:import-discard", args=[record.pk]),
    ]
    for persona in ("leadership", "chair_cardiology", "ambassador", "outsider"):
        client.force_login(personas[persona])
        for url in urls:
            assert client.post(url).status_code == 403, (persona, url)
    client.force_login(admin)
    assert client.get(urls[0]).status_code == 405  # never by GET
    record.refresh_from_db()
    assert record.state == "uploaded"


def test_uploads_list_costs_the_same_queries_for_more_uploads(client, admin, same_queries):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            services.registry_import_upload(
                by=admin, file_name="r.csv", data=b"platform,handle,department\nx,@a,Cardiology\n"
            )

    same_queries(reverse("governance:import"), add)


def test_my_accounts_cost_the_same_queries_for_more_accounts(
    client, owner, cardiology, same_queries
):
    client.force_login(owner.user)

    def add(n):
        for _ in range(n):
            entry = registered(department=cardiology, owner=owner)
            services.attestation_confirm(entry=entry, by=owner.user)

    same_queries(reverse("governance:mine"), add)


def test_overdue_list_costs_the_same_queries_for_more_accounts(
    client, admin, cardiology, owner, same_queries
):
    GovernanceSettings.current()  # made on first use: not a cost of the list
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            registered(department=cardiology, owner=owner)

    same_queries(reverse("governance:attestations"), add)
