"""What each role's home page shows, assembled from the capability apps' selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q

from whitecoat.metrics.enums import ConnectionState
from whitecoat.metrics.selectors import account_list, account_numbers, program_totals
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Cohort, Department
from whitecoat.organizations.roles import user_role
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.selectors import (
    ambassador_for_user,
    ambassador_list,
    ambassador_pipeline,
    ambassador_status_counts,
    consultation_list,
    nomination_list,
)
from whitecoat.training.selectors import ambassador_training_overview, policies_to_acknowledge


def areas_represented() -> list[Department]:
    """Departments with their active ambassadors, ranked specialties first."""
    return list(
        Department.objects.annotate(
            active_ambassadors=Count(
                "people__ambassadorships",
                filter=Q(people__ambassadorships__status=AmbassadorStatus.ACTIVE),
                distinct=True,
            )
        )
        .select_related("entity")
        .order_by(F("national_rank").asc(nulls_last=True), "name")
    )


def cohort_summary() -> list[Cohort]:
    return list(
        Cohort.objects.annotate(
            ambassador_count=Count("ambassadors", distinct=True),
            active_count=Count(
                "ambassadors", filter=Q(ambassadors__status=AmbassadorStatus.ACTIVE), distinct=True
            ),
        ).order_by("launched_on")
    )


def home_context(*, user: Any) -> dict[str, Any]:
    role = user_role(user)
    if role == Role.PROGRAM_ADMIN:
        counts = ambassador_status_counts(user=user)
        queues = [
            {"status": status, "count": counts[status], "people": people}
            for status, people in ambassador_pipeline(user=user).items()
        ]
        return {
            "totals": program_totals(user=user),
            "status_counts": counts,
            "queues": queues,
            "nominations": list(nomination_list(user=user, open_only=True)[:10]),
            "consultations": list(consultation_list(user=user, open_only=True)[:10]),
            "reconnect": list(
                account_list(user=user).filter(
                    connection_state__in=[ConnectionState.EXPIRED, ConnectionState.REVOKED]
                )[:10]
            ),
            "cohorts": cohort_summary(),
        }
    if role == Role.LEADERSHIP:
        return {
            "totals": program_totals(user=user),
            "status_counts": ambassador_status_counts(user=user),
            "cohorts": cohort_summary(),
            "areas": areas_represented(),
        }
    if role == Role.NOMINATOR:
        return {
            "departments": list(user.nominating_departments.order_by("name")),
            "status_counts": ambassador_status_counts(user=user),
            "ambassadors": list(ambassador_list(user=user)[:50]),
            "nominations": list(nomination_list(user=user)[:10]),
            "totals": program_totals(user=user),
        }
    if role == Role.AMBASSADOR:
        record = ambassador_for_user(user=user)
        accounts = account_list(user=user).filter(ambassador=record) if record else None
        return {
            "record": record,
            "numbers": account_numbers(accounts=accounts) if accounts is not None else [],
            "policies_to_acknowledge": policies_to_acknowledge(user=user),
            "training": (
                ambassador_training_overview(ambassador=record, user=user) if record else None
            ),
        }
    return {"consultations": list(consultation_list(user=user)[:10])}
