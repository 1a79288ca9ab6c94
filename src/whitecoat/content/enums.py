from __future__ import annotations

from django.db import models


class ContentKind(models.TextChoices):
    """What an ambassador's post mainly is, for the queue's filters."""

    RESEARCH = "research", "Research publication"
    VIDEO = "video", "Video"
    NEWS = "news", "News coverage"
    INSTITUTION = "institution", "Institution page"
    POST = "post", "Post"


class ItemState(models.TextChoices):
    NEW = "new", "New"
    SHORTLISTED = "shortlisted", "Shortlisted"
    APPROVED = "approved", "Approved"
    USED = "used", "Used"
    ARCHIVED = "archived", "Archived"


class ConsentScope(models.TextChoices):
    ALL = "all", "All my posts"
    PLATFORM = "platform", "One platform"
    POST = "post", "One post"


class RequestKind(models.TextChoices):
    STORY = "story", "Story"
    EVENT = "event", "Event"
    PUBLICATION = "publication", "Publication"
    OTHER = "other", "Other"


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    COMPLETED = "completed", "Amplified"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Requests an admin still has to act on.
OPEN_REQUEST_STATES = [RequestState.SUBMITTED, RequestState.ACCEPTED]


class KitState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
