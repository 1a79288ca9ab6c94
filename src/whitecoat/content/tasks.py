"""Background jobs: thin interfaces that take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from whitecoat.content.services import post_analyse, posts_analyse_pending
from whitecoat.metrics.models import Post


@task
def post_analyse_task(post_id: int) -> str:
    """Analyse one arriving post for the content hub; connectors enqueue it on commit:

    transaction.on_commit(lambda: post_analyse_task.enqueue(post.pk))
    """
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return "gone"  # deleted before the worker got to it
    item = post_analyse(post=post)
    return "skipped" if item is None else f"{item.kind} {item.score}"


@task
def posts_analyse_pending_task() -> int:
    """Re-tag the posts after the keyword lists changed."""
    return posts_analyse_pending().analysed
