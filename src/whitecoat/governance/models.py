"""The institutional account registry, its audit actions and attestations, freezes on new
unit accounts and the requests for them.

The registry does not copy what the metrics app already knows: a `RegisteredAccount` is
one-to-one with a unit-owned `SocialAccount` (platform, handle, unit, creation date, its
snapshots and posts), so the connectors and imports that keep accounts current keep the
registry current too. It adds what governance needs: owner, backup owner, purpose, status.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from whitecoat.core.models import TimeStampedModel
from whitecoat.governance.enums import (
    AccountRequestState,
    ActionKind,
    ActionState,
    EventKind,
    ImportState,
    RegistryStatus,
)
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.models import Department, Entity, Person
from whitecoat.training.models import Policy, PolicyVersion

USER = settings.AUTH_USER_MODEL
# Owners confirm their accounts once a year.
ATTESTATION_DAYS = 365


class GovernanceSettings(models.Model):
    """One row: which policy owners confirm each year when they attest their accounts."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    attestation_policy = models.ForeignKey(
        Policy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Owners confirm they follow this policy's current version.",
    )

    class Meta:
        verbose_name_plural = "governance settings"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=1), name="governance_settings_singleton")
        ]

    def __str__(self) -> str:
        return "Governance settings"

    @classmethod
    def current(cls) -> GovernanceSettings:
        row, _ = cls.objects.select_related("attestation_policy").get_or_create(singleton=1)
        return row


class RegisteredAccount(TimeStampedModel):
    """An institutional account in the registry."""

    account = models.OneToOneField(
        SocialAccount, on_delete=models.CASCADE, related_name="registry_entry"
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_unit_accounts",
    )
    backup_owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backed_up_unit_accounts",
    )
    purpose = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=RegistryStatus.choices, default=RegistryStatus.ACTIVE
    )
    request = models.ForeignKey(
        "AccountRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_accounts",
        help_text="The account request it was created from, if any.",
    )

    class Meta:
        ordering = ["account__platform", "account__handle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistryStatus.values), name="registry_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | ~Q(owner=F("backup_owner")),
                name="registry_backup_is_someone_else",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="registry_status")]

    def __str__(self) -> str:
        return str(self.account)

    @property
    def unit(self) -> Department | Entity | None:
        return self.account.unit_department or self.account.unit_entity

    @property
    def owner_departed(self) -> bool:
        """The owner has left: their login was deactivated (WhiteCoat's sign of leaving)."""
        return _departed(self.owner)

    @property
    def backup_departed(self) -> bool:
        return _departed(self.backup_owner)

    @property
    def last_post_on(self) -> dt.date | None:
        """The last day with a post, from the stored posts and the daily figures (needs the
        registry selectors' annotations)."""
        days = []
        stored = getattr(self, "last_post_at", None)
        if stored is not None:
            days.append(timezone.localdate(stored))
        daily = getattr(self, "last_posting_day", None)
        if daily is not None:
            days.append(daily)
        return max(days) if days else None

    @property
    def attestation_due_on(self) -> dt.date | None:
        """A year after the last confirmation; None when never confirmed."""
        last = getattr(self, "last_attested", None)
        if last is None:
            return None
        return timezone.localdate(last) + dt.timedelta(days=ATTESTATION_DAYS)

    @property
    def attestation_overdue(self) -> bool:
        if self.status == RegistryStatus.ARCHIVED:
            return False
        due = self.attestation_due_on
        return due is None or due <= timezone.localdate()


def _departed(person: Person | None) -> bool:
    return person is not None and person.user_id is not None and not person.user.is_active


class RegistryEvent(models.Model):
    """One thing that happened to a registry entry: who, when, what changed and why."""

    entry = models.ForeignKey(RegisteredAccount, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=RegistryStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RegistryStatus.choices, blank=True)
    # {field label: [before, after]} as text, for edits and imports.
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch = models.ForeignKey(
        "RegistryImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        ordering = ["entry", "at", "id"]
        indexes = [models.Index(fields=["entry", "at"], name="registry_event_when")]

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_kind_display()}"


class Attestation(models.Model):
    """An owner confirmed, for the year, that the account is still needed and theirs."""

    entry = models.ForeignKey(
        RegisteredAccount, on_delete=models.CASCADE, related_name="attestations"
    )
    person = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="account_attestations"
    )
    confirmed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField()
    policy_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The policy and version as they were named when confirmed ("" when none was set).
    policy_label = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["entry", "-confirmed_at", "-id"]
        indexes = [
            models.Index(fields=["entry", "person", "confirmed_at"], name="attestation_latest")
        ]

    def __str__(self) -> str:
        return f"{self.entry} confirmed {self.confirmed_at:%Y-%m-%d}"


class AccountAction(TimeStampedModel):
    """An audit recommendation an admin decided on, tracked until it is done."""

    entry = models.ForeignKey(RegisteredAccount, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    merge_into = models.ForeignKey(
        RegisteredAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merges_received",
    )
    hand_over_to = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(help_text="Why the audit recommended it.")
    periods = models.CharField(
        max_length=200, blank=True, help_text="The audit's two periods, as shown."
    )
    state = models.CharField(max_length=20, choices=ActionState.choices)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ActionState.values), name="action_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="action_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(merge_into__isnull=True) | ~Q(merge_into=F("entry")),
                name="action_merge_into_another",
            ),
            # One thing at a time per account: a second open action waits for the first.
            models.UniqueConstraint(
                fields=["entry"], condition=Q(state="open"), name="action_one_open_per_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entry} ({self.get_state_display().lower()})"


class ActionChange(models.Model):
    action = models.ForeignKey(AccountAction, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=20, choices=ActionState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ActionState.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["action", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.from_state or 'new'} → {self.to_state}"


class AccountFreeze(TimeStampedModel):
    """No new unit accounts for an entity (and its sub-entities), on one platform or all."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="account_freezes")
    include_children = models.BooleanField(
        default=True, help_text="Also its hospitals, schools and their departments."
    )
    platform = models.CharField(
        max_length=20, choices=Platform.choices, blank=True, help_text="Empty: every platform."
    )
    message = models.TextField(help_text="What a requester reads when the freeze answers them.")
    effective_on = models.DateField()
    # The first day the freeze no longer applies; None while it lasts.
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("effective_on")),
                name="freeze_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(platform="") | Q(platform__in=Platform.values),
                name="freeze_platform_valid",
            ),
            models.CheckConstraint(condition=~Q(message=""), name="freeze_has_message"),
        ]

    def __str__(self) -> str:
        where = self.get_platform_display() if self.platform else "every platform"
        return f"Freeze on new accounts of {self.entity} ({where})"


class AccountRequest(TimeStampedModel):
    """Someone's request for a new unit account, and how it was answered."""

    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="unit_account_requests"
    )
    unit_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    platform = models.CharField(max_length=20, choices=Platform.choices)
    proposed_handle = models.CharField(max_length=200, blank=True)
    purpose = models.TextField()
    owner_name = models.CharField(max_length=200)
    owner_email = models.EmailField()
    state = models.CharField(
        max_length=20, choices=AccountRequestState.choices, default=AccountRequestState.SUBMITTED
    )
    freeze = models.ForeignKey(
        AccountFreeze, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    # The last answer the requester got: the freeze's message, or the admin's reason.
    answer = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=AccountRequestState.values),
                name="account_request_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(unit_department__isnull=False, unit_entity__isnull=True)
                | Q(unit_department__isnull=True, unit_entity__isnull=False),
                name="account_request_one_unit",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[AccountRequestState.FROZEN, AccountRequestState.EXCEPTION])
                | Q(freeze__isnull=False),
                name="account_request_frozen_has_freeze",
            ),
            models.CheckConstraint(
                condition=~Q(
                    state__in=[AccountRequestState.DECLINED, AccountRequestState.EXCEPTION]
                )
                | ~Q(answer=""),
                name="account_request_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"New {self.get_platform_display()} account for {self.unit}"

    @property
    def unit(self) -> Department | Entity | None:
        return self.unit_department or self.unit_entity


class AccountRequestChange(models.Model):
    request = models.ForeignKey(AccountRequest, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=20, choices=AccountRequestState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=AccountRequestState.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state or 'new'} → {self.to_state}"


class RegistryImport(TimeStampedModel):
    """An uploaded registry file: previewed as often as needed, then imported once (or
    discarded). The file is kept so the preview can be computed again."""

    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveIntegerField()
    content = models.BinaryField(editable=False)
    state = models.CharField(
        max_length=20, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="registry_import_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=ImportState.COMMITTED) | Q(committed_at__isnull=False),
                name="registry_import_committed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Registry import {self.pk}: {self.file_name}"
