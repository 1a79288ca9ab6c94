"""The fixture world of the security tests: one program, two departments, one user per role.

Department A is Cardiology, department B is Neurology. Every object that a path parameter
can name exists twice where ownership matters — once owned by department A or its
ambassador, once by department B or its ambassador — so the access matrix can say "the
nominator of department B gets 404 for department A's ambassador".

People of department B carry distinctive names (Quixotic, Zephyrine, @neuro_b_…) so the
leak tests can search response bodies for them.

Built once per test module (see conftest.py) through the same services the pages use where
the object has a workflow, and with factories where it is plain data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.content.factories import ShareKitFactory
from tests.factories import (
    AmbassadorFactory,
    CohortFactory,
    DepartmentFactory,
    EntityFactory,
    PersonFactory,
    SocialAccountFactory,
)
from tests.screening.factories import RISKY_TEXT
from tests.training.factories import (
    CourseFactory,
    ModuleFactory,
    PlatformChoiceFactory,
    PolicyFactory,
    PolicyVersionFactory,
    SessionInvitationFactory,
    TrainingSessionFactory,
)
from whitecoat.api.services import api_token_create
from whitecoat.connectors.enums import AuthKind
from whitecoat.connectors.models import Connection, PlatformApp, SyncRun
from whitecoat.content.enums import KitState
from whitecoat.content.services import (
    amplification_request_submit,
    kit_link_for,
    kit_transition,
    post_analyse,
)
from whitecoat.governance.enums import ActionKind
from whitecoat.governance.models import AccountFreeze
from whitecoat.governance.services import (
    RegistryInput,
    account_request_submit,
    recommendation_decide,
    registry_create,
    registry_import_upload,
)
from whitecoat.imports.services import import_upload
from whitecoat.metrics.enums import ConnectionState, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, Post
from whitecoat.organizations.enums import EntityKind, PersonKind, Role
from whitecoat.organizations.roles import roles_sync, user_grant_role
from whitecoat.program.services import (
    NewPerson,
    consultation_request,
    nomination_request_info,
    nomination_submit,
)
from whitecoat.screening.enums import Decision
from whitecoat.screening.models import Finding
from whitecoat.screening.selectors import finding_get_for_review
from whitecoat.screening.services import finding_decide, post_screen

# The roles of the matrix, in its column order. "ambassador" is department A's ambassador.
ROLES = (
    "anonymous",
    "requester",
    "ambassador",
    "nominator_a",
    "nominator_b",
    "leadership",
    "admin",
)

PASSWORD = "correct horse battery staple"

# Texts that name department B's people and accounts: none may reach A's nominator or A's
# ambassador through any list, export, search, filter or detail page.
B_MARKERS = (
    "Quixotic",  # Bob, B's ambassador
    "Zephyrine",  # B's nurse, not an ambassador
    "Nadia Nomineeb",  # B's nominee
    "@neuro_b_bob",  # Bob's professional account
    "@neuro_b_unit",  # B's institutional account
    "bob.quixotic@",  # Bob's e-mail
)

# Each account's latest follower count: distinctive, so a leaked figure can be searched for.
FOLLOWERS = {"acct_a": 31457, "acct_b": 48213, "unit_a": 52619, "unit_b": 67381}

RESEARCH_TEXT = (
    "Our new paper on stroke recovery, open access: https://doi.org/10.1056/NEJMoa2034577"
)
X_EXPORT = (
    "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements\n"
    "1,https://x.com/amy/status/1,Hello,2026-08-01 10:00 +0000,100,5\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REGISTRY_FILE = "platform,handle,department\nx,@cardio_a_imported,Cardiology\n"


@dataclass
class World:
    """Users by role, and the objects path parameters are filled from, by name."""

    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    # Values for path parameters that are not objects (slugs, platform names, tokens).
    values: dict[str, str] = field(default_factory=dict)
    # Each signed-in role's session key, made once (conftest.py).
    sessions: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def _user(username: str, role: Role | None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    if role is not None:
        user_grant_role(user=user, role=role)
    return user


def _post(account: Any, text: str, number: int) -> Post:
    return Post.objects.create(
        account=account,
        platform_post_id=f"security-{account.pk}-{number}",
        text=text,
        url=f"https://x.example/{account.handle.lstrip('@')}/status/{number}",
        published_at=timezone.now() - dt.timedelta(hours=number),
        likes=40,
        replies=5,
        reposts=10,
        source=MetricSource.API,
        collected_at=timezone.now(),
    )


def _snapshots(account: Any, followers: int) -> None:
    today = timezone.localdate()
    MetricSnapshot.objects.bulk_create(
        MetricSnapshot(
            account=account,
            date=today - dt.timedelta(days=days),
            followers=followers - days,
            engagements=10,
            source=MetricSource.API,
            collected_at=timezone.now(),
        )
        for days in (0, 7, 30, 60)
    )


def build_world() -> World:
    roles_sync()
    system = EntityFactory(name="Lakeside Health", kind=EntityKind.HEALTH_SYSTEM)
    cardiology = DepartmentFactory(
        entity=system, name="Cardiology", national_rank=3, rank_year=2025
    )
    neurology = DepartmentFactory(entity=system, name="Neurology")
    cohort = CohortFactory(name="Physicians 2020", entity=system)

    users = {
        "anonymous": None,
        "requester": _user("rita_requester", None),
        "ambassador": _user("amy_ambassador", Role.AMBASSADOR),
        "nominator_a": _user("carla_chair", Role.NOMINATOR),
        "nominator_b": _user("nina_chair", Role.NOMINATOR),
        "leadership": _user("lee_leadership", Role.LEADERSHIP),
        "admin": _user("alice_admin", Role.PROGRAM_ADMIN),
    }
    cardiology.nominators.add(users["nominator_a"])
    neurology.nominators.add(users["nominator_b"])
    admin = users["admin"]
    bob_user = _user("bob_ambassador", Role.AMBASSADOR)
    world = World(users=users)
    o = world.objects
    o.update(system=system, dept_a=cardiology, dept_b=neurology, cohort=cohort, bob_user=bob_user)

    # ------------------------------------------------------------- people and ambassadors
    amy = PersonFactory(
        first_name="Amy",
        last_name="Aorta",
        email="amy.aorta@example.org",
        department=cardiology,
        user=users["ambassador"],
    )
    bob = PersonFactory(
        first_name="Bob",
        last_name="Quixotic",
        email="bob.quixotic@example.org",
        department=neurology,
        user=bob_user,
    )
    PersonFactory(first_name="Cora", last_name="Cardio", department=cardiology)
    PersonFactory(first_name="Zelda", last_name="Zephyrine", department=neurology)
    o["amb_a"] = AmbassadorFactory(person=amy, cohort=cohort)
    o["amb_b"] = AmbassadorFactory(person=bob, cohort=cohort)
    o["acct_a"] = SocialAccountFactory(ambassador=o["amb_a"], handle="@cardio_a_amy")
    o["acct_b"] = SocialAccountFactory(ambassador=o["amb_b"], handle="@neuro_b_bob")
    o["unit_a"] = SocialAccountFactory(
        ambassador=None, unit_department=cardiology, handle="@cardio_a_unit"
    )
    o["unit_b"] = SocialAccountFactory(
        ambassador=None, unit_department=neurology, handle="@neuro_b_unit"
    )
    # A department's account nobody registered yet: the registry form lists it.
    o["unit_unregistered"] = SocialAccountFactory(
        ambassador=None, unit_department=cardiology, handle="@cardio_a_unlisted"
    )
    for name, followers in FOLLOWERS.items():
        _snapshots(o[name], followers=followers)

    # -------------------------------------------------------------------- the pipeline
    for key, chair, department, first, last in (
        ("nom_a", users["nominator_a"], cardiology, "Ned", "Nomineea"),
        ("nom_b", users["nominator_b"], neurology, "Nadia", "Nomineeb"),
    ):
        o[key] = nomination_submit(
            by=chair,
            department=department,
            cohort=cohort,
            rationale="Great communicator.",
            suggested_platforms=[Platform.X],
            new_person=NewPerson(
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}@example.org",
                kind=PersonKind.ATTENDING,
            ),
        )
        # Waiting for the chair's answer: every decision and the answer are possible.
        nomination_request_info(nomination=o[key], by=admin, question="Which platforms?")
    o["cons_requester"] = consultation_request(by=users["requester"], topic="A new blog")
    o["cons_a"] = consultation_request(by=users["ambassador"], topic="Amy's LinkedIn")
    o["cons_b"] = consultation_request(by=bob_user, topic="Bob's Threads")

    # ---------------------------------------------------------------------- training
    course = CourseFactory(slug="security-course", title="Security course")
    draft_course = CourseFactory(slug="security-draft", title="Draft course", is_published=False)
    o["module"] = ModuleFactory(course=course)
    o["draft_module"] = ModuleFactory(course=draft_course)
    world.values.update(course=course.slug, draft_course=draft_course.slug)
    o["session_a"] = TrainingSessionFactory(course=course, trainer=admin)
    o["session_b"] = TrainingSessionFactory(course=course, trainer=admin)
    SessionInvitationFactory(session=o["session_a"], ambassador=o["amb_a"])
    SessionInvitationFactory(session=o["session_b"], ambassador=o["amb_b"])
    policy = PolicyFactory(slug="security-policy", title="Code of conduct")
    world.values["policy"] = policy.slug
    o["version"] = PolicyVersionFactory(policy=policy)
    o["draft_version"] = PolicyVersionFactory(policy=policy, published_at=None)
    o["choice_a"] = PlatformChoiceFactory(ambassador=o["amb_a"], platform=Platform.X)
    o["choice_b"] = PlatformChoiceFactory(ambassador=o["amb_b"], platform=Platform.X)

    # ------------------------------------------------------------------------ imports
    o["import"] = import_upload(by=admin, file_name="tweet_activity.csv", data=X_EXPORT.encode())

    # --------------------------------------------- posts: screening, coaching, content hub
    for side in ("a", "b"):
        account = o[f"acct_{side}"]
        pending = post_screen(post=_post(account, RISKY_TEXT, 1)).screening
        o[f"finding_{side}"] = pending.findings.filter(severity__in=["block", "warn"]).first()
        coached = post_screen(post=_post(account, RISKY_TEXT, 2)).screening
        finding = finding_get_for_review(
            finding_id=coached.findings.filter(severity__in=["block", "warn"]).first().pk
        )
        review = finding_decide(
            finding=finding, decision=Decision.CONFIRMED, by=admin, text="Please remove the name."
        )
        o[f"coaching_{side}"] = review.coaching
        o[f"item_{side}"] = post_analyse(post=_post(account, RESEARCH_TEXT, 3))
    assert isinstance(o["finding_a"], Finding) and o["item_a"] is not None

    # --------------------------------------------------------------------- connectors
    o["app"] = PlatformApp.objects.create(
        organization=system, platform=Platform.X, client_id="lakeside-x-client"
    )
    for side in ("a", "b"):
        o[f"connection_{side}"] = Connection.objects.create(
            account=o[f"acct_{side}"], auth=AuthKind.OAUTH, platform_user_id=f"15000{side}"
        )
    o["unit_a"].connection_state = ConnectionState.NOT_CONNECTED
    o["unit_a"].save(update_fields=["connection_state"])
    o["run_a"] = SyncRun.objects.create(kind="on_demand", requested_by=users["ambassador"])
    o["run_b"] = SyncRun.objects.create(kind="on_demand", requested_by=bob_user)
    o["run_daily"] = SyncRun.objects.create(kind="daily", for_date=timezone.localdate())
    world.values["platform"] = Platform.X

    # ------------------------------------------------------------------- content hub
    o["amp_requester"] = amplification_request_submit(
        by=users["requester"], title="Open day", summary="Tell the city."
    )
    o["amp_a"] = amplification_request_submit(
        by=users["ambassador"], title="Amy's talk", summary="Heart month talk."
    )
    o["amp_b"] = amplification_request_submit(
        by=bob_user, title="Bob's Quixotic talk", summary="Stroke month talk."
    )
    o["kit_a"] = ShareKitFactory(title="Heart month kit", department=cardiology, created_by=admin)
    o["kit_b"] = ShareKitFactory(title="Stroke month kit", department=neurology, created_by=admin)
    o["kit_draft"] = ShareKitFactory(title="Draft kit", created_by=admin)
    for key in ("kit_a", "kit_b"):
        o[key].image.save(f"{key}.png", ContentFile(PNG))
        kit_transition(kit=o[key], to_state=KitState.OPEN, by=admin)
    world.values["kit_token_a"] = kit_link_for(kit=o["kit_a"], ambassador=o["amb_a"]).token
    world.values["kit_token_b"] = kit_link_for(kit=o["kit_b"], ambassador=o["amb_b"]).token

    # --------------------------------------------------------------------- API tokens
    o["token_a"], _ = api_token_create(user=users["ambassador"], name="Amy's export")
    o["token_b"], _ = api_token_create(user=bob_user, name="Bob's export")

    # --------------------------------------------------------------------- governance
    o["entry_a"] = registry_create(
        by=admin,
        data=RegistryInput(
            platform=Platform.X, handle="@cardio_a_unit", unit_department=cardiology, owner=amy
        ),
    )
    o["entry_b"] = registry_create(
        by=admin,
        data=RegistryInput(
            platform=Platform.X, handle="@neuro_b_unit", unit_department=neurology, owner=bob
        ),
    )
    o["registry_import"] = registry_import_upload(
        by=admin, file_name="registry.csv", data=REGISTRY_FILE.encode()
    )
    o["action"] = recommendation_decide(
        entry=o["entry_b"], by=admin, kind=ActionKind.ARCHIVE, accept=True, reason="Dormant."
    )
    o["freeze"] = AccountFreeze.objects.create(
        entity=system,
        platform=Platform.TIKTOK,
        message="No new TikTok accounts: join the ambassador program.",
        effective_on=timezone.localdate(),
        created_by=admin,
    )
    o["areq_requester"] = account_request_submit(
        by=users["requester"],
        platform=Platform.INSTAGRAM,
        purpose="Open day photos",
        unit_entity=system,
    )
    o["areq_a"] = account_request_submit(
        by=users["ambassador"],
        platform=Platform.INSTAGRAM,
        purpose="Cardiology news",
        unit_department=cardiology,
    )
    o["areq_b"] = account_request_submit(
        by=bob_user,
        platform=Platform.INSTAGRAM,
        purpose="Neurology news",
        unit_department=neurology,
    )

    # ------------------------------------------------------- reports, audit, sign-in
    o["recipient"] = users["leadership"]
    world.values.update(
        organization_slug="lakeside",
        provider_id="sso",
        key="not-a-real-key",
        uidb36="1",
        model_label="program.ambassador",
        object_id=str(o["amb_a"].pk),
        object_id_b=str(o["amb_b"].pk),
    )
    return world
