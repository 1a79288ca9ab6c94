from django.urls import path

from whitecoat.connectors import views

app_name = "connectors"

urlpatterns = [
    path("", views.index, name="index"),
    path("apps/<str:platform>/", views.app_save, name="app-save"),
    path("callback/", views.callback, name="callback"),
    path("sync/", views.sync_all, name="sync-all"),
    path("institutional/", views.institutional, name="institutional"),
    path("accounts/<int:account_id>/", views.connect, name="connect"),
    path("accounts/<int:account_id>/sync/", views.sync_account, name="sync-account"),
    path("accounts/<int:account_id>/disconnect/", views.disconnect, name="disconnect"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
]
