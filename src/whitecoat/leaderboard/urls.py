from django.urls import path

from whitecoat.leaderboard import views

urlpatterns = [
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("leaderboard/dashboard/", views.dashboard, name="program-dashboard"),
    path("leaderboard/settings/", views.score_settings, name="leaderboard-settings"),
]
