"""Demo posts: a few weeks of plausible posts for every account with history.

Texts come from templates of what the seeds describe physicians posting (research links,
conference takeaways, patient education, promoting colleagues, debunking myths), plus a
small share of posts that break the guidelines, so the compliance coach has real work in
the demo. All of it is invented and stored with the source "demo".
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from whitecoat.demo.plan import AccountPlan, DemoPlan
from whitecoat.metrics.enums import MetricSource, PostKind
from whitecoat.metrics.models import Post

TOPICS = {
    "cardiology": ("heart failure", "#cardiotwitter", "blood pressure"),
    "oncology": ("immunotherapy", "#oncology", "cancer screening"),
    "neurology": ("stroke", "#neurotwitter", "migraine"),
    "default": ("vaccination", "#meded", "sleep"),
}
GOOD = [
    "New paper from our group on {topic}: what it means for patients. "
    "https://doi.org/10.1000/demo.{n}",
    "Key takeaways from today's {tag} session at the annual meeting: "
    "1) screen early 2) talk about {topic} 3) follow up.",
    "Myth: {topic} only affects older people. Fact: it can start much earlier. "
    "Ask your doctor about screening.",
    "Congratulations to my colleague Dr. {colleague} on the new grant for {topic} research! "
    "Well deserved.",
    "Three questions to ask at your next appointment about {topic}. "
    "Short thread for patients. {tag}",
    "Our trainees presented four posters on {topic} this week. Proud of this team! {tag}",
    "Read our review of {topic} guidelines (open access): https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
    "Short video: how {topic} is treated today, in under a minute. {tag}",
]
# A small share breaks a guideline, as real feeds do; the coach should flag each one.
RISKY = [
    "Long night in the ICU. My patient in bed 4 finally turned the corner this morning.",
    "Love this supplement for {topic}. Use code DOCTOR20 for 20% off!",
    "Feeling unwell with {topic} symptoms? DM me your symptoms and I'll tell you what to take.",
    "Honestly, some of the nurses on nights just don't get {topic} at all.",
]
COLLEAGUES = ["Okafor", "Lindqvist", "Ramirez", "Chen", "Haddad", "Novak"]
VIDEO_FIRST = {"tiktok", "youtube"}
# Which per-post figures each platform gives; the rest stay NULL.
GIVES = {
    "x": {"likes", "replies", "reposts", "quotes", "impressions", "link_clicks"},
    "linkedin": {"likes", "replies", "reposts", "impressions", "link_clicks"},
    "instagram": {"likes", "replies", "saves", "impressions", "video_views"},
    "tiktok": {"likes", "replies", "reposts", "saves", "video_views"},
    "youtube": {"likes", "replies", "video_views"},
    "threads": {"likes", "replies", "reposts", "quotes", "impressions"},
    "bluesky": {"likes", "replies", "reposts", "quotes"},
    "mastodon": {"likes", "replies", "reposts", "quotes"},
    "facebook": {"likes", "replies", "reposts", "impressions"},
}
POSTS_WINDOW_DAYS = 60


def _topic(department_key: str | None) -> tuple[str, str, str]:
    key = (department_key or "").lower()
    return next((v for k, v in TOPICS.items() if k in key), TOPICS["default"])


def _post_rows(
    account: AccountPlan, *, pk: int, department_key: str | None, rng: random.Random
) -> list[Post]:
    assert account.history is not None
    first, last = account.history
    start = max(first, last - dt.timedelta(days=POSTS_WINDOW_DAYS))
    span = (last - start).days
    if span < 1:
        return []
    topic, tag, _ = _topic(department_key)
    count = rng.randint(4, 14) if account.ambassador_key is not None else rng.randint(15, 30)
    rows = []
    for index in range(count):
        risky = account.ambassador_key is not None and rng.random() < 0.03
        template = rng.choice(RISKY if risky else GOOD)
        text = template.format(
            topic=topic,
            tag=tag,
            n=rng.randint(1000, 9999),
            pmid=rng.randint(30_000_000, 39_999_999),
            colleague=rng.choice(COLLEAGUES),
        )
        video = account.platform in VIDEO_FIRST or "video" in text.lower()
        kind = PostKind.VIDEO if video else (PostKind.LINK if "http" in text else PostKind.TEXT)
        reach = rng.lognormvariate(5.5, 1.0) * (4 if account.ambassador_key is None else 1)
        figures = {
            "likes": int(reach * rng.uniform(0.02, 0.06)),
            "replies": int(reach * rng.uniform(0.002, 0.01)),
            "reposts": int(reach * rng.uniform(0.004, 0.02)),
            "quotes": int(reach * rng.uniform(0.0, 0.004)),
            "saves": int(reach * rng.uniform(0.002, 0.01)),
            "impressions": int(reach),
            "video_views": int(reach * rng.uniform(0.6, 1.5)) if video else None,
            "link_clicks": int(reach * rng.uniform(0.002, 0.02)) if "http" in text else None,
        }
        given = GIVES[account.platform]
        published = start + dt.timedelta(days=rng.randint(0, span))
        when = timezone.make_aware(
            dt.datetime.combine(published, dt.time(rng.randint(7, 21), rng.randint(0, 59)))
        )
        rows.append(
            Post(
                account_id=pk,
                platform_post_id=f"demo-{account.key}-{index}",
                text=text,
                published_at=when,
                kind=kind,
                media=[{"type": "video", "alt_text": "", "caption": f"Video about {topic}"}]
                if video
                else [],
                links=[word for word in text.split() if word.startswith("http")],
                source=MetricSource.DEMO,
                collected_at=timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59))),
                **{k: (v if k in given else None) for k, v in figures.items()},
            )
        )
    return rows


def posts_create(
    plan: DemoPlan, *, accounts: dict[int, int], departments_of: dict[int, Any]
) -> int:
    """Write the demo posts; `departments_of` maps an ambassador key to a department key."""
    rng = random.Random(plan.seed * 104729 + 11)
    rows: list[Post] = []
    for account in plan.accounts:
        if account.history is None:
            continue
        department = (
            departments_of.get(account.ambassador_key)
            if account.ambassador_key is not None
            else account.unit_department_key
        )
        made = _post_rows(account, pk=accounts[account.key], department_key=department, rng=rng)
        if account.growth is not None and account.growth.phases[-1].posts == 0:
            continue  # an account gone quiet has no recent posts (made anyway: same draws)
        rows.extend(made)
    Post.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)
