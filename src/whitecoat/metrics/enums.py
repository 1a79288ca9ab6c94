from __future__ import annotations

from django.db import models


class Platform(models.TextChoices):
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    THREADS = "threads", "Threads"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    FACEBOOK = "facebook", "Facebook"


# Platforms whose posts are mostly video, so video views are meaningful there.
VIDEO_PLATFORMS = {Platform.TIKTOK, Platform.YOUTUBE, Platform.INSTAGRAM}


class AccountUse(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PERSONAL = "personal", "Personal"


class ConnectionState(models.TextChoices):
    NOT_CONNECTED = "not_connected", "Not connected"
    CONNECTED = "connected", "Connected"
    EXPIRED = "expired", "Expired — reconnect"
    REVOKED = "revoked", "Revoked — reconnect"


class MetricSource(models.TextChoices):
    """Where a figure came from; every number shown says this."""

    API = "api", "Platform API"
    IMPORT = "import", "Analytics export"
    MANUAL = "manual", "Entered by hand"
    DEMO = "demo", "Demo data (generated)"


class PostKind(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"
    LINK = "link", "Link"
