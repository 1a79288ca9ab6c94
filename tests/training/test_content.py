"""Markdown is rendered safely; the starter curriculum and policies are complete."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.template import Context, Template

from tests.training.factories import ModuleFactory
from whitecoat.metrics.enums import Platform
from whitecoat.training.enums import PLATFORM_MODULE_KINDS, ModuleKind
from whitecoat.training.markdown import render_markdown
from whitecoat.training.models import Course, Module, Policy, PolicyVersion
from whitecoat.training.starter_content import COURSES, POLICIES

starter = importlib.import_module("whitecoat.training.migrations.0002_starter_content")

# ------------------------------------------------------------------------- markdown


def test_markdown_renders_the_usual_formatting():
    html = render_markdown("## Tips\n\n- **Bold** and *italic*\n- [Link](https://example.org)")

    assert "<h2>Tips</h2>" in html
    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">Link</a>' in html


def test_markdown_removes_script_elements_and_their_content():
    html = render_markdown("Hello <script>alert('x')</script> world")

    assert "script" not in html
    assert "alert" not in html
    assert "Hello" in html


def test_markdown_removes_event_handlers():
    html = render_markdown('<p onclick="steal()">Hi</p> <img src="x" onerror="steal()">')

    assert "onclick" not in html
    assert "onerror" not in html
    assert "steal" not in html


def test_markdown_removes_javascript_links():
    html = render_markdown("[click](javascript:alert(1)) <a href='JaVaScRiPt:alert(1)'>raw</a>")

    assert "javascript" not in html.lower()
    assert "click" in html


def test_markdown_removes_styles_and_iframes():
    html = render_markdown('<span style="color:red">x</span><iframe src="https://e.org"></iframe>')

    assert "style" not in html
    assert "iframe" not in html


def test_markdown_turns_a_top_heading_into_h2():
    assert render_markdown("# Title") == "<h2>Title</h2>"


def test_markdown_filter_and_model_method_are_sanitised(clean):
    module = ModuleFactory(body="<script>x()</script>**ok**")
    rendered = Template("{% load training %}{{ body|markdown }}").render(
        Context({"body": module.body})
    )

    assert rendered == str(module.body_html()) == "<p><strong>ok</strong></p>"


# ------------------------------------------------------------------------- starter


def test_starter_content_has_a_course_per_platform_with_the_three_kinds():
    by_platform = {course["platform"]: course for course in COURSES}

    assert set(by_platform) == {None, *Platform.values}
    for platform in Platform.values:
        kinds = [module["kind"] for module in by_platform[platform]["modules"]]
        assert kinds == [kind.value for kind in PLATFORM_MODULE_KINDS], platform


@pytest.mark.parametrize(
    "topic",
    [
        "personal account",
        "professional account",
        "photos or videos on the job",
        "hipaa",
        "consent",
        "disparage",
        "promote the accomplishments of colleagues",
        "paid partnership",
        "#ad",
        "conference",
        "advocacy",
        "misinformation",
        "hallway",
        "views are my own",
        "humour",
    ],
)
def test_starter_professionalism_course_covers_the_seed_topics(topic):
    [course] = [c for c in COURSES if c["platform"] is None]
    text = " ".join(m["title"] + " " + m["body"] for m in course["modules"]).lower()

    assert topic in text
    assert {m["kind"] for m in course["modules"]} == {ModuleKind.PROFESSIONALISM}


@pytest.mark.parametrize(
    ("platform", "words"),
    [
        ("x", ["thread", "lists", "spaces", "premium"]),
        ("linkedin", ["headline", "featured", "newsletter", "impressions"]),
        ("instagram", ["professional account", "reels", "stories", "insights"]),
        ("tiktok", ["stitch", "duet", "average watch time", "traffic sources"]),
        ("youtube", ["shorts", "chapters", "click-through rate", "audience retention"]),
        ("threads", ["500 characters", "topic tag", "fediverse", "insights"]),
        ("bluesky", ["domain", "custom feeds", "starter packs", "no analytics dashboard"]),
        ("mastodon", ["server", "content warning", 'rel="me"', "hashtags"]),
        ("facebook", ["page", "meta business suite", "reach", "paid partnership"]),
    ],
)
def test_starter_platform_courses_describe_real_features(platform, words):
    [course] = [c for c in COURSES if c["platform"] == platform]
    text = " ".join(m["body"] for m in course["modules"]).lower()

    for word in words:
        assert word in text, f"{platform}: {word}"


def test_starter_markdown_renders_without_losing_anything():
    for course in COURSES:
        for module in course["modules"]:
            html = render_markdown(module["body"])
            assert html.startswith("<"), module["title"]
            assert "&lt;" not in html, module["title"]


def test_starter_policies_are_marked_as_templates():
    assert [p["title"] for p in POLICIES] == [
        "Social media usage procedure",
        "Code of conduct for social media",
    ]
    for policy in POLICIES:
        assert "Template — replace before relying on it." in policy["body"]


def test_starter_migration_loads_empty_tables_and_reverses(clean):
    starter.load_starter_content(django_apps, None)

    assert Course.objects.count() == len(COURSES)
    assert Module.objects.count() == sum(len(c["modules"]) for c in COURSES)
    assert Course.objects.filter(is_published=True).count() == len(COURSES)
    assert PolicyVersion.objects.filter(published_at__isnull=False).count() == 2
    assert PolicyVersion.objects.get(policy__slug="social-media-usage-procedure").asks_disclaimer

    starter.remove_starter_content(django_apps, None)

    assert Course.objects.count() == 0
    assert Policy.objects.count() == 0


def test_starter_migration_leaves_existing_content_alone(clean):
    ModuleFactory(course__title="Our own course")

    starter.load_starter_content(django_apps, None)

    assert list(Course.objects.values_list("title", flat=True)) == ["Our own course"]
    assert Policy.objects.count() == 2
