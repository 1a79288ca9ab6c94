from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "whitecoat.metrics"
    verbose_name = "Accounts and metrics"
