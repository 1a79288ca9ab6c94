from __future__ import annotations

from django.db import models

from whitecoat.leaderboard.scoring import GROUPING_LABELS, WINDOW_KEYS, WINDOW_LABELS


class WindowKey(models.TextChoices):
    D7 = "7d", WINDOW_LABELS["7d"]
    D30 = "30d", WINDOW_LABELS["30d"]
    D90 = "90d", WINDOW_LABELS["90d"]
    D365 = "365d", WINDOW_LABELS["365d"]
    YTD = "ytd", WINDOW_LABELS["ytd"]
    JOINED = "joined", WINDOW_LABELS["joined"]
    CUSTOM = "custom", WINDOW_LABELS["custom"]


class Grouping(models.TextChoices):
    AMBASSADOR = "ambassador", GROUPING_LABELS["ambassador"]
    ACCOUNT = "account", GROUPING_LABELS["account"]
    DEPARTMENT = "department", GROUPING_LABELS["department"]
    COHORT = "cohort", GROUPING_LABELS["cohort"]
    PLATFORM = "platform", GROUPING_LABELS["platform"]
    ENTITY = "entity", GROUPING_LABELS["entity"]


# The windows kept as stored rankings; custom windows are computed when asked for.
STORED_WINDOWS = list(WINDOW_KEYS)
