from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "whitecoat.content"
    verbose_name = "Content hub"
