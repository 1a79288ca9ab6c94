"""The reports' figures as tables: the one place they are written, so the page, the PDF,
the XLSX and the e-mail show exactly the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from whitecoat.program.enums import AmbassadorStatus
from whitecoat.reports.figures import Cell, Column, ReportTable, day_text, month_text
from whitecoat.reports.selectors import AreasReport, ResultsReport

STATUS_LABELS = dict(AmbassadorStatus.choices)
GAP = "Gap: no active ambassador"
REPRESENTED = "Represented"


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    cell: Cell
    note: str = ""


def _percent_note(part: int, whole: int, what: str) -> str:
    return f"{part:,} {what} of {whole:,}"


def results_key_figures(report: ResultsReport) -> list[KeyFigure]:
    """The headline figures of the results report, in reading order."""
    end, opening = report.range.end, report.range.opening
    audience, flows = report.audience, report.flows
    launch = (
        f"in the program at the end of {month_text(report.launch_point)}, the launch month"
        if report.launch_point
        else "no launch recorded yet"
    )
    measured = (
        f"{audience.measured[-1]:,} of {audience.accounts[-1]:,} professional accounts "
        f"measured in {month_text(end)}"
    )
    figures = [
        KeyFigure(
            "ambassadors_end",
            "Ambassadors in the program at the end",
            Cell(report.ambassadors[-1], "int"),
            f"active or paused on {day_text(end)}",
        ),
        KeyFigure(
            "ambassadors_start",
            "Ambassadors at the start",
            Cell(report.ambassadors[0], "int"),
            f"active or paused on {day_text(opening)}",
        ),
        KeyFigure("joined", "Joined during the range", Cell(report.joined_in_range, "int")),
        KeyFigure(
            "left", "Left during the range", Cell(report.left_in_range, "int"), "became alumni"
        ),
        KeyFigure("originally", "Ambassadors at launch", Cell(report.originally, "int"), launch),
        KeyFigure(
            "audience_end",
            "Audience at the end (followers)",
            Cell(audience.closing, "int"),
            measured,
        ),
        KeyFigure(
            "audience_start",
            "Audience at the start (followers)",
            Cell(audience.opening, "int"),
            f"{audience.measured[0]:,} of {audience.accounts[0]:,} accounts measured",
        ),
        KeyFigure(
            "audience_change",
            "Audience change",
            Cell(audience.change, "signed"),
            "includes the followers of ambassadors who joined or left",
        ),
        KeyFigure(
            "audience_change_percent",
            "Audience change, percent",
            Cell(audience.change_percent, "signed_percent"),
        ),
        KeyFigure(
            "followers_gained",
            "Followers gained by accounts measured at both ends",
            Cell(audience.organic_growth, "signed"),
            f"{audience.organic_accounts:,} accounts",
        ),
        KeyFigure(
            "engagements",
            "Engagements",
            Cell(flows.engagements, "int"),
            "likes, comments, shares and saves",
        ),
        KeyFigure("impressions", "Impressions", Cell(flows.impressions, "int")),
        KeyFigure("video_views", "Video views", Cell(flows.video_views, "int")),
        KeyFigure("posts_published", "Posts published", Cell(flows.posts_published, "int")),
    ]
    figures += [KeyFigure(p.key, p.label, Cell(p.value, "int"), p.source) for p in report.program]
    attendance = report.attendance
    figures += [
        KeyFigure(
            "attendance_rate",
            "Training attendance rate",
            Cell(attendance.rate, "percent"),
            _percent_note(attendance.attended, attendance.recorded, "attended")
            + " invitations with attendance recorded",
        ),
        KeyFigure(
            "training_completion_rate",
            "Training completion rate",
            Cell(report.training_completion_rate, "percent"),
            _percent_note(report.training_finished, report.training_started, "finished")
            + " who began training in the range",
        ),
    ]
    return figures


def _point_label(report: ResultsReport, i: int) -> Cell:
    return Cell(report.points[i], "date")


POINTS_NOTE = (
    "The first row is the start (the evening before the range's first day), the last row "
    "its end; the others are month ends."
)


def _by_group(
    report: ResultsReport, key: str, title: str, groups: dict[str, list[int]], note: str
) -> ReportTable:
    labels = list(groups)
    return ReportTable(
        key=key,
        title=title,
        columns=[Column("Date"), *(Column(label, numeric=True) for label in labels)],
        rows=[
            [_point_label(report, i), *(Cell(groups[label][i], "int") for label in labels)]
            for i in range(len(report.points))
        ],
        note=note,
    )


def results_tables(report: ResultsReport) -> tuple[list[KeyFigure], list[ReportTable]]:
    """The key figures, and every table of the results report (the first holds the key
    figures, so an export has them too)."""
    figures = results_key_figures(report)
    key_table = ReportTable(
        key="key_figures",
        title="Key figures",
        columns=[Column("Figure"), Column("Value", numeric=True), Column("About")],
        rows=[[Cell(f.label), f.cell, Cell(f.note)] for f in figures],
        note=report.range.title,
    )
    audience = report.audience
    monthly = ReportTable(
        key="ambassadors_audience",
        title="Ambassadors and audience at each month end",
        columns=[
            Column("Date"),
            Column("Ambassadors", numeric=True),
            Column("Joined", numeric=True),
            Column("Left", numeric=True),
            Column("Audience (followers)", numeric=True),
            Column("Accounts measured", numeric=True),
            Column("Accounts in the program", numeric=True),
        ],
        rows=[
            [
                _point_label(report, i),
                Cell(report.ambassadors[i], "int"),
                Cell(report.joined[i], "int") if i else Cell(""),
                Cell(report.left[i], "int") if i else Cell(""),
                Cell(audience.totals[i], "int"),
                Cell(audience.measured[i], "int"),
                Cell(audience.accounts[i], "int"),
            ]
            for i in range(len(report.points))
        ],
        note=f"{POINTS_NOTE} Joined and left count the days after the row above, up to the "
        "row's date. Audience: each account's last follower count in that month.",
    )
    statuses = {STATUS_LABELS.get(k, k): v for k, v in report.by_status.items()}
    return figures, [
        key_table,
        monthly,
        _by_group(
            report,
            "by_cohort",
            "Ambassadors by cohort",
            report.by_cohort,
            f"In the program (active or paused) on each date. {POINTS_NOTE}",
        ),
        _by_group(
            report,
            "by_kind",
            "Ambassadors by kind",
            report.by_kind,
            f"In the program (active or paused) on each date. {POINTS_NOTE}",
        ),
        _by_group(
            report,
            "by_status",
            "Everyone in the pipeline, by status",
            statuses,
            f"From each ambassador's recorded status changes. {POINTS_NOTE}",
        ),
    ]


def areas_tables(report: AreasReport) -> list[ReportTable]:
    """Areas represented, and the ranked specialties with their gaps."""
    as_of = day_text(report.as_of)
    areas = ReportTable(
        key="areas",
        title="Areas represented",
        columns=[
            Column("Department or service line"),
            Column("Entity"),
            Column("Ranked specialty"),
            Column("Active ambassadors", numeric=True),
            Column("Joined in the range", numeric=True),
            Column("Audience (followers)", numeric=True),
            Column("Accounts measured", numeric=True),
        ],
        rows=[
            [
                Cell(area.name),
                Cell(area.entity),
                Cell(
                    f"#{area.national_rank} ({area.rank_year}) {area.specialty or area.name}"
                    if area.is_ranked
                    else ""
                ),
                Cell(area.active, "int"),
                Cell(report.joined.get(area.department_id, 0), "int"),
                Cell(area.audience, "int"),
                Cell(area.measured, "int"),
            ]
            for area in report.represented
        ],
        note=f"Departments and service lines with active ambassadors on {as_of}.",
    )
    specialties = ReportTable(
        key="ranked_specialties",
        title="Nationally ranked specialties",
        columns=[
            Column("Specialty"),
            Column("National rank", numeric=True),
            Column("Ranking year", numeric=True),
            Column("Departments"),
            Column("Active ambassadors", numeric=True),
            Column("Audience (followers)", numeric=True),
            Column("Coverage"),
        ],
        rows=[
            [
                Cell(s.name),
                Cell(s.national_rank, "plain"),
                Cell(s.rank_year, "plain"),
                Cell(", ".join(s.departments)),
                Cell(s.active, "int", highlight=s.is_gap),
                Cell(s.audience, "int"),
                Cell(GAP if s.is_gap else REPRESENTED, highlight=s.is_gap),
            ]
            for s in report.specialties
        ],
        note=f"On {as_of}. A ranked specialty without an active ambassador is a gap.",
    )
    return [areas, specialties]
