"""Posts, items and kits for the content hub's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tests.factories import SocialAccountFactory
from whitecoat.content.enums import KitState
from whitecoat.content.models import KitCopy, ShareKit
from whitecoat.metrics.enums import MetricSource, Platform
from whitecoat.metrics.models import Post

RESEARCH_TEXT = (
    "New paper from our group on heart failure: what it means for patients. "
    "https://doi.org/10.1056/NEJMoa2034577"
)
PROMO_TEXT = "Love this supplement for sleep. Use code DOCTOR20 for 20% off!"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    account = factory.SubFactory(SocialAccountFactory)
    platform_post_id = factory.Sequence(lambda n: f"content-post-{n}")
    text = RESEARCH_TEXT
    url = factory.Sequence(lambda n: f"https://x.example/status/{n}")
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=5))
    likes = 40
    replies = 5
    reposts = 10
    source = MetricSource.API
    collected_at = factory.LazyFunction(timezone.now)


def institutional_account(department: Any = None, **kwargs: Any) -> Any:
    return SocialAccountFactory(
        ambassador=None,
        unit_department=department,
        **{"platform": Platform.X, "handle": "@LakesideHeart", **kwargs},
    )


class ShareKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareKit
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kit {n}")
    link = "https://lakeside.example/heart-month?ref=kit"
    campaign = factory.Sequence(lambda n: f"kit-{n}")
    state = KitState.DRAFT

    @factory.post_generation
    def copies(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        variants = extracted if extracted is not None else {"x": ["Know your numbers."]}
        for platform, texts in variants.items():
            for position, text in enumerate(texts, start=1):
                KitCopy.objects.create(kit=self, platform=platform, position=position, text=text)
