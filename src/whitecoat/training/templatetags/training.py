from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from whitecoat.training.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ text|markdown }}: Markdown rendered and sanitised by an allow-list."""
    return mark_safe(render_markdown(text))  # sanitised by nh3 in render_markdown
