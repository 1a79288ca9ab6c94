"""Reading the audit trail: the filtered list, one record's history, the filters' choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from whitecoat.audit.models import AuditEntry
from whitecoat.audit.tracking import tracked_model_for, tracked_models
from whitecoat.organizations.roles import user_is_admin

SYSTEM = "system"


@dataclass(frozen=True)
class AuditFilters:
    q: str = ""
    model: str = ""  # a model label, "program.Ambassador"
    user: str = ""  # a user's id, or SYSTEM for commands and tasks
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def user_may_view_audit(*, user: Any) -> bool:
    """Program admins only: the trail shows every change to every record."""
    return user_is_admin(user)


def audit_entries(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if filters.q:
        entries = entries.filter(object_repr__icontains=filters.q)
    if filters.model:
        entries = entries.filter(model=filters.model)
    if filters.user == SYSTEM:
        entries = entries.filter(user__isnull=True, actor="")
    elif filters.user:
        entries = entries.filter(user_id=filters.user)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return entries.order_by("-at", "-id")


def audit_object_entries(*, model: type[models.Model], object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(model=model._meta.label, object_id=object_id).order_by(
        "-at", "-id"
    )


def audited_model(*, label: str) -> type[models.Model] | None:
    return tracked_model_for(label)


def audit_model_choices() -> list[tuple[str, str]]:
    """Every tracked model, by its name as people say it ("Ambassador (program)")."""
    choices = [
        (
            m._meta.label,
            f"{str(m._meta.verbose_name).capitalize()} ({m._meta.app_config.verbose_name})",
        )
        for m in tracked_models()
    ]
    return sorted(choices, key=lambda choice: choice[1].lower())


def audit_user_choices() -> list[tuple[str, str]]:
    """The users who changed something, and the system."""
    users = (
        get_user_model()
        .objects.filter(pk__in=AuditEntry.objects.filter(user__isnull=False).values("user"))
        .order_by("username")
    )
    return [(SYSTEM, "System (commands and tasks)")] + [
        (str(u.pk), f"{u.get_full_name() or u.get_username()} ({u.get_username()})") for u in users
    ]


def audit_object_links(*, model: type[models.Model], object_id: str) -> dict[str, str]:
    """The record's back-office page and its version history there, when it has them."""
    if model not in admin.site._registry:
        return {}
    try:
        if not model._default_manager.filter(pk=object_id).exists():
            return {}
    except (ValueError, ValidationError):
        return {}
    info = (model._meta.app_label, model._meta.model_name)
    try:
        return {
            "change": reverse("admin:{}_{}_change".format(*info), args=[object_id]),
            "history": reverse("admin:{}_{}_history".format(*info), args=[object_id]),
        }
    except NoReverseMatch:
        return {}


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
