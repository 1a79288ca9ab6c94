from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "whitecoat.reports"
    verbose_name = "Program reports"
