from django.urls import path

from whitecoat.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("ambassadors/", views.ambassador_index, name="ambassador-list"),
    path("ambassadors/<int:ambassador_id>/", views.ambassador_detail, name="ambassador-detail"),
    path("people/", views.person_index, name="person-list"),
    path("social-accounts/", views.account_index, name="account-list"),
    path("organization/", views.organization, name="organization"),
    path("settings/api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "settings/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api-token-revoke",
    ),
]
