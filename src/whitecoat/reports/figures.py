"""The reports' arithmetic: date ranges, month-end points, who was in the program when,
audience sums, rates, the gaps among ranked specialties, and how every figure is written.
Plain Python, no Django imports, so it is tested alone (tests/reports/test_figures.py).

Conventions (docs/reports.md explains them to readers):

- A range runs from its first day `start` to its last day `end`, both included. Its
  *opening* is the evening before `start`, as in the leaderboard's windows: levels at the
  opening describe the program as the range began, flows count from `start` on.
- *Points* are the days a report measures levels on: the opening, every month end inside
  the range, and the end.
- An ambassador is *in the program* from the day they joined until the day they left
  (became alumni): in on day D when joined_on <= D < left_on. Paused ambassadors are in.
- Their *status* on day D is the last status change recorded on or before D.
- A level (followers) at a point is each account's last snapshot with a follower count in
  the point's *bucket*: the calendar month of the point, up to the point and after the
  previous point. An older figure is not carried forward: the account has no data there.
- None means no data, never zero; a sum over nothing measured is None. Zero is written
  only when it is a count of something that exists (no ambassadors yet, no accounts).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

# The program's statuses, as whitecoat.program.enums.AmbassadorStatus spells them (a test
# holds the two together).
NOMINATED, INTAKE, TRAINING, ONBOARDING = "nominated", "intake", "training", "onboarding"
ACTIVE, PAUSED, ALUMNI = "active", "paused", "alumni"
STATUSES = (NOMINATED, INTAKE, TRAINING, ONBOARDING, ACTIVE, PAUSED, ALUMNI)
TRAINING_DONE = frozenset({ONBOARDING, ACTIVE})

NO_DATA = "no data"
ONE_DAY = dt.timedelta(days=1)

# ------------------------------------------------------------------------------ ranges

LAUNCH, LAST_12_MONTHS, YEAR_TO_DATE, LAST_MONTH, CUSTOM, MONTH = (
    "launch",
    "12m",
    "ytd",
    "last_month",
    "custom",
    "month",
)
RANGE_LABELS = {
    LAUNCH: "Since launch",
    LAST_12_MONTHS: "Last 12 months",
    YEAR_TO_DATE: "Year to date",
    LAST_MONTH: "Last month",
    CUSTOM: "Custom dates",
}
EARLIEST_DAY = dt.date(2000, 1, 1)
MAX_RANGE_DAYS = 366 * 25


class RangeError(ValueError):
    """A range that cannot be built from the given dates; the message is for users."""


@dataclass(frozen=True)
class ReportRange:
    key: str
    start: dt.date
    end: dt.date

    @property
    def opening(self) -> dt.date:
        return self.start - ONE_DAY

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.key == MONTH:
            return f"{self.start:%B %Y}"
        return RANGE_LABELS.get(self.key, self.key)

    @property
    def dates(self) -> str:
        return f"{day_text(self.start)} to {day_text(self.end)}"

    @property
    def title(self) -> str:
        """e.g. "Since launch: 3 Feb 2020 to 22 Nov 2026"."""
        return f"{self.label}: {self.dates}"


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_last(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - ONE_DAY


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month before `today`'s."""
    last = month_first(today) - ONE_DAY
    return month_first(last), last


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def range_for(
    key: str,
    *,
    today: dt.date,
    launch: dt.date | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ReportRange:
    """The range named `key` (ending today, or last month), or the custom range.

    "Since launch" starts on the program's launch day; a program with no launch yet (no
    cohort, nobody joined) starts today.
    """
    if key == CUSTOM or start is not None or end is not None:
        if start is None or end is None:
            raise RangeError("Custom dates need both a start and an end date.")
        if end < start:
            raise RangeError("The end date is before the start date.")
        if end > today:
            raise RangeError("The end date is in the future.")
        if start < EARLIEST_DAY:
            raise RangeError(f"The start date may not be before {day_text(EARLIEST_DAY)}.")
        if (end - start).days >= MAX_RANGE_DAYS:
            raise RangeError("A report may span at most 25 years.")
        return ReportRange(CUSTOM, start, end)
    if key == LAUNCH:
        first = launch if launch is not None and launch <= today else today
        return ReportRange(LAUNCH, first, today)
    if key == LAST_12_MONTHS:
        return ReportRange(LAST_12_MONTHS, _year_before(today) + ONE_DAY, today)
    if key == YEAR_TO_DATE:
        return ReportRange(YEAR_TO_DATE, dt.date(today.year, 1, 1), today)
    if key == LAST_MONTH:
        first, last = previous_month(today)
        return ReportRange(LAST_MONTH, first, last)
    raise RangeError(f"Unknown range {key!r}; use one of {', '.join(RANGE_LABELS)}.")


def month_range(month: dt.date) -> ReportRange:
    """The calendar month that starts on `month` (the monthly e-mail's range)."""
    if month.day != 1:
        raise RangeError("A month starts on its first day.")
    return ReportRange(MONTH, month, month_last(month))


def points_for(report_range: ReportRange) -> list[dt.date]:
    """The opening, each month end inside the range, and the end (increasing, no repeat)."""
    points = [report_range.opening]
    day = month_last(report_range.start)
    while day < report_range.end:
        points.append(day)
        day = month_last(day + ONE_DAY)
    points.append(report_range.end)
    return points


def buckets_for(points: Sequence[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Each point's bucket: from the first of its month (or the day after the previous
    point, if later) to the point itself."""
    buckets = []
    previous: dt.date | None = None
    for point in points:
        low = month_first(point)
        if previous is not None:
            low = max(low, previous + ONE_DAY)
        buckets.append((low, point))
        previous = point
    return buckets


# -------------------------------------------------------------------------- membership


Step = tuple[dt.date, str]


@dataclass(frozen=True)
class Member:
    """One ambassador as the reports see them: when they were in the program, their
    status history (day, status) oldest first, and what they are counted by."""

    ambassador_id: int
    joined_on: dt.date | None
    left_on: dt.date | None
    steps: tuple[Step, ...]
    cohort: str = ""
    kind: str = ""
    department_id: int | None = None

    def is_in(self, day: dt.date) -> bool:
        return (
            self.joined_on is not None
            and self.joined_on <= day
            and (self.left_on is None or day < self.left_on)
        )

    def status_on(self, day: dt.date) -> str | None:
        """The status of the last step on or before `day`; None before the first."""
        status = None
        for step_day, step_status in self.steps:
            if step_day > day:
                break
            status = step_status
        return status


def departure_day(
    steps: Sequence[Step], *, status: str, last_changed: dt.date | None
) -> dt.date | None:
    """The day an ambassador left: their first move to alumni; for an alumnus without
    one recorded, the day their record last changed (the closest the data comes)."""
    for day, step_status in steps:
        if step_status == ALUMNI:
            return day
    return last_changed if status == ALUMNI else None


def fallback_steps(
    *,
    status: str,
    joined_on: dt.date | None,
    left_on: dt.date | None,
    entered_on: dt.date,
) -> tuple[Step, ...]:
    """A history for an ambassador who has none recorded (added before the pipeline kept
    one, or by an import): in their current status since they joined or entered."""
    if joined_on is None:
        return ((entered_on, status),)
    steps: list[Step] = [(joined_on, PAUSED if status == PAUSED else ACTIVE)]
    if left_on is not None:
        steps.append((max(left_on, joined_on), ALUMNI))
    return tuple(steps)


def member_build(
    *,
    ambassador_id: int,
    status: str,
    joined_on: dt.date | None,
    entered_on: dt.date,
    last_changed: dt.date | None,
    steps: Sequence[Step],
    cohort: str = "",
    kind: str = "",
    department_id: int | None = None,
) -> Member:
    """A Member from an ambassador's record and their recorded steps (may be empty)."""
    left_on = departure_day(steps, status=status, last_changed=last_changed)
    if left_on is not None and joined_on is not None:
        left_on = max(left_on, joined_on)
    if not steps:
        steps = fallback_steps(
            status=status, joined_on=joined_on, left_on=left_on, entered_on=entered_on
        )
    return Member(
        ambassador_id=ambassador_id,
        joined_on=joined_on,
        left_on=left_on,
        steps=tuple(steps),
        cohort=cohort,
        kind=kind,
        department_id=department_id,
    )


def _counts_at(events: Sequence[tuple[dt.date, int]], days: Sequence[dt.date]) -> list[int]:
    """The running total of (day, +1/-1) events on each day (events on the day count)."""
    ordered = sorted(events)
    moments = [day for day, _ in ordered]
    totals = [0]
    for _, change in ordered:
        totals.append(totals[-1] + change)
    return [totals[bisect_right(moments, day)] for day in days]


def _stay(member: Member) -> list[tuple[dt.date, int]]:
    """A member's joining (+1) and leaving (-1) as events; nothing for who never joined."""
    if member.joined_on is None:
        return []
    events = [(member.joined_on, 1)]
    if member.left_on is not None:
        events.append((max(member.left_on, member.joined_on), -1))
    return events


def count_in(members: Iterable[Member], days: Sequence[dt.date]) -> list[int]:
    """How many were in the program on each day."""
    return _counts_at([event for m in members for event in _stay(m)], days)


def count_in_by(
    members: Iterable[Member], days: Sequence[dt.date], key: Callable[[Member], str]
) -> dict[str, list[int]]:
    """How many were in the program on each day, per group (groups in name order); groups
    nobody was in on any of the days are left out."""
    events: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for member in members:
        events[key(member)] += _stay(member)
    counts = {group: _counts_at(group_events, days) for group, group_events in events.items()}
    return {group: counts[group] for group in sorted(counts) if any(counts[group])}


def count_statuses(members: Iterable[Member], days: Sequence[dt.date]) -> dict[str, list[int]]:
    """How many were in each status on each day, in the pipeline's order; statuses nobody
    was in on any of the days are left out."""
    events: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for member in members:
        previous = None
        for day, status in member.steps:
            if previous is not None:
                events[previous].append((day, -1))
            events[status].append((day, 1))
            previous = status
    counts = {status: _counts_at(events.get(status, []), days) for status in STATUSES}
    return {status: values for status, values in counts.items() if any(values)}


def joined_between(members: Iterable[Member], after: dt.date, until: dt.date) -> int:
    """Joined on a day in (after, until]."""
    return sum(1 for m in members if m.joined_on is not None and after < m.joined_on <= until)


def left_between(members: Iterable[Member], after: dt.date, until: dt.date) -> int:
    """Left (became alumni) on a day in (after, until], having joined before."""
    return sum(
        1
        for m in members
        if m.left_on is not None and m.joined_on is not None and after < m.left_on <= until
    )


def training_completion(members: Iterable[Member], start: dt.date, end: dt.date) -> tuple[int, int]:
    """(started, finished): ambassadors whose training began in [start, end], and how many
    of them moved on to onboarding or active by `end`."""
    started = finished = 0
    for member in members:
        steps = member.steps
        began = next(
            (
                i
                for i, (day, status) in enumerate(steps)
                if status == TRAINING and start <= day <= end
            ),
            None,
        )
        if began is None:
            continue
        started += 1
        if any(status in TRAINING_DONE and day <= end for day, status in steps[began + 1 :]):
            finished += 1
    return started, finished


# ---------------------------------------------------------------------------- audience


@dataclass(frozen=True)
class Level:
    """An account's followers at one point (the index into the points)."""

    account_id: int
    ambassador_id: int
    point: int
    followers: int


@dataclass
class Audience:
    """Followers of the program's ambassadors' professional accounts at each point.

    `totals[i]` is None when accounts were in the program at point i but none had data;
    0 only when no account was in the program then.
    """

    totals: list[int | None]
    measured: list[int]
    accounts: list[int]
    organic_growth: int | None = None
    organic_accounts: int = 0

    @property
    def opening(self) -> int | None:
        return self.totals[0] if self.totals else None

    @property
    def closing(self) -> int | None:
        return self.totals[-1] if self.totals else None

    @property
    def change(self) -> int | None:
        if self.opening is None or self.closing is None:
            return None
        return self.closing - self.opening

    @property
    def change_percent(self) -> float | None:
        return percent_change(self.closing, self.opening)


def audience_at_points(
    *,
    levels: Iterable[Level],
    accounts: Mapping[int, int],
    members: Mapping[int, Member],
    points: Sequence[dt.date],
) -> Audience:
    """Sum the levels of accounts whose ambassador was in the program at each point.

    `accounts` maps every professional account of the ambassadors to its ambassador;
    `levels` are the figures found in the points' buckets. The organic growth sums, over
    accounts measured at both the first and the last point (and in the program at both),
    the followers they gained.
    """
    n = len(points)
    in_program = {aid: [member.is_in(day) for day in points] for aid, member in members.items()}
    counted = [0] * n
    for ambassador_id in accounts.values():
        flags = in_program.get(ambassador_id)
        if flags:
            for i, flag in enumerate(flags):
                counted[i] += flag
    sums: list[int] = [0] * n
    measured = [0] * n
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for level in levels:
        flags = in_program.get(level.ambassador_id)
        if not flags or not flags[level.point]:
            continue
        sums[level.point] += level.followers
        measured[level.point] += 1
        if level.point == 0:
            first[level.account_id] = level.followers
        if level.point == n - 1:
            last[level.account_id] = level.followers
    totals: list[int | None] = [
        sums[i] if measured[i] else (0 if counted[i] == 0 else None) for i in range(n)
    ]
    both = first.keys() & last.keys()
    organic = sum(last[a] - first[a] for a in both) if both and n > 1 else None
    return Audience(
        totals=totals,
        measured=measured,
        accounts=counted,
        organic_growth=organic,
        organic_accounts=len(both) if n > 1 else 0,
    )


# ------------------------------------------------------------------------------- rates


def percent(part: int | None, whole: int | None) -> float | None:
    """part / whole in percent; None without a whole."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def percent_change(new: int | None, old: int | None) -> float | None:
    if new is None or old is None or old <= 0:
        return None
    return 100.0 * (new - old) / old


# ------------------------------------------------------------------------------- areas


@dataclass(frozen=True)
class Area:
    """A department or service line, with what the report counts in it."""

    department_id: int | None
    name: str
    entity: str
    specialty: str
    national_rank: int | None
    rank_year: int | None
    active: int = 0
    audience: int | None = None
    measured: int = 0

    @property
    def is_ranked(self) -> bool:
        return self.national_rank is not None


@dataclass(frozen=True)
class Specialty:
    """A nationally ranked specialty and the departments that map to it."""

    name: str
    national_rank: int
    rank_year: int
    departments: tuple[str, ...]
    active: int
    audience: int | None

    @property
    def is_gap(self) -> bool:
        return self.active == 0


def areas_represented(areas: Iterable[Area]) -> list[Area]:
    """The areas with active ambassadors, most ambassadors first, then by name."""
    return sorted((a for a in areas if a.active > 0), key=lambda a: (-a.active, a.name, a.entity))


def ranked_specialties(areas: Iterable[Area]) -> list[Specialty]:
    """Each ranked specialty (a department's `specialty`, or its name when blank) with its
    departments' active ambassadors and audience; best rank first. A specialty with no
    active ambassador in any of its departments is a gap."""
    groups: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        if area.is_ranked:
            groups[area.specialty or area.name].append(area)
    specialties = []
    for name, members in groups.items():
        best = min(members, key=lambda a: (a.national_rank, -(a.rank_year or 0)))
        audiences = [a.audience for a in members if a.audience is not None]
        specialties.append(
            Specialty(
                name=name,
                national_rank=best.national_rank or 0,
                rank_year=best.rank_year or 0,
                departments=tuple(sorted(a.name for a in members)),
                active=sum(a.active for a in members),
                audience=sum(audiences) if audiences else None,
            )
        )
    return sorted(specialties, key=lambda s: (s.national_rank, s.name))


# ----------------------------------------------------------------------------- writing


def day_text(day: dt.date) -> str:
    """3 Feb 2020."""
    return f"{day.day} {day:%b %Y}"


def month_text(day: dt.date) -> str:
    """Feb 2020."""
    return f"{day:%b %Y}"


def int_text(value: int | None) -> str:
    return NO_DATA if value is None else f"{value:,}"


def signed_text(value: int | None) -> str:
    if value is None:
        return NO_DATA
    return f"+{value:,}" if value > 0 else f"{value:,}"


def percent_text(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return NO_DATA
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{value:.1f} %"


@dataclass(frozen=True)
class Cell:
    """One figure as every output writes it: the page, the PDF and the XLSX."""

    value: int | float | str | dt.date | None
    kind: str = "text"  # text, int, plain (no separators), signed, percent, signed_percent, date
    highlight: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "plain", "signed", "percent", "signed_percent"}

    @property
    def text(self) -> str:
        value = self.value
        if self.kind == "plain":
            return NO_DATA if value is None else str(value)
        if self.kind == "int":
            return int_text(value)  # type: ignore[arg-type]
        if self.kind == "signed":
            return signed_text(value)  # type: ignore[arg-type]
        if self.kind in {"percent", "signed_percent"}:
            return percent_text(value, signed=self.kind == "signed_percent")  # type: ignore[arg-type]
        if self.kind == "date":
            return NO_DATA if value is None else day_text(value)  # type: ignore[arg-type]
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass
class ReportTable:
    """A table of a report. The first cell of each row names the row."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""

    @property
    def numbers(self) -> list[str]:
        """Every figure written in the table (for the tests that compare outputs)."""
        return [cell.text for row in self.rows for cell in row if cell.numeric]
