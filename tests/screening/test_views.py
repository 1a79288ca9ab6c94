"""The coach's pages: who may see them, the htmx fragments, the queue's filters and queries.

Permission ladder (documented in whitecoat/screening/views.py): anonymous → login; Check my
post for ambassadors and admins; the queue and the rules for admins; Coaching for
ambassadors; everyone else 403, another ambassador's coaching 404.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AmbassadorFactory, SocialAccountFactory
from tests.screening.factories import RISKY_TEXT, screened_post
from whitecoat.metrics.enums import Platform
from whitecoat.screening.enums import ReviewState
from whitecoat.screening.models import Coaching, Finding, PostScreening, Review
from whitecoat.screening.services import finding_decide

HTMX = {"HX-Request": "true"}
PAGES = ["screening:check", "screening:queue", "screening:rules", "screening:coaching"]
ALLOWED = {
    "screening:check": {"admin", "ambassador", "other_ambassador"},
    "screening:queue": {"admin"},
    "screening:rules": {"admin"},
    "screening:coaching": {"ambassador", "other_ambassador"},
}


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_anonymous_visitors_to_login(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_pages_follow_the_permission_ladder(client, personas, name):
    for persona, user in personas.items():
        client.force_login(user)
        expected = 200 if persona in ALLOWED[name] else 403
        assert client.get(reverse(name)).status_code == expected, persona


def test_decisions_are_for_admins_only(client, personas, ambassador_account):
    finding = screened_post(ambassador_account).findings.get(rule="phi.name")
    url = reverse("screening:dismiss", args=[finding.pk])

    for persona, user in personas.items():
        client.force_login(user)
        expected = 302 if persona == "admin" else 403
        assert client.post(url, {"reason": "A colleague."}).status_code == expected, persona
    assert client.get(url).status_code == 405


def test_nav_links_check_my_post_and_the_queue_by_role(client, personas):
    links = {}
    for persona, user in personas.items():
        client.force_login(user)
        html = client.get(reverse("home")).text
        links[persona] = ("Check my post" in html, "Review queue" in html)

    assert links == {
        "admin": (True, True),
        "leadership": (False, False),
        "chair_cardiology": (False, False),
        "ambassador": (True, False),
        "other_ambassador": (True, False),
        "outsider": (False, False),
    }


# ---------------------------------------------------------------------- check my post


def test_check_page_defaults_to_the_ambassadors_account(client, ambassador, ambassador_account):
    SocialAccountFactory(
        ambassador=ambassador_account.ambassador,
        platform=Platform.INSTAGRAM,
        use="personal",
        connection_state="not_connected",
        connected_at=None,
    )
    client.force_login(ambassador)

    response = client.get(reverse("screening:check"))

    form = response.context["form"]
    assert form["platform"].value() == "x"
    assert form["account"].value() == "professional"
    assert "X @dr_amy (professional)" in response.text


def test_check_page_has_no_inline_script_or_style(client, ambassador):
    client.force_login(ambassador)

    html = client.get(reverse("screening:check")).text

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag for tag in scripts)
    assert "style=" not in html
    assert 'hx-trigger="input changed delay:400ms' in html


def test_check_answers_htmx_with_the_findings_and_the_live_status(client, ambassador):
    client.force_login(ambassador)

    response = client.post(reverse("screening:check"), {"text": RISKY_TEXT}, headers=HTMX)

    html = response.text
    assert response.status_code == 200
    assert "<html" not in html
    assert '<div id="check-status" hx-swap-oob="innerHTML">' in html
    assert "Do not post as it is." in html
    assert '<mark class="sev-mark sev-block">John Kowalski</mark>' in html
    assert "A person&#x27;s name" in html
    assert 'name="fix" value="redact:phi.name:11:24"' in html
    assert 'value="disclose:partnership.undisclosed:42:50"' in html
    assert 'id="text-field"' not in html  # the textarea is left alone while typing
    assert "csrfmiddlewaretoken" not in html  # fix forms include #check-form's fields


def test_check_applies_a_fix_and_returns_the_new_text(client, ambassador):
    client.force_login(ambassador)

    response = client.post(
        reverse("screening:check"),
        {"text": RISKY_TEXT, "account": "professional", "fix": "redact:phi.name:11:24"},
        headers=HTMX,
    )

    html = response.text
    fixed = "My patient [NAME] went home today. Use code DRJEN for 20% off!"
    assert response.context["check"].text == fixed
    assert '<div id="text-field" class="field" hx-swap-oob="true">' in html
    assert f">{fixed}</textarea>" in html
    assert "Fix applied: Replace with [NAME]." in html
    assert "phi.name" not in html


def test_check_does_not_apply_a_fix_that_no_longer_matches(client, ambassador):
    client.force_login(ambassador)

    response = client.post(
        reverse("screening:check"),
        {"text": "Hello " + RISKY_TEXT, "fix": "redact:phi.name:11:24"},
        headers=HTMX,
    )

    assert response.context["check"].text == "Hello " + RISKY_TEXT
    assert "That fix no longer applies" in response.text


def test_check_without_javascript_renders_the_page_with_self_contained_fix_forms(
    client, ambassador
):
    client.force_login(ambassador)

    response = client.post(reverse("screening:check"), {"text": RISKY_TEXT, "account": "personal"})

    html = response.text
    assert "<html" in html
    assert html.count('name="csrfmiddlewaretoken"') > 1
    assert f'<input type="hidden" name="text" value="{RISKY_TEXT}">' in html
    assert '<input type="hidden" name="account" value="personal">' in html


def test_check_stores_nothing_and_is_never_cached(client, ambassador):
    client.force_login(ambassador)

    response = client.post(reverse("screening:check"), {"text": RISKY_TEXT}, headers=HTMX)

    assert "no-store" in response.headers["Cache-Control"]
    assert PostScreening.objects.count() == Finding.objects.count() == 0


def test_check_refuses_an_overlong_text_with_a_message(client, ambassador):
    client.force_login(ambassador)

    response = client.post(reverse("screening:check"), {"text": "a" * 20_001}, headers=HTMX)

    assert response.status_code == 200
    assert "at most 20000 characters" in response.text


def test_check_uses_the_photo_caption(client, ambassador):
    client.force_login(ambassador)

    response = client.post(
        reverse("screening:check"),
        {"text": "Long night!", "caption": "selfie in the ICU at 3am", "account": "personal"},
        headers=HTMX,
    )

    assert "A photo or video from work" in response.text
    assert "in the photo&#x27;s caption" in response.text


# ------------------------------------------------------------------------ review queue


def test_queue_groups_blocking_and_warning_findings_per_post_newest_first(
    client, admin, ambassador_account
):
    older = screened_post(ambassador_account, published_at="2026-05-01T10:00:00Z")
    newer = screened_post(ambassador_account, published_at="2026-05-02T10:00:00Z")
    screened_post(ambassador_account, text="Join us on March 3 for the heart fair.")  # tip only
    client.force_login(admin)

    response = client.get(reverse("screening:queue"))

    items = list(response.context["page"].object_list)
    assert [s.pk for s in items] == [newer.pk, older.pk]
    assert [f.rule for f in items[0].queue_findings] == [
        "story.patient_cues",
        "phi.name",
        "partnership.undisclosed",
    ]
    assert "My patient [NAME] went home today." in response.text
    assert "John Kowalski" not in response.text
    assert "Hello Amy," in response.text  # the coaching message's first draft


def test_queue_filters_by_severity_rule_department_platform_and_state(
    client, admin, ambassador_account, other_ambassador, neurology
):
    amy = screened_post(ambassador_account)
    bob_account = other_ambassador.person.ambassadorships.get().accounts.get()
    bob_account.platform = Platform.LINKEDIN
    bob_account.save()
    bob = screened_post(bob_account, text="DM me your symptoms and I'll tell you what to take.")
    finding_decide(
        finding=amy.findings.get(rule="phi.name"), decision="dismissed", by=admin, text="Staff."
    )
    client.force_login(admin)

    def shown(**params) -> list[int]:
        response = client.get(reverse("screening:queue"), params)
        return [s.pk for s in response.context["page"].object_list]

    assert shown() == [bob.pk, amy.pk]
    assert shown(severity="warn") == [bob.pk, amy.pk]
    assert shown(severity="block") == [amy.pk]
    assert shown(rule="advice.individual") == [bob.pk]
    assert shown(department=neurology.pk) == [bob.pk]
    assert shown(platform="x") == [amy.pk]
    assert shown(state="dismissed") == [amy.pk]
    assert shown(state="dismissed", rule="partnership.undisclosed") == []
    assert shown(state="all", platform="linkedin") == [bob.pk]


def test_queue_pages_twenty_posts_at_a_time(client, admin, ambassador_account):
    for _ in range(21):
        screened_post(ambassador_account)
    client.force_login(admin)

    first = client.get(reverse("screening:queue"))
    second = client.get(reverse("screening:queue"), {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 1
    assert "Page 1 of 2 · 21 in all" in first.text


def test_queue_answers_htmx_filters_with_the_results_partial(client, admin, ambassador_account):
    screened_post(ambassador_account)
    client.force_login(admin)

    response = client.get(reverse("screening:queue"), {"severity": "block"}, headers=HTMX)

    assert response.text.lstrip().startswith('<div id="results">')
    assert "<h1>" not in response.text


def test_queue_makes_no_extra_queries_per_post_or_finding(client, admin, cohort):
    client.force_login(admin)

    def queries_for(count: int) -> int:
        for _ in range(count):
            account = SocialAccountFactory(ambassador=AmbassadorFactory(cohort=cohort))
            screening = screened_post(account)
            finding_decide(
                finding=screening.findings.get(rule="phi.name"),
                decision="confirmed",
                by=admin,
                text="Please fix.",
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("screening:queue"), {"state": "all"})
            assert response.status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(2)  # 1 post, then 3


def test_confirm_through_htmx_returns_the_posts_card_and_announces_it(
    client, admin, ambassador_account, django_capture_on_commit_callbacks
):
    screening = screened_post(ambassador_account)
    finding = screening.findings.get(rule="phi.name")
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("screening:confirm", args=[finding.pk]),
            {"message": "Please take the name out.", "next": "/screening/review/"},
            headers=HTMX,
        )

    html = response.text
    assert html.lstrip().startswith(f'<article class="card review-post" id="post-{screening.pk}"')
    assert (
        '<div id="queue-status" hx-swap-oob="innerHTML">Confirmed: the ambassador is coached.'
        in html
    )
    assert "waiting for the acknowledgement" in html
    assert Coaching.objects.get().message == "Please take the name out."


def test_dismiss_without_a_reason_shows_the_error_and_decides_nothing(
    client, admin, ambassador_account
):
    finding = screened_post(ambassador_account).findings.get(rule="phi.name")
    client.force_login(admin)
    url = reverse("screening:dismiss", args=[finding.pk])

    htmx = client.post(url, {"reason": ""}, headers=HTMX)
    plain = client.post(url, {"reason": "", "next": "/screening/review/?state=open"}, follow=True)

    assert '<p class="error" role="alert">Say why this is a false positive.</p>' in htmx.text
    assert plain.redirect_chain == [("/screening/review/?state=open", 302)]
    assert "Say why this is a false positive." in plain.text
    assert Review.objects.count() == 0
    assert Finding.objects.get(pk=finding.pk).state == ReviewState.OPEN


def test_decision_redirect_ignores_a_foreign_next(client, admin, ambassador_account):
    finding = screened_post(ambassador_account).findings.get(rule="phi.name")
    client.force_login(admin)

    response = client.post(
        reverse("screening:dismiss", args=[finding.pk]),
        {"reason": "Staff.", "next": "https://evil.example/"},
    )

    assert response.url == reverse("screening:queue")


def test_rules_page_shows_no_decisions_yet_rather_than_zero(client, admin, ambassador_account):
    screening = screened_post(ambassador_account)
    finding_decide(
        finding=screening.findings.get(rule="phi.name"), decision="confirmed", by=admin, text="Fix."
    )
    client.force_login(admin)

    html = client.get(reverse("screening:rules")).text

    name_row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"#rule-phiname\">.*?</tr>", html, re.S)
    age_row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"#rule-phiage\">.*?</tr>", html, re.S)
    assert "100 %" in name_row.group()
    assert "no decisions yet" in age_row.group()
    assert "0 %" not in age_row.group()


# --------------------------------------------------------------------------- coaching


@pytest.fixture
def coaching(admin, ambassador_account):
    finding = screened_post(ambassador_account).findings.get(rule="phi.name")
    finding_decide(finding=finding, decision="confirmed", by=admin, text="Please fix this post.")
    return Coaching.objects.get()


def test_home_page_links_the_pending_coaching_until_acknowledged(client, ambassador, coaching):
    client.force_login(ambassador)

    before = client.get(reverse("home")).text
    client.post(reverse("screening:acknowledge", args=[coaching.pk]))
    after = client.get(reverse("home")).text

    assert "Coaching to acknowledge" in before
    assert f'href="/screening/coaching/#coaching-{coaching.pk}"' in before
    assert "Coaching to acknowledge" not in after


def test_coaching_page_shows_the_message_and_acknowledges_with_a_post(client, ambassador, coaching):
    client.force_login(ambassador)

    page = client.get(reverse("screening:coaching")).text
    response = client.post(reverse("screening:acknowledge", args=[coaching.pk]), follow=True)

    coaching.refresh_from_db()
    assert "Please fix this post." in page
    assert "My patient [NAME] went home today." in page
    assert "I have read this and acknowledge it" in page
    assert coaching.acknowledged_at is not None
    assert "Thank you: acknowledged." in response.text
    assert "Acknowledged" in response.text


def test_ambassadors_see_only_their_own_coaching(client, other_ambassador, coaching):
    client.force_login(other_ambassador)

    page = client.get(reverse("screening:coaching")).text
    response = client.post(reverse("screening:acknowledge", args=[coaching.pk]))

    assert "Please fix this post." not in page
    assert response.status_code == 404
    coaching.refresh_from_db()
    assert coaching.acknowledged_at is None


def test_coaching_page_makes_no_extra_queries_per_message(client, admin, ambassador, cohort):
    record = ambassador.person.ambassadorships.get()
    client.force_login(ambassador)

    def queries_for(count: int) -> int:
        for _ in range(count):
            account = SocialAccountFactory(ambassador=record)
            finding = screened_post(account).findings.get(rule="phi.name")
            finding_decide(finding=finding, decision="confirmed", by=admin, text="Please fix.")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("screening:coaching")).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(2)  # 1 message, then 3
