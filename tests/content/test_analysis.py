"""Analysis of arriving posts: links, departments, topics, the score, the coach's verdict."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.content.factories import PROMO_TEXT, PostFactory, institutional_account
from whitecoat.content import services
from whitecoat.content.enums import ContentKind, ItemState
from whitecoat.content.models import ContentItem, DepartmentKeywords, DoiRecord, RecordedRedirect
from whitecoat.core.errors import WhiteCoatError


def test_post_analyse_classifies_tags_and_scores_a_research_post(post, cardiology):
    DoiRecord.objects.create(doi="10.1056/NEJMoa2034577", title="A heart failure trial")

    item = services.post_analyse(post=post)

    assert item.kind == ContentKind.RESEARCH
    assert [link["title"] for link in item.links] == ["A heart failure trial"]
    assert list(item.departments.values_list("name", flat=True)) == ["Cardiology"]
    assert item.department_matches == {str(cardiology.pk): ["heart", "heart failure"]}
    assert item.topics == ["research", "patient_education"]
    parts = {part["key"]: part["points"] for part in item.score_parts}
    assert (parts["topic"], parts["research"]) == (25.0, 20.0)
    assert item.score == round(sum(parts.values()), 1)
    assert (item.state, item.suggested, item.blocked, item.verdict) == ("new", True, False, "ok")


def test_post_analyse_never_suggests_a_post_with_a_blocking_finding(ambassador_account):
    post = PostFactory(account=ambassador_account, text=PROMO_TEXT, likes=5_000)

    item = services.post_analyse(post=post)

    assert (item.verdict, item.blocked, item.suggested) == ("block", True, False)


def test_post_analyse_skips_institutional_posts(team_account):
    assert services.post_analyse(post=PostFactory(account=team_account)) is None
    assert not ContentItem.objects.exists()


def test_post_analyse_keeps_the_queue_state_when_it_runs_again(item, admin):
    services.item_transition(item=item, to_state=ItemState.SHORTLISTED, by=admin)

    again = services.post_analyse(post=item.post)

    assert (again.pk, again.state) == (item.pk, ItemState.SHORTLISTED)


def test_post_analyse_expands_a_recorded_short_link(ambassador_account):
    RecordedRedirect.objects.create(
        short_url="https://bit.ly/3abc", target_url="https://www.youtube.com/watch?v=abc"
    )
    post = PostFactory(account=ambassador_account, text="Watch: https://bit.ly/3abc")

    item = services.post_analyse(post=post)

    assert item.kind == ContentKind.VIDEO
    assert item.links[0]["expanded"] == "https://www.youtube.com/watch?v=abc"


def test_post_analyse_makes_no_network_call_for_an_unknown_short_link(ambassador_account):
    post = PostFactory(account=ambassador_account, text="Look https://bit.ly/unknown")

    item = services.post_analyse(post=post)

    assert (item.links[0]["kind"], item.links[0]["resolved"]) == ("shortened", False)
    assert not RecordedRedirect.objects.exists()


def test_engagement_is_compared_with_the_authors_usual(ambassador_account):
    for likes in (10, 10, 10):
        PostFactory(account=ambassador_account, likes=likes, replies=0, reposts=0)
    post = PostFactory(account=ambassador_account, likes=100, replies=0, reposts=0)

    item = services.post_analyse(post=post)

    part = next(p for p in item.score_parts if p["key"] == "engagement")
    assert (part["points"], part["detail"]) == (25.0, "100 engagements, 10.0× the usual 10")


def test_posts_analyse_pending_analyses_new_posts_once(ambassador_account):
    PostFactory.create_batch(3, account=ambassador_account)

    first = services.posts_analyse_pending()
    second = services.posts_analyse_pending()

    assert (first.analysed, second.analysed) == (3, 0)


def test_editing_keywords_retags_the_posts(item, admin, cardiology, neurology):
    services.department_keywords_update(department=neurology, by=admin, keywords="heart\nstroke")

    assert services.posts_pending_analysis().count() == 1
    services.posts_analyse_pending()
    item.refresh_from_db()
    assert sorted(item.departments.values_list("name", flat=True)) == ["Cardiology", "Neurology"]


def test_department_keywords_update_is_for_admins(ambassador, cardiology):
    with pytest.raises(WhiteCoatError) as error:
        services.department_keywords_update(department=cardiology, by=ambassador, keywords="x y")

    assert error.value.code == "forbidden"
    assert not DepartmentKeywords.objects.exists()


def test_analyse_content_command_reports_and_offers_a_dry_run(
    ambassador_account, cardiology, capsys
):
    PostFactory.create_batch(2, account=ambassador_account)
    PostFactory(account=institutional_account(cardiology))  # institutional: never analysed

    call_command("analyse_content", "--dry-run")
    assert "2 posts would be analysed" in capsys.readouterr().out
    assert not ContentItem.objects.exists()

    call_command("analyse_content")
    assert "Analysed 2 posts" in capsys.readouterr().out
    assert ContentItem.objects.count() == 2
