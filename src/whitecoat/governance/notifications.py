"""E-mail about account requests: plain text from templates, sent after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whitecoat.core import mail


def notify(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """A message from templates/governance/email/<template>.txt; see whitecoat.core.mail.notify."""
    mail.notify(to=to, subject=subject, template=f"governance/email/{template}", context=context)
