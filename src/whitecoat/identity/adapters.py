"""allauth's hooks for WhiteCoat.

- `AccountAdapter`: no self-registration (program admins create local accounts), Django's
  wording for a wrong password, and a lockout message that says how long it lasts.
- `SocialAccountAdapter`: single sign-on creates unknown users (requester), links a
  returning hospital user to their existing account and Person by e-mail, and applies the
  provider's role table at every sign-in.
  Client secrets of sign-on applications are stored encrypted and decrypted in memory.
- `MFAAdapter`: TOTP secrets and recovery-code seeds are encrypted at rest with the
  install's Fernet keys (WHITECOAT_FERNET_KEYS; see crypto.py).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from whitecoat.identity import crypto, selectors, services


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": (
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive."
        ),
    }

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        if code == "too_many_login_attempts":
            minutes = max(1, round(settings.LOGIN_LOCKOUT_SECONDS / 60))
            return ValidationError(
                f"Too many failed attempts to log in to this account. For its safety it is "
                f"locked for up to {minutes} minutes: try again later, or use “Forgot your "
                f"password?”.",
                code=code,
            )
        return super().validation_error(code, *args)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: Any, provider: Any = None, client_id: Any = None) -> list[Any]:
        """The applications with their client secrets decrypted, in memory only."""
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for app in apps:
            app.secret = crypto.unseal(app.secret)
        return apps

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        """Unknown users of a hospital's identity provider get an account (as requesters),
        unless the provider's settings say `"create_users": false`."""
        app = sociallogin.provider.app
        return bool(app is None or app.settings.get("create_users", True))

    def is_email_verified(self, provider: Any, email: str) -> bool:
        """A SAML assertion carries no verification flag: an organisation's own identity
        provider is trusted for its addresses unless its settings say otherwise
        (`"verified_email": false` or a list of domains). OpenID Connect providers say so
        per address with the `email_verified` claim."""
        configured = provider.app.settings.get("verified_email") if provider.app else None
        if configured is None and provider.id == "saml":
            return True
        return super().is_email_verified(provider, email)

    def authenticate_by_email(self, sociallogin: Any) -> tuple[Any, str] | None:
        """A returning hospital user: the one account whose e-mail address (any case) is an
        address the provider vouches for."""
        for address in sociallogin.email_addresses:
            if not address.verified or not self.can_authenticate_by_email(
                sociallogin, address.email
            ):
                continue
            user = selectors.user_for_email(email=address.email)
            if user is not None:
                services.email_address_trust(user=user, email=address.email)
                return user, address.email
        return None

    def populate_user(self, request: Any, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        username = user_username(user)
        taken = username and get_user_model().objects.filter(username__iexact=username).exists()
        if not username or taken:
            user_username(
                user,
                self.get_account_adapter().generate_unique_username(
                    [username, data.get("email"), data.get("first_name"), "user"]
                ),
            )
        return user

    def get_account_adapter(self) -> DefaultAccountAdapter:
        from allauth.account.adapter import get_adapter

        return get_adapter(self.request)

    def pre_social_login(self, request: Any, sociallogin: Any) -> None:
        # A returning user (known account, or matched by e-mail): roles follow the IdP now.
        # Connecting an identity to an already signed-in account changes no roles.
        signing_in = sociallogin.state.get("process", "login") == "login"
        if signing_in and sociallogin.is_existing:
            self._sync(sociallogin)

    def save_user(self, request: Any, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        self._sync(sociallogin)
        return user

    def _sync(self, sociallogin: Any) -> None:
        user = sociallogin.user
        services.user_roles_sync_from_idp(
            user=user,
            provider=sociallogin.account.provider,
            provider_kind=sociallogin.provider.id,
            extra_data=sociallogin.account.extra_data or {},
        )
        services.person_link_by_email(user=user)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.unseal(encrypted_text)
