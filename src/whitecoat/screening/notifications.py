"""E-mail to an ambassador coached about a post; plain text from a template."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from whitecoat.core.mail import deliver, subject_line
from whitecoat.screening.engine import RULES_BY_CODE
from whitecoat.screening.models import Coaching


def coaching_notify(*, coaching: Coaching, url: str = "") -> None:
    """Send the coaching message to the ambassador (nothing when they have no address).

    The mail carries the admin's message, the rule and the redacted excerpt, never the post.
    """
    coaching = Coaching.objects.select_related("ambassador__person", "review__post__account").get(
        pk=coaching.pk
    )
    address = coaching.ambassador.person.email
    if not address:
        return
    rule = RULES_BY_CODE.get(coaching.review.rule)
    context = {
        "coaching": coaching,
        "post": coaching.review.post,
        "rule": rule,
        "url": url,
        "site_name": settings.SITE_NAME,
    }
    title = rule.title.lower() if rule else coaching.review.rule
    deliver(
        [
            EmailMessage(
                subject=subject_line(f"About your post: {title}"),
                body=render_to_string("screening/email/coaching.txt", context),
                to=[address],
            )
        ]
    )
