"""Outgoing mail: whatever people type into a title makes a valid one-line subject, and a
mail server that refuses does not turn a committed change into an error page."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.mail import EmailMessage
from hypothesis import given
from hypothesis import strategies as st

from whitecoat.core.mail import deliver, header_text, subject_line

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_header_text_puts_every_kind_of_line_break_on_one_line(brk: str) -> None:
    assert header_text(f"Grand{brk}rounds") == "Grand rounds"


def test_header_text_keeps_letters_of_every_script_and_collapses_spaces() -> None:
    assert header_text("  Kardiologie\t–  心臓  ") == "Kardiologie – 心臓"


@given(st.text())
def test_any_title_makes_a_subject_the_mail_library_accepts(title: str) -> None:
    message = EmailMessage(subject=subject_line(title), body="x", to=["a@example.org"])
    assert b"Subject:" in message.message().as_bytes()


def test_deliver_logs_a_refused_send_and_reports_none_sent(settings, caplog) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with caplog.at_level(logging.ERROR, logger="whitecoat.mail"):
        sent = deliver([EmailMessage(subject="Hello", body="x", to=["a@example.org"])])
    assert sent == 0
    assert "Could not send 1 message(s) with subject 'Hello'" in caplog.text


@pytest.mark.django_db
def test_a_request_titled_with_control_characters_is_saved_and_announced(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Found by Schemathesis: a vertical tab in a title made the notification raise after
    the commit, and the API answered 500 for a request it had saved."""
    client.force_login(admin)
    body = {"title": "Open\x0bday\u2028 2027", "summary": "Tours", "kind": "event"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/content/amplification-requests",
            json.dumps(body),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Amplification request: Open day 2027")
