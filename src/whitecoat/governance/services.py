"""Writes for governance: the registry and its import, attestations, audit decisions and
their actions, freezes, and account requests.

Each workflow has one allowed-moves table (enums.py) and one place that checks it and
records who, when, from, to and why: `registry_status_set` (an entry's status),
`_action_move` (audit actions, through `recommendation_decide` and `action_transition`) and
`_request_move` (account requests, through `account_request_submit` and
`account_request_transition`). Every change to an entry is a `RegistryEvent`.

The registry import (docs/governance.md says the same for admins): a file with any row in
error imports nothing; the writes run in one transaction; rows whose values are already
there are "unchanged" and not written, so importing the same file twice changes nothing,
and importing an updated file updates the entries in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.governance.enums import (
    ACTION_MOVES,
    IMPORT_MOVES,
    REQUEST_MOVES,
    STATUS_MOVES,
    AccountRequestState,
    ActionKind,
    ActionState,
    EventKind,
    ImportState,
    RegistryStatus,
)
from whitecoat.governance.models import (
    AccountAction,
    AccountFreeze,
    AccountRequest,
    AccountRequestChange,
    ActionChange,
    Attestation,
    GovernanceSettings,
    RegisteredAccount,
    RegistryEvent,
    RegistryImport,
)
from whitecoat.governance.notifications import notify
from whitecoat.governance.registry_file import FileError, registry_file_parse
from whitecoat.governance.selectors import (
    PlanRow,
    attestation_policy_version,
    freeze_applying,
    registry_import_plan,
)
from whitecoat.imports.parsers.values import normalise_handle
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Department, Entity, Person
from whitecoat.organizations.roles import user_is_admin
from whitecoat.training.models import Policy

MAX_FILE_BYTES = 5 * 1024 * 1024
STATUS_LABELS = dict(RegistryStatus.choices)
ACCOUNT_FIELDS = ["unit_department", "unit_entity", "opened_on", "profile_url", "updated_at"]


def _require_admin(user: Any, what: str = "do this") -> None:
    if not user_is_admin(user):
        raise WhiteCoatError(f"Only program admins can {what}.", code="forbidden")


def _admin_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=Role.PROGRAM_ADMIN)
    return sorted({u.email for u in users if u.email})


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _event(
    entry: RegisteredAccount,
    kind: str,
    *,
    by: Any,
    changes: dict[str, tuple[str, str]] | None = None,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    batch: RegistryImport | None = None,
    at: dt.datetime | None = None,
) -> RegistryEvent:
    return RegistryEvent.objects.create(
        entry=entry,
        kind=kind,
        changes={label: list(pair) for label, pair in (changes or {}).items()},
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
        by=by if by is not None and by.is_authenticated else None,
        batch=batch,
    )


def _check_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise WhiteCoatError(f"“{url}” is not a web address.", code="bad_url") from None
    return url


# ------------------------------------------------------------------------------ registry


@dataclass(frozen=True)
class RegistryInput:
    """What an admin types for a registry entry (the form and the API)."""

    platform: str
    handle: str
    unit_department: Department | None = None
    unit_entity: Entity | None = None
    owner: Person | None = None
    backup_owner: Person | None = None
    purpose: str = ""
    opened_on: dt.date | None = None
    profile_url: str = ""
    status: str = RegistryStatus.ACTIVE


def _check_input(data: RegistryInput) -> None:
    if data.platform not in Platform.values:
        raise WhiteCoatError("Choose the platform.", code="bad_platform")
    handle = data.handle.strip()
    if not handle or " " in handle:
        raise WhiteCoatError("Give the account's handle, without spaces.", code="bad_handle")
    if (data.unit_department is None) == (data.unit_entity is None):
        raise WhiteCoatError(
            "Choose the unit that owns the account: a department or an entity, not both.",
            code="bad_unit",
        )
    if data.owner is not None and data.owner == data.backup_owner:
        raise WhiteCoatError("The backup owner must be someone else.", code="bad_backup")
    if data.status not in RegistryStatus.values:
        raise WhiteCoatError("Choose a status.", code="bad_status")
    if data.opened_on is not None and data.opened_on > timezone.localdate():
        raise WhiteCoatError("The creation date is in the future.", code="bad_date")


def _find_account(
    platform: str, handle: str, *, exclude: int | None = None
) -> SocialAccount | None:
    """The account with this handle on the platform, '@' or not, any case."""
    bare = normalise_handle(handle)
    accounts = SocialAccount.objects.filter(
        Q(handle__iexact=bare) | Q(handle__iexact=f"@{bare}"), platform=platform
    )
    if exclude is not None:
        accounts = accounts.exclude(pk=exclude)
    return accounts.select_related("ambassador__person").order_by("id").first()


@transaction.atomic
def registry_create(
    *, by: Any, data: RegistryInput, request: AccountRequest | None = None
) -> RegisteredAccount:
    """Add an institutional account to the registry: an account WhiteCoat already knows
    (connected or imported) is reused, so its snapshots keep the entry current."""
    _require_admin(by, "edit the registry")
    _check_input(data)
    url = _check_url(data.profile_url)
    account = _find_account(data.platform, data.handle)
    if account is not None and account.ambassador_id is not None:
        raise WhiteCoatError(
            f"{account} is {account.ambassador.person.full_name}'s account, "  # type: ignore[union-attr]
            "not an institutional one.",
            code="not_institutional",
        )
    if account is not None and RegisteredAccount.objects.filter(account=account).exists():
        raise WhiteCoatError(f"{account} is in the registry already.", code="duplicate")
    if account is None:
        account = SocialAccount.objects.create(
            platform=data.platform,
            handle=data.handle.strip(),
            profile_url=url,
            opened_on=data.opened_on,
            unit_department=data.unit_department,
            unit_entity=data.unit_entity,
        )
    else:
        account.unit_department = data.unit_department
        account.unit_entity = data.unit_entity
        account.opened_on = data.opened_on or account.opened_on
        account.profile_url = url or account.profile_url
        account.save(
            update_fields=[
                "unit_department",
                "unit_entity",
                "opened_on",
                "profile_url",
                "updated_at",
            ]
        )
    entry = RegisteredAccount.objects.create(
        account=account,
        owner=data.owner,
        backup_owner=data.backup_owner,
        purpose=data.purpose.strip(),
        status=data.status,
        request=request,
    )
    _event(
        entry,
        EventKind.CREATED,
        by=by,
        to_status=data.status,
        changes={
            label: ("—", _text(value))
            for label, value in (
                ("Unit", account.unit_department or account.unit_entity),
                ("Owner", data.owner),
                ("Backup owner", data.backup_owner),
                ("Purpose", data.purpose.strip()),
                ("Created", account.opened_on),
            )
            if value
        },
        reason=f"From the request of {request.created_at:%d %b %Y}." if request else "",
    )
    return entry


@transaction.atomic
def registry_update(
    *, entry: RegisteredAccount, by: Any, data: RegistryInput, reason: str = ""
) -> RegistryEvent | None:
    """Edit an entry (not its status: `registry_status_set`); None when nothing changed."""
    _require_admin(by, "edit the registry")
    data = dataclasses.replace(data, platform=entry.account.platform)
    _check_input(data)
    url = _check_url(data.profile_url)
    entry = (
        RegisteredAccount.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=entry.pk)
    )
    account = entry.account
    handle = data.handle.strip()
    if normalise_handle(handle) != normalise_handle(account.handle) or handle != account.handle:
        other = _find_account(account.platform, handle, exclude=account.pk)
        if other is not None:
            raise WhiteCoatError(f"{other} exists already.", code="duplicate")
    changes: dict[str, tuple[str, str]] = {}
    fields = {
        "Handle": (account.handle, handle),
        "Unit": (
            account.unit_department or account.unit_entity,
            data.unit_department or data.unit_entity,
        ),
        "Created": (account.opened_on, data.opened_on),
        "Profile URL": (account.profile_url, url),
        "Owner": (entry.owner, data.owner),
        "Backup owner": (entry.backup_owner, data.backup_owner),
        "Purpose": (entry.purpose, data.purpose.strip()),
    }
    for label, (before, after) in fields.items():
        if (before or None) != (after or None):
            changes[label] = (_text(before), _text(after))
    if not changes:
        return None
    account.handle = handle
    account.unit_department = data.unit_department
    account.unit_entity = data.unit_entity
    account.opened_on = data.opened_on
    account.profile_url = url
    account.save(
        update_fields=[
            "handle",
            "unit_department",
            "unit_entity",
            "opened_on",
            "profile_url",
            "updated_at",
        ]
    )
    entry.owner = data.owner
    entry.backup_owner = data.backup_owner
    entry.purpose = data.purpose.strip()
    entry.save(update_fields=["owner", "backup_owner", "purpose", "updated_at"])
    return _event(entry, EventKind.UPDATED, by=by, changes=changes, reason=reason.strip())


@transaction.atomic
def registry_status_set(
    *, entry: RegisteredAccount, to_status: str, by: Any, reason: str
) -> RegistryEvent:
    """Change an entry's status (the one place that does): with a reason, recorded."""
    _require_admin(by, "change an account's status")
    entry = RegisteredAccount.objects.select_for_update().get(pk=entry.pk)
    if to_status not in RegistryStatus.values:
        raise WhiteCoatError(f"“{to_status}” is not a status.", code="bad_status")
    if to_status not in STATUS_MOVES[entry.status]:
        raise WhiteCoatError(
            f"The account is {STATUS_LABELS[entry.status].lower()} already.", code="same_status"
        )
    if not reason.strip():
        raise WhiteCoatError("Say why the status changes.", code="no_reason")
    before = entry.status
    entry.status = to_status
    entry.save(update_fields=["status", "updated_at"])
    return _event(
        entry,
        EventKind.STATUS,
        by=by,
        from_status=before,
        to_status=to_status,
        reason=reason.strip(),
    )


# --------------------------------------------------------------------------- attestation


def attestation_policy_set(*, by: Any, policy: Policy | None) -> GovernanceSettings:
    _require_admin(by, "choose the attestation policy")
    row = GovernanceSettings.current()
    row.attestation_policy = policy
    row.save(update_fields=["attestation_policy"])
    return row


@transaction.atomic
def attestation_confirm(*, entry: RegisteredAccount, by: Any, note: str = "") -> Attestation:
    """The owner (or backup owner) confirms the account for the year, under the current
    version of the policy."""
    entry = RegisteredAccount.objects.select_for_update().get(pk=entry.pk)
    person = getattr(by, "person", None) if by is not None and by.is_authenticated else None
    if person is None or person.pk not in {entry.owner_id, entry.backup_owner_id}:
        raise WhiteCoatError(
            "Only the account's owner or backup owner can confirm it.", code="forbidden"
        )
    if entry.status == RegistryStatus.ARCHIVED:
        raise WhiteCoatError("This account is archived: nothing to confirm.", code="archived")
    version = attestation_policy_version()
    label = f"{version.policy.title} ({version.label})" if version else ""
    attestation = Attestation.objects.create(
        entry=entry,
        person=person,
        confirmed_by=by,
        confirmed_at=timezone.now(),
        policy_version=version,
        policy_label=label,
        note=note.strip(),
    )
    _event(
        entry,
        EventKind.ATTESTED,
        by=by,
        reason=f"Confirmed by {person.full_name}" + (f" under {label}" if label else "") + ".",
    )
    return attestation


# ---------------------------------------------------------------------- audit actions


def _check_action_move(current: str, to_state: str, kind: str) -> None:
    if to_state not in ActionState.values:
        raise WhiteCoatError(f"“{to_state}” is not an action state.", code="unknown_state")
    if to_state not in ACTION_MOVES[current]:
        labels = dict(ActionState.choices)
        raise WhiteCoatError(
            f"This action is {labels.get(current, 'new').lower()} and cannot become "
            f"{labels[to_state].lower()}.",
            code="illegal_transition",
        )
    # Accepting "keep" asks for nothing, so it is done at once; anything else opens.
    if current == "" and (to_state == ActionState.DONE) != (kind == ActionKind.KEEP):
        raise WhiteCoatError(
            "Accepting keep closes it at once; accepting anything else opens an action.",
            code="illegal_transition",
        )


def _action_move(action: AccountAction, to_state: str, *, by: Any, note: str) -> ActionChange:
    """The one transition of audit actions: check the move, save, record, apply."""
    current = "" if action.pk is None else action.state
    _check_action_move(current, to_state, action.kind)
    if to_state == ActionState.CANCELLED and not note.strip():
        raise WhiteCoatError("Say why the action is cancelled.", code="no_reason")
    action.state = to_state
    if action.pk is None:
        action.decided_by = by
        try:
            with transaction.atomic():
                action.save()
        except IntegrityError:
            raise WhiteCoatError(
                "This account has an open action already: finish or cancel it first.",
                code="open_action",
            ) from None
    else:
        action.save(update_fields=["state", "updated_at"])
    change = ActionChange.objects.create(
        action=action,
        from_state=current,
        to_state=to_state,
        changed_at=timezone.now(),
        changed_by=by,
        note=note.strip(),
    )
    target = ""
    if action.kind == ActionKind.MERGE and action.merge_into is not None:
        target = f" into {action.merge_into}"
    elif action.kind == ActionKind.HAND_OVER and action.hand_over_to is not None:
        target = f" to {action.hand_over_to.full_name}"
    verb = {
        ActionState.OPEN: "Accepted",
        ActionState.REJECTED: "Rejected",
        ActionState.DONE: "Accepted" if current == "" else "Done",
        ActionState.CANCELLED: "Cancelled",
    }[ActionState(to_state)]
    reason = f"{verb}: {action.get_kind_display().lower()}{target}."
    if current == "" and action.reason:
        reason += f" Audit: {action.reason}"
    if note.strip():
        reason += f" Note: {note.strip()}"
    _event(action.entry, EventKind.ACTION, by=by, reason=reason)
    if to_state == ActionState.DONE and current != "":
        _apply_action(action, by=by, note=note)
    return change


def _apply_action(action: AccountAction, *, by: Any, note: str) -> None:
    """What completing an action does to the registry."""
    entry = RegisteredAccount.objects.select_for_update().get(pk=action.entry_id)
    why = f"Audit action done: {action.get_kind_display().lower()}"
    if action.kind == ActionKind.ARCHIVE and entry.status != RegistryStatus.ARCHIVED:
        registry_status_set(
            entry=entry, to_status=RegistryStatus.ARCHIVED, by=by, reason=f"{why}. {note}".strip()
        )
    elif action.kind == ActionKind.MERGE and entry.status != RegistryStatus.ARCHIVED:
        registry_status_set(
            entry=entry,
            to_status=RegistryStatus.ARCHIVED,
            by=by,
            reason=f"{why} into {action.merge_into}. {note}".strip(),
        )
    elif action.kind == ActionKind.HAND_OVER and action.hand_over_to_id is not None:
        before = entry.owner
        entry.owner = action.hand_over_to
        fields = ["owner", "updated_at"]
        changes = {"Owner": (_text(before), _text(action.hand_over_to))}
        if entry.backup_owner_id == action.hand_over_to_id:
            changes["Backup owner"] = (_text(entry.backup_owner), "—")
            entry.backup_owner = None
            fields.append("backup_owner")
        entry.save(update_fields=fields)
        _event(entry, EventKind.UPDATED, by=by, changes=changes, reason=f"{why}.")


@transaction.atomic
def recommendation_decide(
    *,
    entry: RegisteredAccount,
    by: Any,
    kind: str,
    accept: bool,
    reason: str,
    merge_into: RegisteredAccount | None = None,
    hand_over_to: Person | None = None,
    periods: str = "",
    note: str = "",
) -> AccountAction:
    """An admin accepts or rejects the audit's recommendation for an account. Accepting
    opens a tracked action (keep is done at once); rejecting records the decision."""
    _require_admin(by, "decide on the audit's recommendations")
    if kind not in ActionKind.values:
        raise WhiteCoatError(f"“{kind}” is not a recommendation.", code="bad_kind")
    entry = (
        RegisteredAccount.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=entry.pk)
    )
    if accept:
        if entry.status == RegistryStatus.ARCHIVED:
            raise WhiteCoatError("This account is archived already.", code="archived")
        if kind == ActionKind.MERGE:
            if merge_into is None or merge_into.pk == entry.pk:
                raise WhiteCoatError("Choose the account to merge it into.", code="no_target")
            if merge_into.status == RegistryStatus.ARCHIVED:
                raise WhiteCoatError(
                    f"{merge_into} is archived: choose another account.", code="no_target"
                )
        if kind == ActionKind.HAND_OVER:
            if hand_over_to is None:
                raise WhiteCoatError("Choose who takes the account over.", code="no_target")
            if hand_over_to.pk == entry.owner_id:
                raise WhiteCoatError(f"{hand_over_to.full_name} owns it already.", code="no_target")
    action = AccountAction(
        entry=entry,
        kind=kind,
        merge_into=merge_into if kind == ActionKind.MERGE else None,
        hand_over_to=hand_over_to if kind == ActionKind.HAND_OVER else None,
        reason=reason.strip(),
        periods=periods[:200],
    )
    if not accept:
        to_state = ActionState.REJECTED
    elif kind == ActionKind.KEEP:
        to_state = ActionState.DONE
    else:
        to_state = ActionState.OPEN
    _action_move(action, to_state, by=by, note=note)
    return action


@transaction.atomic
def action_transition(
    *, action: AccountAction, to_state: str, by: Any, note: str = ""
) -> ActionChange:
    """Mark an open action done (which changes the registry) or cancel it (with a why)."""
    _require_admin(by, "move the audit's actions")
    action = (
        AccountAction.objects.select_for_update(of=("self",))
        .select_related("entry__account", "merge_into__account", "hand_over_to")
        .get(pk=action.pk)
    )
    return _action_move(action, to_state, by=by, note=note)


# ------------------------------------------------------------------------------ freezes


@transaction.atomic
def freeze_create(
    *,
    by: Any,
    entity: Entity,
    message: str,
    effective_on: dt.date,
    platform: str = "",
    include_children: bool = True,
) -> AccountFreeze:
    """Stop new unit accounts of an entity (and below it), on a platform or all of them."""
    _require_admin(by, "freeze new accounts")
    if platform and platform not in Platform.values:
        raise WhiteCoatError("Choose a platform, or every platform.", code="bad_platform")
    if not message.strip():
        raise WhiteCoatError(
            "Write the message requesters will read: why, and what to do instead.",
            code="no_message",
        )
    return AccountFreeze.objects.create(
        entity=entity,
        include_children=include_children,
        platform=platform,
        message=message.strip(),
        effective_on=effective_on,
        created_by=by,
    )


@transaction.atomic
def freeze_end(
    *, freeze: AccountFreeze, by: Any, reason: str, ended_on: dt.date | None = None
) -> AccountFreeze:
    """End a freeze: from `ended_on` (today unless said) it no longer answers requests."""
    _require_admin(by, "end a freeze")
    freeze = AccountFreeze.objects.select_for_update().get(pk=freeze.pk)
    today = timezone.localdate()
    ended_on = ended_on or today
    if freeze.ended_on is not None and freeze.ended_on <= today:
        raise WhiteCoatError("This freeze has ended already.", code="ended")
    if not reason.strip():
        raise WhiteCoatError("Say why the freeze ends.", code="no_reason")
    if ended_on < freeze.effective_on:
        ended_on = freeze.effective_on  # a freeze ended before it began never applied
    freeze.ended_on = ended_on
    freeze.ended_by = by
    freeze.ended_at = timezone.now()
    freeze.end_reason = reason.strip()
    freeze.save(update_fields=["ended_on", "ended_by", "ended_at", "end_reason", "updated_at"])
    return freeze


# ----------------------------------------------------------------------------- requests


def _request_move(
    request: AccountRequest, to_state: str, *, by: Any, reason: str = ""
) -> AccountRequestChange:
    """The one transition of account requests: check the move and who may make it, save,
    record who/when/from/to/why, and e-mail the requester the decision."""
    current = "" if request.pk is None else request.state
    if to_state not in AccountRequestState.values:
        raise WhiteCoatError(f"“{to_state}” is not a request state.", code="unknown_state")
    if to_state not in REQUEST_MOVES[current]:
        labels = dict(AccountRequestState.choices)
        raise WhiteCoatError(
            f"This request is “{labels.get(current, 'new')}” and cannot become "
            f"“{labels[to_state]}”.",
            code="illegal_transition",
        )
    if current and to_state == AccountRequestState.WITHDRAWN:
        if by.pk != request.requested_by_id and not user_is_admin(by):
            raise WhiteCoatError("Only the requester can withdraw it.", code="forbidden")
    elif current:
        _require_admin(by, "decide on account requests")
    if (
        to_state in {AccountRequestState.EXCEPTION, AccountRequestState.DECLINED}
        and not reason.strip()
    ):
        raise WhiteCoatError(
            "Give the reason: the requester reads it, and it is kept with the decision.",
            code="no_reason",
        )
    now = timezone.now()
    request.state = to_state
    if current:
        request.answer = reason.strip() or request.answer
        request.decided_by = by
        request.decided_at = now
        request.save(update_fields=["state", "answer", "decided_by", "decided_at", "updated_at"])
    else:
        request.save()
    change = AccountRequestChange.objects.create(
        request=request,
        from_state=current,
        to_state=to_state,
        changed_at=now,
        changed_by=by,
        reason=reason.strip(),
    )
    requester = request.requested_by
    template = "request_answered" if current == "" else "request_decided"
    label = AccountRequestState(to_state).label
    subject = f"Your request for a new {request.get_platform_display()} account: {label.lower()}"
    transaction.on_commit(
        lambda: notify(
            to=[requester.email],
            subject=subject,
            template=template,
            context={"request": request, "change": change},
        )
    )
    if to_state == AccountRequestState.SUBMITTED:
        transaction.on_commit(
            lambda: notify(
                to=_admin_emails(),
                subject=f"New account request: {request}",
                template="request_for_admins",
                context={"request": request},
            )
        )
    return change


@transaction.atomic
def account_request_submit(
    *,
    by: Any,
    platform: str,
    purpose: str,
    unit_department: Department | None = None,
    unit_entity: Entity | None = None,
    proposed_handle: str = "",
    owner_name: str = "",
    owner_email: str = "",
) -> AccountRequest:
    """Anyone signed in asks for a new unit account. A freeze in force for the unit and
    platform answers at once (declined, with its message and the alternatives); otherwise
    the request waits for an admin."""
    if by is None or not by.is_authenticated:
        raise WhiteCoatError("Sign in to request an account.", code="forbidden")
    if platform not in Platform.values:
        raise WhiteCoatError("Choose the platform.", code="bad_platform")
    if (unit_department is None) == (unit_entity is None):
        raise WhiteCoatError(
            "Choose the department, or the entity, the account would belong to.",
            code="bad_unit",
        )
    if not purpose.strip():
        raise WhiteCoatError(
            "Say what the account is for and who it would reach.", code="no_purpose"
        )
    owner_name = owner_name.strip() or by.get_full_name() or by.get_username()
    owner_email = owner_email.strip() or by.email
    try:
        EmailValidator()(owner_email)
    except ValidationError:
        raise WhiteCoatError(
            "Give the e-mail address of the person who would own the account.",
            code="bad_email",
        ) from None
    entity_id = unit_department.entity_id if unit_department is not None else unit_entity.pk  # type: ignore[union-attr]
    freeze = freeze_applying(entity_id=entity_id, platform=platform, on=timezone.localdate())
    request = AccountRequest(
        requested_by=by,
        unit_department=unit_department,
        unit_entity=unit_entity,
        platform=platform,
        proposed_handle=proposed_handle.strip(),
        purpose=purpose.strip(),
        owner_name=owner_name,
        owner_email=owner_email,
        freeze=freeze,
        answer=freeze.message if freeze is not None else "",
    )
    if freeze is not None:
        reason = f"Answered by the freeze on new accounts of {freeze.entity}: {freeze.message}"
        _request_move(request, AccountRequestState.FROZEN, by=by, reason=reason)
    else:
        _request_move(request, AccountRequestState.SUBMITTED, by=by)
    return request


@transaction.atomic
def account_request_transition(
    *, request: AccountRequest, to_state: str, by: Any, reason: str = ""
) -> AccountRequestChange:
    """Admins approve or decline a waiting request, or grant an exception to the freeze
    (with a reason); the requester may withdraw."""
    request = (
        AccountRequest.objects.select_for_update(of=("self",))
        .select_related("requested_by", "unit_department", "unit_entity", "freeze")
        .get(pk=request.pk)
    )
    return _request_move(request, to_state, by=by, reason=reason)


# ------------------------------------------------------------------------------- import


def _require_import_move(record: RegistryImport, to_state: str) -> None:
    if to_state not in IMPORT_MOVES[record.state]:
        message = {
            ImportState.COMMITTED: "This file has been imported already.",
            ImportState.DISCARDED: "This upload was discarded.",
        }.get(ImportState(record.state), "This upload cannot change now.")
        raise WhiteCoatError(message, code="state")


def registry_import_upload(*, by: Any, file_name: str, data: bytes) -> RegistryImport:
    """Keep an uploaded registry file for its preview."""
    _require_admin(by, "import the registry")
    if not data:
        raise WhiteCoatError("The file is empty.", code="invalid")
    if len(data) > MAX_FILE_BYTES:
        raise WhiteCoatError(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.", code="invalid"
        )
    try:
        parsed = registry_file_parse(data, file_name)
    except FileError as error:
        raise WhiteCoatError(str(error), code="unreadable") from None
    return RegistryImport.objects.create(
        file_name=file_name[-255:] or "upload",
        file_hash=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        content=data,
        uploaded_by=by,
        rows_read=parsed.rows_read,
    )


def _apply_row(row: PlanRow, *, by: Any, batch: RegistryImport, at: dt.datetime) -> None:
    values = row.values
    account = row.account
    if account is None:
        account = SocialAccount.objects.create(
            platform=values.platform,
            handle=values.handle,
            profile_url=values.profile_url,
            opened_on=values.opened_on,
            unit_department=values.department,
            unit_entity=values.entity,
        )
    else:
        account.unit_department = values.department
        account.unit_entity = values.entity
        if "opened_on" in values.given:
            account.opened_on = values.opened_on
        if "profile_url" in values.given:
            account.profile_url = values.profile_url
        account.save(
            update_fields=[
                "unit_department",
                "unit_entity",
                "opened_on",
                "profile_url",
                "updated_at",
            ]
        )
    entry = row.entry
    before_status = entry.status if entry is not None else ""
    if entry is None:
        entry = RegisteredAccount(account=account, status=values.status or RegistryStatus.ACTIVE)
    elif values.status:
        entry.status = values.status
    if "owner" in values.given:
        entry.owner = values.owner
    if "backup_owner" in values.given:
        entry.backup_owner = values.backup_owner
    if "purpose" in values.given:
        entry.purpose = values.purpose
    entry.save()
    _event(
        entry,
        EventKind.IMPORTED,
        by=by,
        changes=row.changes,
        from_status=before_status if before_status != entry.status else "",
        to_status=entry.status if before_status != entry.status else "",
        reason=f"Row {row.row} of {batch.file_name}.",
        batch=batch,
        at=at,
    )


def registry_import_commit(*, record: RegistryImport, by: Any) -> RegistryImport:
    """Import the file: all of it or nothing, and only what changed."""
    _require_admin(by, "import the registry")
    with transaction.atomic():
        record = RegistryImport.objects.select_for_update().get(pk=record.pk)
        _require_import_move(record, ImportState.COMMITTED)
        plan = registry_import_plan(record=record)
        if plan.file_error:
            raise WhiteCoatError(plan.file_error, code="unreadable")
        if plan.errors:
            raise WhiteCoatError(
                f"{len(plan.errors)} problem(s) in the file: correct them and upload it again. "
                "Nothing was imported.",
                code="row_errors",
            )
        now = timezone.now()
        for row in plan.rows:
            if row.action != "unchanged":
                _apply_row(row, by=by, batch=record, at=now)
        record.state = ImportState.COMMITTED
        record.committed_at = now
        record.committed_by = by
        record.rows_read = plan.rows_read
        record.created = plan.count("create")
        record.updated = plan.count("update")
        record.unchanged = plan.count("unchanged")
        record.save()
    return record


def registry_import_discard(*, record: RegistryImport, by: Any) -> RegistryImport:
    _require_admin(by, "import the registry")
    with transaction.atomic():
        record = RegistryImport.objects.select_for_update().get(pk=record.pk)
        _require_import_move(record, ImportState.DISCARDED)
        record.state = ImportState.DISCARDED
        record.content = b""
        record.save(update_fields=["state", "content", "updated_at"])
    return record
