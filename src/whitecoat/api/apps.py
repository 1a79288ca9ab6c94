from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "whitecoat.api"
    verbose_name = "JSON API"
