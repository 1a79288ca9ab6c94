"""Reads of the organisation, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.organizations.roles import user_sees_everything


def entity_list(*, user: Any) -> QuerySet[Entity]:
    """The organisation's structure is not private: every logged-in user may read it."""
    return Entity.objects.select_related("parent").order_by("kind", "name")


def department_list(*, user: Any, ranked_only: bool = False) -> QuerySet[Department]:
    departments = Department.objects.select_related("entity").order_by("name")
    if ranked_only:
        departments = departments.filter(national_rank__isnull=False)
    return departments


def department_ids_nominated_by(*, user: Any) -> list[int]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_whitecoat_departments", None)
    if cached is None:
        cached = list(user.nominating_departments.values_list("id", flat=True))
        user._whitecoat_departments = cached
    return cached


def cohort_list(*, user: Any) -> QuerySet[Cohort]:
    return Cohort.objects.select_related("entity").order_by("launched_on", "name")


def person_list(
    *, user: Any, search: str = "", kind: str = "", department_id: int | None = None
) -> QuerySet[Person]:
    """Admins and leadership see everyone; nominators their departments; others themselves."""
    people = Person.objects.select_related("department", "department__entity")
    if not user_sees_everything(user):
        people = people.filter(
            Q(department_id__in=department_ids_nominated_by(user=user)) | Q(user_id=user.pk)
        )
    for word in search.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    if kind:
        people = people.filter(kind=kind)
    if department_id:
        people = people.filter(department_id=department_id)
    return people.order_by("last_name", "first_name", "id")


def department_list_with_counts(*, user: Any) -> QuerySet[Department]:
    return department_list(user=user).annotate(
        people_count=Count("people", distinct=True),
    )
