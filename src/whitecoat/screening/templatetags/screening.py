"""Labels for the compliance coach's pages, and the ambassador's pending coaching."""

from __future__ import annotations

from typing import Any

from django import template

from whitecoat.metrics.enums import Platform
from whitecoat.screening.engine import RULES_BY_CODE
from whitecoat.screening.selectors import coaching_pending

register = template.Library()

SEVERITY = {
    "block": ("✖", "Block", "do not post as it is"),
    "warn": ("⚠", "Warn", "probably needs a change"),
    "tip": ("ℹ", "Tip", "fine, worth a look"),
    "praise": ("✓", "Well done", "a DO of the guidelines"),
    "ok": ("✓", "OK", "nothing found"),
}
WHERE = {
    "caption": "the photo's caption",
    "alt_text": "the photo's alt text",
    "file_name": "the file's name",
    "exif": "the file's data (EXIF)",
    "bio": "the account's bio",
}


@register.filter
def severity_icon(value: str) -> str:
    return SEVERITY.get(value, ("", value, ""))[0]


@register.filter
def severity_label(value: str) -> str:
    return SEVERITY.get(value, ("", value, ""))[1]


@register.filter
def severity_meaning(value: str) -> str:
    return SEVERITY.get(value, ("", value, ""))[2]


@register.filter
def rule_title(code: str) -> str:
    rule = RULES_BY_CODE.get(code)
    return rule.title if rule else code


@register.filter
def where_label(where: str) -> str:
    """ "media[0].caption" → "the photo's caption"; "text" → ""."""
    if not where or where == "text":
        return ""
    return WHERE.get(where.rsplit(".", 1)[-1], where)


@register.filter
def platform_label(value: str) -> str:
    return Platform(value).label if value in Platform.values else value


@register.filter
def example_text(example: Any) -> str:
    """A rule's example as a reader sees it: the text, then its context in brackets."""
    if isinstance(example, str):
        return example
    text, context = example
    notes = []
    if context.get("account"):
        notes.append(f"on a {context['account']} account")
    if context.get("bio"):
        notes.append(f"bio: “{context['bio']}”")
    for media in context.get("media", []):
        for key, value in media.items():
            label = WHERE.get(key, key.replace("_", " "))
            notes.append(f"{label}: {value}")
    return f"{text} ({'; '.join(notes)})" if notes else text


@register.simple_tag
def coaching_pending_for(user: Any) -> list[Any]:
    """The user's coaching messages waiting for their acknowledgement (for their home page)."""
    return coaching_pending(user=user)
