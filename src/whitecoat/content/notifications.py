"""E-mail about amplification requests: plain text from templates, sent after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whitecoat.core import mail


def notify(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """A message from templates/content/email/<template>.txt; see whitecoat.core.mail.notify."""
    mail.notify(to=to, subject=subject, template=f"content/email/{template}", context=context)
