"""An e-mail backend for the killed-worker test: it pauses before each message, then
writes it to SLOW_MAIL_DIR, so a test can kill the worker in the middle of a send and
count afterwards exactly what left."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["SLOW_MAIL_DIR"])
        for message in email_messages:
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.3")))
            for address in message.to:
                (folder / f"{address}.{uuid.uuid4().hex}.eml").write_bytes(
                    message.message().as_bytes()
                )
        return len(email_messages)
