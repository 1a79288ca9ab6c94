"""Persona fixtures shared by every test: one user per role, with two departments.

`chair_cardiology` nominates for Cardiology only; `ambassador` is an active cardiology
ambassador with a connected account; `other_ambassador` is in Neurology; `outsider` is a
requester with no other role.
"""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps
from django.conf import settings
from pytest_django.plugin import blocking_manager_key

from tests.factories import (
    AmbassadorFactory,
    CohortFactory,
    DepartmentFactory,
    EntityFactory,
    PersonFactory,
    SocialAccountFactory,
    UserFactory,
)
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import roles_sync, user_grant_role

PASSWORD = "correct horse battery staple"


def pytest_configure(config: pytest.Config) -> None:
    # Under CI, a PostgreSQL run must really be on PostgreSQL: fail loudly, never fall back.
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CI") == "true" and url.startswith("postgres"):
        engine = settings.DATABASES["default"]["ENGINE"]
        assert "postgresql" in engine, f"DATABASE_URL={url} did not select PostgreSQL"


def _flushes_the_database(item: pytest.Item) -> bool:
    """A transactional test (a live server's too) empties every table when it ends."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    names = getattr(item, "fixturenames", ())
    return transactional or "live_server" in names or "transactional_db" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Put back the starter curriculum and policies that the data migration seeded, once a
    transactional test's flush has removed them: the tests that run after it on the same
    worker (xdist sends whole files, so the order is not Django's) expect them."""
    yield
    if nextitem is not None and _flushes_the_database(item):
        starter = importlib.import_module("whitecoat.training.migrations.0002_starter_content")
        with item.config.stash[blocking_manager_key].unblock():
            starter.load_starter_content(apps, None)  # only what is missing: see the migration


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    # Argon2 is deliberately slow; the tests of hashing itself set it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain HTTP, and static files are not collected for tests.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests change data and read the figures at once; tests/core/test_cache.py tests the cache.
    settings.FIGURES_CACHE_SECONDS = 0


@pytest.fixture
def roles(db: None) -> None:
    roles_sync()


def _user_with_role(username: str, role: Role | None) -> object:
    user = UserFactory(username=username)
    if role is not None:
        user_grant_role(user=user, role=role)
    return user


@pytest.fixture
def health_system(db: None):
    return EntityFactory(name="Demo Health System", kind="health_system")


@pytest.fixture
def cardiology(health_system):
    return DepartmentFactory(
        entity=health_system, name="Cardiology", national_rank=3, rank_year=2025
    )


@pytest.fixture
def neurology(health_system):
    return DepartmentFactory(entity=health_system, name="Neurology")


@pytest.fixture
def cohort(health_system):
    return CohortFactory(name="Physicians 2020", entity=health_system)


@pytest.fixture
def admin(roles):
    return _user_with_role("alice_admin", Role.PROGRAM_ADMIN)


@pytest.fixture
def leadership(roles):
    return _user_with_role("lee_leadership", Role.LEADERSHIP)


@pytest.fixture
def chair_cardiology(roles, cardiology):
    user = _user_with_role("carla_chair", Role.NOMINATOR)
    cardiology.nominators.add(user)
    return user


@pytest.fixture
def chair_neurology(roles, neurology):
    user = _user_with_role("nina_chair", Role.NOMINATOR)
    neurology.nominators.add(user)
    return user


@pytest.fixture
def ambassador(roles, cardiology, cohort):
    """The ambassador's *user*; their record is `ambassador_record`."""
    user = _user_with_role("amy_ambassador", Role.AMBASSADOR)
    person = PersonFactory(
        first_name="Amy", last_name="Ambassador", department=cardiology, user=user
    )
    AmbassadorFactory(person=person, cohort=cohort)
    return user


@pytest.fixture
def ambassador_record(ambassador):
    return ambassador.person.ambassadorships.get()


@pytest.fixture
def ambassador_account(ambassador_record):
    return SocialAccountFactory(ambassador=ambassador_record, handle="@dr_amy")


@pytest.fixture
def other_ambassador(roles, neurology, cohort):
    user = _user_with_role("bob_ambassador", Role.AMBASSADOR)
    person = PersonFactory(first_name="Bob", last_name="Other", department=neurology, user=user)
    record = AmbassadorFactory(person=person, cohort=cohort)
    SocialAccountFactory(ambassador=record, handle="@dr_bob")
    return user


@pytest.fixture
def outsider(roles):
    return _user_with_role("otto_requester", Role.REQUESTER)


@pytest.fixture
def personas(admin, leadership, chair_cardiology, ambassador, other_ambassador, outsider):
    return {
        "admin": admin,
        "leadership": leadership,
        "chair_cardiology": chair_cardiology,
        "ambassador": ambassador,
        "other_ambassador": other_ambassador,
        "outsider": outsider,
    }
