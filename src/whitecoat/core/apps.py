from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "whitecoat.core"
    verbose_name = "Core"
