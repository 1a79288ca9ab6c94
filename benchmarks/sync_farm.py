"""A local stand-in for the eight platforms, for the sync benchmark and the two-worker test.

One threaded HTTP server on 127.0.0.1 answers each platform's endpoints under a path
prefix (http://127.0.0.1:PORT/x/2/users/me, …/bluesky/xrpc/…), with the payload shapes the
connectors read, after a fixed latency. It enforces a fixed-window rate limit per
platform, announces it in that platform's headers (x-rate-limit-*, ratelimit-*,
X-RateLimit-*, Meta's usage percentage; TikTok, YouTube and LinkedIn send none), answers
429 past it, and counts every request per platform and per account, so a run can show
that no account was synced twice and no limit was exceeded.

Accounts are numbered: Bluesky's actor is did:plc:farm<N>, Mastodon's account id is N,
and the others' access token is tok-<N>.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("x", "bluesky", "mastodon", "instagram", "threads", "tiktok", "youtube", "linkedin")
# (limit, window seconds) per platform: scaled-down windows so a run has to pace itself.
# (limit, window seconds) per platform, None for no per-window limit. Those that announce
# their limit in headers get scaled-down windows, so a run has to pace itself; TikTok has
# its documented 600 a minute and no headers; YouTube and LinkedIn count daily quotas.
DEFAULT_LIMITS: dict[str, tuple[int, float] | None] = {
    "x": (600, 10),
    "bluesky": (1000, 10),
    "mastodon": (600, 10),
    "instagram": (1000, 10),
    "threads": (1000, 10),
    "tiktok": (600, 60),
    "youtube": None,
    "linkedin": None,
}
POSTS = 3


@dataclass
class Window:
    limit: int
    seconds: float
    start: float = 0.0
    count: int = 0


@dataclass
class FarmStats:
    requests: Counter = field(default_factory=Counter)  # per platform
    profile_hits: Counter = field(default_factory=Counter)  # per (platform, account)
    over_limit: Counter = field(default_factory=Counter)  # 429s answered, per platform
    peak_in_window: Counter = field(default_factory=Counter)


def _now_iso(offset_hours: float = 0) -> str:
    when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=offset_hours)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _number(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else 0


class Farm:
    def __init__(
        self,
        *,
        latency: float = 0.05,
        limits: dict[str, tuple[int, float] | None] | None = None,
        posts: int = POSTS,
    ) -> None:
        self.latency = latency
        self.posts = posts
        self.stats = FarmStats()
        chosen = DEFAULT_LIMITS if limits is None else limits
        self.windows = {p: Window(*(lim or (10**12, 1e9))) for p, lim in chosen.items()}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # -------------------------------------------------------------- server lifecycle

    def start(self) -> Farm:
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                farm.handle(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                farm.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 128
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def base_url(self, platform: str) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/{platform}"

    # -------------------------------------------------------------- rate limits

    def _admit(self, platform: str) -> tuple[bool, dict[str, str]]:
        window = self.windows[platform]
        with self.lock:
            now = time.time()
            if now >= window.start + window.seconds:
                window.start, window.count = now, 0
            window.count += 1
            self.stats.requests[platform] += 1
            self.stats.peak_in_window[platform] = max(
                self.stats.peak_in_window[platform], window.count
            )
            allowed = window.count <= window.limit
            if not allowed:
                self.stats.over_limit[platform] += 1
            remaining = max(0, window.limit - window.count)
            reset = window.start + window.seconds
        if platform == "x":
            headers = {
                "x-rate-limit-limit": str(window.limit),
                "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(math.ceil(reset)),
            }
        elif platform == "bluesky":
            headers = {
                "ratelimit-limit": str(window.limit),
                "ratelimit-remaining": str(remaining),
                "ratelimit-reset": str(math.ceil(reset)),
            }
        elif platform == "mastodon":
            when = dt.datetime.fromtimestamp(reset, dt.UTC).isoformat().replace("+00:00", "Z")
            headers = {
                "X-RateLimit-Limit": str(window.limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": when,
            }
        elif platform in {"instagram", "threads"}:
            used = round(100 * (window.limit - remaining) / window.limit)
            regain = max(0.0, reset - time.time()) / 60
            usage = {
                "call_count": used,
                "total_cputime": 1,
                "total_time": 1,
                "estimated_time_to_regain_access": round(regain, 3),
            }
            headers = {"X-Business-Use-Case-Usage": json.dumps({"farm": [usage]})}
        else:
            headers = {}
        if not allowed:
            headers.setdefault("Retry-After", str(math.ceil(max(0.0, reset - time.time()))))
        return allowed, headers

    # -------------------------------------------------------------- answers

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        platform, _, path = url.path.lstrip("/").partition("/")
        path = "/" + path
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        time.sleep(self.latency)
        if platform not in self.windows:
            return self._send(request, 404, {"error": "no such platform"}, {})
        allowed, headers = self._admit(platform)
        if not allowed:
            body = {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
            if platform == "tiktok":
                body = {"data": {}, "error": {"code": "rate_limit_exceeded", "message": ""}}
            return self._send(request, 429, body, headers)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            status, body = getattr(self, f"_{platform}")(path, query, token)
        except KeyError:
            status, body = 404, {"error": f"unknown path {path}"}
        self._send(request, status, body, headers)

    def _send(
        self, request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str]
    ) -> None:
        raw = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(raw)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(raw)

    def _profile_hit(self, platform: str, n: int) -> None:
        with self.lock:
            self.stats.profile_hits[(platform, n)] += 1

    def _metrics(self, n: int, k: int) -> dict[str, int]:
        return {
            "likes": 10 + (n + k) % 17,
            "replies": (n * k) % 5,
            "reposts": k,
            "views": 100 * k + n % 50,
        }

    def _x(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(token)
        if path == "/2/users/me":
            self._profile_hit("x", n)
            metrics = {"followers_count": 1000 + n, "following_count": 100, "tweet_count": 500}
            return 200, {"data": {"id": str(n), "username": f"farm{n}", "public_metrics": metrics}}
        if path == f"/2/users/{n}/tweets":
            data = []
            for k in range(self.posts):
                m = self._metrics(n, k)
                public = {
                    "retweet_count": m["reposts"],
                    "reply_count": m["replies"],
                    "like_count": m["likes"],
                    "quote_count": 0,
                    "bookmark_count": 1,
                    "impression_count": m["views"],
                }
                data.append(
                    {
                        "id": f"{n}{k:03d}",
                        "text": f"Post {k} of farm account {n}",
                        "created_at": _now_iso(k + 1),
                        "public_metrics": public,
                    }
                )
            return 200, {"data": data, "meta": {"result_count": len(data)}}
        raise KeyError(path)

    def _bluesky(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(query.get("actor", ""))
        did = f"did:plc:farm{n}"
        if path == "/xrpc/app.bsky.actor.getProfile":
            self._profile_hit("bluesky", n)
            return 200, {
                "did": did,
                "handle": f"farm{n}.test",
                "followersCount": 500 + n,
                "followsCount": 50,
                "postsCount": 80,
            }
        if path == "/xrpc/app.bsky.feed.getAuthorFeed":
            feed = []
            for k in range(self.posts):
                m = self._metrics(n, k)
                feed.append(
                    {
                        "post": {
                            "uri": f"at://{did}/app.bsky.feed.post/{k}",
                            "author": {"did": did, "handle": f"farm{n}.test"},
                            "record": {"text": f"Post {k}", "createdAt": _now_iso(k + 1)},
                            "likeCount": m["likes"],
                            "replyCount": m["replies"],
                            "repostCount": m["reposts"],
                            "quoteCount": 0,
                            "bookmarkCount": 0,
                        }
                    }
                )
            return 200, {"feed": feed}
        raise KeyError(path)

    def _mastodon(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        match = re.fullmatch(r"/api/v1/accounts/(\d+)(/statuses)?", path)
        if not match:
            raise KeyError(path)
        n = int(match.group(1))
        if not match.group(2):
            self._profile_hit("mastodon", n)
            return 200, {
                "id": str(n),
                "acct": f"farm{n}",
                "followers_count": 300 + n,
                "following_count": 30,
                "statuses_count": 90,
            }
        statuses = []
        for k in range(self.posts):
            m = self._metrics(n, k)
            statuses.append(
                {
                    "id": f"{n}{k:03d}",
                    "created_at": _now_iso(k + 1),
                    "content": f"<p>Post {k}</p>",
                    "url": f"https://farm.example/@farm{n}/{n}{k:03d}",
                    "favourites_count": m["likes"],
                    "replies_count": m["replies"],
                    "reblogs_count": m["reposts"],
                    "reblog": None,
                }
            )
        return 200, statuses

    def _meta(self, platform: str, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(token)
        if path == "/me":
            self._profile_hit(platform, n)
            return 200, {
                "id": str(n),
                "user_id": str(n),
                "username": f"farm{n}",
                "followers_count": 700 + n,
                "follows_count": 70,
                "media_count": 60,
            }
        if path.endswith("/threads_insights"):
            followers = {"name": "followers_count", "total_value": {"value": 700 + n}}
            return 200, {"data": [followers]}
        if path.endswith("/media") or path.endswith("/threads"):
            items = [
                {
                    "id": f"{n}{k:03d}",
                    "caption": f"Post {k}",
                    "text": f"Post {k}",
                    "media_type": "IMAGE",
                    "media_product_type": "FEED",
                    "permalink": f"https://farm.example/p/{n}{k:03d}",
                    "timestamp": _now_iso(k + 1).replace(".000Z", "+0000"),
                    "like_count": self._metrics(n, k)["likes"],
                    "comments_count": 2,
                }
                for k in range(self.posts)
            ]
            return 200, {"data": items, "paging": {"cursors": {}}}
        if path.endswith("/insights"):
            views = 100 + n % 300
            return 200, {
                "data": [
                    {"name": "views", "values": [{"value": views}]},
                    {"name": "likes", "values": [{"value": 12}]},
                    {"name": "saved", "values": [{"value": 3}]},
                ]
            }
        raise KeyError(path)

    def _instagram(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        return self._meta("instagram", path, query, token)

    def _threads(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        return self._meta("threads", path, query, token)

    def _tiktok(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(token)
        ok = {"code": "ok", "message": "", "log_id": "farm"}
        if path == "/v2/user/info/":
            self._profile_hit("tiktok", n)
            user = {
                "open_id": f"open{n}",
                "username": f"farm{n}",
                "follower_count": 2000 + n,
                "following_count": 20,
                "video_count": 40,
            }
            return 200, {"data": {"user": user}, "error": ok}
        if path == "/v2/video/list/":
            now = int(time.time())
            videos = [
                {
                    "id": f"{n}{k:03d}",
                    "create_time": now - 3600 * (k + 1),
                    "title": f"Video {k}",
                    "view_count": self._metrics(n, k)["views"],
                    "like_count": self._metrics(n, k)["likes"],
                    "comment_count": 1,
                    "share_count": 1,
                }
                for k in range(self.posts)
            ]
            return 200, {"data": {"videos": videos, "has_more": False}, "error": ok}
        raise KeyError(path)

    def _youtube(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(token)
        if path == "/youtube/v3/channels":
            self._profile_hit("youtube", n)
            channel = {
                "id": f"UC{n}",
                "snippet": {"title": f"Farm {n}"},
                "contentDetails": {"relatedPlaylists": {"uploads": f"UU{n}"}},
                "statistics": {"subscriberCount": str(900 + n), "videoCount": "30"},
            }
            return 200, {"items": [channel]}
        if path == "/youtube/v3/playlistItems":
            items = [{"contentDetails": {"videoId": f"v{n}-{k}"}} for k in range(self.posts)]
            return 200, {"items": items}
        if path == "/youtube/v3/videos":
            items = [
                {
                    "id": vid,
                    "snippet": {"publishedAt": _now_iso(k + 1), "title": f"Video {k}"},
                    "statistics": {"viewCount": "321", "likeCount": "12", "commentCount": "2"},
                }
                for k, vid in enumerate(query.get("id", "").split(","))
            ]
            return 200, {"items": items}
        raise KeyError(path)

    def _linkedin(self, path: str, query: dict, token: str) -> tuple[int, Any]:
        n = _number(token)
        if path == "/rest/memberFollowersCount":
            self._profile_hit("linkedin", n)
            return 200, {"elements": [{"memberFollowersCount": 400 + n}]}
        if path == "/rest/memberCreatorPostAnalytics":
            return 200, {"elements": [{"count": 10 + n % 7}]}
        raise KeyError(path)


# ------------------------------------------------------------------ a throwaway database


def pg_admin_url() -> str:
    return os.environ.get("WHITECOAT_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def pg_available(url: str | None = None) -> str | None:
    """None when PostgreSQL answers; otherwise why not."""
    try:
        import psycopg

        psycopg.connect(url or pg_admin_url(), connect_timeout=3).close()
    except Exception as error:
        return f"PostgreSQL is not reachable at {url or pg_admin_url()}: {error}"
    return None


def pg_create(name: str) -> str:
    import psycopg

    admin = pg_admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def pg_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child_env(database_url: str, var_dir: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WHITECOAT_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "whitecoat.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "TASKS_BACKEND": "db",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def python(env: dict[str, str], code: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"child failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


SEED = """
import django, json, sys
django.setup()
from django.db import transaction
from whitecoat.connectors.models import Connection, PlatformApp
from whitecoat.connectors.sync import sync_run_create, sync_run_enqueue
from whitecoat.metrics.models import SocialAccount
from whitecoat.organizations.models import Entity
from whitecoat.program.models import Ambassador
from whitecoat.organizations.models import Cohort, Department, Person
import datetime as dt

count, bases, follow_up, workers = json.loads(sys.argv[1])
platforms = sorted(bases)
org = Entity.objects.create(name="Farm Health", kind="health_system")
dept = Department.objects.create(entity=org, name="Farm Medicine")
cohort = Cohort.objects.create(name="Farm 2026", entity=org, launched_on=dt.date(2026, 1, 1))
for p in platforms:
    PlatformApp.objects.create(organization=org, platform=p, client_id="farm", client_secret="s",
                               api_base_url=bases[p])
people = Person.objects.bulk_create(
    Person(first_name="F", last_name=str(n), email=f"f{n}@farm.example", kind="physician",
           department=dept) for n in range(count))
ambs = Ambassador.objects.bulk_create(
    Ambassador(person=p, cohort=cohort, status="active", nominated_on=dt.date(2025, 12, 1),
               joined_on=dt.date(2026, 1, 1)) for p in people)
now = django.utils.timezone.now()
accounts = SocialAccount.objects.bulk_create(
    SocialAccount(platform=platforms[n % len(platforms)], handle=f"@farm{n}", ambassador=a,
                  connection_state="connected", connected_at=now) for n, a in enumerate(ambs))
conns = []
for n, acc in enumerate(accounts):
    public = acc.platform in {"bluesky", "mastodon"}
    conns.append(Connection(account=acc, auth="public" if public else "oauth",
        platform_user_id=f"did:plc:farm{n}" if acc.platform == "bluesky" else str(n),
        instance_url=bases[acc.platform] if acc.platform == "mastodon" else "",
        access_token="" if public else f"tok-{n}"))
Connection.objects.bulk_create(conns, batch_size=500)
with transaction.atomic():
    run = sync_run_create(kind="daily", accounts=SocialAccount.objects.all(),
                          for_date=dt.date.today(), follow_up=follow_up)
    sync_run_enqueue(run=run, workers=workers)
print(json.dumps({"run": run.pk, "total": run.total}))
"""

REPORT = """
import django, json, sys
django.setup()
from django.db.models import Count, Max, Sum
from whitecoat.connectors.models import SyncItem, SyncRun
from whitecoat.metrics.models import MetricSnapshot, Post
run = SyncRun.objects.get(pk=int(sys.argv[1]))
items = SyncItem.objects.filter(run=run)
print(json.dumps({
    "state": run.state, "total": run.total, "synced": run.synced, "skipped": run.skipped,
    "failed": run.failed, "requests": run.requests, "new_posts": run.new_posts,
    "duration": run.duration, "follow_up_done": run.follow_up_done, "note": run.note,
    "max_attempts": items.aggregate(m=Max("attempts"))["m"],
    "by_worker": dict(items.values_list("claimed_by").annotate(n=Count("id")).order_by()),
    "reasons": dict(
        items.exclude(reason="").values_list("reason").annotate(n=Count("id")).order_by()[:10]
    ),
    "snapshots": MetricSnapshot.objects.count(), "posts": Post.objects.count(),
    # Insights that end on a day boundary can add the day before's figures shortly after
    # midnight: count the accounts with figures, too.
    "accounts_with_snapshots": MetricSnapshot.objects.values("account").distinct().count(),
}))
"""


def run_workers(env: dict[str, str], workers: int, timeout: float = 3600) -> list[dict[str, Any]]:
    """Start `workers` db_worker processes in batch mode; wait; their time and peak memory."""
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--worker-id",
                f"bench-worker-{i}",
                "--verbosity",
                "0",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(workers)
    ]
    results = []
    deadline = time.time() + timeout
    for proc in procs:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.time() > deadline:
                proc.kill()
                raise TimeoutError("a worker did not finish in time")
            time.sleep(0.1)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        results.append(
            {
                "exit": proc.returncode,
                "seconds": time.perf_counter() - started,
                "peak_rss_mb": usage.ru_maxrss / 1024,
                "stderr": stderr[-2000:],
            }
        )
    return results
