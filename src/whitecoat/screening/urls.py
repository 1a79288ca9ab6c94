from django.urls import path

from whitecoat.screening import views

app_name = "screening"

urlpatterns = [
    path("check/", views.check, name="check"),
    path("review/", views.queue, name="queue"),
    path("review/findings/<int:finding_id>/confirm/", views.finding_confirm, name="confirm"),
    path("review/findings/<int:finding_id>/dismiss/", views.finding_dismiss, name="dismiss"),
    path("rules/", views.rules, name="rules"),
    path("coaching/", views.coaching, name="coaching"),
    path(
        "coaching/<int:coaching_id>/acknowledge/",
        views.coaching_acknowledge_view,
        name="acknowledge",
    ),
]
