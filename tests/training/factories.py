"""Factories and helpers for the training app's tests (and for anyone testing readiness).

The starter curriculum and policies from the data migration are in the test database
(except after a transactional test has flushed it), so tests that count courses, modules
or policies start with `clear_training_content()`; `make_ready_for_active()` works either
way, completing whatever the ambassador's readiness requires.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tests.factories import AmbassadorFactory, SocialAccountFactory, UserFactory
from whitecoat.metrics.enums import AccountUse, Platform
from whitecoat.program.models import Ambassador, PlatformChoice
from whitecoat.training.enums import (
    Attendance,
    ChecklistItemKind,
    CompletionSource,
    ModuleKind,
    SessionKind,
)
from whitecoat.training.models import (
    ChecklistItem,
    Course,
    Module,
    ModuleCompletion,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    SessionInvitation,
    TrainingSession,
)


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course; `with_module=True` also gives it one published module."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    platform = Platform.X
    summary = "What this course covers."
    position = factory.Sequence(lambda n: n + 100)
    is_published = True

    @factory.post_generation
    def with_module(course: Course, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            ModuleFactory(course=course)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    kind = ModuleKind.TECHNICAL
    body = "Some **Markdown**."
    position = factory.Sequence(lambda n: n)
    estimated_minutes = 10
    is_self_study = True
    is_published = True


class PlatformChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformChoice

    ambassador = factory.SubFactory(AmbassadorFactory)
    platform = Platform.X


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A session written directly (no conflict checks, no mail): for reads and pages."""

    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    trainer = factory.SubFactory(UserFactory)
    kind = SessionKind.ONE_TO_ONE
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    duration_minutes = 60
    ends_at = factory.LazyAttribute(
        lambda s: s.starts_at + dt.timedelta(minutes=s.duration_minutes)
    )
    location = "Room 4B"


class SessionInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionInvitation

    session = factory.SubFactory(TrainingSessionFactory)
    ambassador = factory.SubFactory(AmbassadorFactory)
    attendance = Attendance.PENDING


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Policy {n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    """A published version by default; pass published_at=None for a draft."""

    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    label = factory.Sequence(lambda n: f"v{n}")
    body = "Be kind."
    effective_on = dt.date(2026, 1, 1)
    asks_disclaimer = False
    published_at = factory.LazyFunction(timezone.now)


def clear_training_content() -> None:
    """Remove the starter curriculum and policies so a test sees only what it builds."""
    SessionInvitation.objects.all().delete()
    TrainingSession.objects.all().delete()
    Course.objects.all().delete()
    Policy.objects.all().delete()


def complete_course(*, ambassador: Ambassador, course: Course) -> None:
    for module in course.modules.filter(is_published=True):
        ModuleCompletion.objects.get_or_create(
            ambassador=ambassador,
            module=module,
            defaults={"completed_at": timezone.now(), "source": CompletionSource.SELF},
        )


def check_all(*, choice: PlatformChoice) -> None:
    for kind in ChecklistItemKind:
        ChecklistItem.objects.update_or_create(
            platform_choice=choice,
            item=kind.value,
            defaults={"is_checked": True, "changed_at": timezone.now()},
        )


def make_ready_for_active(*, ambassador: Ambassador, platform: str = Platform.X) -> Any:
    """Everything `ambassador_readiness` asks for: the platform chosen, its course and the
    everyone-courses done, current policies acknowledged, and one professional account
    with a complete checklist. Returns the account."""
    choice, _ = PlatformChoice.objects.get_or_create(ambassador=ambassador, platform=platform)
    for course in Course.objects.filter(is_published=True):
        if course.platform in (
            None,
            *ambassador.platform_choices.values_list("platform", flat=True),
        ):
            complete_course(ambassador=ambassador, course=course)
    for version in PolicyVersion.objects.filter(published_at__isnull=False):
        PolicyAcknowledgement.objects.get_or_create(
            version=version, ambassador=ambassador, defaults={"acknowledged_at": timezone.now()}
        )
    check_all(choice=choice)
    account = ambassador.accounts.filter(platform=platform, use=AccountUse.PROFESSIONAL).first()
    return account or SocialAccountFactory(ambassador=ambassador, platform=platform)
