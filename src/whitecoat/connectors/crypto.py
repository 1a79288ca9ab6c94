"""Tokens and client secrets encrypted at rest with Fernet (MultiFernet for key rotation).

The keys come from WHITECOAT_FERNET_KEYS (comma-separated, the first encrypts; a local
install generates var/fernet_key). The database only ever holds Fernet tokens; the
plaintext exists in memory while a worker calls the platform.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "WHITECOAT_FERNET_KEYS must be Fernet keys (32 url-safe base64-encoded bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.WHITECOAT_FERNET_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode() if plaintext else ""


def decrypt(ciphertext: str) -> str:
    if not ciphertext:
        return ""
    try:
        return fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored token cannot be decrypted with WHITECOAT_FERNET_KEYS: keep the old key "
            "in the list until `manage.py rotate_token_keys` has re-encrypted everything."
        ) from None


def rotate(ciphertext: str) -> str:
    """The same secret, encrypted with the first (current) key."""
    return fernet().rotate(ciphertext.encode()).decode() if ciphertext else ""


class Secret(str):
    """A decrypted value that never shows itself in a repr, a log line or a template."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Secret('********')" if self else "Secret('')"

    def __html__(self) -> str:
        return "********" if self else ""


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; reads give a `Secret` with the plaintext."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Secret | None:
        if value is None:
            return None
        return Secret(decrypt(value))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Secret):
            return value
        return Secret(str(value))

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))
