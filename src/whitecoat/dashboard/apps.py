from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "whitecoat.dashboard"
    verbose_name = "Pages"
