"""The governance writes: the freeze flow end to end, account requests, the audit's
actions, the registry and attestations. Each workflow's moves are checked and recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.governance.conftest import registered, unit_account
from tests.training.factories import PolicyVersionFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.governance import services
from whitecoat.governance.enums import AccountRequestState, ActionState, RegistryStatus
from whitecoat.governance.models import (
    AccountAction,
    AccountRequestChange,
    GovernanceSettings,
    RegistryEvent,
)
from whitecoat.governance.services import RegistryInput
from whitecoat.metrics.enums import Platform

# --------------------------------------------------------------- the freeze, end to end

FREEZE_MESSAGE = "New unit accounts are frozen: personal professional profiles reach further."


def test_freeze_flow_end_to_end(
    client, admin, outsider, school, django_capture_on_commit_callbacks
):
    lab = school  # the school: its labs may not open new accounts
    client.force_login(admin)
    client.post(
        reverse("governance:freezes"),
        {
            "entity": lab.pk,
            "include_children": "on",
            "platform": "",
            "effective_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
            "message": FREEZE_MESSAGE,
        },
    )

    # A requester asks for a new Instagram account for the school: answered at once.
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:request-create"),
            {
                "entity": lab.pk,
                "platform": "instagram",
                "proposed_handle": "@lsom_genomics_lab",
                "purpose": "Share our lab's papers",
            },
            follow=True,
        )
    request = outsider.unit_account_requests.get()
    assert request.state == AccountRequestState.FROZEN
    assert (
        "New unit accounts are frozen: personal professional profiles reach further."
        in response.text
    )
    for link in (
        reverse("nomination-list"),
        reverse("consultation-list"),
        reverse("content:request-list"),
    ):
        assert f'href="{link}"' in response.text
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert "frozen" in mail.outbox[0].subject
    assert "personal professional profiles reach further" in mail.outbox[0].body

    # The admin grants an exception, with the reason required.
    client.force_login(admin)
    url = reverse("governance:request-detail", args=[request.pk])
    refused = client.post(url, {"action": "exception", "reason": ""})
    assert "Give the reason" in refused.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "exception", "reason": "A funded outreach program needs it."})

    request.refresh_from_db()
    assert request.state == AccountRequestState.EXCEPTION
    assert (request.answer, request.decided_by) == ("A funded outreach program needs it.", admin)
    changes = list(
        AccountRequestChange.objects.filter(request=request).values_list(
            "from_state", "to_state", "changed_by__username"
        )
    )
    assert changes == [
        ("", AccountRequestState.FROZEN, outsider.username),
        (AccountRequestState.FROZEN, AccountRequestState.EXCEPTION, admin.username),
    ]
    assert mail.outbox[-1].to == [outsider.email]
    assert "A funded outreach program needs it." in mail.outbox[-1].body
    # What the requester sees now.
    client.force_login(outsider)
    assert "Approved as an exception" in client.get(url).text


def test_a_request_where_no_freeze_applies_waits_and_tells_the_admins(
    admin, outsider, cardiology, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.account_request_submit(
            by=outsider, unit_department=cardiology, platform=Platform.X, purpose="Heart news"
        )

    assert request.state == AccountRequestState.SUBMITTED
    assert request.freeze is None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([outsider.email, admin.email])


def test_a_freeze_on_another_platform_or_entity_does_not_answer(
    admin, outsider, cardiology, school
):
    services.freeze_create(
        by=admin,
        entity=cardiology.entity,
        message="No TikTok.",
        effective_on=dt.date(2020, 1, 1),
        platform="tiktok",
    )
    services.freeze_create(by=admin, entity=school, message="No.", effective_on=dt.date(2020, 1, 1))

    request = services.account_request_submit(
        by=outsider, unit_department=cardiology, platform="x", purpose="p"
    )

    assert request.state == AccountRequestState.SUBMITTED


def test_an_ended_freeze_no_longer_answers(admin, outsider, school):
    freeze = services.freeze_create(
        by=admin, entity=school, message="No.", effective_on=dt.date(2020, 1, 1)
    )
    services.freeze_end(freeze=freeze, by=admin, reason="Lifted")

    request = services.account_request_submit(
        by=outsider, unit_entity=school, platform="x", purpose="p"
    )

    assert request.state == AccountRequestState.SUBMITTED
    with pytest.raises(WhiteCoatError, match="ended already"):
        services.freeze_end(freeze=freeze, by=admin, reason="Again")


def test_request_moves_follow_the_table_and_the_roles(admin, outsider, ambassador, cardiology):
    request = services.account_request_submit(
        by=outsider, unit_department=cardiology, platform="x", purpose="p"
    )

    with pytest.raises(WhiteCoatError) as not_admin:
        services.account_request_transition(
            request=request, to_state=AccountRequestState.APPROVED, by=outsider
        )
    with pytest.raises(WhiteCoatError) as no_reason:
        services.account_request_transition(
            request=request, to_state=AccountRequestState.DECLINED, by=admin
        )
    with pytest.raises(WhiteCoatError) as no_freeze:
        services.account_request_transition(
            request=request, to_state=AccountRequestState.EXCEPTION, by=admin, reason="x"
        )
    with pytest.raises(WhiteCoatError) as not_theirs:
        services.account_request_transition(
            request=request, to_state=AccountRequestState.WITHDRAWN, by=ambassador
        )
    services.account_request_transition(
        request=request, to_state=AccountRequestState.APPROVED, by=admin
    )
    with pytest.raises(WhiteCoatError) as closed:
        services.account_request_transition(
            request=request, to_state=AccountRequestState.WITHDRAWN, by=outsider
        )

    assert [e.value.code for e in (not_admin, no_reason, no_freeze, not_theirs, closed)] == [
        "forbidden",
        "no_reason",
        "illegal_transition",
        "forbidden",
        "illegal_transition",
    ]


def test_request_needs_one_unit_and_a_purpose(outsider, cardiology):
    with pytest.raises(WhiteCoatError, match="department, or the entity"):
        services.account_request_submit(
            by=outsider,
            unit_department=cardiology,
            unit_entity=cardiology.entity,
            platform="x",
            purpose="p",
        )
    with pytest.raises(WhiteCoatError, match="what the account is for"):
        services.account_request_submit(
            by=outsider, unit_department=cardiology, platform="x", purpose=" "
        )


def test_approved_request_prefills_the_registry_form(client, admin, outsider, cardiology):
    request = services.account_request_submit(
        by=outsider,
        unit_department=cardiology,
        platform="instagram",
        purpose="Heart stories",
        proposed_handle="@heart_stories",
        owner_email="olga@example.org",
    )
    services.account_request_transition(
        request=request, to_state=AccountRequestState.APPROVED, by=admin
    )
    client.force_login(admin)

    form = client.get(reverse("governance:registry-create"), {"request": request.pk}).text

    assert 'value="@heart_stories"' in form and "Heart stories" in form


# ------------------------------------------------------------------------ the registry


def test_registry_create_reuses_an_account_whatever_its_at_sign_and_case(admin, cardiology):
    known = unit_account(department=cardiology, handle="@LakesideHeart")

    entry = services.registry_create(
        by=admin,
        data=RegistryInput(platform="x", handle="lakesideheart", unit_department=cardiology),
    )

    assert entry.account == known
    assert RegistryEvent.objects.get(entry=entry).kind == "created"


def test_registry_create_refuses_an_ambassadors_account_and_a_second_entry(
    admin, cardiology, ambassador_account
):
    with pytest.raises(WhiteCoatError, match="not an institutional one"):
        services.registry_create(
            by=admin, data=RegistryInput(platform="x", handle="@dr_amy", unit_department=cardiology)
        )
    services.registry_create(
        by=admin, data=RegistryInput(platform="x", handle="@unit", unit_department=cardiology)
    )
    with pytest.raises(WhiteCoatError, match="in the registry already"):
        services.registry_create(
            by=admin, data=RegistryInput(platform="x", handle="@UNIT", unit_department=cardiology)
        )


def test_registry_writes_are_for_admins(leadership, cardiology, heart):
    with pytest.raises(WhiteCoatError) as error:
        services.registry_create(
            by=leadership, data=RegistryInput(platform="x", handle="@u", unit_department=cardiology)
        )
    with pytest.raises(WhiteCoatError):
        services.registry_status_set(entry=heart, to_status="archived", by=leadership, reason="x")

    assert error.value.code == "forbidden"


def test_registry_update_records_nothing_when_nothing_changes(admin, heart):
    data = RegistryInput(
        platform="x",
        handle="@LakesideHeart",
        unit_department=heart.account.unit_department,
        owner=heart.owner,
        backup_owner=heart.backup_owner,
        purpose=heart.purpose,
    )

    assert services.registry_update(entry=heart, by=admin, data=data) is None
    assert not heart.events.exists()


# ------------------------------------------------------------------------- the actions


def test_accepting_keep_is_done_at_once_and_rejecting_is_recorded(admin, heart):
    kept = services.recommendation_decide(
        entry=heart, by=admin, kind="keep", accept=True, reason="Fine."
    )
    rejected = services.recommendation_decide(
        entry=heart,
        by=admin,
        kind="archive",
        accept=False,
        reason="Dormant.",
        note="Seasonal account.",
    )

    assert (kept.state, rejected.state) == (ActionState.DONE, ActionState.REJECTED)
    assert rejected.changes.get().note == "Seasonal account."
    assert heart.events.filter(kind="action").count() == 2


def test_one_open_action_per_account(admin, heart):
    services.recommendation_decide(
        entry=heart, by=admin, kind="archive", accept=True, reason="Dormant."
    )

    with pytest.raises(WhiteCoatError, match="open action already"):
        services.recommendation_decide(
            entry=heart,
            by=admin,
            kind="hand_over",
            accept=True,
            reason="x",
            hand_over_to=heart.backup_owner,
        )

    assert AccountAction.objects.count() == 1


def test_action_moves_follow_the_table(admin, heart):
    action = services.recommendation_decide(
        entry=heart, by=admin, kind="archive", accept=True, reason="Dormant."
    )

    with pytest.raises(WhiteCoatError, match="Say why"):
        services.action_transition(action=action, to_state=ActionState.CANCELLED, by=admin)
    services.action_transition(
        action=action, to_state=ActionState.CANCELLED, by=admin, note="Still needed."
    )
    with pytest.raises(WhiteCoatError) as closed:
        services.action_transition(action=action, to_state=ActionState.DONE, by=admin)

    heart.refresh_from_db()
    assert closed.value.code == "illegal_transition"
    assert heart.status == RegistryStatus.ACTIVE
    assert list(action.changes.values_list("from_state", "to_state")) == [
        ("", "open"),
        ("open", "cancelled"),
    ]


def test_completing_a_merge_archives_the_account(admin, heart, cardiology):
    small = registered(department=cardiology, handle="@HeartSmall")
    action = services.recommendation_decide(
        entry=small, by=admin, kind="merge", accept=True, reason="Small.", merge_into=heart
    )

    services.action_transition(action=action, to_state=ActionState.DONE, by=admin)

    small.refresh_from_db()
    assert small.status == RegistryStatus.ARCHIVED
    assert "into X @LakesideHeart" in small.events.get(kind="status").reason


def test_completing_a_hand_over_makes_the_backup_the_owner(admin, heart, backup):
    action = services.recommendation_decide(
        entry=heart, by=admin, kind="hand_over", accept=True, reason="Left.", hand_over_to=backup
    )

    services.action_transition(action=action, to_state=ActionState.DONE, by=admin)

    heart.refresh_from_db()
    assert (heart.owner, heart.backup_owner) == (backup, None)


def test_accepting_a_merge_needs_another_live_account(admin, heart):
    with pytest.raises(WhiteCoatError, match="Choose the account"):
        services.recommendation_decide(entry=heart, by=admin, kind="merge", accept=True, reason="x")
    with pytest.raises(WhiteCoatError, match="Choose the account"):
        services.recommendation_decide(
            entry=heart, by=admin, kind="merge", accept=True, reason="x", merge_into=heart
        )


# ------------------------------------------------------------------------ attestation


def test_attestation_records_the_policy_version_and_is_in_the_history(owner, heart):
    # The policy the admins chose, made here: the test does not rely on the seeded one.
    version = PolicyVersionFactory(policy__title="Unit accounts procedure")
    settings = GovernanceSettings.current()
    settings.attestation_policy = version.policy
    settings.save()

    attestation = services.attestation_confirm(entry=heart, by=owner.user, note="Yes")

    assert attestation.policy_version == version
    assert (
        attestation.policy_label
        == f"{attestation.policy_version.policy.title} ({attestation.policy_version.label})"
    )
    assert heart.events.get(kind="attested").reason.startswith("Confirmed by Olga Owner under")


def test_an_archived_account_needs_no_confirmation(admin, owner, heart):
    services.registry_status_set(entry=heart, to_status="archived", by=admin, reason="Closed")

    with pytest.raises(WhiteCoatError, match="archived"):
        services.attestation_confirm(entry=heart, by=owner.user)
