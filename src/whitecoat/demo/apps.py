from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "whitecoat.demo"
    verbose_name = "Demo program"
