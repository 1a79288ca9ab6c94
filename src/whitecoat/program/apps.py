from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "whitecoat.program"
    verbose_name = "Ambassador program"
