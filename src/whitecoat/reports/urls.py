from django.urls import path

from whitecoat.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/results/", views.results, name="results"),
    path("reports/areas/", views.areas, name="areas"),
    path("reports/monthly/", views.monthly, name="monthly"),
    path("reports/monthly/recipients/", views.recipient_add, name="recipient-add"),
    path(
        "reports/monthly/recipients/<int:user_id>/",
        views.recipient_change,
        name="recipient-change",
    ),
]
