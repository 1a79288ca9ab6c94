from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """The compliance coach's Django side: stored screenings, the review queue, coaching.

    The engine (`whitecoat.screening.engine`) stays pure Python; nothing in this package's
    `__init__` imports Django, so `python -m whitecoat.screening` runs without settings.
    """

    name = "whitecoat.screening"
    verbose_name = "Compliance coach"
