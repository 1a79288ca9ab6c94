"""Background jobs: thin interfaces that take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from whitecoat.metrics.models import Post
from whitecoat.screening.services import post_screen


@task
def post_screen_task(post_id: int) -> str:
    """Screen one ingested post; connectors enqueue it on commit when a post arrives.

    transaction.on_commit(lambda: post_screen_task.enqueue(post.pk))
    """
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return "gone"  # deleted before the worker got to it
    return post_screen(post=post).verdict
