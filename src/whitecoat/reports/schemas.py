"""The reports' API shapes: the same range parameters as the pages, the same figures."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from whitecoat.reports.selectors import AreasReport, ResultsReport
from whitecoat.reports.tables import results_key_figures

RangeParam = Literal["launch", "12m", "ytd", "last_month", "custom"]


class ReportQuery(Schema):
    window: RangeParam = Field(
        "launch",
        description="since launch, the last 12 months, year to date or last month, ending "
        "today; `start` and `end` make a custom range.",
    )
    start: dt.date | None = Field(None, description="First day of a custom range (ISO).")
    end: dt.date | None = Field(None, description="Last day of a custom range (ISO).")


class RangeOut(Schema):
    key: str
    label: str
    start: dt.date
    end: dt.date
    days: int


class FigureOut(Schema):
    """A key figure as the page writes it (`text`) and as a number (`value`, null for no
    data). Percentages are in percent."""

    key: str
    label: str
    value: float | int | None
    text: str
    note: str


class PointOut(Schema):
    """The program on one day: the range's start (the evening before its first day), each
    month end, and its last day. `joined`/`left` count the days since the point before."""

    date: dt.date
    ambassadors: int
    joined: int | None
    left: int | None
    audience: int | None = Field(description="Followers; null when nothing was measured.")
    accounts_measured: int
    accounts_in_program: int
    by_cohort: dict[str, int]
    by_kind: dict[str, int]
    by_status: dict[str, int]


class ResultsOut(Schema):
    range: RangeOut
    launch: dt.date | None
    originally: int | None = Field(
        description="Ambassadors in the program at the end of the launch month."
    )
    ambassadors_start: int
    ambassadors_end: int
    joined: int
    left: int
    audience_start: int | None
    audience_end: int | None
    audience_change: int | None
    audience_change_percent: float | None
    followers_gained: int | None = Field(
        description="Followers gained by the accounts measured at both ends of the range."
    )
    engagements: int | None
    impressions: int | None
    video_views: int | None
    posts_published: int | None
    content_repurposed: int | None
    institutional_posts_shared: int | None
    link_clicks: int | None
    training_sessions_held: int | None
    modules_completed: int | None
    attendance_rate: float | None
    training_completion_rate: float | None
    data_up_to: dt.date | None
    sources: list[str]
    generated_at: dt.datetime
    key_figures: list[FigureOut]
    points: list[PointOut]


class AreaOut(Schema):
    department_id: int | None
    name: str
    entity: str
    specialty: str
    national_rank: int | None
    rank_year: int | None
    active: int
    joined: int
    audience: int | None
    accounts_measured: int


class SpecialtyOut(Schema):
    name: str
    national_rank: int
    rank_year: int
    departments: list[str]
    active: int
    audience: int | None
    gap: bool = Field(
        description="True when no department of the specialty has an active ambassador."
    )


class AreasOut(Schema):
    range: RangeOut
    as_of: dt.date
    areas: list[AreaOut] = Field(description="Areas with active ambassadors, most first.")
    specialties: list[SpecialtyOut]
    gaps: list[str]
    generated_at: dt.datetime


def range_out(report: ResultsReport | AreasReport) -> dict[str, Any]:
    r = report.range
    return {"key": r.key, "label": r.label, "start": r.start, "end": r.end, "days": r.days}


def results_out(report: ResultsReport) -> dict[str, Any]:
    figures = results_key_figures(report)
    by_key = {f.key: f.cell.value for f in figures}
    audience = report.audience
    points = []
    for i, day in enumerate(report.points):
        points.append(
            {
                "date": day,
                "ambassadors": report.ambassadors[i],
                "joined": report.joined[i],
                "left": report.left[i],
                "audience": audience.totals[i],
                "accounts_measured": audience.measured[i],
                "accounts_in_program": audience.accounts[i],
                "by_cohort": {k: v[i] for k, v in report.by_cohort.items()},
                "by_kind": {k: v[i] for k, v in report.by_kind.items()},
                "by_status": {k: v[i] for k, v in report.by_status.items()},
            }
        )
    return {
        "range": range_out(report),
        "launch": report.launch,
        "originally": report.originally,
        "ambassadors_start": report.ambassadors[0],
        "ambassadors_end": report.ambassadors[-1],
        "joined": report.joined_in_range,
        "left": report.left_in_range,
        "audience_start": audience.opening,
        "audience_end": audience.closing,
        "audience_change": audience.change,
        "audience_change_percent": audience.change_percent,
        "followers_gained": audience.organic_growth,
        "engagements": report.flows.engagements,
        "impressions": report.flows.impressions,
        "video_views": report.flows.video_views,
        "posts_published": report.flows.posts_published,
        "content_repurposed": by_key.get("content_repurposed"),
        "institutional_posts_shared": by_key.get("institutional_posts_shared"),
        "link_clicks": by_key.get("link_clicks"),
        "training_sessions_held": by_key.get("training_sessions_held"),
        "modules_completed": by_key.get("modules_completed"),
        "attendance_rate": report.attendance.rate,
        "training_completion_rate": report.training_completion_rate,
        "data_up_to": report.flows.data_up_to,
        "sources": report.flows.sources,
        "generated_at": report.generated_at,
        "key_figures": [
            {
                "key": f.key,
                "label": f.label,
                "value": f.cell.value,
                "text": f.cell.text,
                "note": f.note,
            }
            for f in figures
        ],
        "points": points,
    }


def areas_out(report: AreasReport) -> dict[str, Any]:
    return {
        "range": range_out(report),
        "as_of": report.as_of,
        "areas": [
            {
                "department_id": a.department_id,
                "name": a.name,
                "entity": a.entity,
                "specialty": a.specialty,
                "national_rank": a.national_rank,
                "rank_year": a.rank_year,
                "active": a.active,
                "joined": report.joined.get(a.department_id, 0),
                "audience": a.audience,
                "accounts_measured": a.measured,
            }
            for a in report.represented
        ],
        "specialties": [
            {
                "name": s.name,
                "national_rank": s.national_rank,
                "rank_year": s.rank_year,
                "departments": list(s.departments),
                "active": s.active,
                "audience": s.audience,
                "gap": s.is_gap,
            }
            for s in report.specialties
        ],
        "gaps": [s.name for s in report.gaps],
        "generated_at": report.generated_at,
    }
