"""The monthly e-mailed report: its settings, who receives it, and what was sent to whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whitecoat.core.models import TimeStampedModel
from whitecoat.reports.enums import DeliveryState, PaperSize, RecipientChoice


class ReportSchedule(TimeStampedModel):
    """One row: whether `run_periodic` queues the monthly report, and its paper size."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    monthly_enabled = models.BooleanField(
        "Send the monthly report",
        default=True,
        help_text="In the first days of each month, e-mail last month's report to the "
        "recipients below, with the PDF attached.",
    )
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.LETTER
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(singleton=1), name="report_schedule_singleton"),
            models.CheckConstraint(
                condition=Q(paper_size__in=PaperSize.values), name="report_schedule_paper_valid"
            ),
        ]

    def __str__(self) -> str:
        return "Monthly report schedule"

    @classmethod
    def current(cls) -> ReportSchedule:
        found = cls.objects.filter(singleton=1).first()
        return found if found is not None else cls()


class ReportRecipient(TimeStampedModel):
    """An admin's choice for one user: add them to the monthly e-mail, or take a
    leadership user (who receives it by default) off it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_recipient"
    )
    choice = models.CharField(max_length=20, choices=RecipientChoice.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(choice__in=RecipientChoice.values), name="report_recipient_choice_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"


class MonthlyReportRun(models.Model):
    """One month's report: queued once by `run_periodic`, or run by the command."""

    month = models.DateField(unique=True, help_text="The first day of the reported month.")
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Monthly report for {self.month:%B %Y}"


class MonthlyReportDelivery(models.Model):
    """One month's report sent (or being sent) to one address: the record that keeps a
    re-run from e-mailing anyone twice."""

    month = models.DateField()
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_deliveries",
    )
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.SENDING
    )
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-month", "email"]
        constraints = [
            models.UniqueConstraint(fields=["month", "email"], name="report_delivery_once"),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="report_delivery_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=DeliveryState.SENT) | Q(sent_at__isnull=False),
                name="report_delivery_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} report to {self.email}: {self.state}"
