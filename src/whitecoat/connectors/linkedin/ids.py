"""LinkedIn's several ids for one post, and the rule that tells two of them apart (no Django).

A LinkedIn post has an *activity* URN, `urn:li:activity:<n>`, which is what its link shows
and what LinkedIn's own analytics exports name it by; and the URN of its content,
`urn:li:share:<m>` or `urn:li:ugcPost:<m>`, which is what the API returns and takes (the
Posts API's `id`, the `entity` of memberCreatorPostAnalytics). The two numbers differ, and
nothing in the exports or in the member-level API maps one to the other (LinkedIn's
Activities API, which does, is only open to apps approved for EU data portability).

So two ids are taken to be one post when:

1. they are the same number (`7172…`, `urn:li:activity:7172…` — a tool's bare id beside
   its link), or
2. one is an activity URN and the other a share/ugcPost URN, of the same account, published
   within a minute of each other, and — when both sides have text — their texts begin
   alike (the first 50 characters, ignoring case, spacing and punctuation). Exactly one
   candidate must fit; two fitting candidates match neither.

When an export gives only the post's date (LinkedIn's creator export does), its time is
read from the activity id itself: LinkedIn's ids are time-ordered, their first 41 bits
being the creation time in milliseconds. That time is used only when it falls on the date
the export gives, which checks the assumption row by row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

ACTIVITY = "activity"
API_KINDS = ("share", "ugcPost")
KINDS = {"activity": ACTIVITY, "share": "share", "ugcpost": "ugcPost"}
MATCH_WINDOW = dt.timedelta(minutes=1)
TEXT_PREFIX = 50

_URN = re.compile(r"urn:li:(activity|share|ugcPost):(\d+)", re.I)
# linkedin.com/posts/<slug>-activity-7260…-AbCd, -share-… or -ugcPost-…
_POSTS_URL = re.compile(r"linkedin\.com/posts/[^?#\s]*?-(activity|share|ugcPost)-(\d+)", re.I)


def parse(value: str) -> tuple[str, str] | None:
    """(kind, number) of a LinkedIn post id or link; kind is activity, share or ugcPost."""
    text = (value or "").strip()
    for pattern in (_URN, _POSTS_URL):
        match = pattern.search(text)
        if match:
            return KINDS[match.group(1).lower()], match.group(2)
    return None


def urn(kind: str, number: str) -> str:
    return f"urn:li:{kind}:{number}"


def canonical(post_id: str, *, url: str = "") -> str:
    """The id to store: a URN. A bare number is the post's link's URN when the link has the
    same number (Sprout's LinkedIn "Post ID" beside its activity link); a URN stays as is."""
    found = parse(post_id)
    if found is not None:
        return urn(*found)
    number = (post_id or "").strip()
    linked = parse(url) if url else None
    if number.isdigit() and linked is not None and linked[1] == number:
        return urn(*linked)
    return number


def number_of(post_id: str) -> str | None:
    found = parse(post_id)
    if found is not None:
        return found[1]
    text = (post_id or "").strip()
    return text if text.isdigit() else None


def spellings(post_id: str) -> list[str]:
    """Every way the same number may have been stored (bare, or as any URN kind)."""
    number = number_of(post_id)
    if number is None:
        return [post_id]
    return [number, *(urn(kind, number) for kind in (ACTIVITY, *API_KINDS))]


def is_api_id(post_id: str) -> bool:
    found = parse(post_id)
    return found is not None and found[0] in API_KINDS


def family(post_id: str) -> str:
    """ "api" for a share/ugcPost URN, "export" for an activity URN or a bare number."""
    return "api" if is_api_id(post_id) else "export"


def created_at(post_id: str) -> dt.datetime | None:
    """The creation time LinkedIn's id carries (its first 41 bits, in milliseconds)."""
    number = number_of(post_id)
    if number is None or len(number) < 16:
        return None
    try:
        return dt.datetime.fromtimestamp((int(number) >> 22) / 1000, tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def id_for(kind: str, when: dt.datetime, *, sequence: int = 0) -> str:
    """An id of that kind created at `when` (tests and demo data build ids this way)."""
    millis = int(when.timestamp() * 1000)
    return urn(kind, str((millis << 22) | (sequence & 0x3FFFFF)))


def text_key(text: str) -> str:
    """The start of a text as compared: letters and digits, lower-case, single spaces."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    words = re.findall(r"\w+", folded)
    return " ".join(words)[:TEXT_PREFIX]


@dataclass(frozen=True)
class PostRef:
    """What is known of one post on one side: its id, when it was published (None when
    unknown) and its text ("" when the source has none)."""

    post_id: str
    published_at: dt.datetime | None
    text: str = ""
    date_only: bool = False

    @property
    def when(self) -> dt.datetime | None:
        """The time to compare: the source's, or the id's own on the source's date."""
        if self.published_at is None:
            return None
        if not self.date_only:
            return self.published_at
        from_id = created_at(self.post_id)
        if from_id is None:
            return None
        # Accept the id's time if it lands on the given date in some time zone (±14 h).
        start = self.published_at - dt.timedelta(hours=14)
        if start <= from_id < start + dt.timedelta(days=1, hours=28):
            return from_id
        return None


def same_post(a: PostRef, b: PostRef) -> bool:
    """Rule 2 above: one export id and one API id, within a minute, texts alike."""
    if family(a.post_id) == family(b.post_id):
        return False
    a_when, b_when = a.when, b.when
    if a_when is None or b_when is None or abs(a_when - b_when) > MATCH_WINDOW:
        return False
    a_text, b_text = text_key(a.text), text_key(b.text)
    if a_text and b_text:
        shorter = min(len(a_text), len(b_text))
        return a_text[:shorter] == b_text[:shorter]
    return True
