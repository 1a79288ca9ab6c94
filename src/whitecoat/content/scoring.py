"""The relevance score: how well an ambassador's post suits the institutional accounts.

Plain Python (no Django). The score is the sum of its parts, each shown to the admins with
what it is made of (docs/content-hub.md explains them):

| part | up to | full marks for |
|---|---|---|
| topic match | 25 | a ranked department's keywords (another department's: 18; a topic: 8) |
| research link | 20 | a DOI, PubMed/PMC ID, preprint or journal (15: DOI without a record) |
| engagement | 25 | three times the author's usual (median) engagement there, or more |
| video | 10 | a video post or a link to a video |
| recency | 20 | posted today; halves every 7 days |
| compliance | −15 | a warning from the compliance coach takes 15 off |

A post with a blocking finding is never suggested, whatever its score. Missing figures are
shown as missing and score nothing (no engagement figures → 0, never a guess).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

TOPIC_MAX = 25.0
RESEARCH_MAX = 20.0
ENGAGEMENT_MAX = 25.0
VIDEO_MAX = 10.0
RECENCY_MAX = 20.0
WARN_PENALTY = 15.0
RECENCY_HALF_LIFE_DAYS = 7.0
ENGAGEMENT_CAP = 3.0  # this many times the usual earns full marks
SUGGEST_AT = 50.0  # a post scoring this much (and not blocked) is suggested

BLOCK, WARN, TIP, OK = "block", "warn", "tip", "ok"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    points: float
    maximum: float
    detail: str
    known: bool = True

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Relevance:
    total: float
    parts: tuple[Part, ...]
    blocked: bool

    @property
    def suggested(self) -> bool:
        return not self.blocked and self.total >= SUGGEST_AT

    def parts_as_dicts(self) -> list[dict[str, object]]:
        return [part.as_dict() for part in self.parts]


def _topic(ranked: list[str], departments: list[str], topics: list[str]) -> Part:
    if ranked:
        return Part("topic", "Topic match", TOPIC_MAX, TOPIC_MAX, "ranked: " + ", ".join(ranked))
    if departments:
        points = round(TOPIC_MAX * 0.72, 1)
        return Part("topic", "Topic match", points, TOPIC_MAX, ", ".join(departments))
    if topics:
        points = round(TOPIC_MAX * 0.32, 1)
        return Part("topic", "Topic match", points, TOPIC_MAX, "topic only: " + ", ".join(topics))
    return Part("topic", "Topic match", 0.0, TOPIC_MAX, "no department or topic matched")


def _research(research: list[str], resolved: bool) -> Part:
    if not research:
        return Part("research", "Research link", 0.0, RESEARCH_MAX, "no research link")
    points = RESEARCH_MAX if resolved else RESEARCH_MAX * 0.75
    detail = ", ".join(research) + ("" if resolved else " (no metadata on record)")
    return Part("research", "Research link", points, RESEARCH_MAX, detail)


def _engagement(engagements: int | None, usual: float | None) -> Part:
    label = "Engagement vs. the author's usual"
    if engagements is None:
        return Part("engagement", label, 0.0, ENGAGEMENT_MAX, "no engagement figures", False)
    if usual is None or usual <= 0:
        detail = f"{engagements:,} engagements; no usual to compare with yet"
        return Part("engagement", label, round(ENGAGEMENT_MAX / 3, 1), ENGAGEMENT_MAX, detail)
    ratio = engagements / usual
    points = ENGAGEMENT_MAX * min(ratio, ENGAGEMENT_CAP) / ENGAGEMENT_CAP
    detail = f"{engagements:,} engagements, {ratio:.1f}× the usual {usual:,.0f}"
    return Part("engagement", label, round(points, 1), ENGAGEMENT_MAX, detail)


def _video(video: bool) -> Part:
    if video:
        return Part("video", "Video", VIDEO_MAX, VIDEO_MAX, "video post or video link")
    return Part("video", "Video", 0.0, VIDEO_MAX, "no video")


def _recency(age_days: float) -> Part:
    age = max(age_days, 0.0)
    points = RECENCY_MAX * math.pow(0.5, age / RECENCY_HALF_LIFE_DAYS)
    detail = (
        "posted today" if age < 1 else f"posted {int(age)} day{'s' if int(age) != 1 else ''} ago"
    )
    return Part("recency", "Recency", round(points, 1), RECENCY_MAX, detail)


def _compliance(verdict: str | None, blocking: bool) -> Part:
    label = "Compliance coach"
    if blocking:
        return Part("compliance", label, 0.0, 0.0, "blocking finding: never suggested")
    if verdict is None:
        return Part("compliance", label, 0.0, 0.0, "not screened yet", False)
    if verdict == WARN:
        return Part("compliance", label, -WARN_PENALTY, 0.0, "a warning to check before use")
    return Part("compliance", label, 0.0, 0.0, "no blocking or warning finding")


def relevance(
    *,
    ranked_departments: list[str],
    departments: list[str],
    topics: list[str],
    research: list[str],
    research_resolved: bool,
    engagements: int | None,
    usual_engagements: float | None,
    video: bool,
    age_days: float,
    verdict: str | None,
    blocking: bool,
) -> Relevance:
    """The score and its parts. `departments` are the matched departments' names (the
    nationally ranked ones also in `ranked_departments`), `research` the research links'
    identifiers, `verdict` the compliance coach's (None when not screened yet), `blocking`
    whether an undismissed blocking finding stands."""
    parts = (
        _topic(ranked_departments, departments, topics),
        _research(research, research_resolved),
        _engagement(engagements, usual_engagements),
        _video(video),
        _recency(age_days),
        _compliance(verdict, blocking),
    )
    total = round(max(0.0, min(100.0, sum(part.points for part in parts))), 1)
    return Relevance(total=total, parts=parts, blocked=blocking)


def usual(values: list[int]) -> float | None:
    """The author's usual engagement: the median of their known figures, None without any."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    middle = len(known) // 2
    if len(known) % 2:
        return float(known[middle])
    return (known[middle - 1] + known[middle]) / 2
