"""One post, several ids: finding a stored post under any of them, and remembering them.

Syncs (`account_store`) and imports (`import_plan`) both look posts up here, so a LinkedIn
post imported from an export (`urn:li:activity:…`) and later read from the API
(`urn:li:share:…`), or the other way round, is one post, updated in place. The rule is in
connectors/linkedin/ids.py; other platforms have one id per post and match on it alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from whitecoat.connectors.enums import AliasMatch
from whitecoat.connectors.linkedin import ids
from whitecoat.connectors.linkedin.ids import PostRef
from whitecoat.connectors.models import PostAlias
from whitecoat.metrics.enums import Platform
from whitecoat.metrics.models import Post, SocialAccount

CHUNK = 2000
BY_ID = "id"
BY_ALIAS = "alias"


@dataclass(frozen=True)
class PostMatch:
    post: Post
    how: str  # BY_ID, BY_ALIAS or an AliasMatch

    @property
    def new_alias(self) -> bool:
        """The id was not known for this post yet: remember it."""
        return self.how in AliasMatch.values


def _date_only(post: Post) -> bool:
    return timezone.localtime(post.published_at).time() == dt.time(0, 0)


def posts_match(
    *, account: SocialAccount, refs: Sequence[PostRef], posts: QuerySet[Post] | None = None
) -> dict[str, PostMatch]:
    """{incoming id: the stored post it is} for the refs that are a post of the account.

    Every platform: the post stored under the same id. LinkedIn also: a post known under
    that id as an alias; a post stored under the same number spelt otherwise; and a post
    published within a minute with the same start of text, stored under an id of the
    other kind (see ids.same_post). `posts` narrows what is loaded (e.g. `.defer(...)`).
    """
    base = (posts if posts is not None else Post.objects.all()).filter(account=account)
    wanted = list(dict.fromkeys(ref.post_id for ref in refs))
    found: dict[str, PostMatch] = {}
    for start in range(0, len(wanted), CHUNK):
        for post in base.filter(platform_post_id__in=wanted[start : start + CHUNK]):
            found[post.platform_post_id] = PostMatch(post, BY_ID)
    if account.platform != Platform.LINKEDIN:
        return found
    left = [ref for ref in refs if ref.post_id not in found]
    if not left:
        return found
    for alias in PostAlias.objects.filter(
        account=account, platform_post_id__in=[ref.post_id for ref in left]
    ).select_related("post"):
        found[alias.platform_post_id] = PostMatch(alias.post, BY_ALIAS)
    left = [ref for ref in left if ref.post_id not in found]
    _same_number(account, base, left, found)
    left = [ref for ref in left if ref.post_id not in found]
    _same_time_and_text(account, base, left, found)
    return found


def _same_number(
    account: SocialAccount, base: QuerySet[Post], refs: list[PostRef], found: dict
) -> None:
    spelt = {
        other: ref.post_id
        for ref in refs
        for other in ids.spellings(ref.post_id)
        if other != ref.post_id
    }
    if not spelt:
        return
    for post in base.filter(platform_post_id__in=list(spelt)):
        found.setdefault(spelt[post.platform_post_id], PostMatch(post, AliasMatch.SAME_NUMBER))
    for alias in PostAlias.objects.filter(
        account=account, platform_post_id__in=list(spelt)
    ).select_related("post"):
        found.setdefault(
            spelt[alias.platform_post_id], PostMatch(alias.post, AliasMatch.SAME_NUMBER)
        )


def _same_time_and_text(
    account: SocialAccount, base: QuerySet[Post], refs: list[PostRef], found: dict
) -> None:
    timed = [(ref, ref.when) for ref in refs if ref.when is not None]
    if not timed:
        return
    # A stored post may carry only its date (midnight): look a day either side.
    low = min(when for _, when in timed) - dt.timedelta(days=1, minutes=1)
    high = max(when for _, when in timed) + dt.timedelta(days=1, minutes=1)
    candidates = list(base.filter(published_at__range=(low, high)))
    if not candidates:
        return
    families: dict[int, set[str]] = {
        post.pk: {ids.family(post.platform_post_id)} for post in candidates
    }
    for post_pk, alias_id in PostAlias.objects.filter(
        post__in=[post.pk for post in candidates]
    ).values_list("post_id", "platform_post_id"):
        families[post_pk].add(ids.family(alias_id))
    taken = {match.post.pk for match in found.values()}
    for ref, _ in timed:
        family = ids.family(ref.post_id)
        fits = [
            post
            for post in candidates
            if post.pk not in taken
            and family not in families[post.pk]
            and ids.same_post(
                ref,
                PostRef(
                    post_id=post.platform_post_id,
                    published_at=post.published_at,
                    text=post.text,
                    date_only=_date_only(post),
                ),
            )
        ]
        if len(fits) == 1:  # two posts fitting equally well: neither is taken for it
            found[ref.post_id] = PostMatch(fits[0], AliasMatch.TIME_AND_TEXT)
            taken.add(fits[0].pk)


def post_aliases_record(*, account: SocialAccount, matches: dict[str, PostMatch]) -> int:
    """Remember the ids just found to be another post's; returns how many were new."""
    aliases = [
        PostAlias(post=match.post, account=account, platform_post_id=post_id, matched_by=match.how)
        for post_id, match in matches.items()
        if match.new_alias and post_id != match.post.platform_post_id
    ]
    PostAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    return len(aliases)


def api_ids(*, posts: Sequence[Post]) -> dict[int, str]:
    """{post pk: the id the platform's API knows it by} for LinkedIn posts whose stored id
    is an export's (activity) id but which have an API (share/ugcPost) alias."""
    wanted = [post.pk for post in posts if not ids.is_api_id(post.platform_post_id)]
    found: dict[int, str] = {}
    for post_pk, alias_id in PostAlias.objects.filter(post__in=wanted).values_list(
        "post_id", "platform_post_id"
    ):
        if ids.is_api_id(alias_id):
            found.setdefault(post_pk, alias_id)
    return found
