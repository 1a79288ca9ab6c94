"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps an allow-list (no Django here).

Authors are trusted staff, but the HTML still goes through an allow-list: no scripts,
no event handlers, no styles (the CSP would block them anyway), links only to http(s) and
mailto, and no images (the CSP allows only our own).
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "kbd", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "textarea"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def render_markdown(text: str) -> str:
    """The Markdown `text` as sanitised HTML. A heading `#` becomes <h2>: the page owns <h1>."""
    html = markdown.markdown(
        text or "", extensions=["extra", "sane_lists", "smarty"], output_format="html"
    )
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return _cleaner.clean(html).strip()
