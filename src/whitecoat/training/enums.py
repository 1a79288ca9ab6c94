from __future__ import annotations

from django.db import models


class ModuleKind(models.TextChoices):
    """The three kinds of the per-platform courses, and the everyone-course's kind."""

    TECHNICAL = "technical", "Technical features"
    BEST_PRACTICES = "best_practices", "Best practices"
    ANALYTICS = "analytics", "Analytics"
    PROFESSIONALISM = "professionalism", "Professionalism and policy"


# Every platform course has a module of each of these kinds.
PLATFORM_MODULE_KINDS = [ModuleKind.TECHNICAL, ModuleKind.BEST_PRACTICES, ModuleKind.ANALYTICS]


class SessionKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    GROUP = "group", "Group"


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Attendance(models.TextChoices):
    PENDING = "pending", "Not recorded yet"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


# What an admin may record once a session has started.
RECORDABLE_ATTENDANCE = [Attendance.ATTENDED, Attendance.NO_SHOW, Attendance.CANCELLED]


class CompletionSource(models.TextChoices):
    SESSION = "session", "Training session"
    SELF = "self", "Self-study"


class ChecklistItemKind(models.TextChoices):
    """The set-up of a professional account, one item each, in the order they are done."""

    DISPLAY_NAME = "display_name", "Professional display name"
    BIO_CREDENTIALS = "bio_credentials", "Credentials and affiliation in the bio"
    DISCLAIMER = "disclaimer", "“Views are my own” disclaimer"
    PROFILE_PHOTO = "profile_photo", "Profile photo"
    FACULTY_LINK = "faculty_link", "Link to the faculty or lab page"
    MARKED_PROFESSIONAL = "marked_professional", "Account marked professional"


CHECKLIST_HELP = {
    ChecklistItemKind.DISPLAY_NAME: "Your real name as colleagues know it, e.g. “Dana Lee, MD”.",
    ChecklistItemKind.BIO_CREDENTIALS: "Credentials, role and institution in the bio.",
    ChecklistItemKind.DISCLAIMER: "“Views are my own” (or similar) in the bio.",
    ChecklistItemKind.PROFILE_PHOTO: "A clear, professional head-and-shoulders photo.",
    ChecklistItemKind.FACULTY_LINK: "The bio links to your faculty, lab or profile page.",
    ChecklistItemKind.MARKED_PROFESSIONAL: (
        "A professional/creator account where the platform offers one, and recorded as "
        "professional in WhiteCoat."
    ),
}
