"""E-mail about amplification requests: plain text from templates, sent after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def notify(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """Send one message to each distinct address; nothing is sent to no one."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(
        f"content/email/{template}.txt", {**context, "site_name": settings.SITE_NAME}
    )
    send_mail(
        subject=f"[{settings.SITE_NAME}] {subject}",
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
