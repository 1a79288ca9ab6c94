"""Loading and removing the demo program (at a tenth of the full size, for speed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate, get_user_model

from tests.factories import PersonFactory, UserFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.core.models import Installation
from whitecoat.demo.plan import demo_plan_build
from whitecoat.demo.services import demo_is_loaded, demo_load, demo_remove
from whitecoat.metrics.enums import VIDEO_PLATFORMS, ConnectionState, MetricSource
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.organizations.roles import user_role
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador

TODAY = dt.date(2026, 6, 30)
SCALE = 0.1
PROGRAM_MODELS = (Entity, Department, Person, Cohort, Ambassador, SocialAccount, MetricSnapshot)


def load(**kwargs):
    return demo_load(**{"seed": 2020, "today": TODAY, "scale": SCALE, **kwargs})


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in PROGRAM_MODELS}


@pytest.fixture
def demo(db):
    return load()


def test_demo_load_creates_one_login_per_role_with_password_demo(demo):
    expected = {
        "admin": Role.PROGRAM_ADMIN,
        "chair": Role.NOMINATOR,
        "ambassador": Role.AMBASSADOR,
        "leadership": Role.LEADERSHIP,
        "requester": Role.REQUESTER,
    }

    roles = {name: user_role(authenticate(username=name, password="demo")) for name in expected}

    assert roles == expected


def test_demo_load_lets_admin_use_the_admin_site(demo):
    admin = get_user_model().objects.get(username="admin")

    assert admin.is_staff
    assert admin.has_perm("metrics.view_metricsnapshot")


def test_demo_load_makes_chair_the_cardiology_chair_nominating_two_departments(demo):
    chair = get_user_model().objects.get(username="chair")

    departments = sorted(chair.nominating_departments.values_list("name", flat=True))

    assert departments == ["Cardiac Surgery", "Cardiology"]
    assert chair.person.title == "Chair, Department of Cardiology"
    assert chair.person.department.name == "Cardiology"


def test_demo_load_links_ambassador_to_an_active_cardiologist_with_history(demo):
    person = get_user_model().objects.get(username="ambassador").person
    record = person.ambassadorships.get()
    connected = record.accounts.filter(
        use="professional", connection_state=ConnectionState.CONNECTED, snapshots__isnull=False
    ).distinct()

    assert (person.department.name, record.status) == ("Cardiology", AmbassadorStatus.ACTIVE)
    assert connected.count() >= 2


def test_demo_load_sets_the_demo_flag(demo):
    installation = Installation.current()

    assert demo_is_loaded()
    assert installation.demo_loaded_at is not None
    assert installation.demo_seed == 2020


def test_demo_load_writes_what_the_plan_says(demo):
    plan = demo_plan_build(seed=2020, today=TODAY, scale=SCALE).summary()

    assert counts() == {
        "Entity": plan.entities,
        "Department": plan.departments,
        "Person": plan.people,
        "Cohort": plan.cohorts,
        "Ambassador": plan.ambassadors,
        "SocialAccount": plan.accounts,
        "MetricSnapshot": plan.snapshots,
    }
    assert demo.snapshots == plan.snapshots > 1000


def test_demo_load_marks_snapshots_as_demo_data_collected_at_day_end(demo):
    snapshot = MetricSnapshot.objects.order_by("-date", "account_id").first()

    assert set(MetricSnapshot.objects.values_list("source", flat=True).distinct()) == {
        MetricSource.DEMO
    }
    assert snapshot.date == TODAY
    assert snapshot.collected_at.astimezone().date() == TODAY


def test_demo_load_leaves_video_views_missing_on_non_video_platforms(demo):
    non_video = MetricSnapshot.objects.exclude(account__platform__in=VIDEO_PLATFORMS)
    video = MetricSnapshot.objects.filter(account__platform__in=VIDEO_PLATFORMS)

    assert non_video.exists()
    assert not non_video.filter(video_views__isnull=False).exists()
    assert not video.filter(video_views__isnull=True).exists()


def test_demo_load_refuses_when_already_loaded(demo):
    with pytest.raises(WhiteCoatError, match="already loaded"):
        load()


def test_demo_load_with_reset_rebuilds_the_same_program(demo):
    before = counts()

    load(reset=True)

    assert counts() == before
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_demo_load_refuses_a_database_with_real_data(db):
    PersonFactory(first_name="Real", last_name="Person")

    with pytest.raises(WhiteCoatError, match="already holds program data"):
        load()

    assert not demo_is_loaded()
    assert Person.objects.count() == 1
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_load_refuses_to_reset_an_existing_admin_password(db):
    UserFactory(username="admin")

    with pytest.raises(WhiteCoatError, match="admin"):
        load()

    assert authenticate(username="admin", password="demo") is None


def test_demo_remove_empties_the_program(demo):
    demo_remove()

    assert set(counts().values()) == {0}
    assert not get_user_model().objects.filter(username__in=["admin", "chair"]).exists()
    assert not demo_is_loaded()
    assert Installation.current().demo_seed is None


def test_demo_remove_refuses_an_installation_without_the_demo(db):
    PersonFactory()

    with pytest.raises(WhiteCoatError, match="does not hold the demo"):
        demo_remove()

    assert Person.objects.count() == 1
