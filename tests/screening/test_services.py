"""Ingested posts: screened and stored without any identifier, idempotently, re-screened when
the rules change, with the admins' decisions kept."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models

from tests.factories import EntityFactory, SocialAccountFactory
from tests.screening.factories import RISKY_TEXT, SAFE_TEXT, PostFactory, screened_post
from whitecoat.metrics.enums import AccountUse, ConnectionState
from whitecoat.screening import services
from whitecoat.screening.engine import IDENTIFIER_TYPES, RULES, Context, screen
from whitecoat.screening.engine.rules import Example
from whitecoat.screening.enums import Decision, ReviewState
from whitecoat.screening.models import Coaching, Finding, PostScreening, Review
from whitecoat.screening.selectors import coaching_message_default, rule_precision
from whitecoat.screening.services import (
    finding_decide,
    post_screen,
    posts_pending,
    posts_screen_pending,
)
from whitecoat.screening.tasks import post_screen_task
from whitecoat.screening.version import rules_version

STORED_MODELS = (PostScreening, Finding, Review, Coaching)


def _stored_texts() -> list[str]:
    """Every text-typed column of every row the coach stores."""
    values = []
    for model in STORED_MODELS:
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        for row in model.objects.values_list(*columns):
            values.extend(str(v) for v in row)
    return values


def _positives() -> list[tuple[str, Example]]:
    return [(rule.code, example) for rule in RULES for example in rule.positive]


@pytest.mark.parametrize(("code", "example"), _positives())
def test_post_screen_stores_no_identifier_it_found(code, example, admin, ambassador_record):
    text, data = (example, {}) if isinstance(example, str) else example
    use = data.get("account") or AccountUse.PROFESSIONAL
    account = SocialAccountFactory(
        ambassador=ambassador_record,
        use=use,
        connection_state=(
            ConnectionState.NOT_CONNECTED if use == AccountUse.PERSONAL else "connected"
        ),
        connected_at=None if use == AccountUse.PERSONAL else "2026-01-01T00:00:00Z",
    )
    post = PostFactory(account=account, text=text, media=data.get("media", []))

    stored = post_screen(post=post)
    # Decide every reviewable finding, so decisions and coaching are stored too.
    for number, finding in enumerate(f for f in stored.findings if f.severity != "tip"):
        decision = Decision.CONFIRMED if number == 0 else Decision.DISMISSED
        message = coaching_message_default(finding=finding, post=stored.screening.post)
        finding_decide(finding=finding, decision=decision, by=admin, text=message)

    context = Context.from_dict({**data, "account": use})
    found = {
        text[f.start : f.end].strip()
        for f in screen(text, context).findings
        if f.type in IDENTIFIER_TYPES and f.where == "text"
    }
    if code.startswith("phi."):
        assert found, "the example must find an identifier for the proof to mean anything"
    texts = _stored_texts()
    assert texts
    leaks = [(value, t) for value in found for t in texts if _contains(t, value)]
    assert leaks == []


def _contains(stored: str, value: str) -> bool:
    """Substring for most values; a whole word for very short ones ("93", an age)."""
    if len(value) >= 3:
        return value.lower() in stored.lower()
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", stored) is not None


def test_post_screen_keeps_offsets_rule_message_and_a_redacted_excerpt(ambassador_account):
    screening = screened_post(ambassador_account)

    name = screening.findings.get(rule="phi.name")

    assert screening.verdict == "block"
    assert screening.rules_version == rules_version()
    assert RISKY_TEXT[name.start : name.end] == "John Kowalski"
    assert name.type == "NAME"
    assert name.severity == "block"
    assert name.excerpt.startswith("My patient [NAME] went home today.")
    assert name.message.endswith("(HIPAA Safe Harbor, 45 CFR 164.514(b)(2): names)")
    assert name.state == ReviewState.OPEN


def test_post_screen_is_idempotent(ambassador_account):
    post = PostFactory(account=ambassador_account, text=RISKY_TEXT)

    first = post_screen(post=post)
    rows = list(Finding.objects.values_list("rule", "start", "end", "severity", "excerpt"))
    second = post_screen(post=post)

    assert second.screening.pk == first.screening.pk
    assert PostScreening.objects.count() == 1
    assert list(Finding.objects.values_list("rule", "start", "end", "severity", "excerpt")) == rows


def test_post_screen_replaces_findings_when_the_text_changes(ambassador_account):
    post = PostFactory(account=ambassador_account, text=RISKY_TEXT)
    post_screen(post=post)

    post.text = SAFE_TEXT
    post.save()
    result = post_screen(post=post)

    assert result.verdict == "ok"
    assert Finding.objects.count() == 0


def test_post_screen_reads_the_media_the_platform_reported(ambassador_account):
    post = PostFactory(
        account=ambassador_account,
        text="Long night!",
        media=[{"type": "image", "alt_text": "", "caption": "selfie in the ICU at 3am"}],
    )

    finding = post_screen(post=post).findings[0]

    assert (finding.rule, finding.where, finding.excerpt) == (
        "media.on_the_job",
        "media[0].caption",
        "",
    )


def test_post_screen_ignores_malformed_media_but_screens_the_text(ambassador_account):
    post = PostFactory(account=ambassador_account, text=RISKY_TEXT, media=[{"exif_gps": "x"}])

    assert post_screen(post=post).verdict == "block"


def test_post_screen_never_flags_the_institutions_own_names(ambassador_account):
    text = "Our patient from Kenosha was airlifted in today."
    before = post_screen(post=PostFactory(account=ambassador_account, text=text))
    EntityFactory(name="Kenosha Regional Hospital", short_name="Kenosha")

    after = post_screen(post=PostFactory(account=ambassador_account, text=text))

    assert "LOCATION" in {f.type for f in before.findings}
    assert "LOCATION" not in {f.type for f in after.findings}


def test_posts_screen_pending_screens_unscreened_posts_only(ambassador_account):
    screened = screened_post(ambassador_account)
    pending = [PostFactory(account=ambassador_account) for _ in range(3)]

    summary = posts_screen_pending()

    assert summary.screened == 3
    assert summary.verdicts == {"ok": 3}
    assert set(PostScreening.objects.values_list("post_id", flat=True)) == {
        screened.post_id,
        *(p.pk for p in pending),
    }
    assert posts_screen_pending().screened == 0


def test_posts_screen_pending_respects_the_limit_and_reports_progress(ambassador_account):
    for _ in range(5):
        PostFactory(account=ambassador_account)
    seen = []

    summary = posts_screen_pending(limit=3, progress=lambda done, total: seen.append((done, total)))

    assert summary.screened == 3
    assert seen == [(3, 3)]
    assert posts_pending().count() == 2


def test_new_rules_version_rescreens_and_keeps_decisions(admin, ambassador_account, monkeypatch):
    screening = screened_post(ambassador_account)
    name = screening.findings.get(rule="phi.name")
    review = finding_decide(
        finding=name, decision=Decision.DISMISSED, by=admin, text="A colleague, not a patient."
    )
    old_ids = set(Finding.objects.values_list("pk", flat=True))
    assert posts_pending().count() == 0

    monkeypatch.setattr(services, "rules_version", lambda: "newer-rules")
    summary = posts_screen_pending()

    screening.refresh_from_db()
    review.refresh_from_db()
    assert summary.screened == 1
    assert screening.rules_version == "newer-rules"
    assert old_ids.isdisjoint(Finding.objects.values_list("pk", flat=True))
    assert review.finding.rule == "phi.name"
    assert review.finding.state == ReviewState.DISMISSED
    assert Finding.objects.filter(state=ReviewState.OPEN).count() == 2


def test_decision_on_a_finding_that_disappears_still_counts(admin, ambassador_account):
    screening = screened_post(ambassador_account)
    promo = screening.findings.get(rule="partnership.undisclosed")
    finding_decide(finding=promo, decision=Decision.DISMISSED, by=admin, text="Our own pharmacy.")

    post = screening.post
    post.text = "#ad " + post.text
    post.save()
    post_screen(post=post)

    review = Review.objects.get()
    assert review.finding is None
    row = next(p for p in rule_precision() if p.rule.code == "partnership.undisclosed")
    assert (row.confirmed, row.dismissed) == (0, 1)


def test_screen_posts_command_prints_progress_and_a_summary(ambassador_account):
    PostFactory(account=ambassador_account, text=RISKY_TEXT)
    PostFactory(account=ambassador_account)
    out = StringIO()

    call_command("screen_posts", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Screened 2 of 2 posts…"
    assert lines[-1].startswith(f"Screened 2 posts with rules version {rules_version()} in ")
    assert lines[-1].endswith("(1 block, 0 warn, 0 tip, 1 ok); 3 findings to review.")


def test_screen_posts_command_dry_run_changes_nothing_and_all_rescreens(ambassador_account):
    screened_post(ambassador_account)
    out = StringIO()

    call_command("screen_posts", "--dry-run", stdout=out)
    call_command("screen_posts", "--all", "--dry-run", stdout=out)
    call_command("screen_posts", "--all", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"0 posts would be screened with rules version {rules_version()}."
    assert lines[1] == f"1 posts would be screened with rules version {rules_version()}."
    assert lines[-1].startswith("Screened 1 posts")


def test_post_screen_task_screens_by_id(ambassador_account):
    post = PostFactory(account=ambassador_account, text=RISKY_TEXT)

    # Called directly: which backend runs tasks (and when) is the deployment's choice.
    assert post_screen_task.call(post.pk) == "block"
    assert PostScreening.objects.get().post_id == post.pk


def test_post_screen_task_skips_a_deleted_post(db):
    assert post_screen_task.call(123456) == "gone"
