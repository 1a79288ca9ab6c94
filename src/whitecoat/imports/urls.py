from django.urls import path

from whitecoat.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:import_id>/", views.detail, name="detail"),
    path("<int:import_id>/commit/", views.commit, name="commit"),
    path("<int:import_id>/mapping/", views.mapping, name="mapping"),
    path("<int:import_id>/undo/", views.undo, name="undo"),
    path("<int:import_id>/discard/", views.discard, name="discard"),
    path("manual/", views.manual, name="manual"),
    path("accounts/<int:account_id>/", views.account, name="account"),
]
