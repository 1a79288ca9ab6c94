"""Sign-in secrets at rest: TOTP secrets, recovery-code seeds and single sign-on client
secrets are stored as "fernet:<token>", encrypted with the install's WHITECOAT_FERNET_KEYS
(the same keys as connection tokens). A value without the prefix is read as plain text, so
an install that had secrets before this existed keeps working; `rotate_sign_in_keys`
encrypts those and re-encrypts the rest with the newest key."""

from __future__ import annotations

from whitecoat.connectors import crypto

PREFIX = "fernet:"


def seal(plaintext: str) -> str:
    return PREFIX + crypto.encrypt(plaintext) if plaintext else plaintext


def unseal(stored: str) -> str:
    if stored and stored.startswith(PREFIX):
        return crypto.decrypt(stored.removeprefix(PREFIX))
    return stored


def reseal(stored: str) -> str:
    """The same secret encrypted with the first (current) key."""
    if not stored:
        return stored
    if stored.startswith(PREFIX):
        return PREFIX + crypto.rotate(stored.removeprefix(PREFIX))
    return seal(stored)
