"""A small hand-built program whose every figure is worked out in the comments.

Cohorts: "Physicians 2024" launched 10 Jan 2024, "Students 2024" launched 1 Jun 2024.
Departments: Cardiology (ranked #3, 2025), Neurology, Urology (ranked #9, 2025, nobody).

- Ann (attending, cardiology, physicians): training 15 Dec 2023, active 15 Jan 2024.
  X account: 1,000 followers on 20 Feb 2024, one more each day (1,009 on 29 Feb, 1,070 on
  30 Apr, 1,131 on 30 Jun); 10 engagements and 1 post a day.
- Ben (resident, neurology, physicians): active 20 Jan 2024, alumni 10 Apr 2024. His
  account keeps reporting after he left: 500 followers, 5 engagements and 1 post a day,
  1 Feb to 30 Jun 2024.
- Cat (medical student, cardiology, students): nominated 1 May, training 10 May,
  onboarding 1 Jun, active 15 Jun 2024. One snapshot on 20 Jun: 300 followers,
  7 engagements, 1 post.
- Dan (attending, neurology, physicians): nominated 1 Feb 2024, still nominated.

The range 1 Mar to 30 Jun 2024 (opening 29 Feb):
- in the program: 2 (Ann, Ben) at the opening, 2 on 31 Mar, 1 on 30 Apr and 31 May, 2 on
  30 Jun (Ann, Cat); joined 1 (Cat), left 1 (Ben); at launch (31 Jan 2024): 2.
- audience: 1,509 at the opening (1,009 + 500), 1,070 on 30 Apr, 1,431 at the end
  (1,131 + 300): change -78 (-5.2 %); Ann gained 122 (the only account at both ends).
- engagements: Ann 10 x 122 days + Ben 5 x 40 days (1 Mar to 9 Apr) + Cat 7 = 1,427;
  posts 122 + 40 + 1 = 163; impressions and video views: no data.
- training: Cat began training in the range and finished it (1 of 1, 100.0 %).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import CohortFactory, DepartmentFactory, EntityFactory
from tests.reports.factories import account_for, ambassador_with_history, snapshots
from whitecoat.reports.figures import ReportRange

D = dt.date
RANGE = ReportRange("custom", D(2024, 3, 1), D(2024, 6, 30))


@pytest.fixture
def program(db):
    system = EntityFactory(name="Test Health", kind="health_system")
    cardiology = DepartmentFactory(
        entity=system, name="Cardiology", specialty="Cardiology", national_rank=3, rank_year=2025
    )
    neurology = DepartmentFactory(entity=system, name="Neurology")
    urology = DepartmentFactory(entity=system, name="Urology", national_rank=9, rank_year=2025)
    physicians = CohortFactory(name="Physicians 2024", entity=system, launched_on=D(2024, 1, 10))
    students = CohortFactory(name="Students 2024", entity=system, launched_on=D(2024, 6, 1))
    ann = ambassador_with_history(
        name="Ann Apple",
        cohort=physicians,
        department=cardiology,
        steps=[
            (D(2023, 12, 1), "nominated"),
            (D(2023, 12, 15), "training"),
            (D(2024, 1, 15), "active"),
        ],
    )
    ben = ambassador_with_history(
        name="Ben Berry",
        cohort=physicians,
        department=neurology,
        kind="resident_fellow",
        steps=[
            (D(2024, 1, 5), "nominated"),
            (D(2024, 1, 20), "active"),
            (D(2024, 4, 10), "alumni"),
        ],
    )
    cat = ambassador_with_history(
        name="Cat Cherry",
        cohort=students,
        department=cardiology,
        kind="medical_student",
        steps=[
            (D(2024, 5, 1), "nominated"),
            (D(2024, 5, 10), "training"),
            (D(2024, 6, 1), "onboarding"),
            (D(2024, 6, 15), "active"),
        ],
    )
    dan = ambassador_with_history(
        name="Dan Date",
        cohort=physicians,
        department=neurology,
        steps=[(D(2024, 2, 1), "nominated")],
    )
    snapshots(
        account_for(ann),
        first=D(2024, 2, 20),
        last=D(2024, 6, 30),
        followers=lambda day: 1000 + (day - D(2024, 2, 20)).days,
        engagements=10,
        posts=1,
    )
    snapshots(
        account_for(ben),
        first=D(2024, 2, 1),
        last=D(2024, 6, 30),
        followers=500,
        engagements=5,
        posts=1,
    )
    snapshots(
        account_for(cat),
        first=D(2024, 6, 20),
        last=D(2024, 6, 20),
        followers=300,
        engagements=7,
        posts=1,
    )
    return SimpleNamespace(
        ann=ann,
        ben=ben,
        cat=cat,
        dan=dan,
        cardiology=cardiology,
        neurology=neurology,
        urology=urology,
        physicians=physicians,
        students=students,
    )
