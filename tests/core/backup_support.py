"""Helpers for the backup tests: a program with rows in every table we can reach, run in a
child process, and a row-by-row comparison of two databases through plain DB-API drivers.

`seed_every_table()` runs after the demo program is loaded and adds rows to the tables the
demo leaves empty (connections with encrypted tokens, imports with binary content, API
tokens, an admin log entry, a share-kit image under MEDIA_ROOT, …).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FERNET_KEY = "h0yvC2m1n9N2V8xkzV8Y2x7X0y3Jc3V2t8K8z2E8b4M="
PLAIN_TOKEN = "plain-access-token-that-must-never-be-in-a-backup"
KIT_IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

# Tables the demo and seed_every_table() fill: each must hold rows in the source, so the
# comparison is not vacuous. Tables added later are compared too, just not required here.
REACHED_TABLES = {
    "api_apitoken",
    "auth_group",
    "auth_group_permissions",
    "auth_permission",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "connectors_connection",
    "connectors_platformapp",
    "connectors_syncitem",
    "connectors_syncrun",
    "content_amplificationrequest",
    "content_amplificationrequest_accounts",
    "content_consent",
    "content_contentitem",
    "content_contentitem_departments",
    "content_departmentkeywords",
    "content_institutiondomain",
    "content_kitcopy",
    "content_recordedredirect",
    "content_sharekit",
    "core_installation",
    "django_admin_log",
    "django_content_type",
    "imports_import",
    "leaderboard_ranking",
    "leaderboard_scoresettings",
    "leaderboard_standing",
    "metrics_metricsnapshot",
    "metrics_post",
    "metrics_socialaccount",
    "organizations_cohort",
    "organizations_department",
    "organizations_department_nominators",
    "organizations_entity",
    "organizations_person",
    "program_ambassador",
    "program_nomination",
    "program_statuschange",
    "screening_coaching",
    "screening_finding",
    "screening_postscreening",
    "screening_review",
    "training_course",
    "training_modulecompletion",
    "training_trainingsession",
}


def seed_every_table() -> None:
    """Add rows to the tables the demo leaves empty (run inside a configured Django)."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tests.connectors.factories import ConnectionFactory, PlatformAppFactory
    from whitecoat.api.models import ApiToken
    from whitecoat.connectors.models import SyncItem, SyncRun
    from whitecoat.content.models import (
        AmplificationRequest,
        DepartmentKeywords,
        InstitutionDomain,
        RecordedRedirect,
        ShareKit,
    )
    from whitecoat.imports.models import Import
    from whitecoat.leaderboard.models import ScoreSettings
    from whitecoat.metrics.models import Post, SocialAccount
    from whitecoat.organizations.models import Department, Entity
    from whitecoat.program.models import Ambassador
    from whitecoat.screening.models import Coaching, Review

    now = timezone.now()
    user = get_user_model().objects.order_by("pk").first()
    user.user_permissions.add(Permission.objects.order_by("pk").first())
    account = SocialAccount.objects.filter(ambassador__isnull=False).order_by("pk").first()
    entity = Entity.objects.order_by("pk").first()
    department = Department.objects.order_by("pk").first()

    PlatformAppFactory(organization=entity, platform="mastodon")
    ConnectionFactory(account=account, access_token=PLAIN_TOKEN, refresh_token=PLAIN_TOKEN)
    ApiToken.objects.create(user=user, name="BI export", prefix="wc_abcd", token_hash="f" * 64)
    run = SyncRun.objects.create(
        kind="daily", state="finished", for_date=now.date(), started_at=now, finished_at=now
    )
    SyncItem.objects.create(run=run, account=account, state="synced", finished_at=now)
    Import.objects.create(
        file_name="export.csv",
        file_hash="a" * 64,
        file_size=12,
        content=b"date,followers\n\x00\xff",
        format="generic",
        mapping={"date": "date", "followers": "followers"},
        uploaded_by=user,
    )
    ScoreSettings.objects.create(updated_by=user)
    InstitutionDomain.objects.create(domain="lakeside.example", entity=entity)
    RecordedRedirect.objects.create(short_url="https://bit.ly/x1", target_url="https://x.example")
    DepartmentKeywords.objects.create(department=department, keywords="heart\nvalve")
    AmplificationRequest.objects.order_by("pk").first().accounts.add(account)
    kit = ShareKit.objects.order_by("pk").first()
    kit.image.save("heart-month.png", ContentFile(KIT_IMAGE), save=True)
    post = Post.objects.filter(account=account).order_by("pk").first() or Post.objects.first()
    review = Review.objects.create(
        post=post,
        rule="promo_code",
        severity="warn",
        decision="confirmed",
        decided_by=user,
        decided_at=now,
        rules_version="test",
    )
    Coaching.objects.create(
        review=review,
        ambassador=Ambassador.objects.order_by("pk").first(),
        message="A note on promotion codes.",
        sent_at=now,
        acknowledged_at=now + dt.timedelta(hours=1),
    )
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[entity],
        action_flag=ADDITION,
        change_message="Seeded for the backup test",
    )
    # Left out of backups on purpose (backup.EXCLUDED): a sign-in and a queued task.
    from django.contrib.sessions.backends.db import SessionStore
    from django_tasks_db.models import DBTaskResult

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="whitecoat.connectors.tasks.sync_run_work",
        backend_name="default",
        queue_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )
    assert ContentType.objects.exists()


SEED = (
    "import django; django.setup(); "
    "from tests.core.backup_support import seed_every_table; seed_every_table()"
)


def child_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WHITECOAT_VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "WHITECOAT_FERNET_KEYS": FERNET_KEY,
        "SECRET_KEY": "backup-test-secret-key-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "whitecoat.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "TASKS_BACKEND": "db",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """manage.py ARGS in a child process (or `python -c CODE` when args[0] == "-c")."""
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args[:3])} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    return result


def tables_to_compare() -> list[tuple[str, str]]:
    """(table, primary key column) of every table a backup holds, from django.apps."""
    from whitecoat.core.backup import backup_table_specs

    included, _excluded = backup_table_specs()
    return [(spec.table, spec.model._meta.pk.column) for spec in included]


def sqlite_connect(path: Path) -> Any:
    return sqlite3.connect(path)


def table_rows(conn: Any, table: str, pk: str) -> list[tuple[Any, ...]] | None:
    """Every row of `table` ordered by its key, or None when the table does not exist."""
    cursor = conn.cursor()
    try:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
    except Exception:
        conn.rollback()
        return None
    return [tuple(row) for row in cursor.fetchall()]


def compare(source: Any, target: Any) -> tuple[dict[str, int], list[str]]:
    """Row counts of the source, and every table whose rows differ in the target."""
    counts: dict[str, int] = {}
    differences: list[str] = []
    for table, pk in tables_to_compare():
        before = table_rows(source, table, pk)
        if before is None:  # a model whose migration is not written yet
            continue
        after = table_rows(target, table, pk)
        counts[table] = len(before)
        if after != before:
            detail = "missing" if after is None else f"{len(before)} rows vs {len(after or [])}"
            if after is not None and len(after) == len(before):
                pairs = enumerate(zip(before, after, strict=True))
                first = next(i for i, (a, b) in pairs if a != b)
                detail = f"row {first}: {before[first]!r} vs {after[first]!r}"
            differences.append(f"{table}: {detail}")
    return counts, differences


def applied_migrations(conn: Any) -> set[tuple[str, str]]:
    cursor = conn.cursor()
    cursor.execute("SELECT app, name FROM django_migrations")
    return {tuple(row) for row in cursor.fetchall()}
