"""The governance reads: the audit's grouped queries agree with the pure reference, the
registry's filters and annotations, and which freeze applies."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from tests.factories import DepartmentFactory, EntityFactory, MetricSnapshotFactory
from tests.governance.conftest import post, registered, series
from whitecoat.governance import selectors, services
from whitecoat.governance.audit import Day, Period, figures_from_series
from whitecoat.governance.models import Attestation, RegisteredAccount
from whitecoat.governance.selectors import RegistryFilters, period_figures


def test_period_figures_match_the_pure_reference_on_a_gappy_series(admin, cardiology):
    rng = random.Random(7)
    entry = registered(department=cardiology)
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    figures = {}
    for i in range((end - start).days + 1):
        if rng.random() < 0.2:
            continue  # a day without a snapshot
        figures[start + dt.timedelta(days=i)] = (
            None if rng.random() < 0.1 else 1000 + i * 3,
            None if rng.random() < 0.3 else rng.randint(0, 3),
            None if rng.random() < 0.2 else rng.randint(0, 90),
        )
    for day, (followers, posts, engagements) in figures.items():
        MetricSnapshotFactory(
            account=entry.account,
            date=day,
            followers=followers,
            posts_published=posts,
            engagements=engagements,
        )
    days = [Day(day, f, p, e) for day, (f, p, e) in figures.items()]
    population = RegisteredAccount.objects.all()

    for period in (
        Period(dt.date(2025, 2, 1), dt.date(2025, 6, 30)),
        Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),  # before any figure
    ):
        found = period_figures(population=population, period=period).get(entry.account_id)
        expected = figures_from_series(days, period)
        if (
            expected.closing_date is None
            and expected.posting_days == 0
            and expected.engagements is None
        ):
            assert found is None
        else:
            assert found == expected, period


def test_audit_inputs_take_the_last_post_from_posts_and_daily_figures(admin, cardiology):
    today = timezone.localdate()
    stored = registered(department=cardiology, handle="@stored")
    daily = registered(department=cardiology, handle="@daily")
    post(stored.account, today - dt.timedelta(days=10))
    post(stored.account, today - dt.timedelta(days=40))
    series(
        daily.account,
        start=today - dt.timedelta(days=30),
        end=today,
        followers=lambda i: 100,
        posts=lambda i: 1 if i == 5 else 0,
    )
    first, second = (
        Period(today - dt.timedelta(days=729), today - dt.timedelta(days=365)),
        Period(today - dt.timedelta(days=364), today),
    )

    inputs = {
        i.label: i
        for i in selectors.audit_inputs(
            population=RegisteredAccount.objects.all(), first=first, second=second
        )
    }

    assert inputs["X @stored"].last_post == today - dt.timedelta(days=10)
    assert inputs["X @stored"].tracked_since == today - dt.timedelta(days=40)
    assert inputs["X @stored"].second.post_rows == 2
    assert inputs["X @daily"].last_post == today - dt.timedelta(days=25)
    assert inputs["X @daily"].tracked_since == today - dt.timedelta(days=30)
    assert inputs["X @daily"].second.posting_days == 31


def test_audit_inputs_mark_an_owner_who_has_left(admin, cardiology, departed, backup):
    registered(department=cardiology, owner=departed, backup_owner=backup)
    today = timezone.localdate()

    (found,) = selectors.audit_inputs(
        population=RegisteredAccount.objects.all(),
        first=Period(today - dt.timedelta(days=20), today - dt.timedelta(days=11)),
        second=Period(today - dt.timedelta(days=10), today),
    )

    assert (found.owner_departed, found.backup_departed) == (True, False)
    assert (found.owner_name, found.backup_name) == ("Dan Departed", "Bea Backup")


def test_audit_leaves_archived_accounts_out(admin, cardiology):
    registered(department=cardiology, handle="@live")
    registered(department=cardiology, handle="@gone", status="archived")
    today = timezone.localdate()

    page = selectors.audit_run(
        user=admin,
        first=Period(today - dt.timedelta(days=20), today - dt.timedelta(days=11)),
        second=Period(today - dt.timedelta(days=10), today),
    )

    assert [r.account.label for r in page.rows] == ["X @live"]


def test_registry_overdue_filter_agrees_with_the_entry_property(admin, cardiology, owner):
    today = timezone.localdate()
    entries = {}
    for name, age in (("fresh", 364), ("due", 365), ("never", None)):
        entry = registered(department=cardiology, owner=owner, handle=f"@{name}")
        if age is not None:
            when = timezone.make_aware(
                dt.datetime.combine(today - dt.timedelta(days=age), dt.time(9))
            )
            Attestation.objects.create(entry=entry, person=owner, confirmed_at=when)
        entries[name] = entry

    overdue = selectors.registry_list(user=admin, filters=RegistryFilters(problem="overdue"))
    listed = {e.account.handle: e.attestation_overdue for e in selectors.registry_list(user=admin)}

    assert sorted(e.account.handle for e in overdue) == ["@due", "@never"]
    assert listed == {"@due": True, "@fresh": False, "@never": True}


def test_an_attestation_by_a_former_owner_does_not_count(admin, cardiology, owner, backup):
    entry = registered(department=cardiology, owner=owner)
    services.attestation_confirm(entry=entry, by=owner.user)
    entry.owner = backup
    entry.backup_owner = None
    entry.save()

    assert selectors.registry_list(user=admin).get().attestation_overdue is True


def test_registry_entity_filter_includes_the_entities_below(admin, health_system):
    hospital = EntityFactory(name="North Hospital", parent=health_system)
    ward = DepartmentFactory(entity=hospital, name="North Surgery")
    registered(department=ward, handle="@north_surgery")
    registered(entity=health_system, handle="@system")
    registered(entity=EntityFactory(name="Elsewhere"), handle="@elsewhere")

    found = selectors.registry_list(user=admin, filters=RegistryFilters(entity_id=health_system.pk))

    assert sorted(e.account.handle for e in found) == ["@north_surgery", "@system"]


# ------------------------------------------------------------------------------ freezes


@pytest.fixture
def tree(health_system):
    hospital = EntityFactory(name="North Hospital", parent=health_system)
    return {
        "system": health_system,
        "hospital": hospital,
        "ward": DepartmentFactory(entity=hospital),
    }


def test_a_freeze_with_children_applies_below_its_entity(admin, tree):
    freeze = services.freeze_create(
        by=admin, entity=tree["system"], message="No.", effective_on=dt.date(2026, 1, 1)
    )

    found = selectors.freeze_applying(
        entity_id=tree["hospital"].pk, platform="x", on=dt.date(2026, 3, 1)
    )

    assert found == freeze


def test_a_freeze_without_children_applies_to_its_entity_only(admin, tree):
    services.freeze_create(
        by=admin,
        entity=tree["system"],
        message="No.",
        effective_on=dt.date(2026, 1, 1),
        include_children=False,
    )

    assert (
        selectors.freeze_applying(
            entity_id=tree["hospital"].pk, platform="x", on=dt.date(2026, 3, 1)
        )
        is None
    )
    assert (
        selectors.freeze_applying(entity_id=tree["system"].pk, platform="x", on=dt.date(2026, 3, 1))
        is not None
    )


def test_a_freeze_applies_to_its_platform_from_its_date_until_it_ends(admin, tree):
    freeze = services.freeze_create(
        by=admin,
        entity=tree["hospital"],
        message="No.",
        effective_on=dt.date(2026, 1, 1),
        platform="tiktok",
    )
    freeze.ended_on = dt.date(2026, 6, 1)
    freeze.save()

    def applies(platform, day):
        return (
            selectors.freeze_applying(entity_id=tree["hospital"].pk, platform=platform, on=day)
            is not None
        )

    assert applies("tiktok", dt.date(2026, 1, 1)) is True
    assert applies("tiktok", dt.date(2025, 12, 31)) is False
    assert applies("tiktok", dt.date(2026, 5, 31)) is True
    assert applies("tiktok", dt.date(2026, 6, 1)) is False
    assert applies("x", dt.date(2026, 3, 1)) is False
