from __future__ import annotations

from django.conf import settings
from django.db import models

from whitecoat.core.models import TimeStampedModel


class ApiToken(TimeStampedModel):
    """A personal bearer token for the JSON API.

    Only the SHA-256 of the secret is stored: the raw token is shown once, when it is
    created, and cannot be recovered. `prefix` (its first characters) tells tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'BI export'.")
    prefix = models.CharField(
        max_length=8, help_text="The token's first characters, to tell it apart."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
