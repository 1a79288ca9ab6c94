"""The command-line import (progress, --dry-run, idempotent) and the pruning of uploads."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.imports.conftest import FILES
from whitecoat.imports.models import Import
from whitecoat.metrics.models import MetricSnapshot


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_file_dry_run_saves_nothing(admin, amy_x, amy_instagram):
    out = run(
        "import_file",
        str(FILES / "sprout_profile_performance.csv"),
        "--user",
        admin.username,
        "--dry-run",
    )

    assert "Read as sprout_profile. Planning…" in out
    assert "dr_amy (X): 3 rows → X @dr_amy" in out
    assert "days: 6 create" in out
    assert "Dry run: nothing saved" in out
    assert (MetricSnapshot.objects.count(), Import.objects.count()) == (0, 0)


def test_import_file_twice_changes_nothing_the_second_time(admin, amy_x, amy_instagram):
    path = str(FILES / "sprout_profile_performance.csv")

    first = run("import_file", path, "--user", admin.username)
    second = run("import_file", path, "--user", admin.username)

    assert "6 rows written, 0 unchanged" in first
    assert "0 rows written, 6 unchanged" in second
    assert MetricSnapshot.objects.count() == 6


def test_import_file_with_an_account_and_errors(admin, amy_x, tmp_path):
    path = tmp_path / "overview.csv"
    path.write_bytes(b"Date,Impressions,Engagements,New follows\n2026-08-01,x,1,1\n")

    with pytest.raises(CommandError, match="1 row has errors"):
        run("import_file", str(path), "--user", admin.username, "--account", str(amy_x.pk))


def test_import_file_refuses_a_non_admin(ambassador):
    with pytest.raises(CommandError, match="Only program admins"):
        run("import_file", str(FILES / "Overview.csv"), "--user", ambassador.username)


def test_imports_prune_command(admin, upload):
    old = upload("Overview.csv")
    Import.objects.filter(pk=old.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    assert "would delete 1" in run("imports_prune", "--dry-run")
    assert "deleted 1" in run("imports_prune")
    assert "deleted 0" in run("imports_prune")
