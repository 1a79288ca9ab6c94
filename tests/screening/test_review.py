"""The review: confirm → coaching (stored, e-mailed, acknowledged); dismiss needs a reason;
per-rule precision from the decisions, absent (not zero) without any."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import SocialAccountFactory
from tests.screening.factories import screened_post
from whitecoat.core.errors import WhiteCoatError
from whitecoat.screening.enums import Decision, ReviewState
from whitecoat.screening.models import Coaching, Review
from whitecoat.screening.selectors import (
    coaching_message_default,
    coaching_pending,
    rule_precision,
)
from whitecoat.screening.services import coaching_acknowledge, finding_decide


@pytest.fixture
def screening(ambassador_account):
    return screened_post(ambassador_account)


def _finding(screening, rule: str = "phi.name"):
    return screening.findings.get(rule=rule)


def _precision(code: str):
    return next(row for row in rule_precision() if row.rule.code == code)


def test_confirm_coaches_the_ambassador_by_a_stored_and_emailed_message(
    admin, ambassador, ambassador_record, screening, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = finding_decide(
            finding=_finding(screening),
            decision=Decision.CONFIRMED,
            by=admin,
            text="Please remove the patient's name from this post.",
            coaching_url="https://whitecoat.example/screening/coaching/",
        )

    coaching = Coaching.objects.get()
    assert (review.decision, review.decided_by, review.rule) == ("confirmed", admin, "phi.name")
    assert review.decided_at is not None
    assert _finding(screening).state == ReviewState.CONFIRMED
    assert coaching.ambassador == ambassador_record
    assert coaching.message == "Please remove the patient's name from this post."
    assert coaching.acknowledged_at is None
    assert coaching_pending(user=ambassador) == [coaching]
    (email,) = mail.outbox
    assert email.to == [ambassador_record.person.email]
    assert email.subject == "[WhiteCoat] About your post: a person's name"
    assert "Please remove the patient's name from this post." in email.body
    assert "My patient [NAME] went home today." in email.body
    assert "John Kowalski" not in email.body
    assert "https://whitecoat.example/screening/coaching/" in email.body


def test_acknowledgement_is_recorded_once_by_the_ambassador_only(
    admin, ambassador, other_ambassador, screening
):
    finding_decide(finding=_finding(screening), decision="confirmed", by=admin, text="Please fix.")
    coaching = Coaching.objects.get()

    with pytest.raises(WhiteCoatError) as not_theirs:
        coaching_acknowledge(coaching=coaching, by=other_ambassador)
    acknowledged = coaching_acknowledge(coaching=coaching, by=ambassador)
    with pytest.raises(WhiteCoatError) as twice:
        coaching_acknowledge(coaching=coaching, by=ambassador)

    assert not_theirs.value.code == "forbidden"
    assert acknowledged.acknowledged_at is not None
    assert twice.value.code == "already_acknowledged"
    assert coaching_pending(user=ambassador) == []


def test_dismiss_needs_a_reason(admin, screening):
    with pytest.raises(WhiteCoatError) as error:
        finding_decide(finding=_finding(screening), decision="dismissed", by=admin, text="  ")

    assert error.value.code == "reason_required"
    assert Review.objects.count() == 0
    assert _finding(screening).state == ReviewState.OPEN


def test_dismiss_records_who_when_and_why_and_coaches_nobody(admin, screening):
    review = finding_decide(
        finding=_finding(screening),
        decision="dismissed",
        by=admin,
        text="A colleague's name, not a patient's.",
    )

    assert (review.decision, review.reason, review.decided_by) == (
        "dismissed",
        "A colleague's name, not a patient's.",
        admin,
    )
    assert _finding(screening).state == ReviewState.DISMISSED
    assert Coaching.objects.count() == 0


def test_confirm_needs_a_message_for_the_ambassador(admin, screening):
    with pytest.raises(WhiteCoatError) as error:
        finding_decide(finding=_finding(screening), decision="confirmed", by=admin, text="")

    assert error.value.code == "message_required"


def test_confirm_on_an_institutional_account_coaches_nobody(admin, cardiology):
    account = SocialAccountFactory(ambassador=None, unit_department=cardiology, handle="@cardio")
    screening = screened_post(account)

    review = finding_decide(finding=_finding(screening), decision="confirmed", by=admin, text="")

    assert review.decision == "confirmed"
    assert Coaching.objects.count() == 0


def test_a_finding_is_decided_once(admin, screening):
    finding_decide(finding=_finding(screening), decision="confirmed", by=admin, text="Fix it.")

    with pytest.raises(WhiteCoatError) as error:
        finding_decide(finding=_finding(screening), decision="dismissed", by=admin, text="No.")

    assert error.value.code == "already_decided"
    assert Review.objects.count() == 1


def test_only_program_admins_decide(ambassador, leadership, chair_cardiology, screening):
    for user in (ambassador, leadership, chair_cardiology):
        with pytest.raises(WhiteCoatError) as error:
            finding_decide(finding=_finding(screening), decision="dismissed", by=user, text="x")
        assert error.value.code == "forbidden"


def test_tips_are_not_reviewed(admin, ambassador_account):
    screening = screened_post(ambassador_account, text="Join us on March 3 for the heart fair.")

    with pytest.raises(WhiteCoatError) as error:
        finding_decide(
            finding=_finding(screening, "phi.date"), decision="dismissed", by=admin, text="x"
        )

    assert error.value.code == "tip"


def test_message_quoting_the_identifier_is_refused(admin, screening):
    with pytest.raises(WhiteCoatError) as error:
        finding_decide(
            finding=_finding(screening),
            decision="confirmed",
            by=admin,
            text="Remove John Kowalski from the post.",
        )

    assert error.value.code == "quotes_identifier"
    assert "John Kowalski" not in error.value.message
    assert Review.objects.count() == 0


def test_default_message_is_written_from_the_rule_not_the_post(screening):
    message = coaching_message_default(finding=_finding(screening), post=screening.post)

    assert message.startswith("Hello Amy,\n\nOur review of your X post of ")
    assert "a person's name" in message
    assert "John Kowalski" not in message
    assert "acknowledge this message in WhiteCoat" in message


def test_precision_is_absent_without_decisions_not_zero(db):
    rows = rule_precision()

    assert {row.precision for row in rows} == {None}
    assert {(row.confirmed, row.dismissed) for row in rows} == {(0, 0)}
    assert not any(row.rule.praise for row in rows)


def test_precision_is_confirmed_over_all_decisions_per_rule(admin, ambassador_account):
    for index in range(4):
        screening = screened_post(ambassador_account)
        finding_decide(
            finding=_finding(screening),
            decision="confirmed" if index < 3 else "dismissed",
            by=admin,
            text="Fix it." if index < 3 else "A colleague.",
        )
    screening = screened_post(ambassador_account)
    finding_decide(
        finding=_finding(screening, "partnership.undisclosed"),
        decision="dismissed",
        by=admin,
        text="Our hospital's own pharmacy discount.",
    )

    names, promos, ages = (
        _precision("phi.name"),
        _precision("partnership.undisclosed"),
        _precision("phi.age"),
    )

    assert (names.confirmed, names.dismissed, names.precision) == (3, 1, 0.75)
    assert (promos.confirmed, promos.dismissed, promos.precision) == (0, 1, 0.0)
    assert (ages.decisions, ages.precision) == (0, None)
