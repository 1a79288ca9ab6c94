from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "whitecoat.governance"
    verbose_name = "Governance"
