from __future__ import annotations

from django.db import models


class AmbassadorStatus(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    INTAKE = "intake", "Intake"
    TRAINING = "training", "Training"
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ALUMNI = "alumni", "Alumni"


# The statuses in which someone is still on their way in: the admins' work queues.
PIPELINE_STATUSES = [
    AmbassadorStatus.NOMINATED,
    AmbassadorStatus.INTAKE,
    AmbassadorStatus.TRAINING,
    AmbassadorStatus.ONBOARDING,
]

# The statuses of someone who has joined: they have a joined_on date.
JOINED_STATUSES = [AmbassadorStatus.ACTIVE, AmbassadorStatus.PAUSED, AmbassadorStatus.ALUMNI]


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for review"
    MORE_INFO = "more_info", "More information asked"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


# Nominations an admin still has to decide.
OPEN_NOMINATION_STATES = [NominationState.SUBMITTED, NominationState.MORE_INFO]


class ConsultationState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"
