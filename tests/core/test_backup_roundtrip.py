"""Back up the demo program on SQLite, restore it into second databases, compare every table.

Runs the real commands in child processes (their own settings, databases and MEDIA_ROOT).
The demo (a tenth of its full size, then a row in every table it leaves empty) is loaded
once for the module; each restore goes into a new SQLite file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.core.backup_support import (
    KIT_IMAGE,
    PLAIN_TOKEN,
    REACHED_TABLES,
    ROOT,
    SEED,
    applied_migrations,
    child_env,
    compare,
    run,
)


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    base = tmp_path_factory.mktemp("backup")
    env = child_env(f"sqlite:///{base / 'source.sqlite3'}", base / "source")
    run(env, "migrate", "--no-input", "-v", "0")
    run(env, "load_demo", "--scale", "0.1", "--today", "2026-06-30")
    run(env, "-c", SEED)
    archive = base / "program.tar.gz"
    backup = run(env, "backup", "--output", str(archive))
    return SimpleNamespace(
        base=base, env=env, archive=archive, output=backup.stdout, db=base / "source.sqlite3"
    )


def target(program, name: str) -> tuple[dict[str, str], Path]:
    path = program.base / f"{name}.sqlite3"
    return child_env(f"sqlite:///{path}", program.base / name), path


@pytest.fixture(scope="module")
def restored(program):
    """The archive restored into a database that `migrate` created (and nothing else)."""
    env, path = target(program, "migrated")
    run(env, "migrate", "--no-input", "-v", "0")
    result = run(env, "restore", str(program.archive))
    return SimpleNamespace(env=env, db=path, output=result.stdout, media=program.base / "migrated")


def assert_same_program(source: Path, copy: Path) -> dict[str, int]:
    with sqlite3.connect(source) as before, sqlite3.connect(copy) as after:
        counts, differences = compare(before, after)
        assert applied_migrations(after) == applied_migrations(before)
    assert differences == []
    return counts


def test_backup_prints_progress_and_a_summary(program):
    assert "metrics_metricsnapshot: " in program.output
    assert "Backup written to" in program.output
    assert "1 uploaded files" in program.output
    assert program.archive.stat().st_mode & 0o777 == 0o600


def test_backup_manifest_matches_the_source(program):
    with tarfile.open(program.archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

    with sqlite3.connect(program.db) as db:
        for table in manifest["tables"]:
            rows = db.execute(f'SELECT COUNT(*) FROM "{table["table"]}"').fetchone()[0]
            assert table["rows"] == rows, table["table"]
        assert {tuple(m) for m in manifest["migrations"]} == applied_migrations(db)
    assert manifest["app_version"] == version
    assert manifest["totals"]["rows"] > 10_000
    assert {e["table"] for e in manifest["excluded"]} == {
        "django_session",
        "django_tasks_database_dbtaskresult",
    }


def test_backup_never_holds_a_token_in_clear(program):
    with tarfile.open(program.archive, "r:gz") as tar:
        for member in tar.getmembers():
            assert PLAIN_TOKEN.encode() not in tar.extractfile(member).read(), member.name


def test_restore_into_a_migrated_empty_database_reproduces_every_table(program, restored):
    counts = assert_same_program(program.db, restored.db)

    assert {t for t in REACHED_TABLES if not counts.get(t)} == set()
    assert "Restored" in restored.output
    assert (restored.media / "media" / "kits").is_dir()
    (image,) = (restored.media / "media" / "kits").iterdir()
    assert image.read_bytes() == KIT_IMAGE


def test_restore_leaves_out_sessions_and_queued_tasks(program, restored):
    with sqlite3.connect(program.db) as before, sqlite3.connect(restored.db) as after:
        for table in ("django_session", "django_tasks_database_dbtaskresult"):
            assert before.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0
            assert after.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_restored_tokens_are_the_same_ciphertext_and_readable(program, restored):
    code = (
        "import django; django.setup(); "
        "from whitecoat.connectors.models import Connection; "
        f"print(Connection.objects.get().access_token == {PLAIN_TOKEN!r})"
    )

    result = run(restored.env, "-c", code)

    assert result.stdout.strip() == "True"


def test_restore_into_a_database_without_tables_migrates_it_first(program):
    env, path = target(program, "blank")

    result = run(env, "restore", str(program.archive))

    assert "no tables yet" in result.stdout
    assert_same_program(program.db, path)


def test_restore_dry_run_writes_nothing(program):
    env, path = target(program, "dry")

    result = run(env, "restore", str(program.archive), "--dry-run")

    assert "Checksums and row counts match" in result.stdout
    assert "nothing was written" in result.stdout
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def test_restore_refuses_a_database_with_program_data(program):
    result = run(program.env, "restore", str(program.archive), check=False)

    assert result.returncode != 0
    assert "The target database is not empty" in result.stderr
    assert "--force" in result.stderr


def test_restore_force_replaces_a_changed_database(program, restored):
    env, path = target(program, "changed")
    shutil.copy(restored.db, path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE organizations_person SET first_name = 'Changed'")
        db.execute("DELETE FROM django_admin_log")
        db.execute("DELETE FROM content_kitclick")

    refused = run(env, "restore", str(program.archive), check=False)
    replaced = run(env, "restore", str(program.archive), "--force", "--no-input")

    assert refused.returncode != 0
    assert "Restored" in replaced.stdout
    assert_same_program(program.db, path)


def test_restore_rejects_an_archive_changed_on_disk(program, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(program.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    env, path = target(program, "damaged")

    result = run(env, "restore", str(damaged), check=False)

    assert result.returncode != 0
    assert "damaged" in result.stderr or "checksum" in result.stderr
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
