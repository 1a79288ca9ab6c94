"""Fixtures for the training tests: a clean slate without the starter content, a course
with modules, a future time, and mail captured on commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    PlatformChoiceFactory,
    clear_training_content,
)
from whitecoat.api.services import api_token_create
from whitecoat.metrics.enums import Platform
from whitecoat.training.enums import ModuleKind


@pytest.fixture
def clean(db: None) -> None:
    """No starter courses or policies: the test sees only what it builds."""
    clear_training_content()


@pytest.fixture
def x_course(clean: None) -> Any:
    """The X course with its three published modules: technical (session), best practices
    (self-study) and analytics (session)."""
    course = CourseFactory(title="X basics", slug="x-basics", platform=Platform.X)
    ModuleFactory(course=course, title="X features", kind=ModuleKind.TECHNICAL, is_self_study=False)
    ModuleFactory(course=course, title="X best practices", kind=ModuleKind.BEST_PRACTICES)
    ModuleFactory(
        course=course, title="X analytics", kind=ModuleKind.ANALYTICS, is_self_study=False
    )
    return course


@pytest.fixture
def everyone_course(clean: None) -> Any:
    course = CourseFactory(title="Professionalism", slug="prof", platform=None)
    ModuleFactory(course=course, title="Hallway rule", kind=ModuleKind.PROFESSIONALISM)
    return course


@pytest.fixture
def amy_chose_x(ambassador_record: Any) -> Any:
    return PlatformChoiceFactory(ambassador=ambassador_record, platform=Platform.X)


@pytest.fixture
def soon() -> dt.datetime:
    """Tomorrow at 14:00 in the program's time zone."""
    local = timezone.localtime() + dt.timedelta(days=1)
    return local.replace(hour=14, minute=0, second=0, microsecond=0)


@pytest.fixture
def api_get(db: None) -> Any:
    """GET an API path as `user` with a fresh bearer token, or anonymously with None."""

    def get(user: Any, path: str, **params: Any) -> Any:
        headers = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            headers = {"Authorization": f"Bearer {raw}"}
        return Client().get(f"/api/v1{path}", params, headers=headers)

    return get


@pytest.fixture
def assert_same_queries(client: Any, django_assert_num_queries: Any) -> Any:
    """N+1 guard: a page costs as many queries with 3 items as with 1.

    `add(n)` adds n items; the page is loaded once with 1 item, then checked with
    django_assert_num_queries to cost the same with 3."""

    def check(url: str, add: Any) -> None:
        add(1)
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        add(2)
        with django_assert_num_queries(len(first)):
            assert client.get(url).status_code == 200

    return check


@pytest.fixture
def mail(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Any:
    """Run the code under test, then its on-commit mail; returns the outbox."""

    class Mail:
        outbox = mailoutbox

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Mail()
