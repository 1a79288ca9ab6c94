"""Imports: a 50,000-row export read, previewed, committed by a worker, re-imported, undone.

Two files on the throwaway SQLite database of `python -m benchmarks`: an X posts export
(50,000 posts of one account, 7.8 MB) and a Sprout Social profile report (50 profiles ×
1,000 days = 50,000 snapshots). Each is uploaded (read and detected) and previewed (parsed
and planned against the database), as the web request does. Pressing Import on a file
above 2,000 rows only queues the commit (`import_start`: the preview is planned again and
the import handed to a worker); the worker's `import_commit_task` calls
`import_commit_run`, timed here as the task runs it: checking, writing in one transaction,
then screening and analysing the new posts, with its progress written on the import. The
file is then uploaded and committed again the same way (every row unchanged: nothing
written) and undone (in the request). So "import" is what an admin waits for on the page,
"worker" how long the progress panel runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
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


@contextlib.contextmanager
def _step_times() -> Iterator[dict[str, float]]:
    """Seconds the worker spends in each step it reports (checking, writing, screening…),
    taken from the progress it writes on the import."""
    from whitecoat.imports import services

    spent: dict[str, float] = {}
    current: list[Any] = [None, 0.0]  # the step under way, since when

    def close() -> float:
        now = time.perf_counter()
        if current[0] is not None:
            spent[current[0]] = spent.get(current[0], 0.0) + now - current[1]
        return now

    original = services._progress_recorder

    def recorder(import_id: int) -> Any:
        report = original(import_id)

        def timed(step: str, done: int, total: int) -> None:
            if step != current[0]:
                current[:] = [step, close()]
            report(step, done, total)

        return timed

    services._progress_recorder = recorder
    try:
        yield spent
    finally:
        close()
        services._progress_recorder = original


def _import(admin: Any, record: Any) -> tuple[Any, float, float, str]:
    """Press Import (plan again, queue), then run what the worker's task runs."""
    from whitecoat.imports.enums import ImportState
    from whitecoat.imports.selectors import import_plan
    from whitecoat.imports.services import import_commit_run, import_start

    queued, request_s = _timed(
        lambda: import_start(record=record, by=admin, plan=import_plan(record=record))
    )
    if queued.state != ImportState.COMMITTING:
        # TASKS_BACKEND=immediate ran the task inside import_start.
        return queued, request_s, 0.0, " (TASKS_BACKEND=immediate: committed in the request)"
    with _step_times() as spent:
        committed, worker_s = _timed(lambda: import_commit_run(import_id=queued.pk))
    assert committed is not None and committed.state == ImportState.COMMITTED, committed
    steps = ", ".join(
        f"{step} {seconds:.1f} s" for step, seconds in spent.items() if seconds >= 0.05
    )
    return committed, request_s, worker_s, f" ({steps})" if steps else ""


def _run(admin: Any, name: str, data: bytes) -> str:
    from whitecoat.imports.selectors import import_plan
    from whitecoat.imports.services import import_undo, import_upload

    record, upload_s = _timed(lambda: import_upload(by=admin, file_name=name, data=data))
    plan, preview_s = _timed(lambda: import_plan(record=record))
    record, import_s, worker_s, steps = _import(admin, record)
    again = import_upload(by=admin, file_name=name, data=data)
    again, again_import_s, again_worker_s, _ = _import(admin, again)
    _, undo_s = _timed(lambda: import_undo(record=record, by=admin))
    rows = len(plan.ops)
    unchanged = again.snapshots_unchanged + again.posts_unchanged
    return (
        f"{len(data) / 1e6:.1f} MB, {rows:,} rows: upload {upload_s:.1f} s, preview "
        f"{preview_s:.1f} s, import {import_s:.1f} s (queued), worker {worker_s:.1f} s"
        f"{steps}; re-import {again_import_s:.1f} s + worker {again_worker_s:.1f} s "
        f"({unchanged:,} unchanged), undo {undo_s:.1f} s"
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
