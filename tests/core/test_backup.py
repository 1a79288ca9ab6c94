"""manage.py backup and restore, in this process: checks, refusals and a forced restore.

The full round trips into a second database (SQLite and PostgreSQL) are in
test_backup_roundtrip.py and test_backup_postgres.py.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

from tests.connectors.factories import ConnectionFactory
from tests.content.factories import ShareKitFactory
from tests.core.backup_support import KIT_IMAGE, PLAIN_TOKEN
from tests.factories import PersonFactory
from whitecoat.connectors.models import Connection
from whitecoat.core.backup import (
    EXCLUDED,
    backup_inspect,
    backup_table_specs,
    restore_plan,
)
from whitecoat.core.errors import WhiteCoatError
from whitecoat.organizations.models import Person


def run(name: str, *args: str, **options) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out, **options)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def program(media, ambassador_account, admin, chair_cardiology):
    """A small program: personas, a connection with tokens, a share kit with an image."""
    ConnectionFactory(
        account=ambassador_account,
        access_token=PLAIN_TOKEN,
        refresh_token=PLAIN_TOKEN,
    )
    kit = ShareKitFactory()
    kit.image.save("heart.png", ContentFile(KIT_IMAGE), save=True)
    return kit


@pytest.fixture
def archive(program, tmp_path) -> Path:
    path = tmp_path / "program.tar.gz"
    run("backup", "--output", str(path))
    return path


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy an archive member by member; change(name, data) returns new data (or None to drop)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def manifest_of(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_backup_covers_every_model_but_sessions_and_the_task_queue():
    included, excluded = backup_table_specs()

    every = {
        m._meta.label_lower
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    assert {s.label for s in included} == every - set(EXCLUDED)
    assert {s.label for s in excluded} == set(EXCLUDED)
    assert "auth.user" in {s.label for s in included}
    assert "auth.user_groups" in {s.label for s in included}


def test_encrypted_tokens_are_kept_as_ciphertext():
    included, _ = backup_table_specs()

    connection = next(s for s in included if s.table == "connectors_connection")

    assert {"access_token", "refresh_token"} <= connection.raw


def test_backup_writes_a_private_archive_with_a_manifest(archive):
    manifest = manifest_of(archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    assert manifest["format"] == "whitecoat-backup"
    assert manifest["app_version"] == "0.1.0"
    tables = {t["table"]: t for t in manifest["tables"]}
    assert tables["organizations_person"]["rows"] == Person.objects.count()
    assert tables["connectors_connection"]["raw_columns"] == ["access_token", "refresh_token"]
    assert {e["table"] for e in manifest["excluded"]} == {
        "django_session",
        "django_tasks_database_dbtaskresult",
    }
    assert all(e["reason"] for e in manifest["excluded"])
    assert manifest["media"] == {"files": 1, "bytes": len(KIT_IMAGE)}
    assert sorted(map(tuple, manifest["migrations"])) == sorted(
        MigrationRecorder.Migration.objects.values_list("app", "name")
    )
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())


def test_backup_never_holds_a_token_in_clear(archive):
    with tarfile.open(archive, "r:gz") as tar:
        content = b"".join(tar.extractfile(m).read() for m in tar.getmembers())

    assert PLAIN_TOKEN.encode() not in content
    assert b"connectors_connection" in content  # the table is there, as ciphertext


def test_backup_prints_progress_and_a_summary(program, tmp_path):
    output = run("backup", "--output", str(tmp_path / "b.tar.gz"))

    assert "organizations_person: " in output
    assert "Backup written to" in output
    assert "1 uploaded files" in output


def test_backup_refuses_to_overwrite_an_archive(archive):
    with pytest.raises(CommandError, match="already exists"):
        run("backup", "--output", str(archive))


def test_backup_refuses_a_database_with_pending_migrations(program, tmp_path):
    MigrationRecorder.Migration.objects.filter(app="core").delete()

    with pytest.raises(CommandError, match="unapplied migration"):
        run("backup", "--output", str(tmp_path / "b.tar.gz"))

    assert not (tmp_path / "b.tar.gz").exists()
    assert not (tmp_path / "b.tar.gz.partial").exists()


def test_restore_dry_run_checks_the_archive(archive):
    with pytest.raises(CommandError, match=r"restore would refuse\. The target database is not"):
        run("restore", str(archive), "--dry-run")


def test_restore_refuses_a_database_with_program_data(archive):
    PersonFactory(first_name="Kept")

    with pytest.raises(CommandError, match=r"not empty .*add --force"):
        run("restore", str(archive))

    assert Person.objects.filter(first_name="Kept").exists()


def test_restore_asks_before_replacing_and_stops_without_yes(archive, monkeypatch):
    PersonFactory(first_name="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        run("restore", str(archive), "--force")

    assert Person.objects.filter(first_name="Kept").exists()


def test_restore_force_puts_back_exactly_what_was_backed_up(archive, media, monkeypatch):
    before = {
        label: list(model._base_manager.order_by("pk").values_list())
        for label, model in [(m._meta.label, m) for m in (Person, Connection)]
    }
    token_before = Connection.objects.get().access_token
    PersonFactory(first_name="Added later")
    Person.objects.filter(first_name="Amy").update(first_name="Changed")
    (media / "kits").mkdir(parents=True, exist_ok=True)
    kit_file = next((media / "kits").iterdir())
    kit_file.write_bytes(b"overwritten")
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")

    output = run("restore", str(archive), "--force")

    assert "Restored" in output
    for model in (Person, Connection):
        assert list(model._base_manager.order_by("pk").values_list()) == before[model._meta.label]
    assert Connection.objects.get().access_token == token_before
    assert kit_file.read_bytes() == KIT_IMAGE


def test_a_freshly_migrated_database_counts_as_empty(db):
    # A new data migration that seeds a table must be listed in backup.MIGRATION_ROWS.
    manifest = {
        "migrations": sorted(MigrationRecorder.Migration.objects.values_list("app", "name")),
        "app_version": "0.1.0",
    }

    plan = restore_plan(manifest=manifest)

    assert plan.program_data == {}
    assert plan.migrate_first is False
    assert plan.later_migrations == 0


def test_restore_refuses_a_backup_from_an_unknown_version(archive, tmp_path):
    def add_migration(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["organizations", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    changed = rewrite(archive, tmp_path / "future.tar.gz", add_migration)

    with pytest.raises(CommandError, match="9999_from_the_future"):
        run("restore", str(changed), "--dry-run")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, d: d + b"[]\n" if n.startswith("data/auth_user/") else d, "checksum"),
        (lambda n, d: None if n.startswith("media/") else d, "lacks 1 file"),
        (lambda n, d: None if n == "manifest.json" else d, "no manifest.json"),
        (lambda n, d: b"{}" if n == "manifest.json" else d, "does not describe"),
    ],
    ids=["changed-rows", "missing-file", "no-manifest", "foreign-manifest"],
)
def test_restore_rejects_a_damaged_archive(archive, tmp_path, change, message):
    damaged = rewrite(archive, tmp_path / "damaged.tar.gz", change)

    with pytest.raises(WhiteCoatError, match=message):
        backup_inspect(path=damaged)


def test_restore_rejects_a_member_outside_the_archive(tmp_path):
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../etc/cron.d/evil")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))

    with pytest.raises(WhiteCoatError, match="unsafe path"):
        backup_inspect(path=path)


def test_restore_rejects_a_file_that_is_not_an_archive(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_text("not a backup")

    with pytest.raises(CommandError, match="not a WhiteCoat backup"):
        run("restore", str(path), "--dry-run")


def test_restore_rejects_a_truncated_archive(archive, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    with pytest.raises(WhiteCoatError, match=r"damaged or incomplete|not a WhiteCoat backup"):
        backup_inspect(path=truncated)
