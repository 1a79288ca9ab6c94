# No `from __future__ import annotations` here: ninja reads these signatures at runtime,
# and @paginate's wrapper would resolve string annotations in ninja's module, not this one.

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from whitecoat.api.routers.common import LIST_ERRORS, Paginator
from whitecoat.api.schemas import (
    CohortFilter,
    CohortOut,
    DepartmentFilter,
    DepartmentOut,
    EntityFilter,
    EntityOut,
    PersonFilter,
    PersonOut,
)
from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.organizations.selectors import (
    cohort_list,
    department_list,
    entity_list,
    person_list,
)

router = Router(tags=["organizations"])


@router.get(
    "/entities", response={200: list[EntityOut], **LIST_ERRORS}, operation_id="list_entities"
)
@paginate(Paginator)
def list_entities(request: HttpRequest, filters: Query[EntityFilter]) -> QuerySet[Entity]:
    """The health system, its hospitals and school. Readable by every user."""
    return filters.filter(entity_list(user=request.auth))


@router.get(
    "/departments",
    response={200: list[DepartmentOut], **LIST_ERRORS},
    operation_id="list_departments",
)
@paginate(Paginator)
def list_departments(
    request: HttpRequest, filters: Query[DepartmentFilter]
) -> QuerySet[Department]:
    """Departments and service lines, with national rank where ranked. Readable by every user."""
    # Names repeat across entities; the id keeps pages stable.
    return filters.filter(department_list(user=request.auth)).order_by("name", "id")


@router.get("/people", response={200: list[PersonOut], **LIST_ERRORS}, operation_id="list_people")
@paginate(Paginator)
def list_people(request: HttpRequest, filters: Query[PersonFilter]) -> QuerySet[Person]:
    """People: everyone for admins and leadership, a chair's departments, else only yourself."""
    # The selector leaves the order to the caller; a total order keeps pages stable.
    people = filters.filter(person_list(user=request.auth))
    return people.order_by("last_name", "first_name", "id")


@router.get("/cohorts", response={200: list[CohortOut], **LIST_ERRORS}, operation_id="list_cohorts")
@paginate(Paginator)
def list_cohorts(request: HttpRequest, filters: Query[CohortFilter]) -> QuerySet[Cohort]:
    """Ambassador cohorts. Readable by every user."""
    return filters.filter(cohort_list(user=request.auth))
