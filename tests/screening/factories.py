"""Posts for the compliance coach's tests, and a shortcut to a screened post."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tests.factories import SocialAccountFactory
from whitecoat.metrics.enums import MetricSource
from whitecoat.metrics.models import Post, SocialAccount
from whitecoat.screening.models import PostScreening
from whitecoat.screening.services import post_screen

# Three findings go to the review queue: a patient story (warn), the patient's name (block)
# and an undisclosed promo code (block).
RISKY_TEXT = "My patient John Kowalski went home today. Use code DRJEN for 20% off!"
SAFE_TEXT = "In 2023 we published 14 papers on heart failure."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    account = factory.SubFactory(SocialAccountFactory)
    platform_post_id = factory.Sequence(lambda n: f"post-{n}")
    text = SAFE_TEXT
    published_at = factory.Sequence(
        lambda n: timezone.make_aware(dt.datetime(2026, 5, 1, 9, 0)) + dt.timedelta(hours=n)
    )
    source = MetricSource.API
    collected_at = factory.LazyFunction(timezone.now)


def screened_post(account: SocialAccount | None = None, **kwargs: Any) -> PostScreening:
    """A post of `account` (a new ambassador's by default), screened and stored."""
    if account is not None:
        kwargs["account"] = account
    post = PostFactory(**{"text": RISKY_TEXT, **kwargs})
    return post_screen(post=post).screening
