"""Sign-in pages: allauth's (login, logout, passwords, two-factor, single sign-on) under
accounts/, with Django's URL names (`login`, `logout`, `password_change`,
`password_reset`) kept on the same pages, and the back office's login sent to them."""

from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from whitecoat.identity import views

urlpatterns = [
    # The back office signs in through the same door (lockout, two-factor, single sign-on);
    # a signed-in user who is not staff gets 403 rather than a login loop.
    path("admin/login/", secure_admin_login(admin.site.login), name="identity-admin-login"),
    path(
        "accounts/",
        include(
            [
                path("login/", account_views.login, name="login"),
                path("logout/", account_views.logout, name="logout"),
                path("password/change/", account_views.password_change, name="password_change"),
                path("password/reset/", account_views.password_reset, name="password_reset"),
                path("email/", views.email_addresses, name="identity-email"),
                path("", include("allauth.urls")),
            ]
        ),
    ),
]
