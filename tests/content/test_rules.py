"""Tagging, the relevance score, copy and the click key: plain Python, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from whitecoat.content import copywriting, images
from whitecoat.content.scoring import SUGGEST_AT, relevance, usual
from whitecoat.content.topics import (
    Matcher,
    default_keywords,
    departments_for,
    parse_keywords,
    topics_for,
)


def test_matcher_needs_whole_words_and_keeps_list_order():
    matcher = Matcher.build(["stroke", "heart failure", "cardio*", "#cardiotwitter", "ER"])

    assert matcher.matches("Heatstroke tips, Heart  Failure and cardiology #CardioTwitter") == [
        "heart failure",
        "cardio*",
        "#cardiotwitter",
    ]


def test_matcher_matches_capitalised_acronyms_only_in_capitals():
    matcher = Matcher.build(["ER", "PSA"])

    assert matcher.matches("A busy night in the ER; her PSA was fine") == ["ER", "PSA"]
    assert matcher.matches("Every order was clear") == []


def test_departments_for_ranks_departments_by_matches():
    matchers = {1: Matcher.build(["heart", "heart failure"]), 2: Matcher.build(["stroke"])}

    tags = departments_for("Heart failure and stroke: what to know about the heart", matchers)

    assert [(t.department_id, t.matched) for t in tags] == [
        (1, ("heart", "heart failure")),
        (2, ("stroke",)),
    ]


def test_default_keywords_come_from_the_department_name_and_specialty():
    assert "heart failure" in default_keywords("Cardiology", "Cardiology & Heart Surgery")
    assert "stroke" in default_keywords("Neurology & Neurosurgery")
    assert default_keywords("Sleep Medicine") == ["Sleep Medicine"]


def test_parse_keywords_splits_lines_and_commas_without_repeats():
    assert parse_keywords("heart\n  Heart, afib ,,\nblood   pressure") == [
        "heart",
        "afib",
        "blood pressure",
    ]


def test_topics_for_adds_research_when_a_research_link_is_found():
    assert topics_for("Myth: it only affects older people. Ask your doctor.") == [
        "patient_education",
        "myth_busting",
    ]
    assert topics_for("Proud of this team!", has_research_link=True) == [
        "research",
        "colleague_recognition",
    ]


def _score(**overrides):
    values = {
        "ranked_departments": ["Cardiology"],
        "departments": ["Cardiology"],
        "topics": ["research"],
        "research": ["10.1056/x"],
        "research_resolved": True,
        "engagements": 60,
        "usual_engagements": 20.0,
        "video": False,
        "age_days": 0.0,
        "verdict": "ok",
        "blocking": False,
    }
    return relevance(**{**values, **overrides})


def test_relevance_sums_its_parts():
    score = _score()

    assert {p.key: p.points for p in score.parts} == {
        "topic": 25.0,
        "research": 20.0,
        "engagement": 25.0,
        "video": 0.0,
        "recency": 20.0,
        "compliance": 0.0,
    }
    assert (score.total, score.suggested) == (90.0, True)


def test_relevance_halves_recency_every_week():
    assert {p.key: p.points for p in _score(age_days=7).parts}["recency"] == 10.0


def test_relevance_shows_missing_engagement_as_missing_not_zero_data():
    part = next(p for p in _score(engagements=None).parts if p.key == "engagement")

    assert (part.points, part.known, part.detail) == (0.0, False, "no engagement figures")


def test_relevance_takes_points_off_for_a_warning():
    assert _score(verdict="warn").total == 75.0


def test_relevance_never_suggests_a_blocked_post_whatever_its_score():
    score = _score(blocking=True)

    assert score.total >= SUGGEST_AT
    assert (score.blocked, score.suggested) == (True, False)


def test_usual_is_the_median_of_known_figures():
    assert usual([10, None, 30, 20]) == 20.0
    assert usual([10, 20]) == 15.0
    assert usual([None]) is None


def test_length_on_x_counts_every_link_as_23():
    text = "Read it https://example.com/" + "a" * 200

    assert copywriting.length_on("x", text) == len("Read it ") + 23
    assert copywriting.length_on("linkedin", text) == len(text)


def test_repurpose_copy_credits_the_author_and_fits_the_limit():
    text = copywriting.repurpose_copy(
        platform="x",
        kind="post",
        text="Three questions to ask at your next appointment about heart failure. " * 10,
        author="Amy Ambassador, MD",
        handle="@dr_amy",
        author_platform="x",
        link="https://x.example/status/1",
    )

    assert text.startswith("From our ambassador Amy Ambassador, MD (@dr_amy): “Three questions")
    assert text.endswith("https://x.example/status/1")
    assert copywriting.fits("x", text)


def test_repurpose_copy_mentions_the_handle_only_on_the_authors_platform():
    text = copywriting.repurpose_copy(
        platform="linkedin",
        kind="research",
        text="Our paper",
        author="Amy Ambassador, MD",
        handle="@dr_amy",
        author_platform="x",
        link="https://doi.org/10.1/x",
        title="A trial",
    )

    assert text == "New research from Amy Ambassador, MD: A trial https://doi.org/10.1/x"


def test_split_variants_on_a_line_of_dashes():
    assert copywriting.split_variants("One\ntwo\n---\nThree\n\n----\n") == ["One two", "Three"]


def test_check_variants_reports_copy_too_long_with_the_link():
    problems = copywriting.check_variants("bluesky", ["a" * 250, "fine"], link_length=60)

    assert [(p.variant, p.limit) for p in problems] == [(1, 300)]


def test_variant_for_gives_neighbouring_seats_different_copy():
    variants = ["Know your numbers.", "Check your blood pressure."]
    texts = [
        copywriting.variant_for(variants, seat=seat, platform="x", link="L") for seat in range(4)
    ]

    assert texts == [
        "Know your numbers. L",
        "Check your blood pressure. L",
        "Worth a read: Know your numbers. L",
        "Worth a read: Check your blood pressure. L",
    ]


def test_with_utm_replaces_existing_utm_and_keeps_other_parameters():
    url = copywriting.with_utm(
        "https://lakeside.example/a?ref=kit&utm_source=old#top", campaign="heart", content="tok"
    )

    assert url == (
        "https://lakeside.example/a?ref=kit&utm_source=whitecoat&utm_medium=ambassador"
        "&utm_campaign=heart&utm_content=tok#top"
    )


def test_visitor_key_is_stable_within_the_hour_and_hides_the_address():
    hour = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    key = copywriting.visitor_key(secret="s", ip="203.0.113.9", user_agent="UA", hour=hour)

    assert key == copywriting.visitor_key(secret="s", ip="203.0.113.9", user_agent="UA", hour=hour)
    assert key != copywriting.visitor_key(
        secret="s", ip="203.0.113.9", user_agent="UA", hour=hour + dt.timedelta(hours=1)
    )
    assert "203.0.113.9" not in key and len(key) == 40


@pytest.mark.parametrize(
    "agent,bot",
    [
        ("Mozilla/5.0 (Macintosh) AppleWebKit/605 Safari/605", False),
        ("Twitterbot/1.0", True),
        ("facebookexternalhit/1.1", True),
        ("LinkedInBot/1.0 (compatible; Mozilla/5.0)", True),
        ("", True),
    ],
)
def test_is_bot_spots_link_previews(agent, bot):
    assert copywriting.is_bot(agent) is bot


@pytest.mark.parametrize(
    "head,kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
        (b"%PDF-1.7", None),
    ],
)
def test_image_kind_reads_the_bytes_not_the_name(head, kind):
    assert images.image_kind(head) == kind
