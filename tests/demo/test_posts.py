from __future__ import annotations

import pytest

from tests.demo.test_services import load
from whitecoat.metrics.models import Post


@pytest.fixture
def demo(db):
    return load(scale=0.2)


def test_demo_posts_exist_for_accounts_with_history(demo):
    assert Post.objects.count() > 50
    assert set(Post.objects.values_list("source", flat=True)) == {"demo"}


def test_demo_posts_leave_figures_a_platform_does_not_give_absent(demo):
    assert not Post.objects.filter(account__platform="bluesky", impressions__isnull=False).exists()
    assert not Post.objects.filter(account__platform="x", video_views__isnull=False).exists()
    assert Post.objects.filter(account__platform="x", impressions__isnull=False).exists()


def test_demo_posts_fall_within_the_accounts_history(demo):
    for post in Post.objects.select_related("account")[:200]:
        assert post.account.snapshots.filter(date__lte=post.published_at.date()).exists()
