from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import AmbassadorFactory, PersonFactory
from whitecoat.program import services
from whitecoat.program.models import Nomination


@pytest.fixture
def nomination(chair_cardiology, cardiology, cohort):
    return services.nomination_submit(
        by=chair_cardiology,
        department=cardiology,
        cohort=cohort,
        rationale="Explains heart failure beautifully.",
        suggested_platforms=["instagram"],
        person=PersonFactory(first_name="Nadia", department=cardiology),
    )


NOMINATION_DETAIL_LADDER = {
    "admin": 200,
    "leadership": 200,
    "chair_cardiology": 200,
    "ambassador": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona,expected", NOMINATION_DETAIL_LADDER.items())
def test_nomination_detail_checks_scope(client, personas, nomination, persona, expected):
    client.force_login(personas[persona])

    response = client.get(reverse("nomination-detail", args=[nomination.pk]))

    assert response.status_code == expected


def test_nomination_detail_hidden_from_another_chair(client, chair_neurology, nomination):
    client.force_login(chair_neurology)

    assert client.get(reverse("nomination-detail", args=[nomination.pk])).status_code == 404


@pytest.mark.parametrize(
    "persona,expected",
    [("admin", 200), ("chair_cardiology", 200), ("leadership", 403), ("ambassador", 403)],
)
def test_nomination_form_is_for_chairs_and_admins(client, personas, persona, expected):
    client.force_login(personas[persona])

    assert client.get(reverse("nomination-create")).status_code == expected


def test_chair_nominates_through_the_form(client, chair_cardiology, cardiology, cohort):
    person = PersonFactory(first_name="Omar", department=cardiology)
    client.force_login(chair_cardiology)

    response = client.post(
        reverse("nomination-create"),
        {
            "department": cardiology.pk,
            "person": person.pk,
            "cohort": cohort.pk,
            "rationale": "Great with patients' questions.",
            "suggested_platforms": ["x"],
        },
        follow=True,
    )

    nomination = Nomination.objects.get()
    assert response.redirect_chain[-1][0] == reverse("nomination-detail", args=[nomination.pk])
    assert "Omar" in response.text


def test_nomination_form_keeps_what_was_typed_on_error(
    client, chair_cardiology, cardiology, cohort
):
    client.force_login(chair_cardiology)

    response = client.post(
        reverse("nomination-create"),
        {
            "department": cardiology.pk,
            "cohort": cohort.pk,
            "rationale": "Keeps this text",
            "first_name": "Zed",
        },
    )

    assert response.status_code == 200
    assert "Keeps this text" in response.text
    assert 'value="Zed"' in response.text
    assert "Needed for a new person" in response.text
    assert not Nomination.objects.exists()


def test_chair_lists_only_their_nominations(client, chair_neurology, nomination):
    client.force_login(chair_neurology)

    response = client.get(reverse("nomination-list"), {"show": "all"})

    assert "Nadia" not in response.text


def test_admin_accepts_from_the_page(client, admin, nomination):
    client.force_login(admin)

    client.post(reverse("nomination-accept", args=[nomination.pk]), {"reason": ""})

    nomination.refresh_from_db()
    assert nomination.ambassador.status == "intake"


def test_decline_without_reason_shows_the_error(client, admin, nomination):
    client.force_login(admin)

    response = client.post(reverse("nomination-decline", args=[nomination.pk]), {"reason": ""})

    assert response.status_code == 422
    assert "This field is required." in response.text


def test_chair_cannot_accept(client, chair_cardiology, nomination):
    client.force_login(chair_cardiology)

    response = client.post(reverse("nomination-accept", args=[nomination.pk]), {"reason": ""})

    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


def test_intake_page_is_for_admins(client, chair_cardiology, admin, cohort, cardiology):
    record = AmbassadorFactory(cohort=cohort, status="intake", person__department=cardiology)
    client.force_login(chair_cardiology)
    assert client.get(reverse("ambassador-intake", args=[record.pk])).status_code == 403

    client.force_login(admin)
    response = client.post(
        reverse("ambassador-intake", args=[record.pk]),
        {"choose_linkedin": "on", "reason_linkedin": "Peers", "notes": ""},
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "training"


def test_transition_form_shows_the_rule_that_failed(client, admin, cohort):
    record = AmbassadorFactory(cohort=cohort, status="intake")
    client.force_login(admin)

    response = client.post(
        reverse("ambassador-transition", args=[record.pk]), {"to_status": "training"}, follow=True
    )

    assert "Choose at least one platform" in response.text


def test_ambassador_page_shows_history(client, admin, ambassador_record):
    services.ambassador_transition(
        ambassador=ambassador_record, to_status="paused", by=admin, reason="Sabbatical"
    )
    client.force_login(admin)

    response = client.get(reverse("ambassador-detail", args=[ambassador_record.pk]))

    assert "Sabbatical" in response.text
    assert 'name="to_status"' in response.text


def test_ambassador_page_has_no_status_form_for_chairs(client, chair_cardiology, ambassador_record):
    client.force_login(chair_cardiology)

    response = client.get(reverse("ambassador-detail", args=[ambassador_record.pk]))

    assert 'name="to_status"' not in response.text


def test_anyone_can_ask_for_a_consultation(client, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("consultation-list"), {"topic": "Starting on LinkedIn", "preferred_times": "Fri"}
    )

    assert response.status_code == 302
    assert "Starting on LinkedIn" in client.get(reverse("consultation-list")).text


def test_consultations_of_others_are_hidden(client, outsider, ambassador):
    consultation = services.consultation_request(by=outsider, topic="Mine")
    client.force_login(ambassador)

    assert client.get(reverse("consultation-detail", args=[consultation.pk])).status_code == 404
    assert "Mine" not in client.get(reverse("consultation-list")).text


def test_admin_schedules_a_consultation(client, admin, outsider):
    consultation = services.consultation_request(by=outsider, topic="Help")
    client.force_login(admin)

    client.post(
        reverse("consultation-detail", args=[consultation.pk]),
        {"action": "schedule", "when": "2026-12-02T09:30"},
    )

    consultation.refresh_from_db()
    assert consultation.state == "scheduled"


@pytest.mark.parametrize("page", ["nomination-list", "consultation-list"])
def test_pipeline_lists_make_no_extra_queries_per_row(
    client, admin, chair_cardiology, cardiology, cohort, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin)

    def queries_after_adding(count: int) -> int:
        for _ in range(count):
            services.nomination_submit(
                by=chair_cardiology,
                department=cardiology,
                cohort=cohort,
                rationale="r",
                suggested_platforms=[],
                person=PersonFactory(department=cardiology),
            )
            services.consultation_request(by=chair_cardiology, topic="t", department=cardiology)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page)).status_code == 200
        return len(captured)

    assert queries_after_adding(1) == queries_after_adding(2)
