"""The demo's pipeline records agree with each ambassador's status and dates."""

from __future__ import annotations

import itertools

import pytest

from tests.demo.test_services import TODAY, load
from whitecoat.demo.plan import demo_plan_build
from whitecoat.program.models import Ambassador, Consultation, Nomination


@pytest.fixture
def demo(db):
    return load(scale=0.3)


def test_every_demo_ambassador_has_a_nomination(demo):
    assert Nomination.objects.count() == Ambassador.objects.count()
    assert set(Nomination.objects.values_list("state", flat=True)) >= {"accepted", "submitted"}


def test_demo_history_ends_at_the_current_status_in_date_order(demo):
    for ambassador in Ambassador.objects.prefetch_related("status_changes"):
        changes = list(ambassador.status_changes.order_by("changed_at", "id"))
        assert changes[0].to_status == "nominated"
        assert changes[-1].to_status == ambassador.status
        days = [c.changed_at.date() for c in changes]
        assert days == sorted(days)
        assert days[-1] <= TODAY
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status


def test_demo_platforms_are_chosen_from_training_on(demo):
    for ambassador in Ambassador.objects.prefetch_related("platform_choices"):
        chosen = ambassador.platform_choices.exists()
        assert chosen == (ambassador.status not in {"nominated", "intake"}), ambassador


def test_full_demo_shows_people_at_every_stage():
    plan = demo_plan_build(seed=2020, today=TODAY)

    assert {a.status for a in plan.ambassadors} == {
        "nominated",
        "intake",
        "training",
        "onboarding",
        "active",
        "paused",
        "alumni",
    }


def test_demo_has_consultations_in_several_states(demo):
    assert set(Consultation.objects.values_list("state", flat=True)) == {
        "requested",
        "scheduled",
        "closed",
    }
