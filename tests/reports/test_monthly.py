"""The monthly e-mailed report: who receives it, the PDF attached, once per month and
address, the command, and run_periodic queuing it once in the first days of a month."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import UserFactory
from whitecoat.core.errors import WhiteCoatError
from whitecoat.organizations.enums import Role
from whitecoat.organizations.roles import user_grant_role
from whitecoat.reports.enums import DeliveryState, RecipientChoice
from whitecoat.reports.models import (
    MonthlyReportDelivery,
    MonthlyReportRun,
    ReportRecipient,
    ReportSchedule,
)
from whitecoat.reports.monthly import (
    monthly_report_due,
    monthly_report_periodic,
    monthly_report_send,
    monthly_reports_recover,
)

D = dt.date
JUNE = D(2024, 6, 1)
TODAY = D(2024, 7, 3)
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def _call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def board(leadership):
    """Two leadership users with an e-mail address and one without."""
    second = UserFactory(username="lena_leadership", email="lena@example.org")
    user_grant_role(user=second, role=Role.LEADERSHIP)
    silent = UserFactory(username="nomail_leadership", email="")
    user_grant_role(user=silent, role=Role.LEADERSHIP)
    return [leadership, second]


def test_monthly_report_goes_to_leadership_with_the_pdf(program, board, mailoutbox):
    summary = monthly_report_send(month=JUNE, today=TODAY)

    assert sorted(summary.sent) == ["lee_leadership@example.org", "lena@example.org"]
    assert len(mailoutbox) == 2
    message = mailoutbox[0]
    assert message.subject == "[WhiteCoat] Program report for June 2024"
    assert len(message.to) == 1  # one message each: nobody sees the other recipients
    assert "- Engagements: " in message.body
    assert "no active ambassador yet in Urology" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert (filename, mimetype) == ("whitecoat-report-2024-06.pdf", "application/pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Program report, June 2024" in text and "Areas represented" in text
    assert MonthlyReportDelivery.objects.filter(state=DeliveryState.SENT).count() == 2
    run = MonthlyReportRun.objects.get(month=JUNE)
    assert (run.sent, run.failed) == (2, 0)


def test_monthly_report_is_sent_once_per_month_and_address(program, board, mailoutbox):
    monthly_report_send(month=JUNE, today=TODAY)

    again = monthly_report_send(month=JUNE, today=TODAY)

    assert (again.sent, len(again.already)) == ([], 2)
    assert len(mailoutbox) == 2
    assert "sent 0, already sent 2, failed 0" in again.text()


def test_monthly_report_dry_run_sends_and_records_nothing(program, board, mailoutbox):
    summary = monthly_report_send(month=JUNE, today=TODAY, dry_run=True)

    assert sorted(summary.would_send) == ["lee_leadership@example.org", "lena@example.org"]
    assert mailoutbox == []
    assert not MonthlyReportDelivery.objects.exists()
    assert not MonthlyReportRun.objects.exists()


def test_monthly_report_follows_the_admins_choices(program, board, admin, mailoutbox):
    admin.email = "alice@example.org"
    admin.save()
    ReportRecipient.objects.create(user=admin, choice=RecipientChoice.SUBSCRIBED)
    ReportRecipient.objects.create(user=board[1], choice=RecipientChoice.UNSUBSCRIBED)

    summary = monthly_report_send(month=JUNE, today=TODAY)

    assert sorted(summary.sent) == ["alice@example.org", "lee_leadership@example.org"]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alice@example.org",
        "lee_leadership@example.org",
    ]


def test_monthly_report_records_a_failed_send_and_retries_it(
    program, board, mailoutbox, monkeypatch
):
    real = EmailBackend.send_messages

    def refuse_lena(self, messages):
        if messages[0].to == ["lena@example.org"]:
            raise OSError("mail server said no")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_lena)
    first = monthly_report_send(month=JUNE, today=TODAY)
    failed = MonthlyReportDelivery.objects.get(email="lena@example.org")
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    second = monthly_report_send(month=JUNE, today=TODAY)

    assert (first.sent, first.failed) == (["lee_leadership@example.org"], ["lena@example.org"])
    assert (failed.state, failed.error) == (DeliveryState.FAILED, "mail server said no")
    assert (second.sent, second.already) == (["lena@example.org"], ["lee_leadership@example.org"])
    assert [m.to[0] for m in mailoutbox] == ["lee_leadership@example.org", "lena@example.org"]
    assert MonthlyReportRun.objects.get(month=JUNE).failed == 0


def test_monthly_report_refuses_a_month_that_is_not_over(program, board, mailoutbox):
    with pytest.raises(WhiteCoatError, match="not over yet"):
        monthly_report_send(month=D(2024, 7, 1), today=TODAY)

    assert mailoutbox == []


# ---------------------------------------------------------------------------- command


def test_command_sends_last_month_and_prints_a_summary(program, board, mailoutbox):
    with time_machine.travel(local(2024, 7, 3, 9), tick=False):
        first = _call("send_monthly_reports")
        second = _call("send_monthly_reports")

    assert "Monthly report for June 2024: sent 2, already sent 0, failed 0" in first
    assert "sent 0, already sent 2" in second
    assert len(mailoutbox) == 2


def test_command_dry_run_lists_who_would_receive_it(program, board, mailoutbox):
    output = _call("send_monthly_reports", "--month", "2024-06", "--dry-run")

    assert "would send to 2 of 2 recipient(s)" in output
    assert "would send to lena@example.org" in output
    assert mailoutbox == []


@pytest.mark.parametrize(("month", "message"), [("June", "like 2026-10"), ("2999-01", "not over")])
def test_command_refuses_a_bad_month(db, month, message):
    with pytest.raises(CommandError, match=message):
        _call("send_monthly_reports", "--month", month)


# ----------------------------------------------------------------------- run_periodic


def test_run_periodic_queues_last_months_report_once(
    program, board, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        first = monthly_report_periodic(now=local(2024, 7, 2, 9))
    with django_capture_on_commit_callbacks(execute=True):
        second = monthly_report_periodic(now=local(2024, 7, 2, 9, 10))

    assert first == "Queued the monthly report for June 2024."
    assert second == "Monthly report for June 2024: already queued."
    assert len(mailoutbox) == 2
    run = MonthlyReportRun.objects.get(month=JUNE)
    assert run.queued_at is not None and run.sent == 2


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        ((2024, 7, 1, 7), "not before 8:00"),
        ((2024, 7, 8, 9), "not queued in its first 7 days"),
    ],
)
def test_run_periodic_waits_for_the_first_days_of_the_month(db, now, reason):
    decision = monthly_report_due(now=local(*now))

    assert (decision.due, decision.month) == (False, JUNE)
    assert reason in decision.reason


def test_run_periodic_does_not_queue_a_turned_off_report(db):
    ReportSchedule.objects.create(monthly_enabled=False)

    line = monthly_report_periodic(now=local(2024, 7, 2, 9))

    assert line == "Monthly report for June 2024: turned off."
    assert not MonthlyReportRun.objects.exists()


def test_run_periodic_command_reports_on_the_monthly_report(db):
    with time_machine.travel(local(2024, 7, 20, 12), tick=False):
        output = _call("run_periodic", "--dry-run")

    assert "Monthly report for June 2024: not queued in its first 7 days." in output


# ------------------------------------------------------- a worker that died mid-send


def _dead_claim(email: str, *, at: dt.datetime) -> MonthlyReportDelivery:
    """What a worker killed between claiming an address and sending to it leaves."""
    return MonthlyReportDelivery.objects.create(
        month=JUNE, email=email, state=DeliveryState.SENDING, claimed_at=at
    )


def test_a_fresh_claim_belongs_to_a_live_worker_and_is_left_to_it(program, board, mailoutbox):
    _dead_claim("lena@example.org", at=timezone.now() - dt.timedelta(minutes=5))

    summary = monthly_report_send(month=JUNE, today=TODAY)

    assert (summary.sent, summary.already) == (["lee_leadership@example.org"], ["lena@example.org"])
    assert [m.to[0] for m in mailoutbox] == ["lee_leadership@example.org"]


def test_recover_queues_again_a_month_whose_worker_died(
    program, board, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    now = timezone.now()
    MonthlyReportRun.objects.create(month=JUNE, queued_at=now - dt.timedelta(hours=2))
    _dead_claim("lena@example.org", at=now - dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        recovered = monthly_reports_recover(now=now)

    assert recovered == [JUNE]
    lena = MonthlyReportDelivery.objects.get(email="lena@example.org")
    assert (lena.state, lena.sent_at is not None) == (DeliveryState.SENT, True)
    assert sorted(m.to[0] for m in mailoutbox) == ["lee_leadership@example.org", "lena@example.org"]
    run = MonthlyReportRun.objects.get(month=JUNE)
    assert (run.sent, run.failed, run.finished_at is not None) == (2, 0, True)
    assert monthly_reports_recover(now=now) == []


@pytest.mark.parametrize(
    ("queued_ago", "claimed_ago"),
    [
        (dt.timedelta(minutes=10), None),  # queued a moment ago: a worker may not have come
        (dt.timedelta(hours=2), dt.timedelta(minutes=1)),  # a live worker is still sending
    ],
)
def test_recover_leaves_a_month_that_is_still_being_worked_on(db, queued_ago, claimed_ago):
    now = timezone.now()
    MonthlyReportRun.objects.create(month=JUNE, queued_at=now - queued_ago)
    if claimed_ago:
        _dead_claim("lena@example.org", at=now - claimed_ago)

    assert monthly_reports_recover(now=now) == []


def test_run_periodic_says_when_it_queues_a_stopped_report_again(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with time_machine.travel(local(2024, 7, 20, 12), tick=False):
        MonthlyReportRun.objects.create(month=JUNE, queued_at=local(2024, 7, 20, 10))
        output = _call("run_periodic")

    assert "Queued the monthly report for June 2024 again: its worker stopped" in output
