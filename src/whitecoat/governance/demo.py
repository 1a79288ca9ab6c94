"""The governance part of the demo program, labelled demo like the rest of it.

`governance_demo_load` runs at the end of the demo load, once the plan's institutional
accounts and their figures exist: it registers every one of them (owners and backups taken
from the demo's people, one account without an owner, one whose owner has left), records
yearly confirmations (some overdue), three audit decisions (one open, one done, one kept),
a freeze on new accounts of the school and its departments, and two account requests from
the `requester` login (one answered by the freeze, one waiting). Records are written
directly, as the services would, so the load sends no e-mail.
`governance_demo_remove` deletes all of it (the demo removal calls it first).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from whitecoat.demo.plan import DemoPlan
from whitecoat.governance.enums import (
    AccountRequestState,
    ActionKind,
    ActionState,
    EventKind,
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
from whitecoat.governance.selectors import attestation_policy_version
from whitecoat.organizations.models import Department, Entity, Person

# The owner who has left: a login made for them, deactivated (WhiteCoat's sign of leaving).
DEPARTED_USERNAME = "demo_departed_owner"
DEPARTED_HANDLE = "@LakesidePsych"
NO_OWNER = {"LakesidePediatricsNews", "@lakeside_endo"}
NO_BACKUP = {"@lakeside_endo"}
UNDER_REVIEW = {"@lakeside_kidney"}
OPEN_ARCHIVE = "@LakesideUrology"
DONE_ARCHIVE = "LakesideGeriatrics"
KEPT = "@LakesideHealth"
FREEZE_ENTITY = "school"
FREEZE_MESSAGE = (
    "The School of Medicine is not opening new department, program or office accounts "
    "(demo policy). Audiences grow on people more than on pages: join the ambassador "
    "program with your own professional profile, or ask the social media team to share "
    "your news on the school's accounts."
)


@dataclass(frozen=True)
class GovernanceDemoSummary:
    registered: int
    attestations: int
    actions: int
    requests: int


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _owners(plan: DemoPlan, people: dict[int, Person]) -> dict[str, list[Person]]:
    """Who may own a unit's accounts, best first: administrators, then chairs, then anyone
    of the department; the social media team for entities (key "")."""
    ranked: dict[str, list[tuple[int, int, Person]]] = defaultdict(list)
    for spec in plan.people:
        person = people[spec.key]
        if spec.department_key is None:
            if spec.title.startswith("Social Media"):
                ranked[""].append((0 if "Manager" in spec.title else 1, spec.key, person))
            continue
        if spec.title.startswith("Department Administrator"):
            rank = 0
        elif spec.title.startswith(("Chair", "Dean")):
            rank = 1
        else:
            rank = 2
        ranked[spec.department_key].append((rank, spec.key, person))
    return {
        key: [p for _, _, p in sorted(rows, key=lambda r: r[:2])] for key, rows in ranked.items()
    }


def governance_demo_load(
    *,
    plan: DemoPlan,
    accounts: dict[int, int],
    people: dict[int, Person],
    users: dict[str, Any],
) -> GovernanceDemoSummary:
    """Register the demo's institutional accounts and add governance's demo records."""
    rng = random.Random(plan.seed * 6151 + 29)
    today = plan.today
    admin, requester = users.get("admin"), users.get("requester")
    owners = _owners(plan, people)
    team = owners.get("", [])
    departments = {d.name: d for d in Department.objects.all()}
    entities = {e.name: e for e in Entity.objects.all()}
    department_names = {d.key: d.name for d in plan.departments}
    entity_names = {e.key: e.name for e in plan.entities}

    entries: list[RegisteredAccount] = []
    handles: list[str] = []
    for spec in plan.accounts:
        if spec.ambassador_key is not None:
            continue
        unit_key = spec.unit_department_key or ""
        candidates = owners.get(unit_key, []) if unit_key else team
        owner = candidates[0] if candidates else None
        backup = next((p for p in [*candidates[1:], *team] if p != owner), None)
        if spec.handle in NO_OWNER:
            owner = None
        if spec.handle in NO_BACKUP:
            backup = None
        if unit_key:
            unit = department_names[unit_key]
        else:
            unit = entity_names.get(spec.unit_entity_key or "", "the institution")
        status = (
            RegistryStatus.UNDER_REVIEW if spec.handle in UNDER_REVIEW else RegistryStatus.ACTIVE
        )
        entries.append(
            RegisteredAccount(
                account_id=accounts[spec.key],
                owner=owner,
                backup_owner=backup,
                purpose=f"Demo purpose: news, events and patient education of {unit}.",
                status=status,
            )
        )
        handles.append(spec.handle)
    entries = RegisteredAccount.objects.bulk_create(entries)
    by_handle = dict(zip(handles, entries, strict=True))

    events = [
        RegistryEvent(
            entry=entry,
            kind=EventKind.CREATED,
            to_status=RegistryStatus.ACTIVE,
            reason="Added with the demo registry.",
            at=_at(today - dt.timedelta(days=420 + rng.randint(0, 30))),
            by=admin,
        )
        for entry in entries
    ]

    departed = by_handle.get(DEPARTED_HANDLE)
    if departed is not None and departed.owner is not None and departed.owner.user_id is None:
        User = get_user_model()
        if not User.objects.filter(username=DEPARTED_USERNAME).exists():
            user = User(username=DEPARTED_USERNAME, email=departed.owner.email, is_active=False)
            user.set_unusable_password()
            user.save()
            departed.owner.user = user
            departed.owner.save(update_fields=["user", "updated_at"])

    version = attestation_policy_version()
    label = f"{version.policy.title} ({version.label})" if version else ""
    attestations = []
    for handle, entry in by_handle.items():
        if entry.owner is None or handle == DEPARTED_HANDLE:
            continue
        # Most confirmed within the year; about a third are overdue.
        when = _at(today - dt.timedelta(days=rng.randint(15, 560)), 11)
        attestations.append(
            Attestation(
                entry=entry,
                person=entry.owner,
                confirmed_at=when,
                policy_version=version,
                policy_label=label,
            )
        )
        events.append(
            RegistryEvent(
                entry=entry,
                kind=EventKind.ATTESTED,
                reason=f"Confirmed by {entry.owner.full_name}"
                + (f" under {label}" if label else "")
                + ".",
                at=when,
            )
        )
    Attestation.objects.bulk_create(attestations)

    actions = _actions(by_handle, admin, today, events)
    RegistryEvent.objects.bulk_create(events)
    requests = _freeze_and_requests(plan, departments, entities, admin, requester, today)
    return GovernanceDemoSummary(len(entries), len(attestations), actions, requests)


def _action(
    entry: RegisteredAccount,
    kind: str,
    reason: str,
    moves: list[tuple[str, str, dt.datetime, str]],
    admin: Any,
    events: list[RegistryEvent],
) -> None:
    action = AccountAction.objects.create(
        entry=entry,
        kind=kind,
        reason=reason,
        state=moves[-1][1],
        periods="the demo audit",
        decided_by=admin,
    )
    for before, after, when, note in moves:
        ActionChange.objects.create(
            action=action,
            from_state=before,
            to_state=after,
            changed_at=when,
            changed_by=admin,
            note=note,
        )
        verb = "Accepted" if before == "" else "Done"
        events.append(
            RegistryEvent(
                entry=entry,
                kind=EventKind.ACTION,
                reason=f"{verb}: {action.get_kind_display().lower()}. Audit: {reason}",
                at=when,
                by=admin,
            )
        )


def _actions(
    by_handle: dict[str, RegisteredAccount], admin: Any, today: dt.date, events: list[Any]
) -> int:
    count = 0
    entry = by_handle.get(OPEN_ARCHIVE)
    if entry is not None:
        when = _at(today - dt.timedelta(days=12), 14)
        _action(
            entry,
            ActionKind.ARCHIVE,
            "No post in over 150 days: dormant (demo).",
            [("", ActionState.OPEN, when, "Asking the department before closing it.")],
            admin,
            events,
        )
        count += 1
    entry = by_handle.get(DONE_ARCHIVE)
    if entry is not None:
        accepted = _at(today - dt.timedelta(days=60), 9)
        done = _at(today - dt.timedelta(days=45), 16)
        _action(
            entry,
            ActionKind.ARCHIVE,
            "No post in over 150 days: dormant (demo).",
            [
                ("", ActionState.OPEN, accepted, ""),
                (
                    ActionState.OPEN,
                    ActionState.DONE,
                    done,
                    "Page unpublished; followers pointed to the main page.",
                ),
            ],
            admin,
            events,
        )
        entry.status = RegistryStatus.ARCHIVED
        entry.save(update_fields=["status", "updated_at"])
        events.append(
            RegistryEvent(
                entry=entry,
                kind=EventKind.STATUS,
                from_status=RegistryStatus.ACTIVE,
                to_status=RegistryStatus.ARCHIVED,
                reason="Audit action done: archive.",
                at=done,
                by=admin,
            )
        )
        count += 1
    entry = by_handle.get(KEPT)
    if entry is not None:
        when = _at(today - dt.timedelta(days=30), 15)
        _action(
            entry,
            ActionKind.KEEP,
            "Posting, owned and not overlapping: nothing to change.",
            [("", ActionState.DONE, when, "")],
            admin,
            events,
        )
        count += 1
    return count


def _freeze_and_requests(
    plan: DemoPlan,
    departments: dict[str, Department],
    entities: dict[str, Entity],
    admin: Any,
    requester: Any,
    today: dt.date,
) -> int:
    school_name = next((e.name for e in plan.entities if e.key == FREEZE_ENTITY), None)
    school = entities.get(school_name or "")
    if school is None or admin is None:
        return 0
    freeze = AccountFreeze.objects.create(
        entity=school,
        include_children=True,
        message=FREEZE_MESSAGE,
        effective_on=today - dt.timedelta(days=300),
        created_by=admin,
    )
    if requester is None:
        return 0
    genetics = departments.get("Genetics and Genomic Sciences")
    oncology = departments.get("Oncology")
    made = 0
    if genetics is not None:
        asked = _at(today - dt.timedelta(days=20), 9)
        frozen = AccountRequest.objects.create(
            requested_by=requester,
            unit_department=genetics,
            platform="instagram",
            proposed_handle="@lsom_genomics_lab",
            purpose="Share our lab's papers and recruit study participants (demo request).",
            owner_name=requester.get_full_name() or requester.username,
            owner_email=requester.email,
            state=AccountRequestState.FROZEN,
            freeze=freeze,
            answer=freeze.message,
        )
        AccountRequestChange.objects.create(
            request=frozen,
            from_state="",
            to_state=AccountRequestState.FROZEN,
            changed_at=asked,
            changed_by=requester,
            reason=f"Answered by the freeze on new accounts of {school}: {freeze.message}",
        )
        AccountRequest.objects.filter(pk=frozen.pk).update(created_at=asked)
        made += 1
    if oncology is not None:
        asked = _at(today - dt.timedelta(days=3), 16)
        waiting = AccountRequest.objects.create(
            requested_by=requester,
            unit_department=oncology,
            platform="x",
            proposed_handle="@LakesideCancerTrials",
            purpose="Announce open clinical trials to patients and referring doctors (demo).",
            owner_name=requester.get_full_name() or requester.username,
            owner_email=requester.email,
        )
        AccountRequestChange.objects.create(
            request=waiting,
            from_state="",
            to_state=AccountRequestState.SUBMITTED,
            changed_at=asked,
            changed_by=requester,
        )
        AccountRequest.objects.filter(pk=waiting.pk).update(created_at=asked)
        made += 1
    return made


def governance_demo_remove() -> None:
    """Everything governance holds (the demo removal then empties the program)."""
    AccountRequestChange.objects.all().delete()
    AccountRequest.objects.all().delete()
    AccountFreeze.objects.all().delete()
    AccountAction.objects.all().delete()
    Attestation.objects.all().delete()
    RegistryEvent.objects.all().delete()
    RegisteredAccount.objects.all().delete()
    RegistryImport.objects.all().delete()
    GovernanceSettings.objects.all().delete()
    get_user_model().objects.filter(username=DEPARTED_USERNAME).delete()
