"""Every training page × every role: who may open it (the permission ladder), and what they
see there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AmbassadorFactory
from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    PolicyVersionFactory,
    SessionInvitationFactory,
    TrainingSessionFactory,
)
from whitecoat.metrics.enums import Platform
from whitecoat.training.enums import ModuleKind

PERSONAS = ["admin", "leadership", "chair_cardiology", "ambassador", "other_ambassador", "outsider"]


@pytest.fixture
def world(personas, ambassador_record, x_course, amy_chose_x) -> dict[str, Any]:
    """Amy (cardiology) chose X and is invited to an X session next week; a draft course;
    one published policy."""
    session = TrainingSessionFactory(
        course=x_course,
        trainer=personas["admin"],
        starts_at=timezone.now() + dt.timedelta(days=7),
    )
    SessionInvitationFactory(session=session, ambassador=ambassador_record)
    draft = CourseFactory(title="TikTok draft", slug="tiktok-draft", is_published=False)
    version = PolicyVersionFactory(policy__title="Code of conduct", policy__slug="code")
    return {
        **personas,
        "amy": ambassador_record,
        "course": x_course,
        "module": x_course.modules.first(),
        "draft": draft,
        "session": session,
        "choice": amy_chose_x,
        "version": version,
    }


def url_for(page: str, world: dict[str, Any]) -> str:
    args = {
        "training:curriculum": [],
        "training:course-detail": [world["course"].slug],
        "training:course-create": [],
        "training:course-edit": [world["course"].slug],
        "training:module-detail": [world["module"].pk],
        "training:module-create": [world["course"].slug],
        "training:module-edit": [world["module"].pk],
        "training:session-list": [],
        "training:calendar": [],
        "training:session-detail": [world["session"].pk],
        "training:session-ics": [world["session"].pk],
        "training:session-create": [],
        "training:session-edit": [world["session"].pk],
        "training:session-cancel": [world["session"].pk],
        "training:session-attendance": [world["session"].pk],
        "training:policy-list": [],
        "training:policy-create": [],
        "training:policy-version": [world["version"].pk],
        "training:policy-version-create": [world["version"].policy.slug],
        "training:policy-report": [world["version"].pk],
        "training:ambassador": [world["amy"].pk],
    }[page]
    return reverse(page, args=args)


ADMIN_ONLY = {"admin": 200} | dict.fromkeys(PERSONAS[1:], 403)
MEMBERS = dict.fromkeys(PERSONAS[:-1], 200) | {"outsider": 403}
AMYS = {
    "admin": 200,
    "leadership": 200,
    "chair_cardiology": 200,
    "ambassador": 200,
    "other_ambassador": 404,
    "outsider": 404,
}
LADDER = {
    "training:curriculum": dict.fromkeys(PERSONAS, 200),
    "training:course-detail": dict.fromkeys(PERSONAS, 200),
    "training:module-detail": dict.fromkeys(PERSONAS, 200),
    "training:course-create": ADMIN_ONLY,
    "training:course-edit": ADMIN_ONLY,
    "training:module-create": ADMIN_ONLY,
    "training:module-edit": ADMIN_ONLY,
    "training:session-list": MEMBERS,
    "training:calendar": MEMBERS,
    "training:session-detail": AMYS,
    "training:session-ics": AMYS,
    "training:session-create": ADMIN_ONLY,
    "training:session-edit": ADMIN_ONLY,
    "training:session-cancel": ADMIN_ONLY,
    "training:session-attendance": ADMIN_ONLY,
    "training:policy-list": MEMBERS,
    "training:policy-version": MEMBERS,
    "training:policy-create": ADMIN_ONLY,
    "training:policy-version-create": ADMIN_ONLY,
    "training:policy-report": {"admin": 200, "leadership": 200}
    | dict.fromkeys(["chair_cardiology", "ambassador", "other_ambassador", "outsider"], 403),
    "training:ambassador": AMYS,
}
LADDER_CASES = [
    (page, persona, status)
    for page, statuses in LADDER.items()
    for persona, status in statuses.items()
]


@pytest.mark.parametrize("page", LADDER)
def test_page_sends_anonymous_users_to_login(client, world, page):
    response = client.get(url_for(page, world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("page", "persona", "status"), LADDER_CASES)
def test_page_answers_each_role(client, world, page, persona, status):
    client.force_login(world[persona])

    response = client.get(url_for(page, world))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("leadership", 404), ("ambassador", 404), ("outsider", 404)],
)
def test_course_detail_shows_a_draft_only_to_admins(client, world, persona, status):
    client.force_login(world[persona])

    response = client.get(reverse("training:course-detail", args=[world["draft"].slug]))

    assert response.status_code == status


def test_curriculum_hides_drafts_from_ambassadors(client, world):
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:curriculum"))

    assert "X basics" in response.text
    assert "TikTok draft" not in response.text


def test_nav_offers_training_to_members_but_not_requesters(client, world):
    client.force_login(world["ambassador"])
    assert reverse("training:curriculum") in client.get(reverse("home")).text

    client.force_login(world["outsider"])
    assert reverse("training:curriculum") not in client.get(reverse("home")).text


def test_session_list_shows_an_ambassador_only_their_sessions(client, world, other_ambassador):
    bob = other_ambassador.person.ambassadorships.get()
    theirs = TrainingSessionFactory(
        course=world["course"], starts_at=timezone.now() + dt.timedelta(days=3)
    )
    SessionInvitationFactory(session=theirs, ambassador=bob)
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:session-list"))

    assert list(response.context["upcoming"]) == [world["session"]]


def test_session_list_shows_a_chair_their_departments_sessions(client, world, other_ambassador):
    bob = other_ambassador.person.ambassadorships.get()
    theirs = TrainingSessionFactory(
        course=world["course"], starts_at=timezone.now() + dt.timedelta(days=3)
    )
    SessionInvitationFactory(session=theirs, ambassador=bob)
    client.force_login(world["chair_cardiology"])

    response = client.get(reverse("training:session-list"))

    assert list(response.context["upcoming"]) == [world["session"]]


def test_calendar_shows_the_ambassador_their_session_in_its_week(client, world):
    session = world["session"]
    day = timezone.localtime(session.starts_at).date()
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:calendar"), {"view": "week", "date": day.isoformat()})

    period = response.context["period"]
    assert period.session_count == 1
    assert reverse("training:session-detail", args=[session.pk]) in response.text
    assert f'<time datetime="{day.isoformat()}">' in response.text


def test_calendar_month_view_has_whole_weeks_and_links_to_neighbours(client, world):
    client.force_login(world["admin"])

    response = client.get(reverse("training:calendar"), {"view": "month", "date": "2026-02-10"})

    period = response.context["period"]
    assert period.title == "February 2026"
    assert all(len(week) == 7 for week in period.weeks)
    assert period.weeks[0][0].date == dt.date(2026, 1, 26)
    assert period.previous == dt.date(2026, 1, 1)
    assert period.next == dt.date(2026, 3, 1)
    assert "date=2026-01-01" in response.text


def test_calendar_ignores_a_malformed_date(client, world):
    client.force_login(world["admin"])

    response = client.get(reverse("training:calendar"), {"view": "year", "date": "soon"})

    assert response.status_code == 200
    assert response.context["period"].view == "week"


def test_session_ics_download_is_a_calendar_file(client, world):
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:session-ics", args=[world["session"].pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert world["session"].uid in response.content.decode()


def test_module_page_offers_self_study_completion_to_the_ambassador(client, world):
    module = world["course"].modules.get(title="X best practices")
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:module-detail", args=[module.pk]))
    client.post(reverse("training:module-complete", args=[module.pk]))

    assert "Mark as complete" in response.text
    assert module.completions.get().ambassador == world["amy"]


def test_module_complete_refuses_a_session_module(client, world):
    module = world["course"].modules.get(title="X features")
    client.force_login(world["ambassador"])

    response = client.post(reverse("training:module-complete", args=[module.pk]), follow=True)

    assert module.completions.count() == 0
    assert "covered in a training session" in response.text


def test_module_complete_is_404_for_someone_without_an_ambassador_record(client, world):
    client.force_login(world["leadership"])

    response = client.post(reverse("training:module-complete", args=[world["module"].pk]))

    assert response.status_code == 404


CHECKLIST_LADDER = {
    "admin": 302,
    "ambassador": 302,
    "chair_cardiology": 403,
    "leadership": 403,
    "other_ambassador": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("persona", "status"), CHECKLIST_LADDER.items())
def test_checklist_toggle_answers_each_role(client, world, persona, status):
    client.force_login(world[persona])

    response = client.post(
        reverse("training:checklist-set", args=[world["choice"].pk]),
        {"item": "profile_photo", "checked": "1"},
    )

    assert response.status_code == status
    assert world["choice"].checklist_items.filter(is_checked=True).count() == (status == 302)


def test_checklist_toggle_answers_htmx_with_the_platforms_checklist(client, world):
    client.force_login(world["ambassador"])
    url = reverse("training:checklist-set", args=[world["choice"].pk])

    response = client.post(
        url, {"item": "profile_photo", "checked": "1"}, headers={"HX-Request": "true"}
    )

    assert "<html" not in response.text
    assert f'id="checklist-{world["choice"].pk}"' in response.text
    assert 'aria-pressed="true"' in response.text
    assert response.context["checklist"].done_count == 1


def test_ambassador_page_shows_progress_sessions_policies_and_checklist(client, world):
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:ambassador", args=[world["amy"].pk]))

    assert "Your training" in response.text
    assert "X basics" in response.text
    assert "0 of 3 modules" in response.text
    assert reverse("training:session-detail", args=[world["session"].pk]) in response.text
    assert "Code of conduct" in response.text
    assert "Read and acknowledge" in response.text
    assert "Professional display name" in response.text


def test_chair_sees_the_ambassador_page_read_only(client, world):
    client.force_login(world["chair_cardiology"])

    response = client.get(reverse("training:ambassador", args=[world["amy"].pk]))

    assert "check-toggle" not in response.text
    assert "Read and acknowledge" not in response.text


def test_my_training_takes_the_ambassador_to_their_page(client, world):
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:mine"))

    assert response["Location"] == reverse("training:ambassador", args=[world["amy"].pk])


def test_policy_acknowledge_records_the_ambassador(client, world):
    client.force_login(world["ambassador"])

    client.post(reverse("training:policy-acknowledge", args=[world["version"].pk]))

    acknowledgement = world["version"].acknowledgements.get()
    assert acknowledgement.ambassador == world["amy"]
    assert acknowledgement.user == world["ambassador"]


def test_policy_acknowledge_ignores_an_offsite_next(client, world):
    client.force_login(world["ambassador"])

    response = client.post(
        reverse("training:policy-acknowledge", args=[world["version"].pk]),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("training:policy-list")


def test_policy_list_shows_what_to_acknowledge(client, world):
    client.force_login(world["ambassador"])

    response = client.get(reverse("training:policy-list"))

    assert "Policies to acknowledge" in response.text
    assert [s.version for s in response.context["to_acknowledge"]] == [world["version"]]


def test_policy_report_lists_who_has_not_acknowledged(client, world):
    client.force_login(world["admin"])

    response = client.get(reverse("training:policy-report", args=[world["version"].pk]))

    assert [a.person.first_name for a in response.context["report"].missing] == ["Amy", "Bob"]


def test_admin_records_an_acknowledgement_for_an_ambassador(client, world):
    client.force_login(world["admin"])
    url = reverse("training:policy-acknowledge-for", args=[world["version"].pk, world["amy"].pk])

    client.post(url)

    acknowledgement = world["version"].acknowledgements.get()
    assert acknowledgement.ambassador == world["amy"]
    assert acknowledgement.user == world["admin"]


def test_course_form_keeps_what_was_typed_on_error(client, world):
    client.force_login(world["admin"])

    response = client.post(
        reverse("training:course-create"),
        {"title": "Snapchat basics", "slug": world["course"].slug, "summary": "Stories and more"},
    )

    assert response.status_code == 200
    assert 'value="Snapchat basics"' in response.text
    assert "Stories and more" in response.text
    assert response.context["form"].errors["slug"]


def test_module_create_adds_the_module_at_the_end(client, world):
    client.force_login(world["admin"])

    response = client.post(
        reverse("training:module-create", args=[world["course"].slug]),
        {
            "title": "X Spaces",
            "kind": ModuleKind.TECHNICAL,
            "body": "## Hosting\n\nTap the microphone.",
            "estimated_minutes": 15,
            "is_self_study": "on",
            "is_published": "on",
        },
    )

    module = world["course"].modules.get(title="X Spaces")
    assert response["Location"] == reverse("training:module-detail", args=[module.pk])
    assert [m.title for m in world["course"].modules.order_by("position")][-1] == "X Spaces"


def test_module_move_reorders_the_course(client, world):
    client.force_login(world["admin"])
    last = world["course"].modules.order_by("position").last()

    client.post(reverse("training:module-move", args=[last.pk]), {"direction": "up"})

    titles = list(world["course"].modules.order_by("position").values_list("title", flat=True))
    assert titles == ["X features", "X analytics", "X best practices"]


def test_course_publish_withdraws_a_course(client, world):
    client.force_login(world["admin"])

    client.post(reverse("training:course-publish", args=[world["course"].slug]), {"publish": "0"})

    world["course"].refresh_from_db()
    assert world["course"].is_published is False


def test_markdown_preview_renders_sanitised_html(client, world):
    client.force_login(world["admin"])

    response = client.post(
        reverse("training:markdown-preview"),
        {"body": "**Bold** <script>alert(1)</script>"},
        headers={"HX-Request": "true"},
    )

    assert "<strong>Bold</strong>" in response.text
    assert "script" not in response.text


def test_markdown_preview_is_for_admins(client, world):
    client.force_login(world["ambassador"])

    response = client.post(reverse("training:markdown-preview"), {"body": "hi"})

    assert response.status_code == 403


def test_session_form_schedules_and_redirects(
    client, world, other_ambassador, mailoutbox, django_capture_on_commit_callbacks
):
    bob = other_ambassador.person.ambassadorships.get()
    starts = timezone.localtime() + dt.timedelta(days=3)
    client.force_login(world["admin"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:session-create"),
            {
                "course": world["course"].pk,
                "trainer": world["admin"].pk,
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 45,
                "kind": "one_to_one",
                "invitees": [bob.pk],
                "video_url": "https://meet.example.org/x",
            },
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_session_form_shows_a_conflict_and_keeps_the_values(client, world):
    starts = timezone.localtime(world["session"].starts_at)
    client.force_login(world["admin"])

    response = client.post(
        reverse("training:session-create"),
        {
            "course": world["course"].pk,
            "trainer": world["admin"].pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
            "kind": "one_to_one",
            "invitees": [world["amy"].pk],
            "location": "Room 12",
        },
    )

    assert response.status_code == 200
    assert "This time clashes" in response.text
    assert 'value="Room 12"' in response.text


def test_attendance_form_records_and_completes_the_course(
    client, world, django_capture_on_commit_callbacks
):
    session = world["session"]
    session.starts_at = timezone.now() - dt.timedelta(hours=2)
    session.ends_at = session.starts_at + dt.timedelta(hours=1)
    session.save()
    invitation = session.invitations.get()
    client.force_login(world["admin"])

    response = client.post(
        reverse("training:session-attendance", args=[session.pk]),
        {f"invitation_{invitation.pk}": "attended"},
    )

    assert response.status_code == 302
    assert world["amy"].module_completions.count() == 3


@pytest.mark.parametrize(
    "page",
    ["training:curriculum", "training:session-list", "training:calendar", "training:policy-list"],
)
def test_list_pages_make_no_extra_queries_per_item(
    client, world, cohort, page, assert_same_queries
):
    client.force_login(world["admin"])
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)

    def add(count: int) -> None:
        for n in range(count):
            course = CourseFactory(platform=Platform.LINKEDIN)
            ModuleFactory(course=course)
            session = TrainingSessionFactory(
                course=course, starts_at=today + dt.timedelta(minutes=10 * n + 1)
            )
            SessionInvitationFactory(session=session, ambassador__cohort=cohort)
            PolicyVersionFactory()

    assert_same_queries(reverse(page), add)


def test_policy_report_makes_no_extra_queries_per_ambassador(
    client, world, cohort, assert_same_queries
):
    client.force_login(world["admin"])
    url = reverse("training:policy-report", args=[world["version"].pk])

    assert_same_queries(url, lambda n: AmbassadorFactory.create_batch(n, cohort=cohort))


def test_to_acknowledge_partial_lists_the_users_policies(world):
    from django.template.loader import render_to_string

    from whitecoat.training.selectors import policies_to_acknowledge

    html = render_to_string(
        "training/_to_acknowledge.html",
        {"policies_to_acknowledge": policies_to_acknowledge(user=world["ambassador"])},
    )

    assert "Policies to acknowledge" in html
    assert reverse("training:policy-version", args=[world["version"].pk]) in html
