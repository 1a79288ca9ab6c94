from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Analytics-export imports and manual entry: the fallback that always works.

    The parsers (`whitecoat.imports.parsers`) are pure Python, without Django imports.
    """

    name = "whitecoat.imports"
    verbose_name = "Imports and manual entry"
