from __future__ import annotations

from django.db import models
from django.db.models import Q

from whitecoat.core.models import TimeStampedModel
from whitecoat.organizations.enums import Role


class RoleMappingRule(TimeStampedModel):
    """One line of a sign-on provider's role table: claim `claim` with value `value` → `role`.

    `provider` is the provider's id as allauth records it on each linked account: the
    social application's *Provider ID* (e.g. `hospital-sso`). The roles named in a
    provider's rules are managed by the identity provider: at each sign-in through it they
    are granted when a rule matches and revoked when none does. Roles no rule names are
    left as program admins set them.
    """

    provider = models.CharField(
        max_length=200,
        help_text="The sign-on application's Provider ID, e.g. hospital-sso.",
    )
    claim = models.CharField(
        max_length=200,
        help_text="The claim or SAML attribute name, e.g. groups or "
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups.",
    )
    value = models.CharField(
        max_length=500,
        help_text="The value that grants the role, e.g. SocialMedia-Admins (case does not matter).",
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["provider", "claim", "value", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "claim", "value", "role"],
                name="rolemappingrule_unique_rule",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="rolemappingrule_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(provider="") & ~Q(claim="") & ~Q(value=""),
                name="rolemappingrule_fields_not_blank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.claim} = {self.value} → {self.get_role_display()}"
