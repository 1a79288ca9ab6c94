"""Back up the demo program on PostgreSQL, restore it into a second, new PostgreSQL database
and compare every table row by row.

Needs a PostgreSQL server (WHITECOAT_TEST_PG_URL, default the local one); the test creates
and drops two throwaway databases. Skipped locally without one; fails under CI=true.
"""

from __future__ import annotations

import os

import psycopg
import pytest
from benchmarks import sync_farm

from tests.core.backup_support import (
    KIT_IMAGE,
    REACHED_TABLES,
    SEED,
    applied_migrations,
    child_env,
    compare,
    run,
)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    problem = sync_farm.pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem} (CI=true: the PostgreSQL backup test must run)", pytrace=False)
        pytest.skip(problem)
    names = [f"whitecoat_test_backup_{role}_{os.getpid()}" for role in ("source", "target")]
    urls = [sync_farm.pg_create(name) for name in names]
    try:
        yield tmp_path_factory.mktemp("backup-pg"), *urls
    finally:
        for name in names:
            sync_farm.pg_drop(name)


@pytest.fixture(scope="module")
def program(postgres):
    base, source_url, target_url = postgres
    env = child_env(source_url, base / "source")
    run(env, "migrate", "--no-input", "-v", "0")
    run(env, "load_demo", "--scale", "0.1", "--today", "2026-06-30")
    run(env, "-c", SEED)
    archive = base / "program.tar.gz"
    run(env, "backup", "--output", str(archive))
    return base, env, archive, source_url, target_url


def test_restore_into_a_new_postgres_database_reproduces_every_table(program):
    base, _env, archive, source_url, target_url = program
    target_env = child_env(target_url, base / "target")

    result = run(target_env, "restore", str(archive))

    assert "no tables yet" in result.stdout
    with psycopg.connect(source_url) as before, psycopg.connect(target_url) as after:
        counts, differences = compare(before, after)
        assert applied_migrations(after) == applied_migrations(before)
        # Sequences continue after the restored ids: a new row does not collide.
        after.execute(
            "INSERT INTO organizations_entity (name, short_name, kind, created_at, updated_at) "
            "VALUES ('New', '', 'hospital', now(), now())"
        )
    assert differences == []
    assert {t for t in REACHED_TABLES if not counts.get(t)} == set()
    (image,) = (base / "target" / "media" / "kits").iterdir()
    assert image.read_bytes() == KIT_IMAGE


def test_restore_refuses_a_postgres_database_with_program_data(program):
    _base, env, archive, _source_url, _target_url = program

    result = run(env, "restore", str(archive), check=False)

    assert result.returncode != 0
    assert "The target database is not empty" in result.stderr
