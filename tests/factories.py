"""factory_boy factories for the whole project; tests build only what they need."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from whitecoat.metrics.enums import AccountUse, ConnectionState, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, SocialAccount
from whitecoat.organizations.enums import EntityKind, PersonKind
from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.program.enums import JOINED_STATUSES, AmbassadorStatus
from whitecoat.program.models import Ambassador


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Hospital {n}")
    kind = EntityKind.HOSPITAL


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Rivera{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    kind = PersonKind.ATTENDING
    credentials = "MD"
    department = factory.SubFactory(DepartmentFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    entity = factory.SubFactory(EntityFactory)
    launched_on = dt.date(2020, 2, 1)


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador

    person = factory.SubFactory(PersonFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = AmbassadorStatus.ACTIVE
    nominated_on = dt.date(2020, 1, 15)
    joined_on = factory.LazyAttribute(
        lambda a: dt.date(2020, 2, 1) if a.status in JOINED_STATUSES else None
    )


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    platform = Platform.X
    handle = factory.Sequence(lambda n: f"@handle{n}")
    use = AccountUse.PROFESSIONAL
    connection_state = ConnectionState.CONNECTED
    connected_at = factory.LazyFunction(timezone.now)
    ambassador = factory.SubFactory(AmbassadorFactory)


class MetricSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricSnapshot

    account = factory.SubFactory(SocialAccountFactory)
    date = dt.date(2026, 1, 1)
    followers = 1000
    engagements = 10
    source = MetricSource.API
    collected_at = factory.LazyFunction(timezone.now)
