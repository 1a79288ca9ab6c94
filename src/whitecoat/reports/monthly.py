"""The monthly report: last month's results and areas represented, built once, e-mailed
to each recipient with the PDF attached, and recorded per address so that running it
again never e-mails anyone twice.

`run_periodic` calls `monthly_report_schedule` every few minutes; in the first days of a
month it queues `monthly_report_send_task` once for the month before. The command
`send_monthly_reports` runs the same send by hand (with --dry-run).

A worker killed mid-send leaves each address either sent, failed, or claimed ("sending").
A claim older than SENDING_TIMEOUT belongs to a dead worker: `monthly_reports_recover`
(called by `run_periodic`) marks it failed and queues the month again. Only an address
whose message left in the instant before its record was updated can get it twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from whitecoat.core.errors import WhiteCoatError
from whitecoat.core.mail import subject_line
from whitecoat.reports import figures as F
from whitecoat.reports.enums import DeliveryState
from whitecoat.reports.exports import PDF_TYPE, monthly_pdf
from whitecoat.reports.models import MonthlyReportDelivery, MonthlyReportRun, ReportSchedule
from whitecoat.reports.selectors import (
    RecipientRow,
    areas_report,
    monthly_recipients,
    results_report,
)
from whitecoat.reports.tables import results_key_figures

# run_periodic queues last month's report on the first days of a month, from this hour
# on the 1st (after the night's sync has read the month's last day).
MONTHLY_DAYS = 7
MONTHLY_HOUR = 8
# A claim ("sending") or a queued run this old, in seconds, belongs to a worker that died.
SENDING_TIMEOUT = 30 * 60


@dataclass
class SendSummary:
    month: dt.date
    recipients: int
    dry_run: bool
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    would_send: list[str] = field(default_factory=list)

    def text(self) -> str:
        month = f"{self.month:%B %Y}"
        if self.dry_run:
            lines = [
                f"Monthly report for {month}: would send to {len(self.would_send)} of "
                f"{self.recipients} recipient(s); {len(self.already)} already have it."
            ]
            lines += [f"  would send to {email}" for email in self.would_send]
            return "\n".join(lines)
        lines = [
            f"Monthly report for {month}: sent {len(self.sent)}, already sent "
            f"{len(self.already)}, failed {len(self.failed)} ({self.recipients} recipient(s))."
        ]
        lines += [f"  failed: {email}" for email in self.failed]
        return "\n".join(lines)


def month_start(day: dt.date) -> dt.date:
    return F.month_first(day)


def previous_month_start(today: dt.date) -> dt.date:
    return F.previous_month(today)[0]


@dataclass
class MonthlyReport:
    subject: str
    pdf: bytes
    filename: str
    context: dict[str, object]


def monthly_report_build(*, month: dt.date) -> MonthlyReport:
    """The month's report: results over the month, areas on its last day, one PDF."""
    report_range = F.month_range(month)
    results = results_report(report_range=report_range)
    areas = areas_report(report_range=report_range)
    schedule = ReportSchedule.current()
    return MonthlyReport(
        subject=subject_line(f"Program report for {month:%B %Y}"),
        pdf=monthly_pdf(results, areas, paper=schedule.paper_size),
        filename=f"whitecoat-report-{month:%Y-%m}.pdf",
        context={
            "site_name": settings.SITE_NAME,
            "results": results,
            "areas": areas,
            "figures": results_key_figures(results),
        },
    )


def _message(report: MonthlyReport, row: RecipientRow) -> EmailMessage:
    body = render_to_string("reports/email/monthly.txt", {**report.context, "reason": row.reason})
    message = EmailMessage(subject=report.subject, body=body, to=[row.user.email])
    message.attach(report.filename, report.pdf, PDF_TYPE)
    return message


def _claim(*, month: dt.date, email: str, user: object) -> bool:
    """Take the (month, address) for this run: a new delivery, or one that failed before.
    The unique constraint makes two concurrent runs claim each address once."""
    now = timezone.now()
    try:
        with transaction.atomic():
            MonthlyReportDelivery.objects.create(
                month=month, email=email, user=user, state=DeliveryState.SENDING, claimed_at=now
            )
        return True
    except IntegrityError:
        retried = MonthlyReportDelivery.objects.filter(
            month=month, email=email, state=DeliveryState.FAILED
        ).update(state=DeliveryState.SENDING, claimed_at=now, error="")
        return retried == 1


def monthly_report_send(
    *, month: dt.date, dry_run: bool = False, today: dt.date | None = None
) -> SendSummary:
    """E-mail the report of the month starting `month` to every recipient who does not
    have it yet. Idempotent: each address gets each month's report once; a failed send is
    retried by the next run; with `dry_run` nothing is sent or recorded."""
    today = today or timezone.localdate()
    if month.day != 1:
        raise WhiteCoatError("A month starts on its first day.", code="invalid_month")
    if month >= month_start(today):
        raise WhiteCoatError(
            f"{month:%B %Y} is not over yet: its report can be sent from the 1st of the "
            "next month.",
            code="month_not_over",
        )
    recipients = monthly_recipients()
    done = set(
        MonthlyReportDelivery.objects.filter(
            month=month, state__in=[DeliveryState.SENT, DeliveryState.SENDING]
        ).values_list("email", flat=True)
    )
    summary = SendSummary(month=month, recipients=len(recipients), dry_run=dry_run)
    pending = []
    for row in recipients:
        email = row.user.email.strip().lower()
        if email in done:
            summary.already.append(email)
        else:
            pending.append((email, row))
    if dry_run:
        summary.would_send = [email for email, _ in pending]
        return summary
    if pending:
        report = monthly_report_build(month=month)
        for email, row in pending:
            if not _claim(month=month, email=email, user=row.user):
                summary.already.append(email)
                continue
            delivery = MonthlyReportDelivery.objects.filter(month=month, email=email)
            try:
                _message(report, row).send()
            except Exception as error:  # any mail failure is recorded and retried later
                delivery.update(state=DeliveryState.FAILED, error=str(error)[:1000])
                summary.failed.append(email)
            else:
                delivery.update(state=DeliveryState.SENT, sent_at=timezone.now())
                summary.sent.append(email)
    _run_record(month)
    return summary


def _run_record(month: dt.date) -> MonthlyReportRun:
    deliveries = MonthlyReportDelivery.objects.filter(month=month)
    run, _ = MonthlyReportRun.objects.get_or_create(month=month)
    run.sent = deliveries.filter(state=DeliveryState.SENT).count()
    run.failed = deliveries.filter(state=DeliveryState.FAILED).count()
    run.finished_at = timezone.now()
    run.save(update_fields=["sent", "failed", "finished_at"])
    return run


@dataclass(frozen=True)
class ScheduleDecision:
    month: dt.date
    due: bool
    reason: str


def monthly_report_due(*, now: dt.datetime | None = None) -> ScheduleDecision:
    """Whether `run_periodic` should queue last month's report now, and why (not)."""
    now = timezone.localtime(now)
    month = previous_month_start(now.date())
    label = f"{month:%B %Y}"
    if not ReportSchedule.current().monthly_enabled:
        return ScheduleDecision(month, False, f"monthly report for {label}: turned off")
    if MonthlyReportRun.objects.filter(month=month).exists():
        return ScheduleDecision(month, False, f"monthly report for {label}: already queued")
    if now.day > MONTHLY_DAYS:
        return ScheduleDecision(
            month, False, f"monthly report for {label}: not queued in its first {MONTHLY_DAYS} days"
        )
    if now.day == 1 and now.hour < MONTHLY_HOUR:
        return ScheduleDecision(
            month, False, f"monthly report for {label}: not before {MONTHLY_HOUR}:00"
        )
    return ScheduleDecision(month, True, f"monthly report for {label}")


def monthly_report_schedule(*, now: dt.datetime | None = None) -> ScheduleDecision:
    """Queue last month's report once (a MonthlyReportRun records that it was queued)."""
    from whitecoat.reports.tasks import monthly_report_send_task  # tasks import this module

    decision = monthly_report_due(now=now)
    if not decision.due:
        return decision
    with transaction.atomic():
        _, created = MonthlyReportRun.objects.get_or_create(
            month=decision.month, defaults={"queued_at": timezone.now()}
        )
        if created:
            month = decision.month.isoformat()
            transaction.on_commit(lambda: monthly_report_send_task.enqueue(month))
    if not created:
        return ScheduleDecision(decision.month, False, f"{decision.reason}: already queued")
    return decision


def monthly_reports_recover(*, now: dt.datetime | None = None) -> list[dt.date]:
    """Queue again the months whose send stopped with its worker: a claim or a queued,
    unfinished run older than SENDING_TIMEOUT, and no younger claim (a live worker). The
    dead worker's claims are marked failed, so the new run sends to them. Returns the
    months queued."""
    from whitecoat.reports.tasks import monthly_report_send_task  # tasks import this module

    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=SENDING_TIMEOUT)
    claims = MonthlyReportDelivery.objects.filter(state=DeliveryState.SENDING)
    months = set(claims.filter(claimed_at__lt=stale).values_list("month", flat=True))
    months |= set(
        MonthlyReportRun.objects.filter(finished_at__isnull=True, queued_at__lt=stale).values_list(
            "month", flat=True
        )
    )
    months -= set(claims.filter(claimed_at__gte=stale).values_list("month", flat=True))
    for month in sorted(months):
        with transaction.atomic():
            claims.filter(month=month).update(
                state=DeliveryState.FAILED,
                error="The worker stopped while sending; the message may not have left.",
            )
            MonthlyReportRun.objects.update_or_create(
                month=month, defaults={"queued_at": now, "finished_at": None}
            )
            iso = month.isoformat()
            transaction.on_commit(lambda iso=iso: monthly_report_send_task.enqueue(iso))
    return sorted(months)


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def monthly_report_periodic(*, dry_run: bool = False, now: dt.datetime | None = None) -> str:
    """`run_periodic`'s line about the monthly report; queues it when due (not dry-run)."""
    if dry_run:
        decision = monthly_report_due(now=now)
        return f"Would queue the {decision.reason}." if decision.due else _sentence(decision.reason)
    decision = monthly_report_schedule(now=now)
    return f"Queued the {decision.reason}." if decision.due else _sentence(decision.reason)
