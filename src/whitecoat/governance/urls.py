from django.urls import path

from whitecoat.governance import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.index, name="index"),
    path("governance/registry/", views.registry_list, name="registry"),
    path("governance/registry/new/", views.registry_create, name="registry-create"),
    path("governance/registry/<int:entry_id>/", views.registry_detail, name="registry-detail"),
    path("governance/registry/<int:entry_id>/edit/", views.registry_edit, name="registry-edit"),
    path(
        "governance/registry/<int:entry_id>/status/",
        views.registry_status,
        name="registry-status",
    ),
    path("governance/import/", views.import_index, name="import"),
    path("governance/import/<int:import_id>/", views.import_detail, name="import-detail"),
    path("governance/import/<int:import_id>/commit/", views.import_commit, name="import-commit"),
    path("governance/import/<int:import_id>/discard/", views.import_discard, name="import-discard"),
    path("governance/audit/", views.audit, name="audit"),
    path("governance/decide/", views.decide, name="decide"),
    path("governance/actions/", views.action_list, name="actions"),
    path("governance/actions/<int:action_id>/", views.action_detail, name="action-detail"),
    path("governance/freezes/", views.freeze_list, name="freezes"),
    path("governance/freezes/<int:freeze_id>/end/", views.freeze_end, name="freeze-end"),
    path("governance/requests/", views.request_list, name="requests"),
    path("governance/requests/new/", views.request_create, name="request-create"),
    path("governance/requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("governance/mine/", views.mine, name="mine"),
    path("governance/mine/<int:entry_id>/confirm/", views.attest, name="attest"),
    path("governance/attestations/", views.attestations, name="attestations"),
]
