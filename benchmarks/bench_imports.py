"""Imports: a 50,000-row export read, previewed, committed, re-imported and undone.

Two files on the throwaway SQLite database of `python -m benchmarks`: an X posts export
(50,000 posts of one account, 7.8 MB) and a Sprout Social profile report (50 profiles ×
1,000 days = 50,000 snapshots). Each is uploaded (read and detected), previewed (parsed
and planned against the database), committed (one transaction), uploaded and committed
again (every row unchanged: nothing written), and undone. The commit runs inside the web
request, so these figures are what an admin waits for.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any


def posts_file(rows: int = 50_000) -> bytes:
    header = (
        "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,"
        "New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,"
        "Permalink Clicks"
    )
    lines = [header]
    start = dt.date(2020, 1, 1)
    for i in range(rows):
        post_id = 1_800_000_000_000_000_000 + i
        day = start + dt.timedelta(days=i // 30)
        lines.append(
            f'{post_id},"{day:%a, %b %-d, %Y}","Post number {i} about hearts",'
            f'https://x.com/dr_bench/status/{post_id},"{i * 3:,}",{i % 100},{i % 300},1,2,0,'
            "3,4,5,6,7,0,0"
        )
    return ("\n".join(lines) + "\n").encode()


def days_file(accounts: int = 50, days: int = 1_000) -> bytes:
    lines = [
        "Date,Profile,Network,Audience,Impressions,Engagements,Published Posts (Total),Video Views"
    ]
    start = dt.date(2023, 1, 1)
    for account in range(accounts):
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            lines.append(
                f'{day:%m/%d/%Y},bench{account},X,"{1000 + offset:,}","{offset * 7:,}",'
                f"{offset},1,{offset * 2}"
            )
    return ("\n".join(lines) + "\n").encode()


def _timed(step: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = step()
    return value, time.perf_counter() - started


def _run(admin: Any, name: str, data: bytes) -> str:
    from whitecoat.imports.selectors import import_plan
    from whitecoat.imports.services import import_commit, import_undo, import_upload

    record, upload_s = _timed(lambda: import_upload(by=admin, file_name=name, data=data))
    plan, preview_s = _timed(lambda: import_plan(record=record))
    record, commit_s = _timed(lambda: import_commit(record=record, by=admin))
    again = import_upload(by=admin, file_name=name, data=data)
    again, again_s = _timed(lambda: import_commit(record=again, by=admin))
    _, undo_s = _timed(lambda: import_undo(record=record, by=admin))
    rows = len(plan.ops)
    unchanged = again.snapshots_unchanged + again.posts_unchanged
    return (
        f"{len(data) / 1e6:.1f} MB, {rows:,} rows: upload {upload_s:.1f} s, preview "
        f"{preview_s:.1f} s, commit {commit_s:.1f} s ({rows / commit_s:,.0f} rows/s), "
        f"re-import {again_s:.1f} s ({unchanged:,} unchanged), undo {undo_s:.1f} s"
    )


def main() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from whitecoat.metrics.models import SocialAccount
    from whitecoat.organizations.enums import Role
    from whitecoat.organizations.models import Department, Entity
    from whitecoat.organizations.roles import roles_sync, user_grant_role

    roles_sync()
    admin, _ = get_user_model().objects.get_or_create(username="bench_imports_admin")
    user_grant_role(user=admin, role=Role.PROGRAM_ADMIN)
    entity, _ = Entity.objects.get_or_create(name="Bench imports", kind="health_system")
    unit, _ = Department.objects.get_or_create(entity=entity, name="Bench imports")
    SocialAccount.objects.get_or_create(
        platform="x", handle="@dr_bench", defaults={"unit_department": unit}
    )
    for index in range(50):
        SocialAccount.objects.get_or_create(
            platform="x", handle=f"bench{index}", defaults={"unit_department": unit}
        )
    return {
        "X posts export": _run(admin, "account_analytics_content_bench.csv", posts_file()),
        "Sprout profile report": _run(admin, "sprout_profile_bench.csv", days_file()),
    }
