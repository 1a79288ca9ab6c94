"""Load and remove the labelled demo program (the plan itself is in `plan.py`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from whitecoat.audit.context import audit_paused
from whitecoat.content.demo import content_demo_load, content_demo_remove
from whitecoat.core.errors import WhiteCoatError
from whitecoat.core.models import Installation
from whitecoat.demo.pipeline import pipeline_create
from whitecoat.demo.plan import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DemoPlan,
    DemoSummary,
    account_series,
    demo_plan_build,
)
from whitecoat.demo.posts import posts_create
from whitecoat.demo.training import training_create
from whitecoat.governance.demo import governance_demo_load, governance_demo_remove
from whitecoat.leaderboard.models import Ranking
from whitecoat.leaderboard.services import leaderboard_refresh
from whitecoat.metrics.enums import MetricSource
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount
from whitecoat.organizations.enums import Role
from whitecoat.organizations.models import Cohort, Department, Entity, Person
from whitecoat.organizations.roles import roles_sync, user_grant_role
from whitecoat.program.models import Ambassador, Consultation, Nomination
from whitecoat.reports.services import figures_recompute_after_new_data
from whitecoat.screening.services import posts_screen_pending
from whitecoat.training.models import TrainingSession

DEMO_USERNAMES = ("admin", "chair", "ambassador", "leadership", "requester")
# Every table the demo writes to, in the order they can be emptied.
PROGRAM_MODELS = (
    Ranking,
    TrainingSession,
    MetricSnapshot,
    Post,
    SocialAccount,
    Consultation,
    Nomination,
    Ambassador,
    Person,
    Cohort,
    Department,
    Entity,
)
BATCH = 2_000
SNAPSHOT_BATCH = 20_000
SNAPSHOT_FIELDS = (
    "account",
    "date",
    "followers",
    "following",
    "posts_count",
    "posts_published",
    "engagements",
    "impressions",
    "video_views",
    "source",
    "collected_at",
)


def demo_is_loaded() -> bool:
    return Installation.objects.filter(singleton=1, demo_loaded_at__isnull=False).exists()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    person: str
    scope: str


def demo_login_list() -> list[DemoLogin]:
    """The demo logins that exist, in the order of DEMO_USERNAMES, for `demo_logins`."""
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(username__in=DEMO_USERNAMES)
        .select_related("person")
        .prefetch_related("groups", "nominating_departments")
    }
    labels = dict(Role.choices)
    logins = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        roles = ", ".join(labels.get(g.name, g.name) for g in user.groups.all())
        person = getattr(user, "person", None)
        departments = ", ".join(d.name for d in user.nominating_departments.all())
        scope = f"nominates for {departments}" if departments else (person.title if person else "")
        logins.append(DemoLogin(username, roles, person.display_name if person else "", scope))
    return logins


def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    scale: float = 1.0,
    reset: bool = False,
) -> DemoSummary:
    """Write the demo program in one transaction and flag the installation as a demo."""
    started = time.perf_counter()
    try:
        plan = demo_plan_build(seed=seed, today=today or timezone.localdate(), scale=scale)
    except ValueError as error:
        raise WhiteCoatError(str(error)) from None
    with transaction.atomic():
        if demo_is_loaded():
            if not reset:
                raise WhiteCoatError("The demo program is already loaded.", code="demo_loaded")
            demo_remove()
        _ensure_no_real_data()
        roles_sync()
        users = _logins_create(plan)
        entities = _entities_create(plan)
        departments = _departments_create(plan, entities=entities, users=users)
        people = _people_create(plan, departments=departments, users=users)
        cohorts = _cohorts_create(plan, entities=entities)
        ambassadors = _ambassadors_create(plan, people=people, cohorts=cohorts, users=users)
        accounts = _accounts_create(
            plan, ambassadors=ambassadors, departments=departments, entities=entities
        )
        _snapshots_write(plan, accounts=accounts)
        pipeline_create(plan, ambassadors=ambassadors, users=users)
        training_create(plan, ambassadors=ambassadors, users=users)
        people_by_key = {p.key: p for p in plan.people}
        posts_create(
            plan,
            accounts=accounts,
            departments_of={
                a.key: people_by_key[a.person_key].department_key for a in plan.ambassadors
            },
        )
        posts_screen_pending()  # the review queue's findings, as connectors' posts get
        # Store the rankings so the leaderboard opens fast, as the daily refresh would.
        leaderboard_refresh(today=plan.today)
        content_demo_load(today=plan.today, seed=seed)  # the content hub's queue, kits, requests
        governance_demo_load(plan=plan, accounts=accounts, people=people, users=users)
        installation = Installation.current()
        installation.demo_loaded_at = timezone.now()
        installation.demo_seed = seed
        installation.save()
        # As after a sync: the busiest pages' figures, computed once the demo is committed.
        transaction.on_commit(
            lambda: figures_recompute_after_new_data(today=plan.today), robust=True
        )
    return dataclasses.replace(plan.summary(), seconds=time.perf_counter() - started)


def demo_remove() -> None:
    """Delete the roster, program and metrics tables and the demo logins of a demo install."""
    if not demo_is_loaded():
        raise WhiteCoatError(
            "This installation does not hold the demo program, so nothing was removed.",
            code="not_demo",
        )
    try:
        # The labelled demo is not program data: removing it writes no audit history
        # (thousands of versions that would only slow remove_demo and load_demo --reset).
        with transaction.atomic(), audit_paused():
            content_demo_remove()  # share kits and requests point at the demo logins
            governance_demo_remove()  # the registry, freezes and account requests
            for model in PROGRAM_MODELS[:-1]:
                model.objects.all().delete()
            # Entities protect their children: remove the leaves first.
            while Entity.objects.exists():
                Entity.objects.filter(children__isnull=True).delete()
            get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
            Installation.objects.filter(singleton=1).update(demo_loaded_at=None, demo_seed=None)
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({obj._meta.verbose_name_plural for obj in error.protected_objects})
        raise WhiteCoatError(
            f"The demo program cannot be removed while other records point at it: "
            f"{', '.join(str(b) for b in blocking)}.",
            code="demo_in_use",
        ) from None


def _ensure_no_real_data() -> None:
    """The demo only loads into an empty program, so it never mixes with real people."""
    counts = {m._meta.verbose_name_plural: m.objects.count() for m in PROGRAM_MODELS}
    found = [f"{n} {name}" for name, n in counts.items() if n]
    if found:
        raise WhiteCoatError(
            "This database already holds program data that is not the demo "
            f"({', '.join(found)}); the demo program only loads into an empty database.",
            code="real_data",
        )
    taken = list(
        get_user_model()
        .objects.filter(username__in=DEMO_USERNAMES)
        .values_list("username", flat=True)
    )
    if taken:
        raise WhiteCoatError(
            f"Users named {', '.join(sorted(taken))} already exist; the demo would reset their "
            "passwords, so it was not loaded.",
            code="real_data",
        )


def _logins_create(plan: DemoPlan) -> dict[str, Any]:
    people = {p.key: p for p in plan.people}
    users = {}
    for login in plan.logins:
        person = people.get(login.person_key) if login.person_key is not None else None
        user = get_user_model()(
            username=login.username,
            email=person.email if person else "",
            first_name=person.first_name if person else "",
            last_name=person.last_name if person else "",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        # Program admins also get is_staff here, so `admin` can use /admin/.
        user_grant_role(user=user, role=Role(login.role))
        users[login.username] = user
    return users


def _entities_create(plan: DemoPlan) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    # Parents are listed before their children in the plan.
    for spec in plan.entities:
        entities[spec.key] = Entity.objects.create(
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            parent=entities[spec.parent_key] if spec.parent_key else None,
        )
    return entities


def _departments_create(
    plan: DemoPlan, *, entities: dict[str, Entity], users: dict[str, Any]
) -> dict[str, Department]:
    created = Department.objects.bulk_create(
        [
            Department(
                entity=entities[d.entity_key],
                name=d.name,
                specialty=d.specialty,
                national_rank=d.national_rank,
                rank_year=d.rank_year,
            )
            for d in plan.departments
        ],
        batch_size=BATCH,
    )
    departments = {d.key: obj for d, obj in zip(plan.departments, created, strict=True)}
    through = Department.nominators.through
    links = [
        through(department_id=departments[key].pk, user_id=users[login.username].pk)
        for login in plan.logins
        for key in login.nominates
    ]
    through.objects.bulk_create(links)
    return departments


def _people_create(
    plan: DemoPlan, *, departments: dict[str, Department], users: dict[str, Any]
) -> dict[int, Person]:
    user_for = {login.person_key: users[login.username] for login in plan.logins}
    created = Person.objects.bulk_create(
        [
            Person(
                first_name=p.first_name,
                last_name=p.last_name,
                email=p.email,
                kind=p.kind,
                credentials=p.credentials,
                title=p.title,
                department=departments[p.department_key] if p.department_key else None,
                user=user_for.get(p.key),
            )
            for p in plan.people
        ],
        batch_size=BATCH,
    )
    return {p.key: obj for p, obj in zip(plan.people, created, strict=True)}


def _cohorts_create(plan: DemoPlan, *, entities: dict[str, Entity]) -> dict[str, Cohort]:
    return {
        c.key: Cohort.objects.create(
            name=c.name,
            entity=entities[c.entity_key],
            launched_on=c.launched_on,
            description=c.description,
        )
        for c in plan.cohorts
    }


def _ambassadors_create(
    plan: DemoPlan,
    *,
    people: dict[int, Person],
    cohorts: dict[str, Cohort],
    users: dict[str, Any],
) -> dict[int, Ambassador]:
    created = Ambassador.objects.bulk_create(
        [
            Ambassador(
                person=people[a.person_key],
                cohort=cohorts[a.cohort_key],
                status=a.status,
                nominated_on=a.nominated_on,
                joined_on=a.joined_on,
                nominated_by=users[a.nominated_by] if a.nominated_by else None,
            )
            for a in plan.ambassadors
        ],
        batch_size=BATCH,
    )
    return {a.key: obj for a, obj in zip(plan.ambassadors, created, strict=True)}


def _day_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _accounts_create(
    plan: DemoPlan,
    *,
    ambassadors: dict[int, Ambassador],
    departments: dict[str, Department],
    entities: dict[str, Entity],
) -> dict[int, int]:
    created = SocialAccount.objects.bulk_create(
        [
            SocialAccount(
                platform=a.platform,
                handle=a.handle,
                # Invented handles may exist for real on the platforms: never link to them.
                profile_url="",
                use=a.use,
                connection_state=a.connection_state,
                connected_at=timezone.make_aware(
                    dt.datetime.combine(a.connected_on, dt.time(10, 0))
                )
                if a.connected_on
                else None,
                opened_on=a.opened_on,
                ambassador=ambassadors[a.ambassador_key] if a.ambassador_key is not None else None,
                unit_department=departments[a.unit_department_key]
                if a.unit_department_key
                else None,
                unit_entity=entities[a.unit_entity_key] if a.unit_entity_key else None,
            )
            for a in plan.accounts
        ],
        batch_size=BATCH,
    )
    return {a.key: obj.pk for a, obj in zip(plan.accounts, created, strict=True)}


def _snapshot_rows(plan: DemoPlan, *, accounts: dict[int, int]) -> Iterator[tuple[Any, ...]]:
    """Database-ready rows, in SNAPSHOT_FIELDS order, account by account and day by day."""
    meta = MetricSnapshot._meta
    date_field, at_field = meta.get_field("date"), meta.get_field("collected_at")
    source = MetricSource.DEMO.value
    prepared: dict[dt.date, tuple[Any, Any]] = {}
    for account in plan.accounts:
        account_id = accounts[account.key]
        for figures in account_series(account):
            day = figures[0]
            values = prepared.get(day)
            if values is None:
                # Adapt each day once, as the ORM would (SQLite stores UTC text).
                values = prepared[day] = (
                    date_field.get_db_prep_value(day, connection),
                    at_field.get_db_prep_value(_day_end(day), connection),
                )
            yield (account_id, values[0], *figures[1:], source, values[1])


def _snapshots_write(plan: DemoPlan, *, accounts: dict[int, int]) -> int:
    """Stream the daily figures into the table: COPY on PostgreSQL, executemany elsewhere.

    Hundreds of thousands of rows: bulk_create would spend most of its time building model
    instances and SQL, so this writes the same columns directly, several times faster.
    """
    meta = MetricSnapshot._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in SNAPSHOT_FIELDS)
    rows = _snapshot_rows(plan, accounts=accounts)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
        else:
            placeholders = ", ".join(["%s"] * len(SNAPSHOT_FIELDS))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for batch in itertools.batched(rows, SNAPSHOT_BATCH):
                cursor.executemany(sql, batch)
                written += len(batch)
    return written
