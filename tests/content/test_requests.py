"""Amplification requests: anyone asks, admins triage, assign and record the outcome, the
requester follows the status (and hears about it by e-mail)."""

from __future__ import annotations

import pytest

from whitecoat.content import services
from whitecoat.content.enums import RequestState
from whitecoat.content.models import RequestChange
from whitecoat.content.selectors import request_list
from whitecoat.core.errors import WhiteCoatError

R = RequestState


@pytest.fixture
def amplification(outsider, cardiology):
    return services.amplification_request_submit(
        by=outsider,
        title="Stroke awareness walk",
        summary="Our department walks 5 km for stroke awareness.",
        kind="event",
        links="https://lakeside.example/walk",
        department=cardiology,
    )


def test_anyone_signed_in_can_ask_and_the_admins_hear_of_it(
    outsider, admin, cardiology, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.amplification_request_submit(
            by=outsider, title="A new clinic", summary="It opens on Monday."
        )

    assert (created.state, created.requested_by) == (R.SUBMITTED, outsider)
    assert sorted(mailoutbox[0].to) == sorted([outsider.email, admin.email])


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"title": " "}, "Say what it is"),
        ({"links": "not a link"}, "not a web address"),
        ({"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, "before the start"),
    ],
)
def test_request_submit_checks_what_is_asked(outsider, changes, message):
    import datetime as dt

    values = {"by": outsider, "title": "Walk", "summary": "5 km"}
    values |= {k: dt.date.fromisoformat(v) if k.endswith("_on") else v for k, v in changes.items()}
    with pytest.raises(WhiteCoatError, match=message):
        services.amplification_request_submit(**values)


def test_admin_accepts_assigns_and_records_the_outcome(
    amplification, admin, outsider, team_account, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.amplification_transition(request=amplification, to_state=R.ACCEPTED, by=admin)
        services.amplification_transition(
            request=amplification,
            to_state=R.COMPLETED,
            by=admin,
            outcome="Posted on X on Friday.",
            accounts=[team_account],
            reach=12_400,
        )

    amplification.refresh_from_db()
    assert (amplification.state, amplification.assigned_to, amplification.reach) == (
        R.COMPLETED,
        admin,
        12_400,
    )
    assert list(amplification.accounts.all()) == [team_account]
    assert list(RequestChange.objects.values_list("from_state", "to_state", "changed_by")) == [
        ("", "submitted", outsider.pk),
        ("submitted", "accepted", admin.pk),
        ("accepted", "completed", admin.pk),
    ]
    assert [m.to for m in mailoutbox] == [[outsider.email], [outsider.email]]
    assert "amplified" in mailoutbox[-1].subject


@pytest.mark.parametrize(
    "persona,to_state,code",
    [
        ("outsider", R.ACCEPTED, "forbidden"),
        ("ambassador", R.ACCEPTED, "forbidden"),
        ("leadership", R.DECLINED, "forbidden"),
        ("ambassador", R.WITHDRAWN, "forbidden"),
        ("admin", R.COMPLETED, "illegal_transition"),
    ],
)
def test_request_transitions_per_role(amplification, personas, persona, to_state, code):
    with pytest.raises(WhiteCoatError) as error:
        services.amplification_transition(
            request=amplification, to_state=to_state, by=personas[persona], reason="No."
        )

    assert error.value.code == code


def test_requester_withdraws_and_nothing_moves_after(amplification, outsider, admin):
    services.amplification_transition(request=amplification, to_state=R.WITHDRAWN, by=outsider)

    with pytest.raises(WhiteCoatError) as error:
        services.amplification_transition(request=amplification, to_state=R.ACCEPTED, by=admin)

    assert error.value.code == "illegal_transition"


def test_decline_needs_a_reason_and_complete_an_outcome(amplification, admin):
    with pytest.raises(WhiteCoatError) as decline:
        services.amplification_transition(request=amplification, to_state=R.DECLINED, by=admin)
    services.amplification_transition(request=amplification, to_state=R.ACCEPTED, by=admin)
    with pytest.raises(WhiteCoatError) as complete:
        services.amplification_transition(request=amplification, to_state=R.COMPLETED, by=admin)

    assert (decline.value.code, complete.value.code) == ("no_reason", "no_outcome")


def test_requests_are_assigned_to_admins_only(amplification, admin, ambassador):
    with pytest.raises(WhiteCoatError) as error:
        services.amplification_assign(request=amplification, by=admin, assigned_to=ambassador)

    assert error.value.code == "bad_assignee"


def test_requester_sees_only_their_requests(amplification, personas):
    def titles(persona):
        return [r.title for r in request_list(user=personas[persona], show="all")]

    assert titles("outsider") == ["Stroke awareness walk"]
    assert titles("admin") == titles("leadership") == ["Stroke awareness walk"]
    assert titles("ambassador") == titles("chair_cardiology") == []
