from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "whitecoat.connectors"
    verbose_name = "Platform connections and sync"
