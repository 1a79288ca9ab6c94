from __future__ import annotations

from django.db import models


class RangeKey(models.TextChoices):
    """The date ranges a report offers; `custom` takes a start and an end date."""

    LAUNCH = "launch", "Since launch"
    LAST_12_MONTHS = "12m", "Last 12 months"
    YEAR_TO_DATE = "ytd", "Year to date"
    LAST_MONTH = "last_month", "Last month"
    CUSTOM = "custom", "Custom dates"


class PaperSize(models.TextChoices):
    LETTER = "letter", "US Letter"
    A4 = "a4", "A4"


class RecipientChoice(models.TextChoices):
    """An admin's decision about one user and the monthly e-mail."""

    SUBSCRIBED = "subscribed", "Receives the monthly report"
    UNSUBSCRIBED = "unsubscribed", "Does not receive it"


class DeliveryState(models.TextChoices):
    SENDING = "sending", "Sending (not confirmed)"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
