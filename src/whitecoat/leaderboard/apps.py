from django.apps import AppConfig


class LeaderboardConfig(AppConfig):
    name = "whitecoat.leaderboard"
    verbose_name = "Leaderboard"
