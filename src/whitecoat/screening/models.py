"""What the coach keeps about ingested posts: verdicts, findings, decisions, coaching.

Nothing identifying is stored: a finding keeps its offsets into the post, the rule, the
rule's own message and a redacted excerpt ("My patient [NAME] went home…"), never the text
it found. Decisions and coaching copy the redacted excerpt, never the post.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from whitecoat.metrics.models import Post
from whitecoat.program.models import Ambassador
from whitecoat.screening.enums import Decision, ReviewState, Severity, Verdict


class PostScreening(models.Model):
    """The latest screening of one post; re-screening updates it and replaces its findings."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="screening")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    rules_version = models.CharField(max_length=40)
    screened_at = models.DateTimeField()

    class Meta:
        ordering = ["-screened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="screening_verdict_valid"
            ),
        ]
        indexes = [models.Index(fields=["rules_version"], name="screening_rules_version")]

    def __str__(self) -> str:
        return f"{self.post}: {self.verdict}"


class Finding(models.Model):
    """One finding of a screening: where (offsets), which rule, how bad, a redacted excerpt."""

    screening = models.ForeignKey(PostScreening, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=50)
    type = models.CharField(max_length=30)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # "text", or what it is about when outside the text ("media[0].caption", "bio").
    where = models.CharField(max_length=40, default="text")
    excerpt = models.TextField(blank=True, help_text="Redacted: identifiers replaced by type.")
    message = models.TextField()
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN)

    class Meta:
        ordering = ["screening", "start", "end", "rule"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="finding_span"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="finding_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="finding_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "severity"], name="finding_state_severity")]

    def __str__(self) -> str:
        return f"{self.rule} at {self.start}–{self.end} ({self.severity})"


class Review(models.Model):
    """An admin's decision on a finding: who, when, confirmed or dismissed, and why.

    Kept when a re-screening replaces the findings (the finding link is then re-pointed to
    the same finding of the new screening, or cleared), so per-rule precision counts every
    decision ever made.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="screening_reviews")
    finding = models.OneToOneField(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="review"
    )
    rule = models.CharField(max_length=50)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    excerpt = models.TextField(blank=True, help_text="Redacted, as shown when decided.")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    rules_version = models.CharField(max_length=40)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="review_decision_valid"
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.DISMISSED) | ~Q(reason=""),
                name="review_dismissal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["rule", "decision"], name="review_rule_decision")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.decision}"


class Coaching(models.Model):
    """A message to the ambassador about a confirmed finding, and their acknowledgement."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="coaching")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="coachings")
    message = models.TextField()
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True)
                | Q(acknowledged_at__gte=models.F("sent_at")),
                name="coaching_acknowledged_after_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["ambassador", "acknowledged_at"], name="coaching_pending"),
        ]

    def __str__(self) -> str:
        return f"Coaching for {self.ambassador} ({self.review.rule})"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
