"""The governance part of the demo program: loaded with it, labelled, and removed with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from whitecoat.demo.services import demo_load, demo_remove
from whitecoat.governance import selectors
from whitecoat.governance.audit import Period
from whitecoat.governance.demo import DEPARTED_USERNAME
from whitecoat.governance.enums import AccountRequestState, RegistryStatus
from whitecoat.governance.models import (
    AccountAction,
    AccountFreeze,
    AccountRequest,
    Attestation,
    RegisteredAccount,
    RegistryEvent,
)
from whitecoat.metrics.models import SocialAccount

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def demo(db):
    return demo_load(seed=2020, today=TODAY, scale=0.1)


def test_demo_registers_every_institutional_account(demo):
    institutional = SocialAccount.objects.filter(ambassador__isnull=True)

    assert 25 <= institutional.count() <= 40
    assert RegisteredAccount.objects.count() == institutional.count()
    assert RegisteredAccount.objects.filter(owner__isnull=True).count() >= 1
    assert RegisteredAccount.objects.filter(owner__user__is_active=False).count() == 1
    assert all(e.purpose.startswith("Demo purpose:") for e in RegisteredAccount.objects.all())


def test_demo_has_a_freeze_and_a_request_it_answered(demo):
    freeze = AccountFreeze.objects.get()
    frozen = AccountRequest.objects.get(state=AccountRequestState.FROZEN)

    assert freeze.entity.name == "Lakeside School of Medicine"
    assert (frozen.freeze, frozen.requested_by.username) == (freeze, "requester")
    assert AccountRequest.objects.filter(state=AccountRequestState.SUBMITTED).count() == 1


def test_demo_audit_finds_dormant_overlapping_and_ownerless_accounts(demo):
    admin = get_user_model().objects.get(username="admin")

    page = selectors.audit_run(
        user=admin,
        first=Period(TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=101)),
        second=Period(TODAY - dt.timedelta(days=100), TODAY),
    )
    kinds = page.audit.totals.recommendations

    assert kinds["archive"] >= 2  # gone quiet
    assert kinds["merge"] >= 4  # small accounts beside a unit's main one
    assert kinds["hand_over"] >= 1  # no owner, or an owner who has left
    assert page.audit.totals.comparable >= 20


def test_demo_records_decisions_and_confirmations(demo):
    done = AccountAction.objects.get(state="done", kind="archive")

    assert done.entry.status == RegistryStatus.ARCHIVED
    assert AccountAction.objects.filter(state="open").count() == 1
    assert Attestation.objects.count() >= 20
    assert RegistryEvent.objects.filter(kind="created").count() == RegisteredAccount.objects.count()


def test_demo_quiet_accounts_have_no_recent_posts(demo):
    quiet = SocialAccount.objects.get(handle="@LakesideUrology")

    assert not quiet.posts.exists()


def test_demo_remove_removes_governance_too(demo):
    demo_remove()

    for model in (RegisteredAccount, AccountFreeze, AccountRequest, AccountAction, Attestation):
        assert not model.objects.exists(), model.__name__
    assert not get_user_model().objects.filter(username=DEPARTED_USERNAME).exists()
