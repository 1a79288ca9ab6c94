"""E-mail to nominees and chairs at each step; plain text from templates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whitecoat.core import mail


def notify(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """A message from templates/program/email/<template>.txt; see whitecoat.core.mail.notify."""
    mail.notify(to=to, subject=subject, template=f"program/email/{template}", context=context)
