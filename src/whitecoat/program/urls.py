from django.urls import path

from whitecoat.program import views

urlpatterns = [
    path("nominations/", views.nomination_index, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination-detail"),
    path(
        "nominations/<int:nomination_id>/accept/",
        views.nomination_accept,
        name="nomination-accept",
    ),
    path(
        "nominations/<int:nomination_id>/decline/",
        views.nomination_decline,
        name="nomination-decline",
    ),
    path(
        "nominations/<int:nomination_id>/request-info/",
        views.nomination_request_info,
        name="nomination-request-info",
    ),
    path(
        "nominations/<int:nomination_id>/answer/",
        views.nomination_answer,
        name="nomination-answer",
    ),
    path(
        "ambassadors/<int:ambassador_id>/transition/",
        views.ambassador_transition,
        name="ambassador-transition",
    ),
    path("ambassadors/<int:ambassador_id>/intake/", views.intake, name="ambassador-intake"),
    path("consultations/", views.consultation_index, name="consultation-list"),
    path(
        "consultations/<int:consultation_id>/",
        views.consultation_detail,
        name="consultation-detail",
    ),
]
