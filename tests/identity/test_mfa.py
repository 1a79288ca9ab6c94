"""Optional two-factor authentication (allauth.mfa, TOTP + recovery codes): turning it on
from the account pages, the code asked at login, recovery codes, secrets encrypted at rest,
and MFA_REQUIRED_FOR_ADMINS. Codes are computed here with RFC 6238 arithmetic."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.identity.test_oidc import idp_set_user, oidc_login

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238: HOTP (RFC 4226, HMAC-SHA1) of the number of 30-second steps."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def password_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def reauthenticate(client) -> None:
    """Turning two-factor on asks for the password again, however recent the login."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content


@pytest.fixture
def admin_with_totp(admin):
    TOTP.activate(admin, SECRET)
    RecoveryCodes.activate(admin)
    return admin


def test_totp_helper_matches_rfc_6238_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s, secret "12345678901234567890": 94287082.
    secret = base64.b32encode(b"12345678901234567890").decode()

    assert totp(secret, at=59, digits=8) == "94287082"


def test_admin_turns_on_totp_from_account_page(client, admin):
    password_login(client, "alice_admin")
    index = client.get(reverse("mfa_index"))
    assert "Set up an authenticator app" in index.text

    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert secret in page.text

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Incorrect code" in wrong.text
    done = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})

    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.text.count("<li><code>") == 10


def test_totp_activation_needs_the_password_again(client, admin):
    password_login(client, "alice_admin")

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_totp_secret_is_encrypted_at_rest(admin_with_totp):
    stored = Authenticator.objects.get(user=admin_with_totp, type=Authenticator.Type.TOTP)

    assert stored.data["secret"].startswith("fernet:")
    assert SECRET not in str(stored.data)
    assert stored.wrap().validate_code(totp(SECRET))


def test_login_asks_for_the_code_after_the_password(client, admin_with_totp):
    response = password_login(client, "alice_admin")

    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_login_with_wrong_code_is_refused(client, admin_with_totp):
    password_login(client, "alice_admin")

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})

    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_login_with_the_right_code_completes(client, admin_with_totp):
    password_login(client, "alice_admin")

    response = client.post(reverse("mfa_authenticate"), {"code": totp(SECRET)})

    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).wsgi_request.user == admin_with_totp


def test_a_code_works_only_once(client, admin_with_totp):
    code = totp(SECRET)
    password_login(client, "alice_admin")
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("logout"))
    password_login(client, "alice_admin")

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert "Incorrect code" in response.text


def test_a_recovery_code_logs_in_once(client, admin_with_totp):
    authenticator = Authenticator.objects.get(
        user=admin_with_totp, type=Authenticator.Type.RECOVERY_CODES
    )
    code = RecoveryCodes(authenticator).get_unused_codes()[0]
    password_login(client, "alice_admin")
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == reverse("home")
    client.post(reverse("logout"))
    password_login(client, "alice_admin")

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert "Incorrect code" in response.text


def test_mfa_pages_need_a_login(client, db):
    response = client.get(reverse("mfa_index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_required_mfa_sends_admin_to_set_up(client, admin, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    password_login(client, "alice_admin")

    for path in (reverse("home"), reverse("person-list"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")
    reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_required_mfa_lets_admin_with_totp_through(client, admin_with_totp, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    password_login(client, "alice_admin")
    client.post(reverse("mfa_authenticate"), {"code": totp(SECRET)})

    assert client.get(reverse("home")).status_code == 200


def test_required_mfa_leaves_other_roles_alone(client, ambassador, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    password_login(client, "amy_ambassador")

    assert client.get(reverse("home")).status_code == 200


def test_mfa_is_optional_by_default(client, admin):
    password_login(client, "alice_admin")

    assert client.get(reverse("home")).status_code == 200


def test_required_mfa_leaves_single_sign_on_admins_to_their_provider(
    client, oidc_app, oidc_server, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = True
    idp_set_user(
        oidc_server,
        "u-admin",
        {"email": "ada@hospital.test", "email_verified": True, "groups": ["SocialMedia-Admins"]},
    )

    oidc_login(client, oidc_server, "u-admin")

    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'data-home-role="program_admin"' in response.text
