"""The account sync: runs, claims, fetches and the writes they lead to.

- `sync_run_create` records a run and one item per account; `sync_run_enqueue` queues
  one work task per worker (on commit).
- `sync_run_work` is what a worker does: claim a batch of items (a conditional UPDATE
  of rows picked with SELECT … FOR UPDATE SKIP LOCKED, so several workers on PostgreSQL
  never take the same account), fetch them in parallel threads (network only), then
  write each account in its own transaction (`account_store`), and repeat. A claim that
  goes silent (a killed worker) is taken over after SYNC_CLAIM_TIMEOUT.
- The worker that completes the last item finishes the run — a conditional UPDATE only
  one can win — and does the follow-up once: screen the new posts, refresh the
  leaderboard.
- A failed or killed sync leaves earlier data intact: nothing is written for an account
  until its fetch has fully succeeded, and each account's write is atomic. Re-running
  is idempotent: one snapshot per account and day, posts unique per platform id,
  figures updated in place.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from whitecoat.connectors.base import (
    AccountData,
    ConnectorError,
    Credentials,
    PostData,
    TokenExpired,
    TokenRevoked,
    TokenSet,
)
from whitecoat.connectors.enums import DONE_ITEM_STATES, AuthKind, ItemState, SyncKind, SyncState
from whitecoat.connectors.http import HttpPool
from whitecoat.connectors.linkedin.ids import PostRef
from whitecoat.connectors.models import Connection, PlatformApp, SyncItem, SyncRun
from whitecoat.connectors.reconcile import api_ids, post_aliases_record, posts_match
from whitecoat.connectors.registry import connector_class
from whitecoat.connectors.services import (
    api_client,
    base_url_for,
    connection_mark_broken,
    connection_store_tokens,
    new_pool,
    organization_of,
)
from whitecoat.core.errors import WhiteCoatError
from whitecoat.metrics.enums import AccountUse, ConnectionState, MetricSource
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount

logger = logging.getLogger(__name__)

# A post new to us counts toward the day's flows only if it is this recent; older ones
# are history being filled in, not today's activity.
NEW_POST_WINDOW = dt.timedelta(days=2)
POST_FIGURES = (
    "likes",
    "replies",
    "reposts",
    "quotes",
    "saves",
    "impressions",
    "video_views",
    "link_clicks",
)
ENGAGEMENT_FIGURES = ("likes", "replies", "reposts", "quotes", "saves")
CONNECTABLE_STATES = [
    ConnectionState.CONNECTED,
    ConnectionState.EXPIRED,
    ConnectionState.REVOKED,
]
Progress = Callable[[SyncRun], None]


# ------------------------------------------------------------------ storing one account


@dataclass
class StoreResult:
    new_post_ids: list[int] = field(default_factory=list)
    updated_posts: int = 0
    snapshot_date: dt.date | None = None


def _engagement(values: dict[str, int | None]) -> int | None:
    known = [values[f] for f in ENGAGEMENT_FIGURES if values.get(f) is not None]
    return sum(known) if known else None  # type: ignore[arg-type]


def _add(total: int | None, amount: int | None) -> int | None:
    if amount is None:
        return total
    return (total or 0) + amount


def _post_fields(data: PostData) -> dict[str, Any]:
    return {
        "url": data.url[:500],
        "text": data.text,
        "published_at": data.published_at,
        "kind": data.kind,
        "links": list(data.links),
        "media": list(data.media),
        **{name: getattr(data, name) for name in POST_FIGURES},
    }


@transaction.atomic
def account_store(
    *, account: SocialAccount, data: AccountData, now: dt.datetime, today: dt.date
) -> StoreResult:
    """Write one account's fetched figures: the day's snapshot and its posts.

    Levels (followers, following, posts) replace the day's values when the platform gives
    them. Flows (engagements, impressions, video views, posts published) add what changed
    since the last sync: the growth of each known post's figures, plus the full figures
    of posts new to us and published within NEW_POST_WINDOW. A figure the platform does
    not give stays None.
    """
    result = StoreResult(snapshot_date=today)
    # A post may be stored under another of its ids (LinkedIn: imported as an activity,
    # read from the API as a share): reconcile.py finds it, and its alias is remembered.
    refs = [
        PostRef(
            post_id=p.platform_post_id,
            published_at=None if data.figures_only else p.published_at,
            text=p.text,
        )
        for p in data.posts
    ]
    matches = posts_match(account=account, refs=refs) if refs else {}
    existing = {post_id: match.post for post_id, match in matches.items()}
    flows: dict[str, int | None] = {"engagements": None, "impressions": None, "video_views": None}
    published = 0
    new_posts, changed = [], []
    for item in data.posts:
        fields = _post_fields(item)
        old = existing.get(item.platform_post_id)
        if old is not None and not item.has_figures:
            fields.update({name: getattr(old, name) for name in POST_FIGURES})
        values = {name: fields[name] for name in POST_FIGURES}
        if old is None:
            if data.figures_only:
                continue
            new_posts.append(
                Post(
                    account=account,
                    platform_post_id=item.platform_post_id,
                    source=MetricSource.API,
                    collected_at=now,
                    **fields,
                )
            )
            if item.published_at >= now - NEW_POST_WINDOW:
                published += 1
                flows["engagements"] = _add(flows["engagements"], _engagement(values))
                flows["impressions"] = _add(flows["impressions"], values["impressions"])
                flows["video_views"] = _add(flows["video_views"], values["video_views"])
            continue
        before = {name: getattr(old, name) for name in POST_FIGURES}
        growth = {
            name: (values[name] - before[name])
            if values[name] is not None and before[name] is not None
            else None
            for name in POST_FIGURES
        }
        flows["engagements"] = _add(flows["engagements"], _engagement(growth))
        flows["impressions"] = _add(flows["impressions"], growth["impressions"])
        flows["video_views"] = _add(flows["video_views"], growth["video_views"])
        update = fields if not data.figures_only else values
        for name, value in update.items():
            if data.figures_only and value is None:
                continue
            setattr(old, name, value)
        old.source = MetricSource.API
        old.collected_at = now
        changed.append(old)
    if new_posts:
        Post.objects.bulk_create(new_posts)
        result.new_post_ids = [p.pk for p in new_posts if p.pk is not None]
        if len(result.new_post_ids) != len(new_posts):  # backends without RETURNING
            result.new_post_ids = list(
                Post.objects.filter(
                    account=account, platform_post_id__in=[p.platform_post_id for p in new_posts]
                ).values_list("pk", flat=True)
            )
    if changed:
        names = list(dict.fromkeys([*_post_fields(data.posts[0]), "source", "collected_at"]))
        if data.figures_only:
            names = [*POST_FIGURES, "source", "collected_at"]
        Post.objects.bulk_update(changed, names, batch_size=200)
        result.updated_posts = len(changed)
    post_aliases_record(account=account, matches=matches)

    snapshot = (
        MetricSnapshot.objects.select_for_update().filter(account=account, date=today).first()
    )
    if snapshot is None:
        snapshot = MetricSnapshot(account=account, date=today)
    profile = data.profile
    for name, value in (
        ("followers", profile.followers),
        ("following", profile.following),
        ("posts_count", profile.posts_count),
    ):
        if value is not None:
            setattr(snapshot, name, value)
    if data.day is None or data.day.date is None or data.day.date == today:
        for name, value in flows.items():
            if value is not None:
                setattr(snapshot, name, max(0, (getattr(snapshot, name) or 0) + value))
        if published or not data.figures_only:
            snapshot.posts_published = (snapshot.posts_published or 0) + published
    if data.day is not None and data.day.date in {None, today}:
        for name in ("engagements", "impressions", "video_views"):
            value = getattr(data.day, name)
            if value is not None:
                setattr(snapshot, name, value)
    snapshot.source = MetricSource.API
    snapshot.collected_at = now
    snapshot.save()
    if data.day is not None and data.day.date not in {None, today}:
        _store_day(account=account, day=data.day, now=now)

    if profile.profile_url and not account.profile_url:
        SocialAccount.objects.filter(pk=account.pk, profile_url="").update(
            profile_url=profile.profile_url[:500]
        )
    Connection.objects.filter(account=account).update(last_synced_at=now, last_error="")
    if profile.platform_user_id:  # learnt on the way (LinkedIn's person id, from OpenID)
        Connection.objects.filter(account=account, platform_user_id="").update(
            platform_user_id=profile.platform_user_id[:200]
        )
    return result


def _store_day(*, account: SocialAccount, day: Any, now: dt.datetime) -> None:
    """A platform's own total for a past day (LinkedIn reports yesterday's)."""
    snapshot, _ = MetricSnapshot.objects.get_or_create(
        account=account,
        date=day.date,
        defaults={"source": MetricSource.API, "collected_at": now},
    )
    for name in ("engagements", "impressions", "video_views"):
        value = getattr(day, name)
        if value is not None:
            setattr(snapshot, name, value)
    snapshot.source = MetricSource.API
    snapshot.collected_at = now
    snapshot.save()


# ------------------------------------------------------------------ fetching (no database)


@dataclass(frozen=True)
class FetchJob:
    """Everything a thread needs to fetch one account, read from the database beforehand."""

    item_id: int
    account_id: int
    platform: str
    base_url: str
    credentials: Credentials
    connection_id: int | None = None
    refresh_token: str = ""
    client_id: str = ""
    client_secret: str = ""
    token_url: str = ""
    refresh_due: bool = False
    skip: str = ""


@dataclass
class FetchOutcome:
    job: FetchJob
    data: AccountData | None = None
    error: ConnectorError | None = None
    tokens: TokenSet | None = None
    requests: int = 0
    # Set when the platform's window is spent: the account goes back to the queue.
    defer_until: dt.datetime | None = None


# An account whose platform would make it wait longer than this goes back to the queue
# (for after the window), so its thread can work on other platforms' accounts meanwhile.
DEFER_AFTER = 2.0


def fetch_one(
    job: FetchJob, *, pool: HttpPool, now: dt.datetime, sleep: Callable[[float], None]
) -> FetchOutcome:
    """Fetch one account (refreshing its token first when due); never touches the database."""
    outcome = FetchOutcome(job=job)
    cls = connector_class(job.platform)
    assert cls is not None
    client = api_client(
        platform=job.platform,
        base_url=job.base_url,
        pool=pool,
        token=job.credentials.access_token,
        sleep=sleep,
    )
    pause = client.gate.peek(client.clock())
    if pause > DEFER_AFTER:
        outcome.defer_until = timezone.now() + dt.timedelta(seconds=pause)
        return outcome
    connector = cls(client)
    credentials = job.credentials

    def refresh() -> None:
        outcome.tokens = connector.refresh(
            refresh_token=job.refresh_token or credentials.access_token,
            client_id=job.client_id,
            client_secret=job.client_secret,
            token_url=job.token_url,
        )
        client.token = outcome.tokens.access_token

    try:
        if job.refresh_due:
            refresh()
        try:
            outcome.data = connector.fetch(credentials, now=now)
        except TokenExpired:
            if outcome.tokens is not None or not job.refresh_token or cls.oauth is None:
                raise
            refresh()  # the token died early: one refresh, one more try
            outcome.data = connector.fetch(credentials, now=now)
    except ConnectorError as error:
        outcome.error = error
    except Exception as error:  # a bug in a parser must not stop the run
        logger.exception("sync of account %s failed", job.account_id)
        outcome.error = ConnectorError(f"unexpected {type(error).__name__}")
    outcome.requests = client.requests
    return outcome


def _job_for(item: SyncItem, *, apps: dict[tuple[int, str], PlatformApp | None]) -> FetchJob:
    account = item.account
    base = {"item_id": item.pk, "account_id": account.pk, "platform": account.platform}
    cls = connector_class(account.platform)
    if cls is None:
        return FetchJob(**base, base_url="", credentials=Credentials(), skip="no connector")
    if account.use != AccountUse.PROFESSIONAL:
        return FetchJob(**base, base_url="", credentials=Credentials(), skip="personal account")
    if account.connection_state in {ConnectionState.EXPIRED, ConnectionState.REVOKED}:
        return FetchJob(
            **base,
            base_url="",
            credentials=Credentials(),
            skip=f"{account.get_connection_state_display().split(' —')[0].lower()}: reconnect",
        )
    connection = getattr(account, "connection", None)
    if connection is None or account.connection_state != ConnectionState.CONNECTED:
        return FetchJob(**base, base_url="", credentials=Credentials(), skip="not connected")
    organization = organization_of(account=account)
    key = (organization.pk if organization else 0, account.platform)
    if key not in apps:
        apps[key] = (
            PlatformApp.objects.filter(
                organization=organization, platform=account.platform, enabled=True
            ).first()
            if organization
            else None
        )
    app = apps[key]
    if connection.auth == AuthKind.OAUTH and app is None:
        return FetchJob(
            **base, base_url="", credentials=Credentials(), skip="platform app not configured"
        )
    known: tuple[str, ...] = ()
    if account.platform == "linkedin":
        # LinkedIn's analytics take the API's id of a post: an imported post's API alias
        # when it has one, else the id it was stored under.
        recent = list(
            Post.objects.filter(
                account=account, published_at__gte=timezone.now() - dt.timedelta(days=30)
            )
            .order_by("-published_at")
            .only("pk", "platform_post_id")[:5]
        )
        aliases = api_ids(posts=recent)
        known = tuple(aliases.get(post.pk, post.platform_post_id) for post in recent)
    refresh_due = bool(
        connection.auth == AuthKind.OAUTH
        and connection.expires_at is not None
        and connection.expires_at <= timezone.now() + cls.refresh_ahead
        and (connection.refresh_token or cls.refresh_with_access_token)
    )
    return FetchJob(
        **base,
        base_url=base_url_for(platform=account.platform, app=app, connection=connection),
        credentials=Credentials(
            access_token=str(connection.access_token or ""),
            platform_user_id=connection.platform_user_id,
            handle=account.handle,
            known_post_ids=known,
            scopes=connection.scopes,
        ),
        connection_id=connection.pk,
        refresh_token=str(connection.refresh_token or ""),
        client_id=app.client_id if app else "",
        client_secret=str(app.client_secret or "") if app else "",
        token_url=(app.token_url if app and app.token_url else cls.oauth.token_url)
        if cls.oauth
        else "",
        refresh_due=refresh_due,
    )


# ------------------------------------------------------------------ runs


def accounts_to_sync() -> Any:
    """Every professional account with a connection (broken ones show up as skipped)."""
    return SocialAccount.objects.filter(
        use=AccountUse.PROFESSIONAL, connection_state__in=CONNECTABLE_STATES
    ).order_by("pk")


def _interleaved(rows: list[tuple[int, str]]) -> list[int]:
    """Account ids taking the platforms in turn, so that workers claiming in order spread
    each platform's calls over the run instead of spending its rate limit in one burst."""
    by_platform: dict[str, list[int]] = {}
    for pk, platform in rows:
        by_platform.setdefault(platform, []).append(pk)
    queues = [iter(ids) for _, ids in sorted(by_platform.items())]
    ordered: list[int] = []
    while queues:
        alive = []
        for queue in queues:
            pk = next(queue, None)
            if pk is not None:
                ordered.append(pk)
                alive.append(queue)
        queues = alive
    return ordered


@transaction.atomic
def sync_run_create(
    *,
    kind: str,
    accounts: Iterable[SocialAccount] | Any,
    user: Any = None,
    for_date: dt.date | None = None,
    follow_up: bool = True,
) -> SyncRun:
    run = SyncRun.objects.create(
        kind=kind, for_date=for_date, requested_by=user, follow_up=follow_up
    )
    rows = (
        list(accounts.order_by("pk").values_list("pk", "platform"))
        if hasattr(accounts, "values_list")
        else [(a.pk, a.platform) for a in accounts]
    )
    account_ids = _interleaved(rows)
    SyncItem.objects.bulk_create(
        (SyncItem(run=run, account_id=pk) for pk in account_ids), batch_size=1000
    )
    run.total = len(account_ids)
    run.save(update_fields=["total", "updated_at"])
    return run


def sync_run_enqueue(*, run: SyncRun, workers: int | None = None) -> None:
    """Queue the run's work tasks once the surrounding transaction commits."""
    from whitecoat.connectors.tasks import sync_run_work_task

    count = max(1, min(workers or settings.SYNC_WORKERS_PER_RUN, run.total or 1))
    transaction.on_commit(lambda: [sync_run_work_task.enqueue(run.pk) for _ in range(count)])


def sync_daily_start(*, today: dt.date | None = None, enqueue: bool = True) -> SyncRun | None:
    """Create and queue today's daily run, unless there already is one (idempotent)."""
    today = today or timezone.localdate()
    if SyncRun.objects.filter(kind=SyncKind.DAILY, for_date=today).exists():
        return None
    with transaction.atomic():
        run = sync_run_create(kind=SyncKind.DAILY, accounts=accounts_to_sync(), for_date=today)
        if enqueue:
            sync_run_enqueue(run=run)
    return run


def sync_now(*, user: Any, account: SocialAccount) -> SyncRun:
    """'Sync now' for one account: refused while it needs reconnecting or is already queued."""
    from whitecoat.connectors.services import account_may_connect

    if not account_may_connect(user=user, account=account):
        raise WhiteCoatError("You may not sync this account.", code="forbidden")
    if account.connection_state in {ConnectionState.EXPIRED, ConnectionState.REVOKED}:
        raise WhiteCoatError(
            "This connection needs to be renewed first: reconnect the account.",
            code="needs_reconnect",
        )
    if (
        account.connection_state != ConnectionState.CONNECTED
        or not Connection.objects.filter(account=account).exists()
    ):
        raise WhiteCoatError("Connect the account before syncing it.", code="not_connected")
    open_items = SyncItem.objects.filter(
        account=account, state__in=[ItemState.PENDING, ItemState.CLAIMED]
    )
    if open_items.filter(run__state__in=[SyncState.QUEUED, SyncState.RUNNING]).exists():
        raise WhiteCoatError("A sync of this account is already under way.", code="in_progress")
    with transaction.atomic():
        run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], user=user)
        sync_run_enqueue(run=run, workers=1)
    return run


def _claim(*, run_id: int, worker_id: str, batch: int, now: dt.datetime) -> list[SyncItem]:
    """Take up to `batch` waiting items (or items whose worker went silent).

    SELECT … FOR UPDATE SKIP LOCKED picks rows no other worker is claiming right now
    (PostgreSQL); SQLite, whose transactions here take the write lock at BEGIN, runs the
    claims one after another. Either way the UPDATE's condition on the state makes a row
    change hands at most once per claim.
    """
    stale = now - dt.timedelta(seconds=settings.SYNC_CLAIM_TIMEOUT)
    with transaction.atomic():
        ids = list(
            SyncItem.objects.select_for_update(skip_locked=True)
            .filter(run_id=run_id)
            .filter(Q(state=ItemState.PENDING) | Q(state=ItemState.CLAIMED, claimed_at__lt=stale))
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return []
        SyncItem.objects.filter(pk__in=ids).filter(
            Q(state=ItemState.PENDING) | Q(state=ItemState.CLAIMED, claimed_at__lt=stale)
        ).update(
            state=ItemState.CLAIMED,
            claimed_by=worker_id,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(
        SyncItem.objects.filter(pk__in=ids, claimed_by=worker_id, state=ItemState.CLAIMED)
        .select_related(
            "account__connection",
            "account__ambassador__person__department__entity",
            "account__unit_department__entity",
            "account__unit_entity",
        )
        .order_by("pk")
    )


def _next_deferred(*, run_id: int) -> dt.datetime | None:
    """When the earliest item put back for a rate-limit window may be taken again."""
    return (
        SyncItem.objects.filter(run_id=run_id, state=ItemState.PENDING, not_before__isnull=False)
        .order_by("not_before")
        .values_list("not_before", flat=True)
        .first()
    )


def _finish_item(
    *,
    item: SyncItem,
    worker_id: str,
    state: str,
    reason: str = "",
    requests: int = 0,
    new_posts: int = 0,
) -> bool:
    """Record an item's outcome, if this worker still holds it; count it on the run."""
    with transaction.atomic():
        won = SyncItem.objects.filter(
            pk=item.pk, claimed_by=worker_id, state=ItemState.CLAIMED
        ).update(
            state=state,
            reason=reason[:300],
            requests=requests,
            new_posts=new_posts,
            finished_at=timezone.now(),
        )
        if won:
            counter = {
                ItemState.SYNCED: "synced",
                ItemState.SKIPPED: "skipped",
                ItemState.FAILED: "failed",
            }[state]
            SyncRun.objects.filter(pk=item.run_id).update(
                **{counter: F(counter) + 1},
                requests=F("requests") + requests,
                new_posts=F("new_posts") + new_posts,
                updated_at=timezone.now(),
            )
    return bool(won)


def _apply(outcome: FetchOutcome, *, item: SyncItem, worker_id: str, now: dt.datetime) -> str:
    job = outcome.job
    if outcome.defer_until is not None:
        SyncItem.objects.filter(pk=item.pk, claimed_by=worker_id, state=ItemState.CLAIMED).update(
            state=ItemState.PENDING,
            claimed_by="",
            claimed_at=None,
            not_before=outcome.defer_until,
            attempts=F("attempts") - 1,
        )
        return ItemState.PENDING
    if outcome.tokens is not None and job.connection_id is not None:
        connection_store_tokens(connection_id=job.connection_id, tokens=outcome.tokens)
    error = outcome.error
    if error is not None:
        if isinstance(error, TokenRevoked | TokenExpired):
            state = (
                ConnectionState.REVOKED
                if isinstance(error, TokenRevoked)
                else ConnectionState.EXPIRED
            )
            connection_mark_broken(account=item.account, state=state, reason=error.message)
        else:
            Connection.objects.filter(pk=job.connection_id).update(last_error=error.message[:300])
        _finish_item(
            item=item,
            worker_id=worker_id,
            state=ItemState.FAILED,
            reason=f"{error.reason}: {error.message}"
            if error.message != error.reason
            else error.reason,
            requests=outcome.requests,
        )
        return ItemState.FAILED
    assert outcome.data is not None
    result = account_store(
        account=item.account, data=outcome.data, now=now, today=timezone.localdate(now)
    )
    _finish_item(
        item=item,
        worker_id=worker_id,
        state=ItemState.SYNCED,
        requests=outcome.requests,
        new_posts=len(result.new_post_ids),
    )
    return ItemState.SYNCED


def sync_run_work(
    *,
    run_id: int,
    worker_id: str = "",
    pool: HttpPool | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
) -> int:
    """Work on a run until no item is left to claim; returns how many items this worker did."""
    worker_id = worker_id or uuid.uuid4().hex[:16]
    now = timezone.now()
    SyncRun.objects.filter(pk=run_id, state=SyncState.QUEUED).update(
        state=SyncState.RUNNING, started_at=now, updated_at=now
    )
    own_pool = pool is None
    pool = pool or new_pool()
    apps: dict[tuple[int, str], PlatformApp | None] = {}
    done = 0
    concurrency = max(1, settings.SYNC_FETCH_CONCURRENCY)
    # Fetches run in threads while this thread claims and writes: a new batch is claimed
    # as soon as fewer than two batches' worth are in flight, so no thread idles while
    # a slow account (or one waiting for its platform's rate-limit window) finishes.
    inflight: dict[Future[FetchOutcome], SyncItem] = {}
    exhausted = False
    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sync") as threads:
            while True:
                if not exhausted and len(inflight) < 2 * settings.SYNC_CLAIM_BATCH:
                    now = timezone.now()
                    items = _claim(
                        run_id=run_id,
                        worker_id=worker_id,
                        batch=settings.SYNC_CLAIM_BATCH,
                        now=now,
                    )
                    exhausted = not items
                    for item in items:
                        job = _job_for(item, apps=apps)
                        if job.skip:
                            _finish_item(
                                item=item,
                                worker_id=worker_id,
                                state=ItemState.SKIPPED,
                                reason=job.skip,
                            )
                            done += 1
                            continue
                        future = threads.submit(fetch_one, job, pool=pool, now=now, sleep=sleep)
                        inflight[future] = item
                if not inflight:
                    if not exhausted:
                        continue
                    later = _next_deferred(run_id=run_id)
                    if later is None:
                        break
                    # Waiting for a platform's window is still work: keep the run's lease.
                    SyncRun.objects.filter(pk=run_id, state=SyncState.RUNNING).update(
                        updated_at=timezone.now()
                    )
                    sleep(min(max(0.0, (later - timezone.now()).total_seconds()), 5.0))
                    exhausted = False
                    continue
                finished, _ = wait(inflight, timeout=1.0, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = inflight.pop(future)
                    state = _apply(
                        future.result(), item=item, worker_id=worker_id, now=timezone.now()
                    )
                    if state == ItemState.PENDING:
                        exhausted = False  # put back for later: come back for it
                    else:
                        done += 1
                if finished and progress is not None:
                    progress(SyncRun.objects.get(pk=run_id))
    finally:
        if own_pool:
            pool.close()
    sync_run_finish(run_id=run_id)
    return done


def sync_run_finish(*, run_id: int) -> bool:
    """Close the run when no item is open; only one caller wins, and it does the follow-up."""
    open_items = SyncItem.objects.filter(run_id=run_id).exclude(state__in=DONE_ITEM_STATES)
    if open_items.exists():
        return False
    now = timezone.now()
    won = SyncRun.objects.filter(pk=run_id, state__in=[SyncState.QUEUED, SyncState.RUNNING]).update(
        state=SyncState.FINISHED, finished_at=now, updated_at=now
    )
    if not won:
        return False
    run = SyncRun.objects.get(pk=run_id)
    if run.started_at is None:
        SyncRun.objects.filter(pk=run_id).update(started_at=now)
    if run.follow_up:
        sync_run_follow_up(run=run)
    return True


def sync_run_follow_up(*, run: SyncRun) -> None:
    """After a run: screen the posts that arrived, analyse them for the content hub, refresh
    the leaderboard and compute the home and report figures ahead, once each."""
    claimed = SyncRun.objects.filter(pk=run.pk, follow_up_done=False).update(follow_up_done=True)
    if not claimed:
        return
    notes = []
    if run.new_posts:
        try:
            from whitecoat.screening.services import posts_screen_pending

            summary = posts_screen_pending()
            notes.append(f"screened {summary.screened} posts")
        except Exception as error:  # the sync's data stays; the screening can be re-run
            logger.exception("screening after sync run %s failed", run.pk)
            notes.append(f"screening failed ({type(error).__name__})")
        try:
            from whitecoat.content.services import posts_analyse_pending

            posts_analyse_pending()
            notes.append("analysed for the content hub")
        except Exception as error:  # likewise: `manage.py analyse_content` re-runs it
            logger.exception("content analysis after sync run %s failed", run.pk)
            notes.append(f"content analysis failed ({type(error).__name__})")
    if run.synced:
        try:
            from whitecoat.leaderboard.services import leaderboard_refresh

            leaderboard_refresh()
            notes.append("leaderboard refreshed")
        except Exception as error:
            logger.exception("leaderboard refresh after sync run %s failed", run.pk)
            notes.append(f"leaderboard refresh failed ({type(error).__name__})")
        try:
            from whitecoat.reports.services import figures_recompute_after_new_data

            if figures_recompute_after_new_data():
                notes.append("home and report figures computed")
        except Exception as error:  # the pages compute them themselves when asked
            logger.exception("figures after sync run %s failed", run.pk)
            notes.append(f"figures not computed ahead ({type(error).__name__})")
    if notes:
        text = "; ".join(notes)
        # A run closed as interrupted already says why; the follow-up is added after it.
        current = SyncRun.objects.filter(pk=run.pk).values_list("note", flat=True).first()
        if current:
            text = f"{current} After the sync: {text}."
        SyncRun.objects.filter(pk=run.pk).update(note=text[:300])


@dataclass(frozen=True)
class Recovered:
    """A run closed because its workers stopped, and the run that takes over its accounts."""

    run_id: int
    interrupted: int
    retry_run_id: int | None


def sync_runs_recover(*, now: dt.datetime | None = None, retry: bool = True) -> list[Recovered]:
    """Close the runs whose workers stopped (a killed or crashed worker).

    A run is *running* while its workers report: every account finished moves its
    `updated_at`. A running run with no word for SYNC_CLAIM_TIMEOUT (its lease) is closed
    as failed, with the reason in its note; its accounts still waiting or in a dead worker's
    hands are recorded as failed ("interrupted"), so nothing holds them any more. With
    `retry`, those accounts go into a new run, queued for the live workers. What the run
    wrote before it stopped stays: each account's figures are written in one transaction,
    so an account is either fully written or not at all.

    Queued runs that no worker has started yet are left alone: their tasks wait in the
    queue until a worker runs. Returns the runs closed.
    """
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.SYNC_CLAIM_TIMEOUT)
    recovered = []
    for run in SyncRun.objects.filter(state=SyncState.RUNNING, updated_at__lt=stale):
        if sync_run_finish(run_id=run.pk):
            continue  # every account was done: the last worker died before closing it
        with transaction.atomic():
            locked = SyncRun.objects.select_for_update().filter(
                pk=run.pk, state=SyncState.RUNNING, updated_at__lt=stale
            )
            if not locked.exists():
                continue  # a worker reported meanwhile, or another recovery closed it
            open_items = SyncItem.objects.filter(run_id=run.pk).exclude(state__in=DONE_ITEM_STATES)
            account_ids = list(open_items.order_by("pk").values_list("account_id", flat=True))
            silent = timezone.localtime(run.updated_at)
            reason = f"interrupted: no worker reported after {silent:%H:%M}"
            open_items.update(state=ItemState.FAILED, reason=reason, claimed_by="", finished_at=now)
            retry_run = None
            if retry and account_ids:
                retry_run = sync_run_create(
                    kind=SyncKind.ON_DEMAND,
                    accounts=SocialAccount.objects.filter(pk__in=account_ids),
                    user=run.requested_by,
                    follow_up=run.follow_up,
                )
                sync_run_enqueue(run=retry_run)
            minutes = round((now - run.updated_at).total_seconds() / 60)
            note = (
                f"Interrupted: no worker reported for {minutes} min (since {silent:%d %b %H:%M}); "
                f"{len(account_ids)} accounts not synced"
                + (f", queued again in run #{retry_run.pk}" if retry_run else "")
                + "."
            )
            locked.update(
                state=SyncState.FAILED,
                failed=F("failed") + len(account_ids),
                finished_at=now,
                updated_at=now,
                note=note[:300],
            )
        recovered.append(
            Recovered(
                run_id=run.pk,
                interrupted=len(account_ids),
                retry_run_id=retry_run.pk if retry_run else None,
            )
        )
        # What the run did write is screened and counted now, not only after the retry.
        closed = SyncRun.objects.get(pk=run.pk)
        if closed.follow_up:
            sync_run_follow_up(run=closed)
    return recovered
