"""Back up the whole program to one archive, and restore it into an empty database.

The archive is a .tar.gz:

    data/<table>/00001.jsonl   the rows of one table, 5,000 a file, one JSON array a line
    media/<path>               every uploaded file under MEDIA_ROOT (share-kit images, …)
    manifest.json              last: format, app version, migration state, the columns and
                               row count of every table, the SHA-256 of every other member

Every table of every installed app is included (found through django.apps, so new models
are covered without a change here), except the sessions and the task queue (`EXCLUDED`).
Rows are read in one consistent snapshot and streamed: memory stays flat however large the
program. Values are stored as JSON; custom fields that transform values on the way out of
the database (the encrypted connection tokens) are stored as their raw database text, so a
backup never holds a token in clear and a restore writes the very same ciphertext back.

A restore reads the archive twice: once to check it (checksums, row counts, members), and
once to load it inside one transaction, with the models as they were at the backup's
migration state. The target is either a database with no tables (restore migrates it to the
backup's state first) or one migrated to exactly the backup's state that holds no program
data; afterwards any newer migrations run, as in an upgrade. Nothing is written when a
check fails.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import tomllib
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.duration import duration_string

from whitecoat.core.errors import WhiteCoatError

FORMAT = "whitecoat-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_ROWS = 5000
INSERT_BATCH = 500  # rows per INSERT statement (fewer when the database limits parameters)

# Tables left out of every backup, and why.
EXCLUDED = {
    "sessions.session": (
        "sign-ins: everyone signs in again after a restore, and no old session cookie "
        "opens the restored site"
    ),
    "django_tasks_database.dbtaskresult": (
        "the background task queue: jobs queued at backup time belong to that moment; "
        "run_periodic queues what is due again"
    ),
}

# Tables that `migrate` fills by itself (content types, permissions, the role groups, the
# default courses and policies): a freshly migrated database has these rows, so they are not
# program data. A restore replaces them with the archive's, keeping the archive's ids.
# tests/core/test_backup.py checks that a freshly migrated database passes as empty: a new
# data migration that seeds another table must be added here.
MIGRATION_ROWS = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "training.course",
    "training.module",
    "training.policy",
    "training.policyversion",
}

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    return None


# ---------------------------------------------------------------------------------------
# Tables and values


@dataclass(frozen=True)
class TableSpec:
    label: str
    table: str
    model: type[models.Model]
    fields: tuple[models.Field, ...]
    raw: frozenset[str]  # columns stored as their raw database text

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]


def _reads_raw(model_field: models.Field) -> bool:
    """A field outside Django that transforms values read from the database."""
    for cls in type(model_field).__mro__:
        if "from_db_value" in vars(cls):
            return not cls.__module__.startswith("django.")
    return False


def _table_models(registry: Apps) -> list[type[models.Model]]:
    found: dict[str, type[models.Model]] = {}
    for model in registry.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped:
            continue
        found.setdefault(opts.db_table, model)
    return [found[name] for name in sorted(found)]


def _spec(model: type[models.Model]) -> TableSpec:
    fields = tuple(
        f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)
    )
    return TableSpec(
        label=model._meta.label_lower,
        table=model._meta.db_table,
        model=model,
        fields=fields,
        raw=frozenset(f.column for f in fields if _reads_raw(f)),
    )


def backup_table_specs(*, registry: Apps = global_apps) -> tuple[list[TableSpec], list[TableSpec]]:
    """(included, excluded) tables of every installed app, in table-name order."""
    specs = [_spec(model) for model in _table_models(registry)]
    return (
        [s for s in specs if s.label not in EXCLUDED],
        [s for s in specs if s.label in EXCLUDED],
    )


# Types JSON stores as they are (checked by exact type: the hot path of a large backup).
_AS_IS = frozenset({type(None), bool, int, float, str, list, dict})


def _encode(value: Any) -> Any:
    """A database value as JSON that the field's to_python() reads back unchanged."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


# Django's own fields whose JSON value (int, str, bool, float) is already the parameter to
# insert: the fast path of a large restore.
_PASS_THROUGH = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
        "FloatField",
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
    }
)


def _decoder(model_field: models.Field, raw: bool) -> Callable[[Any], Any]:
    """JSON from the archive → the parameter to insert for this column."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: no proxy lookup per value
    if raw:
        return lambda value: value
    if isinstance(model_field, models.JSONField):
        return lambda value: model_field.get_db_prep_save(value, db)
    target = model_field.target_field if model_field.is_relation else model_field  # type: ignore[attr-defined]
    if type(target).__module__.startswith("django."):
        kind = target.get_internal_type()
        if kind in _PASS_THROUGH:
            return lambda value: value
        if kind == "DateTimeField":
            adapt = db.ops.adapt_datetimefield_value
            parse = dt.datetime.fromisoformat
            return lambda value: None if value is None else adapt(parse(value))
        if kind == "DateField":
            adapt_date = db.ops.adapt_datefield_value
            parse_date = dt.date.fromisoformat
            return lambda value: None if value is None else adapt_date(parse_date(value))

    def decode(value: Any) -> Any:
        if value is None:
            return None
        return model_field.get_db_prep_save(model_field.to_python(value), db)

    return decode


# ---------------------------------------------------------------------------------------
# Helpers


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _applied_migrations() -> set[tuple[str, str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return set()
    return set(recorder.applied_migrations())


def _pending_migrations() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _backwards in plan]


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"


class _HashingReader:
    """A file wrapper that hashes and counts what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.raw.read(n)
        except (tarfile.TarError, EOFError, zlib.error) as error:
            raise WhiteCoatError(
                f"The archive is damaged or incomplete ({error}).", code="bad_archive"
            ) from None
        self.sha.update(data)
        self.size += len(data)
        return data

    def lines(self) -> Iterator[bytes]:
        rest = b""
        while block := self.read(1 << 20):
            *complete, rest = (rest + block).split(b"\n")
            yield from complete
        if rest:
            yield rest

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under MEDIA_ROOT (symbolic links are not followed), in a stable order."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# ---------------------------------------------------------------------------------------
# Backup


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    archive_bytes: int
    seconds: float


@contextmanager
def _snapshot() -> Iterator[None]:
    """Read every table from one consistent point in time, without blocking writers."""
    if connection.in_atomic_block:  # already inside a transaction (tests, callers)
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred read transaction: in WAL mode it sees one snapshot and lets the web
        # server keep writing (Django's atomic() would take the write lock: IMMEDIATE mode).
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _rows(spec: TableSpec) -> Iterator[tuple[Any, ...]]:
    names: list[str] = []
    raw_reads: dict[str, Cast] = {}
    for index, f in enumerate(spec.fields):
        if f.column in spec.raw:
            name = f"wc_raw_{index}"
            raw_reads[name] = Cast(f.attname, output_field=models.TextField())
            names.append(name)
        else:
            names.append(f.attname)
    queryset = spec.model._base_manager.annotate(**raw_reads).order_by("pk")
    return queryset.values_list(*names).iterator(chunk_size=2000)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, files: dict[str, Any]) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
    files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _add_table(
    tar: tarfile.TarFile, spec: TableSpec, files: dict[str, Any]
) -> tuple[int, list[str]]:
    rows = 0
    chunks: list[str] = []
    buffer: list[bytes] = []

    def flush() -> None:
        name = f"data/{spec.table}/{len(chunks) + 1:05d}.jsonl"
        _add_bytes(tar, name, b"".join(buffer), files)
        chunks.append(name)
        buffer.clear()

    for row in _rows(spec):
        line = json.dumps(
            [v if type(v) in _AS_IS else _encode(v) for v in row],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        buffer.append(line.encode("utf-8") + b"\n")
        rows += 1
        if len(buffer) >= CHUNK_ROWS:
            flush()
    if buffer:
        flush()
    return rows, chunks


def _add_media(tar: tarfile.TarFile, path: Path, relative: str, files: dict[str, Any]) -> int:
    name = f"media/{relative}"
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with open(path, "rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    files[name] = {"sha256": reader.sha.hexdigest(), "bytes": reader.size}
    return reader.size


def backup_create(*, path: Path, progress: Progress = _quiet) -> BackupSummary:
    """Write every table and every uploaded file to the archive at `path` (mode 600)."""
    started = time.perf_counter()
    pending = _pending_migrations()
    if pending:
        raise WhiteCoatError(
            f"The database has {len(pending)} unapplied migration(s) "
            f"(e.g. {pending[0][0]}.{pending[0][1]}): run `manage.py migrate` first.",
            code="pending_migrations",
        )
    included, excluded = backup_table_specs()
    # A model whose migration is not written yet has no table, hence no rows to keep.
    existing = set(connection.introspection.table_names())
    missing = [spec.table for spec in included if spec.table not in existing]
    if missing:
        progress(f"No table in the database (model without a migration): {', '.join(missing)}")
    included = [spec for spec in included if spec.table in existing]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    files: dict[str, Any] = {}
    tables: list[dict[str, Any]] = []
    media_files = media_bytes = 0
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw_file,
            tarfile.open(
                fileobj=raw_file, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
            ) as tar,
        ):
            with _snapshot():
                migrations = sorted(_applied_migrations())
                progress(f"Backing up {len(included)} tables…")
                for spec in included:
                    table_started = time.perf_counter()
                    rows, chunks = _add_table(tar, spec, files)
                    tables.append(
                        {
                            "label": spec.label,
                            "table": spec.table,
                            "columns": spec.columns,
                            "raw_columns": sorted(spec.raw),
                            "rows": rows,
                            "chunks": chunks,
                        }
                    )
                    if rows:
                        progress(
                            f"  {spec.table}: {rows:,} rows "
                            f"({time.perf_counter() - table_started:.1f} s)"
                        )
            media = list(_media_files(_media_root()))
            progress(f"Backing up {len(media)} uploaded files from {_media_root()}…")
            for file_path, relative in media:
                media_bytes += _add_media(tar, file_path, relative, files)
                media_files += 1
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "app_version": app_version(),
                "django_version": django.get_version(),
                "database_vendor": connection.vendor,
                "migrations": [list(m) for m in migrations],
                "tables": tables,
                "excluded": [
                    {"label": s.label, "table": s.table, "reason": EXCLUDED[s.label]}
                    for s in excluded
                ],
                "media": {"files": media_files, "bytes": media_bytes},
                "totals": {"tables": len(tables), "rows": sum(t["rows"] for t in tables)},
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"), {})
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=path,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables),
        media_files=media_files,
        media_bytes=media_bytes,
        archive_bytes=path.stat().st_size,
        seconds=time.perf_counter() - started,
    )


# ---------------------------------------------------------------------------------------
# Checking an archive


def _member_name(member: tarfile.TarInfo) -> str:
    """The member's name if it is one this format writes; otherwise a clear error."""
    name = member.name
    parts = PurePosixPath(name).parts
    safe = (
        bool(parts)
        and not name.startswith("/")
        and ".." not in parts
        and "" not in parts
        and "\\" not in name
    )
    if not safe:
        raise WhiteCoatError(f"The archive holds an unsafe path: {name!r}.", code="bad_archive")
    if not member.isfile():
        raise WhiteCoatError(
            f"The archive holds something that is not a plain file: {name!r}.",
            code="bad_archive",
        )
    if name == MANIFEST:
        return name
    if parts[0] == "data" and len(parts) == 3 and parts[2].endswith(".jsonl"):
        return name
    if parts[0] == "media" and len(parts) >= 2:
        return name
    raise WhiteCoatError(f"The archive holds an unexpected file: {name!r}.", code="bad_archive")


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r|gz")
    except FileNotFoundError:
        raise WhiteCoatError(f"No archive at {path}.", code="bad_archive") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise WhiteCoatError(
            f"{path} is not a WhiteCoat backup (not a readable .tar.gz: {error}).",
            code="bad_archive",
        ) from None


def _members(path: Path) -> Iterator[tuple[tarfile.TarFile, tarfile.TarInfo, str]]:
    seen: set[str] = set()
    tar = _open_archive(path)
    try:
        with tar:
            for member in tar:
                name = _member_name(member)
                if name in seen:
                    raise WhiteCoatError(f"The archive holds {name!r} twice.", code="bad_archive")
                seen.add(name)
                yield tar, member, name
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise WhiteCoatError(
            f"The archive {path} is damaged or incomplete ({error}).", code="bad_archive"
        ) from None


def _manifest_check(manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise WhiteCoatError(
            "The archive's manifest does not describe a WhiteCoat backup.", code="bad_archive"
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise WhiteCoatError(
            f"The archive uses backup format {manifest.get('format_version')!r}; this version "
            f"of WhiteCoat reads format {FORMAT_VERSION}.",
            code="bad_archive",
        )
    for key in ("migrations", "tables", "files", "media", "created_at"):
        if key not in manifest:
            raise WhiteCoatError(f"The archive's manifest lacks {key!r}.", code="bad_archive")
    return manifest


def backup_inspect(*, path: Path) -> dict[str, Any]:
    """Read the whole archive once and check it; return its manifest.

    Checks: a readable .tar.gz of plain files with safe names, a manifest of this format,
    every member listed in the manifest with the same size and SHA-256, nothing extra, and
    the number of rows of each table.
    """
    found: dict[str, tuple[str, int, int]] = {}
    manifest: Any = None
    for tar, member, name in _members(path):
        handle = tar.extractfile(member)
        assert handle is not None  # a regular file, checked above
        if name == MANIFEST:
            try:
                manifest = json.loads(_HashingReader(handle).read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise WhiteCoatError(
                    f"The archive's manifest is not valid JSON ({error}).", code="bad_archive"
                ) from None
            continue
        reader = _HashingReader(handle)
        lines = 0
        while block := reader.read(1 << 20):
            lines += block.count(b"\n")
        found[name] = (reader.sha.hexdigest(), reader.size, lines)
    if manifest is None:
        raise WhiteCoatError(
            f"{path} has no manifest.json: it is not a complete WhiteCoat backup.",
            code="bad_archive",
        )
    manifest = _manifest_check(manifest)
    listed: dict[str, Any] = manifest["files"]
    missing = sorted(set(listed) - set(found))
    if missing:
        raise WhiteCoatError(
            f"The archive lacks {len(missing)} file(s) its manifest lists, e.g. {missing[0]}.",
            code="bad_archive",
        )
    extra = sorted(set(found) - set(listed))
    if extra:
        raise WhiteCoatError(
            f"The archive holds {len(extra)} file(s) its manifest does not list, e.g. {extra[0]}.",
            code="bad_archive",
        )
    for name, (sha, size, _lines) in found.items():
        if listed[name].get("sha256") != sha or listed[name].get("bytes") != size:
            raise WhiteCoatError(
                f"{name} in the archive does not match its checksum: the archive is damaged.",
                code="bad_archive",
            )
    for table in manifest["tables"]:
        lines = sum(found[chunk][2] for chunk in table["chunks"])
        if lines != table["rows"]:
            raise WhiteCoatError(
                f"Table {table['table']} holds {lines} rows in the archive, but its manifest "
                f"says {table['rows']}.",
                code="bad_archive",
            )
    return manifest


# ---------------------------------------------------------------------------------------
# Restoring


@dataclass
class RestorePlan:
    """What a restore would do to the current database, and why it might refuse."""

    manifest: dict[str, Any]
    migrate_first: bool  # the target has no tables: migrate it to the backup's state first
    later_migrations: int  # newer migrations this version applies after loading
    program_data: dict[str, int] = field(default_factory=dict)  # table -> rows (not empty)
    media_present: int = 0  # files already under MEDIA_ROOT

    @property
    def target_is_empty(self) -> bool:
        return not self.program_data and not self.media_present

    def target_problem(self) -> str:
        found = [f"{rows:,} rows in {table}" for table, rows in sorted(self.program_data.items())]
        if self.media_present:
            found.append(f"{self.media_present} files under MEDIA_ROOT")
        shown = ", ".join(found[:6]) + (f" and {len(found) - 6} more" if len(found) > 6 else "")
        return (
            f"The target database is not empty ({shown}). Restore into an empty database, "
            "or add --force to replace everything in it with the backup."
        )


def _archive_nodes(manifest: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(app), str(name)) for app, name in manifest["migrations"]}


def _state_nodes(loader: MigrationLoader, archive: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The archive's migrations as nodes of this version's graph (squashes resolved)."""
    nodes = {key for key in archive if key in loader.graph.nodes}
    for key, migration in loader.replacements.items():
        if key in loader.graph.nodes and set(migration.replaces) <= archive:
            nodes.add(key)
    return nodes


def _leaves(loader: MigrationLoader, nodes: set[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(key for key in nodes if not (loader.graph.node_map[key].children & nodes))


def restore_plan(*, manifest: dict[str, Any]) -> RestorePlan:
    """Compare the archive's migration state and the current database; refuse what cannot
    work (WhiteCoatError); report program data already in the target."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    archive = _archive_nodes(manifest)
    unknown = sorted(archive - set(loader.disk_migrations))
    if unknown:
        raise WhiteCoatError(
            f"The backup was made by a newer or different version of WhiteCoat "
            f"({manifest.get('app_version', '?')}): this version does not have its migration "
            f"{unknown[0][0]}.{unknown[0][1]}"
            + (f" and {len(unknown) - 1} more" if len(unknown) > 1 else "")
            + ". Install that version (or a newer one) to restore it.",
            code="incompatible",
        )
    nodes = _state_nodes(loader, archive)
    later = len(set(loader.graph.nodes) - nodes)
    applied = _applied_migrations()
    tables = set(connection.introspection.table_names())
    if not applied:
        other = sorted(tables - {MigrationRecorder.Migration._meta.db_table})
        if other:
            raise WhiteCoatError(
                f"The target database has tables ({', '.join(other[:5])}…) but no record of "
                "migrations: restore into a new, empty database.",
                code="target_not_empty",
            )
        plan = RestorePlan(manifest=manifest, migrate_first=True, later_migrations=later)
    elif applied != archive:
        differ = sorted(applied ^ archive)
        raise WhiteCoatError(
            f"The target database is migrated to a different state than the backup "
            f"({len(differ)} migration(s) differ, e.g. {differ[0][0]}.{differ[0][1]}). "
            "Restore into a new database with no tables: restore migrates it to the "
            "backup's state, loads the data, then applies this version's newer migrations.",
            code="incompatible",
        )
    else:
        plan = RestorePlan(manifest=manifest, migrate_first=False, later_migrations=later)
        for model in _table_models(global_apps):
            label = model._meta.label_lower
            if label in MIGRATION_ROWS or model._meta.db_table not in tables:
                continue
            rows = model._base_manager.count()
            if rows:
                plan.program_data[model._meta.db_table] = rows
    plan.media_present = sum(1 for _ in _media_files(_media_root()))
    return plan


@dataclass
class RestoreSummary:
    tables: int
    rows: int
    media_files: int
    migrated_after: int
    warnings: list[str]
    seconds: float


class _Inserter:
    """Rows into one table: COPY on PostgreSQL, multi-row INSERTs elsewhere."""

    def __init__(self, table: str, columns: list[str]) -> None:
        quote = connection.ops.quote_name
        self.copy = (
            f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            if connection.vendor == "postgresql"
            else None
        )
        self.head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
        self.row = f"({', '.join(['%s'] * len(columns))})"
        limit = connection.features.max_query_params
        fits = limit // len(columns) if limit else INSERT_BATCH
        self.per_statement = max(1, min(INSERT_BATCH, fits))
        self.statements: dict[int, str] = {}

    def __call__(self, cursor: Any, rows: list[list[Any]]) -> None:
        if self.copy:
            with cursor.cursor.copy(self.copy) as copy:  # psycopg's own cursor
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), self.per_statement):
            part = rows[start : start + self.per_statement]
            sql = self.statements.get(len(part))
            if sql is None:
                sql = self.statements[len(part)] = self.head + ", ".join([self.row] * len(part))
            cursor.execute(sql, [value for row in part for value in row])


def _load_chunk(
    reader: _HashingReader, name: str, insert: _Inserter, decoders: list[Callable[[Any], Any]]
) -> int:
    width = len(decoders)
    rows = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for number, line in enumerate(reader.lines(), start=1):
            try:
                values = json.loads(line)
            except json.JSONDecodeError as error:
                raise WhiteCoatError(
                    f"{name}, line {number}: not valid JSON ({error}).", code="bad_archive"
                ) from None
            if not isinstance(values, list) or len(values) != width:
                raise WhiteCoatError(
                    f"{name}, line {number}: expected {width} values.", code="bad_archive"
                )
            batch.append([decode(v) for decode, v in zip(decoders, values, strict=True)])
            rows += 1
            if len(batch) >= insert.per_statement:
                insert(cursor, batch)
                batch.clear()
        if batch:
            insert(cursor, batch)
    return rows


def _unreadable_raw_values(spec: TableSpec, columns: list[str]) -> list[str]:
    """Raw columns whose first value this installation cannot read (e.g. other Fernet keys)."""
    problems = []
    for column in columns:
        model_field = next(f for f in spec.fields if f.column == column)
        value = (
            spec.model._base_manager.exclude(**{f"{model_field.attname}__isnull": True})
            .annotate(wc_raw=Cast(model_field.attname, output_field=models.TextField()))
            .values_list("wc_raw", flat=True)
            .first()
        )
        if value is None:
            continue
        try:
            model_field.from_db_value(value, None, connection)  # type: ignore[attr-defined]
        except Exception:  # any failure: the value cannot be read here
            problems.append(f"{spec.table}.{column}")
    return problems


def backup_restore(*, path: Path, plan: RestorePlan, progress: Progress = _quiet) -> RestoreSummary:
    """Load a checked archive (backup_inspect, restore_plan) into the current database.

    All tables are emptied and loaded in one transaction; uploaded files are staged beside
    MEDIA_ROOT and moved in only after the data is committed.
    """
    started = time.perf_counter()
    manifest = plan.manifest
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    targets = _leaves(loader, _state_nodes(loader, _archive_nodes(manifest)))
    if plan.migrate_first:
        progress(f"Migrating the empty database to the backup's state ({len(targets)} apps)…")
        MigrationExecutor(connection).migrate(targets)
    state_apps = loader.project_state(targets, at_end=True).apps
    state_models = {m._meta.db_table: m for m in _table_models(state_apps)}
    chunk_table: dict[str, tuple[dict[str, Any], TableSpec]] = {}
    specs: dict[str, TableSpec] = {}
    decoders: dict[str, list[Callable[[Any], Any]]] = {}
    inserters: dict[str, _Inserter] = {}
    for table in manifest["tables"]:
        model = state_models.get(table["table"])
        if model is None:
            raise WhiteCoatError(
                f"The backup's table {table['table']} has no model at its migration state.",
                code="incompatible",
            )
        spec = _spec(model)
        if set(spec.columns) != set(table["columns"]):
            raise WhiteCoatError(
                f"The backup's columns of {table['table']} do not match its migration state.",
                code="incompatible",
            )
        specs[table["table"]] = spec
        by_column = {f.column: f for f in spec.fields}
        decoders[table["table"]] = [
            _decoder(by_column[column], column in table["raw_columns"])
            for column in table["columns"]
        ]
        inserters[table["table"]] = _Inserter(table["table"], table["columns"])
        for chunk in table["chunks"]:
            chunk_table[chunk] = (table, spec)

    media_root = _media_root()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    loaded: dict[str, int] = {}
    media: list[str] = []
    warnings: list[str] = []
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with deferred checks still pending in this
                # transaction (a caller's own transaction): run those checks first.
                connection.check_constraints()
            flush = connection.ops.sql_flush(
                no_style(), list(state_models), reset_sequences=False, allow_cascade=True
            )
            with connection.cursor() as cursor:
                for statement in flush:
                    cursor.execute(statement)
            progress(f"Emptied {len(state_models)} tables; loading {len(specs)}…")
            current: str | None = None
            table_started = time.perf_counter()
            for tar, member, name in _members(path):
                if name == MANIFEST:
                    continue
                expected = manifest["files"].get(name)
                if expected is None:
                    raise WhiteCoatError(
                        f"{name} is not in the manifest: the archive changed since it was checked.",
                        code="bad_archive",
                    )
                handle = tar.extractfile(member)
                assert handle is not None
                reader = _HashingReader(handle)
                if name.startswith("data/"):
                    table, spec = chunk_table[name]
                    if current != table["table"]:
                        if current is not None:
                            progress(
                                f"  {current}: {loaded[current]:,} rows "
                                f"({time.perf_counter() - table_started:.1f} s)"
                            )
                        current, table_started = table["table"], time.perf_counter()
                    rows = _load_chunk(
                        reader, name, inserters[table["table"]], decoders[table["table"]]
                    )
                    loaded[table["table"]] = loaded.get(table["table"], 0) + rows
                else:
                    relative = name.removeprefix("media/")
                    target = staging / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "wb") as out:
                        shutil.copyfileobj(reader, out)  # type: ignore[misc]
                    media.append(relative)
                reader.drain()
                if reader.sha.hexdigest() != expected["sha256"]:
                    raise WhiteCoatError(
                        f"{name} changed since the archive was checked: nothing was restored.",
                        code="bad_archive",
                    )
            if current is not None:
                progress(
                    f"  {current}: {loaded[current]:,} rows "
                    f"({time.perf_counter() - table_started:.1f} s)"
                )
            for table in manifest["tables"]:
                if loaded.get(table["table"], 0) != table["rows"]:
                    raise WhiteCoatError(
                        f"Loaded {loaded.get(table['table'], 0)} rows into {table['table']}, "
                        f"the manifest says {table['rows']}: nothing was restored.",
                        code="bad_archive",
                    )
            try:
                connection.check_constraints(table_names=list(specs))
            except IntegrityError as error:
                raise WhiteCoatError(
                    f"The backup's rows do not hold together ({error}): nothing was restored.",
                    code="bad_archive",
                ) from None
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(
                    no_style(), [spec.model for spec in specs.values()]
                ):
                    cursor.execute(statement)
            for table in manifest["tables"]:
                if table["raw_columns"] and table["rows"]:
                    for column in _unreadable_raw_values(
                        specs[table["table"]], table["raw_columns"]
                    ):
                        warnings.append(
                            f"Values in {column} cannot be read with this installation's "
                            "keys: set WHITECOAT_FERNET_KEYS to the keys of the backed-up "
                            "installation, or reconnect those accounts."
                        )
        for relative in media:
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    ContentType.objects.clear_cache()
    progress(f"Restored {len(media)} uploaded files into {media_root}.")
    migrated_after = len(_pending_migrations())
    if migrated_after:
        progress(f"Applying {migrated_after} newer migrations…")
        out = io.StringIO()
        call_command("migrate", interactive=False, verbosity=1, stdout=out)
        for line in out.getvalue().splitlines():
            if line.strip():
                progress(f"  {line.strip()}")
    return RestoreSummary(
        tables=len(specs),
        rows=sum(loaded.values()),
        media_files=len(media),
        migrated_after=migrated_after,
        warnings=warnings,
        seconds=time.perf_counter() - started,
    )


def describe_size(n: int) -> str:
    return _size(n)
