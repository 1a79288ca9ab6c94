from django.urls import path

from whitecoat.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.entry_list, name="list"),
    path("audit/<str:model_label>/<str:object_id>/", views.object_history, name="object"),
]
