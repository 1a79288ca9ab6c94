"""The content hub's part of the demo program, labelled demo like the rest of it.

`content_demo_load` runs at the end of the demo load: it analyses the demo posts (so the
curation queue is full), records consent for most ambassadors, takes two posts through the
queue to "used" (one of them the demo ambassador's), and adds an amplification request and
an open share kit with shares and clicks. `content_demo_remove` deletes what the demo
removal would otherwise leave behind (kits, requests, demo DOI records).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from whitecoat.content import services
from whitecoat.content.enums import ConsentScope, ItemState, KitState, RequestKind, RequestState
from whitecoat.content.links import find_identifiers
from whitecoat.content.models import (
    AmplificationRequest,
    Consent,
    ConsentChange,
    ContentItem,
    DoiRecord,
    KitClick,
    KitLink,
    KitShare,
    RequestChange,
    ShareKit,
)
from whitecoat.content.selectors import (
    QueueFilters,
    content_queue,
    institutional_accounts,
    item_suggested_copy,
)
from whitecoat.metrics.models import Post
from whitecoat.organizations.models import Department
from whitecoat.program.enums import AmbassadorStatus
from whitecoat.program.models import Ambassador

DEMO_DOI_PREFIX = "10.1000/demo."
KIT_LINK = "https://lakeside-health.example/heart-month"
JOURNALS = ("Journal of Demo Cardiology", "Demo Oncology Reports", "Annals of Demo Medicine")


def _demo_title(doi: str) -> str:
    return f"Outcomes after nurse-led follow-up: a cohort study ({doi[-4:]}, demo record)"


@dataclass(frozen=True)
class ContentDemoSummary:
    analysed: int
    consented: int
    used: int
    kit_links: int
    clicks: int


def _doi_records(rng: random.Random) -> None:
    """Local metadata for a few of the demo's DOIs, so the queue shows their titles."""
    texts = (
        Post.objects.filter(text__contains=DEMO_DOI_PREFIX)
        .order_by("pk")
        .values_list("text", flat=True)[:40]
    )
    dois = []
    for text in texts:
        dois += [
            v for k, v in find_identifiers(text.replace("https://doi.org/", "doi:")) if k == "doi"
        ]
    DoiRecord.objects.bulk_create(
        [
            DoiRecord(doi=doi, title=_demo_title(doi), journal=rng.choice(JOURNALS))
            for doi in sorted(set(dois))[::3][:8]
        ],
        ignore_conflicts=True,
    )


def _consents(rng: random.Random, now: dt.datetime) -> int:
    """Most ambassadors consented to everything; some decided per platform; a few said no."""
    ambassadors = list(
        Ambassador.objects.filter(status__in=[AmbassadorStatus.ACTIVE, AmbassadorStatus.PAUSED])
        .select_related("person")
        .order_by("pk")
    )
    first_platform = dict(
        ContentItem.objects.order_by("ambassador_id", "platform")
        .values_list("ambassador_id", "platform")
        .distinct()
    )
    consents, changes = [], []
    granted = 0
    for ambassador in ambassadors:
        user_id = ambassador.person.user_id
        roll = rng.random()
        demo_login = user_id is not None
        if roll < 0.08 and not demo_login:
            continue  # not decided yet: no consent
        yes = demo_login or roll >= 0.14
        consents.append(
            Consent(
                ambassador=ambassador, scope=ConsentScope.ALL, granted=yes, decided_by_id=user_id
            )
        )
        changes.append(
            ConsentChange(
                ambassador=ambassador,
                scope=ConsentScope.ALL,
                granted=yes,
                changed_at=now - dt.timedelta(days=rng.randint(30, 600)),
                changed_by_id=user_id,
            )
        )
        granted += yes
        platform = first_platform.get(ambassador.pk)
        if yes and platform and rng.random() < 0.06 and not demo_login:
            consents.append(
                Consent(
                    ambassador=ambassador,
                    scope=ConsentScope.PLATFORM,
                    platform=platform,
                    granted=False,
                )
            )
            changes.append(
                ConsentChange(
                    ambassador=ambassador,
                    scope=ConsentScope.PLATFORM,
                    platform=platform,
                    granted=False,
                    changed_at=now - dt.timedelta(days=rng.randint(1, 29)),
                )
            )
    Consent.objects.bulk_create(consents)
    ConsentChange.objects.bulk_create(changes)
    return granted


def _usable_items(admin, platforms: set[str]) -> list[ContentItem]:
    """Suggested items whose authors consented, on a platform the institution posts on."""
    return [
        item
        for item in content_queue(user=admin, filters=QueueFilters(consent="yes"))[:40]
        if item.platform in platforms
    ]


def _queue_work(admin, now: dt.datetime) -> int:
    """Two items used (one the demo ambassador's), a few shortlisted, one approved."""
    accounts = {a.platform: a for a in institutional_accounts().filter(unit_entity__isnull=False)}
    candidates = _usable_items(admin, set(accounts))
    mine = (
        ContentItem.objects.filter(ambassador__person__user__username="ambassador", blocked=False)
        .filter(platform__in=list(accounts))
        .order_by("-score")
        .first()
    )
    if (
        mine is not None
        and Consent.objects.filter(ambassador_id=mine.ambassador_id, granted=True).exists()
    ):
        candidates = [mine, *[c for c in candidates if c.pk != mine.pk]]
    # The chosen posts' publications get local metadata, as an admin would add it.
    for item in candidates[:6]:
        dois = [
            link["identifier"]
            for link in item.links
            if link.get("identifier", "").startswith("10.")
        ]
        if dois:
            DoiRecord.objects.bulk_create(
                [DoiRecord(doi=doi, title=_demo_title(doi), journal=JOURNALS[0]) for doi in dois],
                ignore_conflicts=True,
            )
            services.post_analyse(post=item.post)
    used = 0
    for position, item in enumerate(candidates[:6]):
        services.item_transition(
            item=item, to_state=ItemState.SHORTLISTED, by=admin, reason="Strong topic match."
        )
        if position >= 3:
            continue  # left on the shortlist
        services.item_transition(item=item, to_state=ItemState.APPROVED, by=admin)
        if position == 2:
            continue  # approved, waiting for a slot
        account = accounts.get(item.platform)
        copy = next(
            (c.text for c in item_suggested_copy(item=item) if c.platform == item.platform), ""
        )
        services.item_use_record(
            item=item,
            by=admin,
            account=account,
            used_at=now - dt.timedelta(days=2 + 3 * position, hours=3),
            copy=copy,
        )
        used += 1
    return used


def _request(requester, admin, today: dt.date, now: dt.datetime) -> None:
    """One request, accepted and assigned (written directly: the services would e-mail)."""
    if requester is None or admin is None:
        return
    cardiology = Department.objects.filter(name="Cardiology").first()
    request = AmplificationRequest.objects.create(
        requested_by=requester,
        kind=RequestKind.EVENT,
        title="Heart failure clinic open house (demo)",
        summary="Our new heart failure clinic opens its doors to patients and families for an "
        "afternoon of short talks, blood-pressure checks and a tour.",
        audience="Patients with heart failure and their families; referring physicians",
        starts_on=today + dt.timedelta(days=18),
        ends_on=today + dt.timedelta(days=18),
        links="https://lakeside-health.example/events/heart-failure-open-house",
        department=cardiology,
        state=RequestState.ACCEPTED,
        assigned_to=admin,
    )
    RequestChange.objects.bulk_create(
        [
            RequestChange(
                request=request,
                from_state="",
                to_state=RequestState.SUBMITTED,
                changed_at=now - dt.timedelta(days=3),
                changed_by=requester,
            ),
            RequestChange(
                request=request,
                from_state=RequestState.SUBMITTED,
                to_state=RequestState.ACCEPTED,
                changed_at=now - dt.timedelta(days=2),
                changed_by=admin,
                reason="Planned for the week before.",
            ),
        ]
    )


def _kit(admin, rng: random.Random, now: dt.datetime) -> tuple[int, int]:
    if admin is None:
        return 0, 0
    kit = services.kit_create(
        by=admin,
        data=services.KitInput(
            title="Heart Month: know your numbers (demo)",
            summary="February is Heart Month: help people learn their blood pressure, "
            "cholesterol and blood sugar numbers, and book a check.",
            link=KIT_LINK,
            campaign="heart-month",
            copies={
                "x": [
                    "Do you know your numbers? Blood pressure, cholesterol and blood sugar "
                    "tell a lot about your heart. #HeartMonth",
                    "Heart Month tip from a clinician: a 5-minute check of your blood pressure "
                    "can change everything. Book yours. #HeartMonth",
                ],
                "linkedin": [
                    "February is Heart Month. As clinicians we see every day how much three "
                    "numbers matter: blood pressure, cholesterol and blood sugar. Our health "
                    "system makes it easy to get them checked.",
                ],
                "instagram": [
                    "Know your numbers ❤️ Blood pressure, cholesterol, blood sugar. "
                    "Heart Month is the moment to check. #HeartMonth #KnowYourNumbers",
                ],
            },
        ),
    )
    services.kit_transition(kit=kit, to_state=KitState.OPEN, by=admin)
    ShareKit.objects.filter(pk=kit.pk).update(published_at=now - dt.timedelta(days=9))
    links = list(KitLink.objects.filter(kit=kit).select_related("ambassador").order_by("seat"))
    platforms = dict(
        ContentItem.objects.order_by("ambassador_id", "platform")
        .values_list("ambassador_id", "platform")
        .distinct()
    )
    shares, clicks = [], []
    for link in links:
        if rng.random() > 0.3:
            continue
        platform = platforms.get(link.ambassador_id) or "x"
        shared_at = now - dt.timedelta(days=rng.randint(1, 8), hours=rng.randint(0, 12))
        shares.append(
            KitShare(
                kit=kit, ambassador_id=link.ambassador_id, platform=platform, shared_at=shared_at
            )
        )
        for n in range(int(rng.lognormvariate(2.0, 0.9))):
            clicked = shared_at + dt.timedelta(minutes=rng.randint(5, 60 * 48))
            if clicked > now:
                continue
            visitor = hashlib.sha256(f"demo-{link.pk}-{n}".encode()).hexdigest()[:40]
            hour = clicked.replace(minute=0, second=0, microsecond=0)
            clicks.append(KitClick(link=link, visitor=visitor, hour=hour, clicked_at=clicked))
    KitShare.objects.bulk_create(shares)
    KitClick.objects.bulk_create(clicks, ignore_conflicts=True)
    return len(links), len(clicks)


def content_demo_load(*, today: dt.date, seed: int = 2020) -> ContentDemoSummary:
    """Analyse the demo posts and add the hub's demo records (after the posts exist)."""
    rng = random.Random(seed * 7919 + 3)
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 0)))
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["admin", "requester"])
    }
    admin, requester = users.get("admin"), users.get("requester")
    _doi_records(rng)
    summary = services.posts_analyse_pending(now=now)
    consented = _consents(rng, now)
    used = _queue_work(admin, now) if admin is not None else 0
    _request(requester, admin, today, now)
    kit_links, clicks = _kit(admin, rng, now)
    return ContentDemoSummary(summary.analysed, consented, used, kit_links, clicks)


def content_demo_remove() -> None:
    """What the demo removal would leave: kits, requests (they point at demo users) and the
    demo's DOI records. Items, uses, consent and links go with the posts and ambassadors."""
    ShareKit.objects.all().delete()
    AmplificationRequest.objects.all().delete()
    DoiRecord.objects.filter(Q(doi__startswith=DEMO_DOI_PREFIX)).delete()
