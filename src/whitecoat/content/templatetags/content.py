from __future__ import annotations

from typing import Any

from django import template

from whitecoat.content.topics import TOPIC_LABELS
from whitecoat.metrics.enums import Platform

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key], or None: for dictionaries keyed by a variable."""
    try:
        value = mapping.get(key)
        return mapping.get(str(key)) if value is None else value
    except AttributeError:
        return None


@register.filter
def topic_label(key: str) -> str:
    return TOPIC_LABELS.get(key, key)


@register.filter
def platform_label(key: str) -> str:
    return dict(Platform.choices).get(key, key)


@register.filter
def web_url(value: str) -> str:
    """The address if it is an http(s) one, else "": nothing else goes into an href."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""
