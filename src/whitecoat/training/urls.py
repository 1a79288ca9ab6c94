from django.urls import path

from whitecoat.training import views

app_name = "training"

urlpatterns = [
    path("", views.curriculum_view, name="curriculum"),
    path("me/", views.my_training, name="mine"),
    path("preview/", views.markdown_preview, name="markdown-preview"),
    # Courses and modules
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<slug:slug>/", views.course_detail, name="course-detail"),
    path("courses/<slug:slug>/edit/", views.course_edit, name="course-edit"),
    path("courses/<slug:slug>/move/", views.course_move, name="course-move"),
    path("courses/<slug:slug>/publish/", views.course_publish, name="course-publish"),
    path("courses/<slug:slug>/modules/new/", views.module_create, name="module-create"),
    path("modules/<int:module_id>/", views.module_detail, name="module-detail"),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module-edit"),
    path("modules/<int:module_id>/move/", views.module_move, name="module-move"),
    path("modules/<int:module_id>/complete/", views.module_complete, name="module-complete"),
    # Sessions
    path("sessions/", views.session_index, name="session-list"),
    path("sessions/calendar/", views.session_calendar_view, name="calendar"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session-cancel"),
    path(
        "sessions/<int:session_id>/attendance/",
        views.session_attendance,
        name="session-attendance",
    ),
    path("sessions/<int:session_id>/invite.ics", views.session_download, name="session-ics"),
    # Policies
    path("policies/", views.policy_index, name="policy-list"),
    path("policies/new/", views.policy_create, name="policy-create"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy-detail"),
    path(
        "policies/<slug:slug>/versions/new/",
        views.policy_version_create,
        name="policy-version-create",
    ),
    path("policy-versions/<int:version_id>/", views.policy_version_detail, name="policy-version"),
    path(
        "policy-versions/<int:version_id>/edit/",
        views.policy_version_edit,
        name="policy-version-edit",
    ),
    path(
        "policy-versions/<int:version_id>/publish/",
        views.policy_version_publish,
        name="policy-version-publish",
    ),
    path(
        "policy-versions/<int:version_id>/acknowledge/",
        views.policy_acknowledge,
        name="policy-acknowledge",
    ),
    path(
        "policy-versions/<int:version_id>/acknowledgements/",
        views.policy_report,
        name="policy-report",
    ),
    path(
        "policy-versions/<int:version_id>/acknowledgements/<int:ambassador_id>/",
        views.policy_acknowledge_for,
        name="policy-acknowledge-for",
    ),
    # An ambassador's training and set-up checklist
    path("ambassadors/<int:ambassador_id>/", views.ambassador_training, name="ambassador"),
    path("checklist/<int:choice_id>/", views.checklist_set, name="checklist-set"),
]
