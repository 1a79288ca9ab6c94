"""The demo program as plain data: a deterministic plan, no Django imports.

`demo_plan_build(seed=..., today=...)` returns the same `DemoPlan` for the same arguments:
the organisation, the people, two cohorts, the ambassadors' and institutional accounts, and
one login per role. Daily figures are not stored in the plan; `account_series()` generates
an account's days on demand from that account's own seed, so the plan stays small and the
loader can stream hundreds of thousands of rows straight into the database.

Choice values are the plain strings of the Django enums (`"attending"`, `"connected"`, ...);
the tests check that they still match.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

DEMO_EMAIL_DOMAIN = "demo.whitecoat.invalid"
DEMO_PASSWORD = "demo"
DEFAULT_SEED = 2020

# The oldest day with figures at full scale (about six years of history).
HISTORY_FLOOR = dt.date(2020, 1, 1)
PHYSICIANS_LAUNCH = dt.date(2020, 2, 3)
SCHOOL_LAUNCH = dt.date(2022, 7, 1)
# Growth on X slowed for everyone after its change of ownership.
X_SLOWDOWN = dt.date(2022, 11, 1)

PIPELINE = ("nominated", "intake", "training", "onboarding")
VIDEO_PLATFORMS = ("instagram", "tiktok", "youtube")


# --- The plan's dataclasses -------------------------------------------------------------


@dataclass(frozen=True)
class EntityPlan:
    key: str
    name: str
    short_name: str
    kind: str
    parent_key: str | None


@dataclass(frozen=True)
class DepartmentPlan:
    key: str
    entity_key: str
    name: str
    specialty: str
    national_rank: int | None
    rank_year: int | None


@dataclass(frozen=True)
class PersonPlan:
    key: int
    first_name: str
    last_name: str
    email: str
    kind: str
    credentials: str
    title: str
    department_key: str | None


@dataclass(frozen=True)
class CohortPlan:
    key: str
    name: str
    entity_key: str
    launched_on: dt.date
    description: str


@dataclass(frozen=True)
class AmbassadorPlan:
    key: int
    person_key: int
    cohort_key: str
    status: str
    nominated_on: dt.date
    joined_on: dt.date | None
    nominated_by: str | None  # a demo login's username
    # When they paused or left; the models have no field for it, the figures show it.
    changed_on: dt.date | None = None


@dataclass(frozen=True)
class Phase:
    """From `starts_on`, an account gains `add` followers a day plus `rate` of its audience."""

    starts_on: dt.date
    add: float
    rate: float
    posts: float


@dataclass(frozen=True)
class GrowthPlan:
    seed: int
    platform: str
    simulate_from: dt.date
    followers0: float
    following0: int
    posts0: int
    phases: tuple[Phase, ...]
    engagement_scale: float = 1.0
    viral_scale: float = 1.0
    follow_chance: float = 0.25


@dataclass(frozen=True)
class AccountPlan:
    key: int
    platform: str
    handle: str
    use: str
    connection_state: str
    opened_on: dt.date
    connected_on: dt.date | None
    ambassador_key: int | None = None
    unit_department_key: str | None = None
    unit_entity_key: str | None = None
    # First and last day with figures; None when the account has none.
    history: tuple[dt.date, dt.date] | None = None
    growth: GrowthPlan | None = None

    @property
    def snapshot_count(self) -> int:
        if self.history is None:
            return 0
        return (self.history[1] - self.history[0]).days + 1


@dataclass(frozen=True)
class LoginPlan:
    username: str
    role: str
    person_key: int | None
    nominates: tuple[str, ...] = ()


class DailyFigures(NamedTuple):
    """One day of an account; levels at the end of the day, flows during it. None = missing."""

    date: dt.date
    followers: int
    following: int
    posts_count: int
    posts_published: int
    engagements: int
    impressions: int | None
    video_views: int | None


@dataclass(frozen=True)
class DemoSummary:
    entities: int
    departments: int
    ranked_departments: int
    people: int
    cohorts: int
    ambassadors_by_status: dict[str, int]
    accounts: int
    institutional_accounts: int
    connected_accounts: int
    snapshots: int
    logins: int
    seconds: float = 0.0

    @property
    def ambassadors(self) -> int:
        return sum(self.ambassadors_by_status.values())

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{n} {s}" for s, n in self.ambassadors_by_status.items() if n)
        return [
            f"entities:     {self.entities}",
            f"departments:  {self.departments} ({self.ranked_departments} nationally ranked)",
            f"people:       {self.people}",
            f"cohorts:      {self.cohorts}",
            f"ambassadors:  {self.ambassadors} ({statuses})",
            f"accounts:     {self.accounts} ({self.connected_accounts} connected, "
            f"{self.institutional_accounts} institutional)",
            f"snapshots:    {self.snapshots}",
            f"logins:       {self.logins}",
        ]


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    today: dt.date
    scale: float
    history_start: dt.date
    entities: tuple[EntityPlan, ...]
    departments: tuple[DepartmentPlan, ...]
    people: tuple[PersonPlan, ...]
    cohorts: tuple[CohortPlan, ...]
    ambassadors: tuple[AmbassadorPlan, ...]
    accounts: tuple[AccountPlan, ...]
    logins: tuple[LoginPlan, ...]

    def snapshot_count(self) -> int:
        return sum(account.snapshot_count for account in self.accounts)

    def summary(self) -> DemoSummary:
        statuses = Counter(a.status for a in self.ambassadors)
        order = [*PIPELINE, "active", "paused", "alumni"]
        return DemoSummary(
            entities=len(self.entities),
            departments=len(self.departments),
            ranked_departments=sum(1 for d in self.departments if d.national_rank),
            people=len(self.people),
            cohorts=len(self.cohorts),
            ambassadors_by_status={status: statuses.get(status, 0) for status in order},
            accounts=len(self.accounts),
            institutional_accounts=sum(1 for a in self.accounts if a.ambassador_key is None),
            connected_accounts=sum(1 for a in self.accounts if a.connection_state == "connected"),
            snapshots=self.snapshot_count(),
            logins=len(self.logins),
        )


# --- Reference data ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformProfile:
    launched: dt.date
    followers0: tuple[float, float]  # audience on 2020-01-01 of an account a few years old
    add: float  # followers a day gained in the program
    rate: float  # compounding growth a day in the program
    posts: float  # posts a day in the program
    engagement: float  # engagements per post per follower
    impressions: float | None  # impressions per post per follower; None: not reported
    video: float | None  # video views per impression; None: not a video platform
    viral: float  # chance a day of a post that takes off
    cap: float  # audience where growth levels off


PLATFORMS: dict[str, PlatformProfile] = {
    "x": PlatformProfile(
        dt.date(2006, 7, 15), (40, 800), 0.30, 0.00060, 0.7, 0.010, 0.30, None, 1 / 700, 2e5
    ),
    "linkedin": PlatformProfile(
        dt.date(2003, 5, 5), (150, 1200), 0.50, 0.00050, 0.18, 0.020, 0.45, None, 1 / 1500, 1e5
    ),
    "instagram": PlatformProfile(
        dt.date(2010, 10, 6), (80, 800), 0.50, 0.00070, 0.25, 0.035, 0.35, 0.30, 1 / 900, 5e5
    ),
    "tiktok": PlatformProfile(
        dt.date(2018, 8, 2), (0, 40), 1.20, 0.00140, 0.35, 0.060, 2.50, 0.90, 1 / 250, 1.5e6
    ),
    "youtube": PlatformProfile(
        dt.date(2005, 4, 23), (10, 300), 0.25, 0.00090, 0.05, 0.040, 1.50, 0.60, 1 / 1200, 5e5
    ),
    "threads": PlatformProfile(
        dt.date(2023, 7, 5), (60, 400), 0.20, 0.00030, 0.30, 0.020, 0.25, None, 1 / 1500, 1e5
    ),
    # Bluesky and Mastodon report no impressions: those days stay missing, not zero.
    "bluesky": PlatformProfile(
        dt.date(2024, 2, 6), (15, 150), 0.35, 0.00080, 0.50, 0.030, None, None, 1 / 1000, 1e5
    ),
    "mastodon": PlatformProfile(
        dt.date(2016, 10, 5), (20, 250), 0.08, 0.00020, 0.30, 0.020, None, None, 1 / 3000, 3e4
    ),
    "facebook": PlatformProfile(
        dt.date(2004, 2, 4), (100, 600), 0.10, 0.00020, 0.10, 0.015, 0.12, None, 1 / 3000, 1e6
    ),
}

PHYSICIAN_PLATFORMS = {
    "x": 32,
    "linkedin": 28,
    "instagram": 20,
    "tiktok": 5,
    "bluesky": 5,
    "threads": 4,
    "youtube": 3,
    "mastodon": 2,
    "facebook": 1,
}
STUDENT_PLATFORMS = {
    "instagram": 30,
    "linkedin": 20,
    "tiktok": 18,
    "x": 15,
    "youtube": 6,
    "threads": 5,
    "bluesky": 5,
    "mastodon": 1,
}

ENTITIES = (
    EntityPlan("system", "Lakeside Health System (demo)", "Lakeside", "health_system", None),
    EntityPlan("main", "Lakeside Hospital", "Lakeside Main", "hospital", "system"),
    EntityPlan("west", "Lakeside West Hospital", "Lakeside West", "hospital", "system"),
    EntityPlan(
        "children", "Lakeside Children's Hospital", "Lakeside Children's", "hospital", "system"
    ),
    EntityPlan("school", "Lakeside School of Medicine", "LSOM", "school", "system"),
)


@dataclass(frozen=True)
class _DepartmentSpec:
    key: str
    name: str
    entity_key: str
    specialty: str  # the ranked specialty it maps to, if any
    weight: float  # how many physician ambassadors it draws
    trainee: str  # what its residents are called: "Resident" or "Fellow"


CARDIO = "Cardiology, Heart & Vascular Surgery"
DEPARTMENTS = (
    _DepartmentSpec("cardiology", "Cardiology", "system", CARDIO, 14, "Fellow"),
    _DepartmentSpec("cardiac-surgery", "Cardiac Surgery", "system", CARDIO, 5, "Resident"),
    _DepartmentSpec(
        "neuro", "Neurology & Neurosurgery", "system", "Neurology & Neurosurgery", 10, "Resident"
    ),
    _DepartmentSpec("oncology", "Oncology", "system", "Cancer", 11, "Fellow"),
    _DepartmentSpec("orthopedics", "Orthopedics", "west", "Orthopedics", 7, "Resident"),
    _DepartmentSpec(
        "gastro", "Gastroenterology", "system", "Gastroenterology & GI Surgery", 7, "Fellow"
    ),
    _DepartmentSpec("geriatrics", "Geriatrics", "system", "Geriatrics", 4, "Fellow"),
    _DepartmentSpec(
        "pulmonology", "Pulmonology", "system", "Pulmonology & Lung Surgery", 5, "Fellow"
    ),
    _DepartmentSpec("urology", "Urology", "system", "Urology", 4, "Resident"),
    _DepartmentSpec("nephrology", "Nephrology", "system", "Nephrology", 4, "Fellow"),
    _DepartmentSpec(
        "obgyn", "Obstetrics & Gynecology", "system", "Obstetrics & Gynecology", 7, "Resident"
    ),
    _DepartmentSpec("pediatrics", "Pediatrics", "children", "", 8, "Resident"),
    _DepartmentSpec("psychiatry", "Psychiatry", "system", "Psychiatry", 6, "Resident"),
    _DepartmentSpec("ophthalmology", "Ophthalmology", "system", "Ophthalmology", 3, "Resident"),
    _DepartmentSpec(
        "endocrinology",
        "Diabetes & Endocrinology",
        "system",
        "Diabetes & Endocrinology",
        4,
        "Fellow",
    ),
    _DepartmentSpec("emergency", "Emergency Medicine", "main", "", 6, "Resident"),
    _DepartmentSpec("med-ed", "Medical Education", "school", "", 0, ""),
    _DepartmentSpec("biomed", "Graduate School of Biomedical Sciences", "school", "", 0, ""),
    _DepartmentSpec("genetics", "Genetics and Genomic Sciences", "school", "", 0, ""),
)
RANKED_COUNT = 6
CHAIR_DEPARTMENTS = ("cardiology", "cardiac-surgery")
SCHOOL_LEADER_TITLES = {
    "med-ed": "Dean for Medical Education",
    "biomed": "Dean, Graduate School of Biomedical Sciences",
}

FIRST_NAMES = (
    "Aisha", "Alejandro", "Amara", "Amir", "Ana", "Andrew", "Anjali", "Ben", "Bianca", "Carlos",
    "Caroline", "Chen", "Chiara", "Chidi", "Daniel", "Danielle", "David", "Deepa", "Diego",
    "Elena", "Elijah", "Emily", "Emeka", "Erin", "Fatima", "Felix", "Gabriel", "Grace",
    "Hannah", "Hiro", "Ibrahim", "Imani", "Isaac", "Isabel", "Jacob", "Jamal", "Jasmine",
    "Javier", "Jenna", "Jin", "Jonah", "Julia", "Kavya", "Keisha", "Kenji", "Laila", "Laura",
    "Leah", "Lucas", "Maya", "Marcus", "Maria", "Mateo", "Mei", "Michael", "Miriam", "Nadia",
    "Naomi", "Nathan", "Nikhil", "Noah", "Olivia", "Omar", "Priya", "Rachel", "Rafael",
    "Rahul", "Rebecca", "Rosa", "Ruth", "Samuel", "Sara", "Sofia", "Sanjay", "Tariq", "Tessa",
    "Thomas", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Abara", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Becker", "Bhatt", "Brennan", "Caldwell",
    "Castillo", "Chandra", "Chowdhury", "Cohen", "Delgado", "Demir", "Diallo", "Dubois",
    "Eriksen", "Farouk", "Fischer", "Fitzgerald", "Garza", "Goldberg", "Greene", "Gupta",
    "Haddad", "Hartley", "Herrera", "Hoffman", "Huang", "Ibarra", "Iyer", "Jansen", "Kapoor",
    "Kaur", "Kimura", "Kowalski", "Lambert", "Larsen", "Lindqvist", "Lopez", "Lowell",
    "Mahmoud", "Marchetti", "Mendoza", "Mensah", "Moreau", "Nakamura", "Navarro", "Nguyen",
    "Novak", "Obi", "Okafor", "Okonkwo", "Olsen", "Ortega", "Osei", "Park", "Patel", "Pereira",
    "Petrov", "Quinn", "Rahman", "Ramirez", "Reyes", "Rinaldi", "Rossi", "Russo", "Saito",
    "Salazar", "Santos", "Schneider", "Sharma", "Silva", "Sokolov", "Stein", "Sullivan",
    "Suzuki", "Takahashi", "Tan", "Thornton", "Torres", "Tran", "Usman", "Vance", "Varga",
    "Vasquez", "Vogel", "Walsh", "Weber", "Whitfield", "Yamamoto", "Yilmaz", "Zhang", "Zhou",
    "Ziegler",
)  # fmt: skip

ATTENDING_CREDENTIALS = (("MD", 70), ("DO", 12), ("MD, PhD", 10), ("MD, MPH", 8))
RESIDENT_CREDENTIALS = (("MD", 80), ("DO", 20))
NURSE_CREDENTIALS = (("RN", 30), ("BSN, RN", 35), ("MSN, RN", 20), ("DNP, RN", 10), ("NP", 5))
RESEARCHER_CREDENTIALS = (("PhD", 70), ("MD, PhD", 15), ("PhD, MPH", 15))
PROFESSOR_RANKS = (("Assistant Professor", 45), ("Associate Professor", 35), ("Professor", 20))


# --- Building the plan ------------------------------------------------------------------


def history_start_for(*, today: dt.date, scale: float) -> dt.date:
    """The first day with figures: six years back at full scale, proportionally less below."""
    full = (today - HISTORY_FLOOR).days
    return max(HISTORY_FLOOR, today - dt.timedelta(days=round(full * min(scale, 1.0))))


def demo_plan_build(*, seed: int = DEFAULT_SEED, today: dt.date, scale: float = 1.0) -> DemoPlan:
    # Up to 12: about 2,000 ambassadors, the size the load benchmark browses.
    if not 0 < scale <= 12:
        raise ValueError("scale must be more than 0 and at most 12")
    if today < SCHOOL_LAUNCH + dt.timedelta(days=60):
        raise ValueError(f"today must be after {SCHOOL_LAUNCH + dt.timedelta(days=60)}")
    return _Builder(seed=seed, today=today, scale=scale).build()


def account_series(account: AccountPlan) -> Iterator[DailyFigures]:
    """The account's days from `history[0]` to `history[1]`, from its own seed.

    The simulation runs from `growth.simulate_from` so a shortened (scaled) history still
    ends at the same audience; only the last days are yielded.
    """
    growth, history = account.growth, account.history
    if growth is None or history is None:
        return
    profile = PLATFORMS[growth.platform]
    rng = random.Random(growth.seed)
    rnd = rng.random
    day0 = growth.simulate_from.toordinal()
    emit_from = history[0].toordinal() - day0
    days = history[1].toordinal() - day0 + 1
    starts = [phase.starts_on.toordinal() - day0 for phase in growth.phases]
    phases = growth.phases
    index = 0
    add, rate, posts = phases[0].add, phases[0].rate, phases[0].posts
    next_start = starts[1] if len(starts) > 1 else days
    cap = profile.cap
    viral = profile.viral * growth.viral_scale
    drop = 1 / 400
    engagement_rate = profile.engagement * growth.engagement_scale
    impression_rate = profile.impressions
    video_rate = profile.video
    follow_chance = growth.follow_chance
    followers = growth.followers0
    following = growth.following0
    posts_count = growth.posts0
    fromordinal = dt.date.fromordinal

    for i in range(days):
        while i >= next_start:
            index += 1
            add, rate, posts = phases[index].add, phases[index].rate, phases[index].posts
            next_start = starts[index + 1] if index + 1 < len(starts) else days
        gain = (add + followers * rate * (1 - followers / cap)) * (0.4 + 1.2 * rnd())
        boost = 1.0
        luck = rnd()
        if luck < viral:
            # A post takes off: a jump in followers and a day of far more engagement.
            gain += followers * (0.02 + 0.15 * rnd()) + (add + 1) * (20 + 150 * rnd())
            boost = 8 + 30 * rnd()
        elif luck > 1 - drop:
            gain = -followers * (0.002 + 0.013 * rnd())
        followers = max(followers + gain, 0.0)
        luck = rnd()
        if luck < follow_chance:
            following += 1
        elif luck > 0.997 and following > 0:
            following -= 1
        # Bursty posting with the phase's mean: a few busy days, many quiet ones.
        published = int(posts * (3.0 if rnd() < 0.15 else 0.647) + rnd())
        if boost > 1 and published == 0:
            published = 1
        posts_count += published
        if i < emit_from:
            continue
        audience = int(followers)
        engagements = int(audience * engagement_rate * (published + 0.15) * (0.5 + rnd()) * boost)
        impressions = video_views = None
        if impression_rate is not None:
            impressions = int(
                audience * impression_rate * (published + 0.25) * (0.6 + 0.8 * rnd()) * boost
            )
            if video_rate is not None:
                video_views = int(impressions * video_rate * (0.7 + 0.6 * rnd()))
        yield DailyFigures(
            fromordinal(day0 + i),
            audience,
            following,
            posts_count,
            published,
            engagements,
            impressions,
            video_views,
        )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


@dataclass
class _Person:
    """A person while the plan is being built (mutable), frozen into a PersonPlan at the end."""

    key: int
    first: str
    last: str
    kind: str
    credentials: str
    title: str
    department_key: str | None


@dataclass
class _Builder:
    seed: int
    today: dt.date
    scale: float
    rng: random.Random = field(init=False)
    people: list[_Person] = field(default_factory=list)
    ambassadors: list[AmbassadorPlan] = field(default_factory=list)
    accounts: list[AccountPlan] = field(default_factory=list)
    names_used: set[tuple[str, str]] = field(default_factory=set)
    handles_used: dict[str, set[str]] = field(default_factory=dict)
    departments: dict[str, DepartmentPlan] = field(default_factory=dict)
    history_start: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.history_start = history_start_for(today=self.today, scale=self.scale)

    # Small helpers over the one random generator, so every draw is in a fixed order.

    def n(self, full: float, minimum: int = 0) -> int:
        return max(minimum, round(full * self.scale))

    def pick(self, weighted: Sequence[tuple[str, float]]) -> str:
        return self.rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def build(self) -> DemoPlan:
        departments = self.build_departments()
        cohorts = (
            CohortPlan(
                "physicians",
                "Physicians 2020",
                "system",
                PHYSICIANS_LAUNCH,
                "The first cohort: 20 physicians nominated by their chairs, trained on X, "
                "LinkedIn or Instagram, growing by word of mouth since.",
            ),
            CohortPlan(
                "school",
                "School of Medicine 2022",
                "school",
                SCHOOL_LAUNCH,
                "Medical students, graduate students and researchers of the school.",
            ),
        )
        logins = self.build_staff_and_chairs()
        self.build_institutional_accounts()
        demo_ambassador = self.build_physicians()
        self.build_school()
        self.build_nurses()
        self.build_registry_accounts()
        logins = tuple(
            LoginPlan(login.username, login.role, demo_ambassador, login.nominates)
            if login.role == "ambassador"
            else login
            for login in logins
        )
        return DemoPlan(
            seed=self.seed,
            today=self.today,
            scale=self.scale,
            history_start=self.history_start,
            entities=ENTITIES,
            departments=departments,
            people=self.freeze_people(),
            cohorts=cohorts,
            ambassadors=tuple(self.ambassadors),
            accounts=tuple(self.accounts),
            logins=logins,
        )

    def build_departments(self) -> tuple[DepartmentPlan, ...]:
        rankable = sorted(
            {d.specialty for d in DEPARTMENTS if d.specialty and d.specialty != CARDIO}
        )
        ranked = [CARDIO, *self.rng.sample(rankable, RANKED_COUNT - 1)]
        ranks = dict(zip(ranked, self.rng.sample(range(1, 51), len(ranked)), strict=True))
        # The newest edition of the national rankings comes out at the end of July.
        rank_year = (
            self.today.year
            if self.today >= dt.date(self.today.year, 8, 1)
            else (self.today.year - 1)
        )
        for spec in DEPARTMENTS:
            rank = ranks.get(spec.specialty)
            self.departments[spec.key] = DepartmentPlan(
                spec.key,
                spec.entity_key,
                spec.name,
                spec.specialty,
                rank,
                rank_year if rank else None,
            )
        return tuple(self.departments.values())

    # People ---------------------------------------------------------------------------

    def add_person(
        self, *, kind: str, credentials: str, title: str, department_key: str | None
    ) -> _Person:
        while True:
            name = (self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES))
            if name not in self.names_used:
                break
        self.names_used.add(name)
        person = _Person(len(self.people), *name, kind, credentials, title, department_key)
        self.people.append(person)
        return person

    def freeze_people(self) -> tuple[PersonPlan, ...]:
        emails: set[str] = set()
        frozen = []
        for p in self.people:
            local = f"{_slug(p.first)}.{_slug(p.last)}"
            email, n = f"{local}@{DEMO_EMAIL_DOMAIN}", 2
            while email in emails:
                email, n = f"{local}{n}@{DEMO_EMAIL_DOMAIN}", n + 1
            emails.add(email)
            frozen.append(
                PersonPlan(
                    p.key, p.first, p.last, email, p.kind, p.credentials, p.title, p.department_key
                )
            )
        return tuple(frozen)

    def build_staff_and_chairs(self) -> tuple[LoginPlan, ...]:
        director = self.add_person(
            kind="staff", credentials="", title="Director, Social Media", department_key=None
        )
        for title in ("Social Media Manager", "Social Media Coordinator"):
            self.add_person(kind="staff", credentials="", title=title, department_key=None)
        officer = self.add_person(
            kind="staff",
            credentials="MBA",
            title="Chief Marketing & Communications Officer",
            department_key=None,
        )
        chair = None
        for spec in DEPARTMENTS:
            if spec.key in SCHOOL_LEADER_TITLES:
                person = self.add_person(
                    kind="attending",
                    credentials="MD, PhD",
                    title=SCHOOL_LEADER_TITLES[spec.key],
                    department_key=spec.key,
                )
            elif spec.entity_key == "school":
                person = self.add_person(
                    kind="researcher",
                    credentials="PhD",
                    title=f"Chair, Department of {spec.name}",
                    department_key=spec.key,
                )
            else:
                person = self.add_person(
                    kind="attending",
                    credentials=self.pick(ATTENDING_CREDENTIALS),
                    title=f"Chair, Department of {spec.name}",
                    department_key=spec.key,
                )
            if spec.key == CHAIR_DEPARTMENTS[0]:
                chair = person
        assert chair is not None
        requester = self.add_person(
            kind="staff",
            credentials="",
            title="Research Program Manager",
            department_key="oncology",
        )
        clinical = [d.key for d in DEPARTMENTS if d.entity_key != "school"]
        for _ in range(self.n(6, 1)):
            department = self.rng.choice(clinical)
            self.add_person(
                kind="staff",
                credentials="",
                title=f"Department Administrator, {self.departments[department].name}",
                department_key=department,
            )
        return (
            LoginPlan("admin", "program_admin", director.key),
            LoginPlan("chair", "nominator", chair.key, CHAIR_DEPARTMENTS),
            LoginPlan("ambassador", "ambassador", None),  # set once the founders exist
            LoginPlan("leadership", "leadership", officer.key),
            LoginPlan("requester", "requester", requester.key),
        )

    def build_nurses(self) -> None:
        clinical = [d.key for d in DEPARTMENTS if d.entity_key != "school"]
        for _ in range(self.n(12, 1)):
            department = self.rng.choice(clinical)
            title = self.rng.choice(("Nurse Manager", "Clinical Nurse Educator", "Staff Nurse"))
            self.add_person(
                kind="nurse",
                credentials=self.pick(NURSE_CREDENTIALS),
                title=f"{title}, {self.departments[department].name}",
                department_key=department,
            )

    # Ambassadors ----------------------------------------------------------------------

    def join_dates(self, count: int, first: dt.date, last: dt.date) -> list[dt.date]:
        # Word of mouth: the density of joiners rises over time (pdf ~ t^0.7).
        span = (last - first).days
        return sorted(
            first + dt.timedelta(days=int(span * self.rng.random() ** (1 / 1.7)))
            for _ in range(count)
        )

    def build_physicians(self) -> int:
        """The physicians' cohort; returns the person key of the `ambassador` login."""
        total = self.n(150, 2)
        founders = min(total - 1, self.n(20, 1))
        pipeline = min(total - founders, self.n(8, 1))
        later = total - founders - pipeline
        weights = [(d.key, d.weight) for d in DEPARTMENTS if d.weight]
        ranked_keys = [d.key for d in self.departments.values() if d.national_rank]

        # Founders: nominated around the new year, trained and joined in February 2020.
        joined: list[tuple[dt.date, dt.date, str, bool]] = []
        for i in range(founders):
            department = "cardiology" if i == 0 else self.rng.choice(ranked_keys)
            nominated = self.day_between(dt.date(2019, 11, 18), dt.date(2020, 1, 17))
            join = self.day_between(PHYSICIANS_LAUNCH, dt.date(2020, 2, 28))
            joined.append((nominated, join, department, True))
        last_join = self.today - dt.timedelta(days=21)
        for join in self.join_dates(later, dt.date(2020, 3, 2), last_join):
            department = self.pick(weights)
            joined.append((join - self.days(14, 75), join, department, False))

        demo_key = -1
        paused, alumni = self.n(8), self.n(10)
        movable = list(range(1, len(joined)))  # the `ambassador` login stays active
        self.rng.shuffle(movable)
        leaving = {
            i: "alumni"
            for i in movable[:alumni]
            if joined[i][1] < last_join - dt.timedelta(days=400)
        }
        for i in movable[alumni : alumni + paused]:
            if joined[i][1] < last_join - dt.timedelta(days=120):
                leaving[i] = "paused"

        for i, (nominated, join, department, founder) in enumerate(joined):
            kind = "attending" if founder or self.rng.random() < 0.78 else "resident_fellow"
            person = self.add_physician(kind=kind, department_key=department)
            status = leaving.get(i, "active")
            changed = None
            if status == "alumni":
                changed = self.day_between(
                    join + dt.timedelta(days=365), self.today - dt.timedelta(days=30)
                )
            elif status == "paused":
                changed = self.day_between(
                    join + dt.timedelta(days=90), self.today - dt.timedelta(days=14)
                )
            ambassador = self.add_ambassador(
                person, "physicians", status, nominated, join, department, changed
            )
            if i == 0:
                demo_key = person.key
                self.add_demo_ambassador_accounts(ambassador, person)
            else:
                self.add_accounts(ambassador, person, PHYSICIAN_PLATFORMS)

        for i in range(pipeline):
            status = PIPELINE[i % len(PIPELINE)]
            department = self.pick(weights)
            kind = "attending" if self.rng.random() < 0.75 else "resident_fellow"
            person = self.add_physician(kind=kind, department_key=department)
            waited = {"nominated": (3, 25), "intake": (20, 50), "training": (35, 90)}
            nominated = self.today - self.days(*waited.get(status, (60, 130)))
            ambassador = self.add_ambassador(
                person, "physicians", status, nominated, None, department, None
            )
            self.add_accounts(ambassador, person, PHYSICIAN_PLATFORMS)
        return demo_key

    def add_physician(self, *, kind: str, department_key: str) -> _Person:
        spec = next(d for d in DEPARTMENTS if d.key == department_key)
        if kind == "attending":
            credentials = self.pick(ATTENDING_CREDENTIALS)
            title = f"{self.pick(PROFESSOR_RANKS)} of {spec.name}"
        else:
            credentials = self.pick(RESIDENT_CREDENTIALS)
            title = f"{spec.trainee}, {spec.name}"
        return self.add_person(
            kind=kind, credentials=credentials, title=title, department_key=department_key
        )

    def add_ambassador(
        self,
        person: _Person,
        cohort_key: str,
        status: str,
        nominated: dt.date,
        joined: dt.date | None,
        department: str | None,
        changed: dt.date | None,
    ) -> AmbassadorPlan:
        ambassador = AmbassadorPlan(
            key=len(self.ambassadors),
            person_key=person.key,
            cohort_key=cohort_key,
            status=status,
            nominated_on=nominated,
            joined_on=joined,
            nominated_by="chair" if department in CHAIR_DEPARTMENTS else None,
            changed_on=changed,
        )
        self.ambassadors.append(ambassador)
        return ambassador

    def build_school(self) -> None:
        total = self.n(30, 1)
        pipeline = min(total - 1, self.n(3, 1)) if total > 1 else 0
        first_wave = min(total - pipeline, self.n(8, 1))
        later = total - pipeline - first_wave
        dates = [self.day_between(SCHOOL_LAUNCH, dt.date(2022, 9, 30)) for _ in range(first_wave)]
        dates += self.join_dates(later, dt.date(2022, 10, 3), self.today - dt.timedelta(days=21))
        kinds = ("medical_student", "graduate_student", "researcher")
        alumni_left = self.n(4)
        paused_left = self.n(1)
        for i, join in enumerate(dates):
            kind = self.pick(tuple(zip(kinds, (45, 30, 25), strict=True)))
            person = self.add_school_person(kind=kind, joined=join)
            status, changed = "active", None
            # Students graduate: the earliest joiners are the program's first alumni.
            if i < first_wave and kind == "medical_student" and alumni_left:
                status, alumni_left = "alumni", alumni_left - 1
                changed = self.day_between(dt.date(2024, 5, 15), dt.date(2025, 5, 30))
                changed = min(changed, self.today - dt.timedelta(days=30))
            elif i >= first_wave and paused_left and join < self.today - dt.timedelta(days=150):
                status, paused_left = "paused", paused_left - 1
                changed = self.day_between(
                    join + dt.timedelta(days=90), self.today - dt.timedelta(days=14)
                )
            nominated = join - self.days(14, 60)
            ambassador = self.add_ambassador(
                person, "school", status, nominated, join, person.department_key, changed
            )
            self.add_accounts(ambassador, person, STUDENT_PLATFORMS)
        for i in range(pipeline):
            status = PIPELINE[i % len(PIPELINE)]
            kind = self.pick(tuple(zip(kinds, (45, 30, 25), strict=True)))
            person = self.add_school_person(kind=kind, joined=self.today)
            nominated = self.today - self.days(5, 90)
            ambassador = self.add_ambassador(
                person, "school", status, nominated, None, person.department_key, None
            )
            self.add_accounts(ambassador, person, STUDENT_PLATFORMS)

    def add_school_person(self, *, kind: str, joined: dt.date) -> _Person:
        if kind == "medical_student":
            year = joined.year + self.rng.randint(1, 3)
            return self.add_person(
                kind=kind,
                credentials="",
                title=f"Medical Student, Class of {year}",
                department_key="med-ed",
            )
        if kind == "graduate_student":
            return self.add_person(
                kind=kind,
                credentials=self.rng.choice(("", "", "MS", "MPH")),
                title="PhD Candidate, Biomedical Sciences",
                department_key="biomed",
            )
        department = self.pick((("genetics", 50), ("oncology", 20), ("neuro", 20), ("biomed", 10)))
        role = self.rng.choice(("Postdoctoral Fellow", "Research Scientist", "Instructor"))
        return self.add_person(
            kind=kind,
            credentials=self.pick(RESEARCHER_CREDENTIALS),
            title=f"{role}, {self.departments[department].name}",
            department_key=department,
        )

    # Accounts -------------------------------------------------------------------------

    def unique_handle(self, platform: str, candidates: Sequence[str]) -> str:
        used = self.handles_used.setdefault(platform, set())
        for handle in candidates:
            if handle.lower() not in used:
                used.add(handle.lower())
                return handle
        base, n = candidates[0], 2
        while f"{base}{n}".lower() in used:
            n += 1
        used.add(f"{base}{n}".lower())
        return f"{base}{n}"

    def handle_for(self, platform: str, person: _Person, use: str) -> str:
        first, last = _slug(person.first), _slug(person.last)
        doctor = person.kind in {"attending", "resident_fellow"}
        if use == "personal":
            names = [
                f"{first}{last}",
                f"{first}.{last}",
                f"{first}_{last}{self.rng.randint(1, 99)}",
            ]
        elif doctor:
            names = [f"dr{first}{last}", f"{first}{last}md", f"dr{first[0]}{last}"]
        else:
            names = [f"{first}{last}", f"{first}_{last}", f"{first}.{last}.lab"]
        self.rng.shuffle(names)
        if platform == "x":
            return self.unique_handle(platform, ["@" + n.replace(".", "_")[:15] for n in names])
        if platform == "linkedin":
            suffix = f"-{_slug(person.credentials.split(',')[0])}" if person.credentials else ""
            return self.unique_handle(platform, [f"{first}-{last}{suffix}", f"{first}-{last}"])
        if platform == "bluesky":
            return self.unique_handle(
                platform, [f"@{n.replace('_', '')}.bsky.social" for n in names]
            )
        if platform == "mastodon":
            return self.unique_handle(
                platform, [f"@{n.replace('.', '_')}@mastodon.social" for n in names]
            )
        if platform == "facebook":
            return self.unique_handle(platform, [n.replace("_", ".") for n in names])
        return self.unique_handle(platform, ["@" + n for n in names])

    def choose_platforms(self, weights: dict[str, float]) -> list[str]:
        count = self.pick((("1", 45), ("2", 38), ("3", 17)))
        chosen: list[str] = []
        names, values = list(weights), list(weights.values())
        while len(chosen) < int(count):
            platform = self.rng.choices(names, values)[0]
            if platform not in chosen:
                chosen.append(platform)
        return chosen

    def add_accounts(
        self, ambassador: AmbassadorPlan, person: _Person, weights: dict[str, float]
    ) -> None:
        for n, platform in enumerate(self.choose_platforms(weights)):
            use = "professional" if n == 0 or self.rng.random() < 0.65 else "personal"
            self.add_account(ambassador, person, platform, use)

    def add_demo_ambassador_accounts(self, ambassador: AmbassadorPlan, person: _Person) -> None:
        # The `ambassador` login: two connected professional accounts with long histories.
        for platform, opened in (("x", dt.date(2015, 3, 9)), ("linkedin", dt.date(2016, 10, 24))):
            self.add_account(
                ambassador, person, platform, "professional", opened=opened, always_connected=True
            )
        self.add_account(ambassador, person, "instagram", "personal")

    def add_account(
        self,
        ambassador: AmbassadorPlan,
        person: _Person,
        platform: str,
        use: str,
        *,
        opened: dt.date | None = None,
        always_connected: bool = False,
    ) -> None:
        profile = PLATFORMS[platform]
        joined = ambassador.joined_on
        student = person.kind in {"medical_student", "graduate_student"}
        earliest = max(
            profile.launched + dt.timedelta(days=30), dt.date(2014 if student else 2009, 1, 1)
        )
        if opened is None:
            anchor = joined or ambassador.nominated_on
            if use == "professional" and self.rng.random() < 0.45:
                # Set up with the social media team during training.
                opened = anchor - self.days(3, 30)
            else:
                opened = self.day_between(earliest, anchor - dt.timedelta(days=30))
            # A platform younger than the program: opened when it arrived.
            if opened < earliest:
                opened = self.day_between(earliest, earliest + dt.timedelta(days=300))
            opened = min(opened, self.today - dt.timedelta(days=1))

        state, connected_on, broke_on = "not_connected", None, None
        status = ambassador.status
        if use == "professional" and joined is not None:
            connected_on = min(max(joined, opened) + self.days(0, 10), self.today)
            luck = 1.0 if always_connected else self.rng.random()
            if status == "alumni":
                # Disconnected when they left: history until then, nothing to repair.
                state, broke_on = "disconnected", ambassador.changed_on
            elif luck < 0.04:
                state = "expired"
            elif luck < 0.07:
                state = "revoked"
            elif luck < 0.10:
                state, connected_on = "not_connected", None
            else:
                state = "connected"
            if state in {"expired", "revoked"} and broke_on is None:
                earliest_break = max(
                    connected_on + dt.timedelta(days=30), self.today - dt.timedelta(days=240)
                )
                broke_on = self.day_between(earliest_break, self.today - dt.timedelta(days=3))
                broke_on = min(broke_on, self.today)
            if broke_on is not None and connected_on is not None and broke_on <= connected_on:
                broke_on = connected_on + dt.timedelta(days=1)
            if state == "disconnected":
                state = "not_connected"

        history = growth = None
        if connected_on is not None:
            first = max(opened, HISTORY_FLOOR, self.history_start)
            last = min(broke_on or self.today, self.today)
            growth = self.person_growth(
                platform=platform,
                opened=opened,
                joined=joined,
                paused=ambassador.changed_on if status == "paused" else None,
                student=person.kind not in {"attending", "resident_fellow"},
                star=self.rng.random() < 0.06,
            )
            if first <= last:
                history = (first, last)
            else:
                growth = None
        self.accounts.append(
            AccountPlan(
                key=len(self.accounts),
                platform=platform,
                handle=self.handle_for(platform, person, use),
                use=use,
                connection_state=state,
                opened_on=opened,
                connected_on=connected_on,
                ambassador_key=ambassador.key,
                history=history,
                growth=growth,
            )
        )

    def person_growth(
        self,
        *,
        platform: str,
        opened: dt.date,
        joined: dt.date | None,
        paused: dt.date | None,
        student: bool,
        star: bool,
    ) -> GrowthPlan:
        profile = PLATFORMS[platform]
        rng = self.rng
        talent = rng.lognormvariate(0, 0.55)
        activity = rng.lognormvariate(0, 0.5)
        add, rate = profile.add * talent, profile.rate * math.sqrt(talent)
        if star:
            add, rate = add * rng.uniform(2.5, 4), rate * rng.uniform(2.0, 2.6)
        if student:
            add *= 0.6
        start = max(opened, HISTORY_FLOOR)
        if opened < HISTORY_FLOOR:
            age = (HISTORY_FLOOR - opened).days
            low, high = profile.followers0
            followers0 = rng.uniform(low, high) * talent * min(1.0, 0.25 + age / 1460)
            following0 = rng.randint(60, 450)
            posts0 = int(age * profile.posts * 0.25 * activity * rng.uniform(0.5, 1.5))
        else:
            followers0, following0, posts0 = rng.uniform(2, 25), rng.randint(10, 80), 0

        def values(day: dt.date) -> Phase:
            a, r, p = add * 0.12, rate * 0.25, profile.posts * 0.25 * activity
            if joined is not None and day >= joined:
                a, r, p = add, rate, profile.posts * activity
            if paused is not None and day >= paused:
                a, r, p = a * 0.1, r * 0.1, p * 0.08
            if platform == "x" and day >= X_SLOWDOWN:
                a, r, p = a * 0.6, r * 0.6, p * 0.8
            return Phase(day, a, r, p)

        turns = {start}
        for day in (joined, paused, X_SLOWDOWN if platform == "x" else None):
            if day is not None and start < day <= self.today:
                turns.add(day)
        return GrowthPlan(
            seed=rng.getrandbits(32),
            platform=platform,
            simulate_from=start,
            followers0=followers0,
            following0=following0,
            posts0=posts0,
            phases=tuple(values(day) for day in sorted(turns)),
            follow_chance=rng.uniform(0.1, 0.4),
        )

    def build_institutional_accounts(self) -> None:
        # (owner, platform, handle, opened, followers on 2020-01-01, followers a day, posts a day)
        specs: tuple[tuple[str, str, str, dt.date, float, float, float], ...] = (
            ("system", "x", "@LakesideHealth", dt.date(2009, 4, 2), 182_000, 38, 4.0),
            ("system", "instagram", "@lakesidehealth", dt.date(2013, 5, 14), 86_000, 45, 1.0),
            (
                "system",
                "linkedin",
                "lakeside-health-system",
                dt.date(2010, 1, 20),
                148_000,
                70,
                1.2,
            ),
            ("system", "facebook", "LakesideHealthSystem", dt.date(2008, 9, 3), 231_000, 12, 1.5),
            ("system", "youtube", "@LakesideHealthSystem", dt.date(2008, 11, 17), 41_000, 9, 0.15),
            ("system", "tiktok", "@lakesidehealth", dt.date(2020, 5, 12), 0, 40, 0.6),
            ("school", "x", "@LakesideMed", dt.date(2011, 8, 30), 24_000, 6, 1.5),
            ("school", "instagram", "@lakesidemed", dt.date(2016, 2, 8), 9_500, 8, 0.7),
            ("children", "facebook", "LakesideChildrens", dt.date(2011, 3, 1), 64_000, 5, 0.8),
            ("cardiology", "x", "@LakesideHeart", dt.date(2012, 6, 11), 14_500, 3, 0.8),
            ("oncology", "instagram", "@lakesidecancer", dt.date(2015, 9, 21), 11_200, 2, 0.5),
            # A unit account gone quiet: what the governance audit is for.
            ("orthopedics", "x", "@LakesideOrtho", dt.date(2013, 1, 7), 6_800, 1, 0.4),
        )
        for owner, platform, handle, opened, followers0, add, posts in specs:
            self.unique_handle(platform, [handle])
            start = max(opened, HISTORY_FLOOR)
            phases = [Phase(start, add, 0.00012, posts)]
            if owner == "orthopedics":
                quiet = dt.date(2024, 3, 18)
                if start < quiet <= self.today:
                    phases.append(Phase(quiet, -0.6, 0.0, 0.0))
            growth = GrowthPlan(
                seed=self.rng.getrandbits(32),
                platform=platform,
                simulate_from=start,
                followers0=followers0,
                following0=self.rng.randint(200, 1500),
                posts0=int((start - opened).days * posts),
                phases=tuple(phases),
                # Big accounts engage a smaller share of their audience.
                engagement_scale=0.15,
                viral_scale=0.3,
                follow_chance=0.02,
            )
            first = max(start, self.history_start)
            is_entity = any(e.key == owner for e in ENTITIES)
            self.accounts.append(
                AccountPlan(
                    key=len(self.accounts),
                    platform=platform,
                    handle=handle,
                    use="professional",
                    connection_state="connected",
                    opened_on=opened,
                    connected_on=max(opened, dt.date(2019, 12, 16)),
                    unit_entity_key=owner if is_entity else None,
                    unit_department_key=None if is_entity else owner,
                    history=(first, self.today) if first <= self.today else None,
                    growth=growth,
                )
            )

    def build_registry_accounts(self) -> None:
        """More unit accounts for the governance registry and its audit: two years of
        figures each, some slowing down, some gone quiet, small ones overlapping a unit's
        main account, a few created recently. A generator of its own keeps every other
        draw of the plan as it was."""
        rng = random.Random(self.seed * 7919 + 17)
        two_years = self.today - dt.timedelta(days=REGISTRY_HISTORY_DAYS)
        for spec in REGISTRY_ACCOUNTS:
            owner, platform, handle, age, followers0, add, posts, turn, after = spec
            self.unique_handle(platform, [handle])
            opened = self.today - dt.timedelta(days=age)
            start = max(opened, two_years - dt.timedelta(days=30))
            phases = [Phase(start, add, 0.00005, posts)]
            if turn is not None:
                add_after, posts_after = after
                turn_day = self.today - dt.timedelta(days=turn)
                if start < turn_day:
                    phases.append(Phase(turn_day, add_after, 0.0, posts_after))
            growth = GrowthPlan(
                seed=rng.getrandbits(32),
                platform=platform,
                simulate_from=start,
                followers0=followers0 if opened < start else 0.0,
                following0=rng.randint(50, 600),
                posts0=int((start - opened).days * posts),
                phases=tuple(phases),
                engagement_scale=0.3,
                viral_scale=0.2,
                follow_chance=0.02,
            )
            first = max(start, self.history_start, two_years)
            is_entity = any(e.key == owner for e in ENTITIES)
            self.accounts.append(
                AccountPlan(
                    key=len(self.accounts),
                    platform=platform,
                    handle=handle,
                    use="professional",
                    connection_state="connected",
                    opened_on=opened,
                    connected_on=max(opened, first),
                    unit_entity_key=owner if is_entity else None,
                    unit_department_key=None if is_entity else owner,
                    history=(first, self.today) if first <= self.today else None,
                    growth=growth,
                )
            )


# The registry's extra unit accounts: (owner, platform, handle, days since it was opened,
# followers two years ago, followers a day, posts a day, days ago growth turned or None,
# (followers a day, posts a day) after the turn). A turn with 0 posts is an account gone
# quiet: dormant in the audit.
REGISTRY_HISTORY_DAYS = 730
REGISTRY_ACCOUNTS: tuple[
    tuple[str, str, str, int, float, float, float, int | None, tuple[float, float]], ...
] = (
    # Small accounts beside a unit's main account on the same platform: overlap.
    ("cardiology", "x", "@LakesideHeartFailure", 3600, 420, 0.3, 0.3, None, (0, 0)),
    ("cardiology", "x", "@LakesideEchoLab", 2900, 160, 0.1, 0.2, None, (0, 0)),
    ("oncology", "instagram", "@lakeside_breastcenter", 3300, 650, 0.4, 0.3, None, (0, 0)),
    ("oncology", "instagram", "@lakesidecancerresearch", 2500, 300, 0.2, 0.2, None, (0, 0)),
    ("pediatrics", "facebook", "LakesidePedsResidency", 4400, 800, 0.2, 0.2, None, (0, 0)),
    ("pediatrics", "facebook", "LakesidePediatricsNews", 4000, 520, 0.1, 0.15, None, (0, 0)),
    # Gone quiet: dormant.
    ("urology", "x", "@LakesideUrology", 4300, 2100, 1.0, 0.4, 160, (-0.2, 0)),
    ("nephrology", "instagram", "@lakeside_kidney", 2900, 900, 0.6, 0.3, 400, (-0.1, 0)),
    ("geriatrics", "facebook", "LakesideGeriatrics", 4700, 1500, 0.4, 0.2, 220, (-0.1, 0)),
    # Still posting, growing more slowly in the last year than the year before.
    ("neuro", "x", "@LakesideNeuro", 4800, 9000, 6.0, 0.8, 380, (2.0, 0.6)),
    ("oncology", "linkedin", "lakeside-cancer-center", 4000, 12000, 12.0, 0.5, 370, (5.0, 0.4)),
    ("children", "instagram", "@lakesidechildrens", 3800, 22000, 20.0, 0.7, 390, (9.0, 0.6)),
    ("emergency", "x", "@LakesideEM", 4400, 5200, 3.0, 0.6, 365, (1.5, 0.5)),
    ("obgyn", "instagram", "@lakeside_obgyn", 3400, 4300, 3.0, 0.4, 375, (2.0, 0.4)),
    ("psychiatry", "x", "@LakesidePsych", 4000, 3100, 2.0, 0.5, 400, (1.0, 0.4)),
    ("gastro", "x", "@LakesideGI", 3600, 2600, 2.0, 0.4, 385, (0.8, 0.3)),
    ("school", "linkedin", "lakeside-school-of-medicine", 5200, 18000, 15.0, 0.4, 370, (7.0, 0.4)),
    ("biomed", "x", "@LakesideGradSchool", 4300, 1800, 1.2, 0.3, 380, (0.6, 0.3)),
    ("west", "facebook", "LakesideWest", 5500, 15000, 4.0, 0.5, 365, (2.0, 0.5)),
    ("pulmonology", "instagram", "@lakesidepulm", 2400, 1400, 1.5, 0.3, 390, (0.8, 0.3)),
    ("endocrinology", "x", "@lakeside_endo", 3600, 1900, 1.0, 0.3, 380, (0.5, 0.3)),
    # Opened during the audit's periods: counted from 0 followers when created.
    ("ophthalmology", "instagram", "@lakeside_eyes", 240, 0, 3.0, 0.5, None, (0, 0)),
    ("system", "threads", "@lakesidehealth", 500, 0, 8.0, 0.6, None, (0, 0)),
    ("genetics", "bluesky", "@lakesidegenomics.bsky.social", 100, 0, 2.0, 0.4, None, (0, 0)),
)
