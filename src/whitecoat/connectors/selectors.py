"""Reads for the connection pages and the API: apps, connection states, runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from whitecoat.connectors.models import PlatformApp, SyncRun
from whitecoat.connectors.registry import CONNECTORS
from whitecoat.connectors.services import account_may_connect, organization_of
from whitecoat.metrics.enums import AccountUse, ConnectionState
from whitecoat.metrics.models import SocialAccount
from whitecoat.metrics.selectors import account_list
from whitecoat.organizations.models import Entity
from whitecoat.organizations.roles import user_is_admin


@dataclass(frozen=True)
class PlatformStatus:
    platform: str
    label: str
    public: bool
    app: PlatformApp | None
    connected: int
    expired: int
    revoked: int
    not_given: tuple[str, ...]

    @property
    def configured(self) -> bool:
        return self.public or (
            self.app is not None and bool(self.app.client_id) and self.app.enabled
        )


def organizations() -> QuerySet[Entity]:
    return Entity.objects.filter(parent__isnull=True).order_by("name")


def platform_statuses(*, organization: Entity | None) -> list[PlatformStatus]:
    apps = (
        {a.platform: a for a in PlatformApp.objects.filter(organization=organization)}
        if organization
        else {}
    )
    counts = {
        row["platform"]: row
        for row in SocialAccount.objects.values("platform")
        .annotate(
            connected=Count("id", filter=Q(connection_state=ConnectionState.CONNECTED)),
            expired=Count("id", filter=Q(connection_state=ConnectionState.EXPIRED)),
            revoked=Count("id", filter=Q(connection_state=ConnectionState.REVOKED)),
        )
        .order_by()
    }
    return [
        PlatformStatus(
            platform=platform,
            label=cls.label,
            public=cls.public,
            app=apps.get(platform),
            connected=counts.get(platform, {}).get("connected", 0),
            expired=counts.get(platform, {}).get("expired", 0),
            revoked=counts.get(platform, {}).get("revoked", 0),
            not_given=cls.not_given,
        )
        for platform, cls in CONNECTORS.items()
    ]


def sync_run_list(*, user: Any) -> QuerySet[SyncRun]:
    """Admins see every run; others see the runs they started."""
    runs = SyncRun.objects.select_related("requested_by").order_by("-created_at", "-id")
    if not user_is_admin(user):
        runs = runs.filter(requested_by_id=user.pk)
    return runs


def sync_run_get(*, user: Any, run_id: int) -> SyncRun:
    run = sync_run_list(user=user).filter(pk=run_id).first()
    if run is None:
        raise Http404("No such sync run.")
    return run


def account_for_connecting(*, user: Any, account_id: int) -> SocialAccount:
    """An account the user may connect (404 for any other: no hint that it exists)."""
    account = (
        account_list(user=user)
        .select_related("connection", "ambassador__person__department__entity")
        .filter(pk=account_id)
        .first()
    )
    if account is None or not account_may_connect(user=user, account=account):
        raise Http404("No such account.")
    return account


def connect_context(*, account: SocialAccount) -> dict[str, Any]:
    cls = CONNECTORS.get(account.platform)
    organization = organization_of(account=account)
    app = (
        PlatformApp.objects.filter(organization=organization, platform=account.platform).first()
        if organization
        else None
    )
    return {
        "connector": cls,
        "app": app,
        "configured": cls is not None
        and (cls.public or (app is not None and app.enabled and bool(app.client_id))),
        "connection": getattr(account, "connection", None),
    }


def accounts_to_connect(*, user: Any, ambassador: Any) -> list[SocialAccount]:
    """The ambassador's accounts with their connection state, if the user may connect them."""
    if not (user_is_admin(user) or ambassador.person.user_id == user.pk):
        return []
    return list(
        SocialAccount.objects.filter(ambassador=ambassador)
        .select_related("ambassador__person")
        .order_by("platform", "handle")
    )


def institutional_accounts(
    *, platform: str = "", connection_state: str = "", search: str = ""
) -> QuerySet[SocialAccount]:
    """The institution's own professional accounts (a unit's, not an ambassador's), with
    their connection, for the admins' page that connects them."""
    accounts = (
        SocialAccount.objects.filter(ambassador__isnull=True, use=AccountUse.PROFESSIONAL)
        .select_related("connection", "unit_department__entity", "unit_entity")
        .order_by("platform", "handle", "id")
    )
    if platform:
        accounts = accounts.filter(platform=platform)
    if connection_state:
        accounts = accounts.filter(connection_state=connection_state)
    if search:
        accounts = accounts.filter(handle__icontains=search)
    return accounts
