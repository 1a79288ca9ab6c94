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
