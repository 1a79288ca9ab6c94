"""The pure plan: deterministic, the right shape, and consistent with the models' choices."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest

from whitecoat.demo.plan import (
    DEMO_EMAIL_DOMAIN,
    PHYSICIANS_LAUNCH,
    SCHOOL_LAUNCH,
    VIDEO_PLATFORMS,
    DemoPlan,
    account_series,
    demo_plan_build,
)
from whitecoat.metrics.enums import VIDEO_PLATFORMS as MODEL_VIDEO_PLATFORMS
from whitecoat.metrics.enums import AccountUse, ConnectionState, Platform
from whitecoat.organizations.enums import EntityKind, PersonKind, Role
from whitecoat.program.enums import AmbassadorStatus

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def plan() -> DemoPlan:
    return demo_plan_build(seed=2020, today=TODAY)


def cohort_ambassadors(plan: DemoPlan, key: str) -> list:
    return [a for a in plan.ambassadors if a.cohort_key == key]


def series_sample(plan: DemoPlan) -> list:
    with_history = [a for a in plan.accounts if a.history][:: len(plan.accounts) // 10]
    return [list(account_series(a)) for a in with_history]


def test_plan_is_deterministic_for_a_seed(plan):
    again = demo_plan_build(seed=2020, today=TODAY)

    assert again == plan
    assert series_sample(again) == series_sample(plan)


def test_plan_differs_for_another_seed(plan):
    other = demo_plan_build(seed=2021, today=TODAY)

    assert [p.email for p in other.people] != [p.email for p in plan.people]
    assert series_sample(other) != series_sample(plan)


def test_plan_first_cohort_has_twenty_founders_joined_in_february_2020(plan):
    physicians = cohort_ambassadors(plan, "physicians")
    joined = [a for a in physicians if a.joined_on]

    founders = [a for a in joined if (a.joined_on.year, a.joined_on.month) == (2020, 2)]
    assert len(founders) == 20
    assert min(a.joined_on for a in joined) >= PHYSICIANS_LAUNCH
    assert max(a.nominated_on for a in founders) < PHYSICIANS_LAUNCH


def test_plan_physicians_cohort_grows_to_about_150(plan):
    physicians = cohort_ambassadors(plan, "physicians")
    kinds = {p.key: p.kind for p in plan.people}
    per_year = Counter(a.joined_on.year for a in physicians if a.joined_on)

    assert 140 <= len(physicians) <= 160
    assert {kinds[a.person_key] for a in physicians} == {"attending", "resident_fellow"}
    # Word of mouth: more people join in the later full years than in the first.
    assert per_year[2025] > per_year[2021]


def test_plan_has_ambassadors_in_every_status(plan):
    statuses = Counter(a.status for a in plan.ambassadors)

    assert set(statuses) == set(AmbassadorStatus.values)
    assert statuses["active"] > statuses["paused"] + statuses["alumni"]


def test_plan_pipeline_ambassadors_have_not_joined(plan):
    pipeline = [
        a for a in plan.ambassadors if a.status in {"nominated", "intake", "training", "onboarding"}
    ]

    assert pipeline
    assert all(a.joined_on is None for a in pipeline)


def test_plan_nomination_precedes_joining(plan):
    joined = [a for a in plan.ambassadors if a.joined_on]

    assert all(a.nominated_on < a.joined_on for a in joined)


def test_plan_school_cohort_launched_mid_2022(plan):
    cohort = next(c for c in plan.cohorts if c.key == "school")
    school = cohort_ambassadors(plan, "school")
    kinds = {p.key: p.kind for p in plan.people}

    assert cohort.launched_on == SCHOOL_LAUNCH == dt.date(2022, 7, 1)
    assert next(e for e in plan.entities if e.key == cohort.entity_key).kind == "school"
    assert 25 <= len(school) <= 35
    assert {kinds[a.person_key] for a in school} == {
        "medical_student",
        "graduate_student",
        "researcher",
    }
    assert min(a.joined_on for a in school if a.joined_on) >= SCHOOL_LAUNCH


def test_plan_organisation_has_hospitals_school_and_ranked_departments(plan):
    kinds = Counter(e.kind for e in plan.entities)
    ranked = [d for d in plan.departments if d.national_rank]

    assert kinds == {"health_system": 1, "hospital": 3, "school": 1}
    assert all(e.parent_key == "system" for e in plan.entities if e.kind != "health_system")
    assert 15 <= len(plan.departments) <= 20
    assert 5 <= len(ranked) <= 8
    assert all(1 <= d.national_rank <= 50 and d.rank_year == 2025 for d in ranked)


def test_plan_uses_only_the_models_choices(plan):
    assert {e.kind for e in plan.entities} <= set(EntityKind.values)
    assert {p.kind for p in plan.people} == set(PersonKind.values)
    assert {a.platform for a in plan.accounts} == set(Platform.values)
    assert {a.use for a in plan.accounts} == set(AccountUse.values)
    assert {a.connection_state for a in plan.accounts} == set(ConnectionState.values)
    assert {login.role for login in plan.logins} == set(Role.values)
    assert set(VIDEO_PLATFORMS) == {p.value for p in MODEL_VIDEO_PLATFORMS}


def test_plan_people_have_unique_demo_emails(plan):
    emails = [p.email for p in plan.people]

    assert len(set(emails)) == len(emails)
    assert all(e.endswith(f"@{DEMO_EMAIL_DOMAIN}") for e in emails)


def test_plan_handles_are_unique_per_platform(plan):
    handles = Counter((a.platform, a.handle.lower()) for a in plan.accounts)

    assert max(handles.values()) == 1


def test_plan_every_ambassador_has_one_to_three_accounts(plan):
    per_ambassador = Counter(
        a.ambassador_key for a in plan.accounts if a.ambassador_key is not None
    )

    assert set(per_ambassador) == {a.key for a in plan.ambassadors}
    assert set(per_ambassador.values()) <= {1, 2, 3}


def test_plan_personal_accounts_are_never_connected(plan):
    personal = [a for a in plan.accounts if a.use == "personal"]

    assert personal
    assert {a.connection_state for a in personal} == {"not_connected"}
    assert all(a.history is None for a in personal)


def test_plan_institutional_accounts_belong_to_one_unit(plan):
    institutional = [a for a in plan.accounts if a.ambassador_key is None]

    assert 25 <= len(institutional) <= 40
    assert all(
        (a.unit_entity_key is None) != (a.unit_department_key is None) for a in institutional
    )


def test_plan_broken_connections_stop_their_history(plan):
    broken = [a for a in plan.accounts if a.connection_state in {"expired", "revoked"}]

    assert broken
    assert all(a.history is None or a.history[1] < TODAY for a in broken)


def test_plan_history_starts_no_earlier_than_2020_or_the_account(plan):
    with_history = [a for a in plan.accounts if a.history]

    assert min(a.history[0] for a in with_history) == dt.date(2020, 1, 1)
    assert all(a.history[0] >= a.opened_on for a in with_history)


def test_plan_series_has_one_row_a_day(plan):
    account = next(a for a in plan.accounts if a.history and a.platform == "x")

    days = [row.date for row in account_series(account)]

    assert days[0] == account.history[0]
    assert days[-1] == account.history[1]
    assert len(days) == account.snapshot_count == len(set(days))


def test_plan_video_views_missing_on_non_video_platforms(plan):
    first_of_each = {}
    for account in plan.accounts:
        if account.history:
            first_of_each.setdefault(account.platform, account)

    for platform, account in first_of_each.items():
        views = {row.video_views is None for row in account_series(account)}
        assert views == ({False} if platform in VIDEO_PLATFORMS else {True}), platform


def test_plan_follower_counts_are_plausible(plan):
    last = {a.key: list(account_series(a))[-1] for a in plan.accounts if a.history}
    x_people = [
        last[a.key].followers
        for a in plan.accounts
        if a.key in last and a.platform == "x" and a.ambassador_key is not None
    ]
    institutional = [last[a.key].followers for a in plan.accounts if a.ambassador_key is None]

    assert 300 <= statistics.median(x_people) <= 5_000
    assert max(row.followers for row in last.values()) >= 20_000
    assert 50_000 <= max(institutional) <= 600_000


def test_plan_ambassador_login_is_an_active_cardiology_ambassador(plan):
    login = next(lg for lg in plan.logins if lg.username == "ambassador")
    person = plan.people[login.person_key]
    ambassador = next(a for a in plan.ambassadors if a.person_key == person.key)
    connected = [
        a
        for a in plan.accounts
        if a.ambassador_key == ambassador.key
        and a.use == "professional"
        and a.connection_state == "connected"
        and a.history
    ]

    assert (person.department_key, ambassador.status, ambassador.cohort_key) == (
        "cardiology",
        "active",
        "physicians",
    )
    assert len(connected) >= 2


def test_plan_chair_login_chairs_cardiology(plan):
    login = next(lg for lg in plan.logins if lg.username == "chair")
    person = plan.people[login.person_key]

    assert login.nominates == ("cardiology", "cardiac-surgery")
    assert person.title == "Chair, Department of Cardiology"
    assert person.department_key == "cardiology"


def test_plan_scale_shrinks_people_and_history(plan):
    small = demo_plan_build(seed=2020, today=TODAY, scale=0.1)

    assert len(cohort_ambassadors(small, "physicians")) == 15
    assert small.history_start > TODAY - dt.timedelta(days=300)
    assert small.snapshot_count() < plan.snapshot_count() / 20


def test_plan_refuses_a_scale_out_of_range():
    with pytest.raises(ValueError, match="scale"):
        demo_plan_build(seed=1, today=TODAY, scale=0)
