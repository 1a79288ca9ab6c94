"""Suggested copy, platform length limits, share-kit variants, UTM parameters and the
click counter's visitor key. Plain Python (no Django).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Characters a post may have on each platform; a link counts as `LINK_COST` where the
# platform shortens every link to a fixed length, else as its own length.
LIMITS = {
    "x": 280,
    "linkedin": 3000,
    "instagram": 2200,
    "tiktok": 2200,
    "youtube": 5000,
    "threads": 500,
    "bluesky": 300,
    "mastodon": 500,
    "facebook": 63206,
}
LINK_COST = {"x": 23, "mastodon": 23}
DEFAULT_LIMIT = 500
# Platforms where an @handle in the text mentions the account.
MENTIONS = {"x", "threads", "bluesky", "mastodon", "instagram", "tiktok"}
# Lead-ins that make one text read differently across ambassadors' accounts.
LEAD_INS = ("", "Worth a read: ", "Sharing this: ", "From our team: ", "Proud to share: ")
VARIANT_SEPARATOR = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)
URL = re.compile(r"https?://\S+")


def limit_for(platform: str) -> int:
    return LIMITS.get(platform, DEFAULT_LIMIT)


def length_on(platform: str, text: str) -> int:
    """How long the platform counts `text`: links at their fixed cost where it has one."""
    cost = LINK_COST.get(platform)
    if cost is None:
        return len(text)
    return len(URL.sub("x" * cost, text))


def fits(platform: str, text: str) -> bool:
    return length_on(platform, text) <= limit_for(platform)


def shorten(text: str, room: int) -> str:
    """`text` cut at a word boundary to at most `room` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    if room <= 1:
        return ""
    cut = text[: room - 1]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _credit(platform: str, name: str, handle: str) -> str:
    if handle and platform in MENTIONS and handle.startswith("@"):
        return f"{name} ({handle})"
    return name


def repurpose_copy(
    *,
    platform: str,
    kind: str,
    text: str,
    author: str,
    handle: str,
    author_platform: str,
    link: str,
    title: str = "",
) -> str:
    """Suggested copy for an institutional account reposting an ambassador's post: credits
    the author (an @mention where it works: on the author's own platform), summarises the
    post, and links to it, within the platform's limit."""
    credit = _credit(platform, author, handle if platform == author_platform else "")
    body = " ".join(URL.sub("", text).split())
    if kind == "research":
        opening = f"New research from {credit}: "
        body = title or body
    elif kind == "video":
        opening = f"Watch {credit} explain: "
    else:
        opening = f"From our ambassador {credit}: "
    tail = f" {link}" if link else ""
    room = limit_for(platform) - length_on(platform, opening + tail) - 2
    quoted = f"“{shorten(body, max(room, 0))}”" if body and kind != "research" else body
    if kind == "research":
        quoted = shorten(body, max(room + 2, 0))
    return (opening + quoted + tail).strip()


# ----------------------------------------------------------------------------- share kits


def split_variants(text: str) -> list[str]:
    """Variants typed in one box, separated by a line of three dashes."""
    return [" ".join(part.split()) for part in VARIANT_SEPARATOR.split(text or "") if part.strip()]


@dataclass(frozen=True)
class TooLong:
    platform: str
    variant: int
    length: int
    limit: int


def check_variants(platform: str, variants: Sequence[str], *, link_length: int) -> list[TooLong]:
    """The variants that would not fit once the tracked link (and a space) is added."""
    problems = []
    link = "https://" + "x" * max(link_length - 8, 1)
    for number, variant in enumerate(variants, start=1):
        length = length_on(platform, f"{variant} {link}")
        if length > limit_for(platform):
            problems.append(TooLong(platform, number, length, limit_for(platform)))
    return problems


def variant_for(variants: Sequence[str], *, seat: int, platform: str, link: str) -> str:
    """The copy for the ambassador in `seat` (0, 1, 2, … in the order links were handed
    out): the variants in turn and, past them, with a different lead-in each round, as long
    as it still fits, so that neighbouring accounts do not post identical text."""
    if not variants:
        return link
    base = variants[seat % len(variants)]
    lead = LEAD_INS[(seat // len(variants)) % len(LEAD_INS)]
    text = f"{lead}{base} {link}".strip()
    if lead and not fits(platform, text):
        text = f"{base} {link}".strip()
    return text


def with_utm(url: str, *, campaign: str, content: str, source: str = "whitecoat") -> str:
    """The kit's link with UTM parameters (replacing any already there)."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith("utm_")
    ]
    query += [
        ("utm_source", source),
        ("utm_medium", "ambassador"),
        ("utm_campaign", campaign),
        ("utm_content", content),
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def hour_of(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def visitor_key(*, secret: str, ip: str, user_agent: str, hour: dt.datetime) -> str:
    """Who clicked, as a one-way hash that changes every hour: the same visitor within the
    hour gives the same key, nobody can recover the address, and keys of different hours
    cannot be linked. The raw IP address is never stored."""
    material = f"{secret}\x00{ip}\x00{user_agent[:400]}\x00{hour.isoformat()}"
    return hashlib.sha256(material.encode("utf-8", "replace")).hexdigest()[:40]


# Link previews and crawlers fetch a link when it is posted: they are not people clicking.
BOT_MARKERS = (
    "bot", "crawler", "spider", "slurp", "facebookexternalhit", "facebookcatalog",
    "embedly", "preview", "whatsapp", "skypeuripreview", "bitlybot", "linkedinbot",
    "twitterbot", "slackbot", "discordbot", "telegrambot", "mastodon", "bluesky",
    "headlesschrome", "python-requests", "curl/", "wget/", "httpclient",
)  # fmt: skip


def is_bot(user_agent: str) -> bool:
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)
