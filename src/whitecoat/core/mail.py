"""Outgoing e-mail: subjects made safe from what people type, and delivery that is logged,
not raised, because it runs after the change it announces has been committed."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string

logger = logging.getLogger("whitecoat.mail")

# Control and format characters, and Unicode's own line and paragraph separators: Python's
# e-mail library refuses a header holding anything it would read as a line break.
_UNSAFE_IN_HEADERS = frozenset({"Cc", "Cf", "Zl", "Zp"})


def header_text(text: str) -> str:
    """`text` on one line: every control character or line break becomes a space and runs
    of spaces become one."""
    spaced = "".join(
        " " if unicodedata.category(char) in _UNSAFE_IN_HEADERS else char for char in text
    )
    return " ".join(spaced.split())


def subject_line(text: str) -> str:
    """The subject of a message from this installation: "[Site name] text", on one line."""
    return header_text(f"[{settings.SITE_NAME}] {text}")


def deliver(messages: Sequence[EmailMessage]) -> int:
    """Send `messages`; return how many went. A failure (the mail server down, a refused
    address) is logged with its reason and counts as none sent: the caller's change has
    already been committed and must not be reported as failed."""
    if not messages:
        return 0
    try:
        return mailers.default.send_messages(list(messages))
    except Exception:
        logger.exception(
            "Could not send %d message(s) with subject %r", len(messages), messages[0].subject
        )
        return 0


def notify(*, to: Iterable[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """One plain-text message from `template` (a path under templates/, without ".txt")
    to each distinct address in `to`; nothing is sent to no one."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(f"{template}.txt", {**context, "site_name": settings.SITE_NAME})
    deliver([EmailMessage(subject=subject_line(subject), body=body, to=recipients)])
