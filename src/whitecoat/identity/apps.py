from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "whitecoat.identity"
    verbose_name = "Sign-in and single sign-on"
