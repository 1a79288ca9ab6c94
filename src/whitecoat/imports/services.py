"""Writes for imports: upload, choose, commit (atomic, idempotent), undo; manual entry.

Rules (docs/imports.md says the same for admins):
- A commit is all or nothing: a file with any row in error, or a profile without an
  account, imports nothing; the writes run in one transaction.
- Re-importing changes nothing: snapshots are matched on (account, day) and posts on
  (account, platform post id) and updated in place; a row whose figures are already there
  is "unchanged" and not written. The file's SHA-256 is recorded and an earlier import of
  the same file is pointed out on the preview.
- Imported figures replace imported (or generated demo) figures. Figures from a platform's
  API or typed by an admin are kept unless the admin ticks "replace"; replacing makes the
  day (or post) the file's alone — figures the file lacks become absent — so the source
  shown with it is true of every figure.
- Undo deletes exactly the rows the import created and restores the ones it updated, and
  refuses (changing nothing) when any of them was changed since by something else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from whitecoat.connectors.models import PostAlias
from whitecoat.core.errors import WhiteCoatError
from whitecoat.imports.enums import (
    ALLOWED_MOVES,
    FOLLOW_UP_STEPS,
    ChangeAction,
    ChangeKind,
    CommitStep,
    ImportState,
    RowAction,
)
from whitecoat.imports.models import AccountAlias, Import, ImportChange, ManualEntry
from whitecoat.imports.parsers import BY_KEY, GENERIC, FileError, read_book
from whitecoat.imports.parsers import detect as detect_format
from whitecoat.imports.parsers.base import POST_FIELDS, SNAPSHOT_FIELDS
from whitecoat.imports.parsers.generic import guess
from whitecoat.imports.parsers.values import normalise_handle
from whitecoat.imports.selectors import (
    ALL,
    POST_META,
    SKIP,
    Plan,
    import_plan,
    imports_may_manage,
)
from whitecoat.metrics.enums import AccountUse, MetricSource
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount

MAX_FILE_BYTES = 25 * 1024 * 1024
# The page takes files of up to 50,000 rows (docs/imports.md has the measurements: such a
# file commits in 10–20 s on SQLite); larger ones go through `manage.py import_file`.
WEB_MAX_ROWS = 50_000
# A commit of up to this many rows runs in the request (well under a second); a larger one
# is queued for a worker and its page shows the progress.
INLINE_ROWS = 2_000
# A queued commit with no word from its worker for this long is given back (seconds): a
# 50,000-row commit reports every 2,000 rows and writes in well under a minute.
COMMIT_TIMEOUT = 30 * 60
BATCH = 1000
SNAPSHOT_STATE = (*SNAPSHOT_FIELDS, "source", "collected_at")
POST_STATE = (*POST_FIELDS, *POST_META, "source", "collected_at")
DATETIME_FIELDS = {"collected_at", "published_at"}
MODELS: dict[str, Any] = {ChangeKind.SNAPSHOT: MetricSnapshot, ChangeKind.POST: Post}
STATE = {ChangeKind.SNAPSHOT: SNAPSHOT_STATE, ChangeKind.POST: POST_STATE}


logger = logging.getLogger(__name__)


def _require_admin(user: Any) -> None:
    if not imports_may_manage(user=user):
        raise WhiteCoatError("Only program admins can import figures.", code="forbidden")


def _require_move(record: Import, to_state: str) -> None:
    if to_state not in ALLOWED_MOVES[record.state]:
        if record.state == ImportState.UPLOADED:
            raise WhiteCoatError("This file has not been imported: nothing to undo.", code="state")
        raise _state_refusal(record)


# ------------------------------------------------------------------------------ upload


def import_check_size(*, size: int) -> None:
    """Refuse a file above MAX_FILE_BYTES (the API checks the upload's size before reading)."""
    if size > MAX_FILE_BYTES:
        raise WhiteCoatError(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it.",
            code="invalid",
        )


def import_upload(
    *,
    by: Any,
    file_name: str,
    data: bytes,
    format: str = "",
    account: SocialAccount | None = None,
    replace_existing: bool = False,
    max_rows: int | None = WEB_MAX_ROWS,
) -> Import:
    """Store an uploaded file for preview; its format is detected unless one is given."""
    _require_admin(by)
    if not data:
        raise WhiteCoatError("The file is empty.", code="invalid")
    import_check_size(size=len(data))
    if format and format not in BY_KEY:
        raise WhiteCoatError(f"Unknown format “{format}”.", code="invalid")
    if account is not None:
        _require_trackable(account)
    try:
        book = read_book(data, file_name)
    except FileError as error:
        raise WhiteCoatError(str(error), code="unreadable") from None
    rows = sum(len(sheet.rows) for sheet in book.sheets)
    if max_rows is not None and rows > max_rows + 25:  # a header and a preamble are allowed
        raise WhiteCoatError(
            f"The file has {rows:,} rows; an import from this page takes up to {max_rows:,}. "
            "Split it, or import it from the command line: manage.py import_file.",
            code="invalid",
        )
    detected = detect_format(book)
    chosen = format or detected or GENERIC
    proposed = guess(book) if chosen == GENERIC else None
    return Import.objects.create(
        file_name=file_name[-255:] or "upload",
        file_hash=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        content=data,
        format=chosen,
        detected_format=detected or "",
        mapping=proposed.mapping if proposed else {},
        accounts={ALL: account.pk} if account is not None else {},
        replace_existing=replace_existing,
        uploaded_by=by,
    )


def import_choose(
    *,
    record: Import,
    by: Any,
    format: str | None = None,
    accounts: dict[str, int] | None = None,
    replace_existing: bool | None = None,
    mapping: dict[str, Any] | None = None,
) -> Import:
    """Change how an upload is read before committing: its format, the accounts its
    profiles go to ({key: account id, 0 to skip}), the column mapping, "replace"."""
    _require_admin(by)
    if record.state != ImportState.UPLOADED:
        raise _state_refusal(record)
    if format is not None and format != record.format:
        if format not in BY_KEY:
            raise WhiteCoatError(f"Unknown format “{format}”.", code="invalid")
        record.format = format
        if format == GENERIC and not record.mapping:
            try:
                proposed = guess(read_book(bytes(record.content), record.file_name))
            except FileError:
                proposed = None
            record.mapping = proposed.mapping if proposed else {}
    if accounts is not None:
        ids = {int(value) for value in accounts.values() if int(value) != SKIP}
        found = SocialAccount.objects.in_bulk(ids)
        for account_id in ids:
            if account_id not in found:
                raise WhiteCoatError(f"There is no account {account_id}.", code="invalid")
            _require_trackable(found[account_id])
        record.accounts = {**record.accounts, **{k: int(v) for k, v in accounts.items()}}
    if replace_existing is not None:
        record.replace_existing = replace_existing
    if mapping is not None:
        record.mapping = mapping
    record.save()
    return record


def _require_trackable(account: SocialAccount) -> None:
    if account.use == AccountUse.PERSONAL:
        raise WhiteCoatError(
            f"{account} is a personal account: WhiteCoat never tracks personal accounts.",
            code="invalid",
        )


def import_discard(*, record: Import, by: Any) -> None:
    """Forget an upload that was never committed."""
    _require_admin(by)
    if record.state == ImportState.COMMITTING:
        raise _state_refusal(record)
    if record.state != ImportState.UPLOADED:
        raise WhiteCoatError(
            "An imported file stays in the history; undo it instead.", code="state"
        )
    record.delete()


# ------------------------------------------------------------------------------ commit


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def _state(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A row's figures and provenance as JSON, to restore it or to tell it changed."""
    return {name: _iso(getattr(obj, name)) for name in names}


def _restore(obj: Any, state: dict[str, Any]) -> None:
    for name, value in state.items():
        if name in DATETIME_FIELDS and isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        setattr(obj, name, value)


# `progress(step, done, total)`: where a commit is (a CommitStep) and how far within it.
Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def _state_refusal(record: Import) -> WhiteCoatError:
    messages = {
        ImportState.COMMITTING: "This file is being imported: its page shows the progress.",
        ImportState.COMMITTED: "This file has already been imported.",
        ImportState.UNDONE: "This import has been undone already.",
    }
    message = messages.get(ImportState(record.state), "This file has not been imported.")
    return WhiteCoatError(message, code="state")


def import_commit(
    *,
    record: Import,
    by: Any,
    accounts: dict[str, int] | None = None,
    replace_existing: bool | None = None,
    progress: Progress | None = None,
) -> Import:
    """Write the file's rows now, all or nothing, and record what changed (for undo).

    The web page does this for small files and queues larger ones (`import_start`); the
    command line and the task call it. `progress` is told each step as it goes.
    """
    _require_admin(by)
    if record.state != ImportState.UPLOADED:
        raise _state_refusal(record)
    if accounts is not None or replace_existing is not None:
        import_choose(record=record, by=by, accounts=accounts, replace_existing=replace_existing)
    committed = _commit(record, by, progress or _no_progress, expected=ImportState.UPLOADED)
    _posts_follow_up(committed, progress or _no_progress)
    _figures_follow_up(committed)
    return committed


def import_start(
    *,
    record: Import,
    by: Any,
    plan: Plan,
    accounts: dict[str, int] | None = None,
    replace_existing: bool | None = None,
) -> Import:
    """The page's "Import": small files are imported at once, larger ones by a worker.

    `plan` is the preview the admin looked at (it gives the size, and the file's problems
    once `accounts` is applied), so the request does not read the file again to decide.
    """
    _require_admin(by)
    if len(plan.ops) <= INLINE_ROWS:
        return import_commit(
            record=record, by=by, accounts=accounts, replace_existing=replace_existing
        )
    problem = plan.problem_with(accounts or {})
    if problem:
        raise WhiteCoatError(f"{problem} Nothing was imported.", code="invalid")
    return import_commit_enqueue(
        record=record,
        by=by,
        accounts=accounts,
        replace_existing=replace_existing,
        rows=len(plan.ops),
    )


def import_commit_enqueue(
    *,
    record: Import,
    by: Any,
    accounts: dict[str, int] | None = None,
    replace_existing: bool | None = None,
    rows: int = 0,
) -> Import:
    """Hand the commit to a worker (a django.tasks task, queued once this transaction
    commits); the import shows "being imported" with its progress until it is done."""
    from whitecoat.imports.tasks import import_commit_task

    _require_admin(by)
    if record.state != ImportState.UPLOADED:
        raise _state_refusal(record)
    if accounts is not None or replace_existing is not None:
        import_choose(record=record, by=by, accounts=accounts, replace_existing=replace_existing)
    now = timezone.now()
    with transaction.atomic():
        moved = Import.objects.filter(pk=record.pk, state=ImportState.UPLOADED).update(
            state=ImportState.COMMITTING,
            committed_by=by,
            commit_error="",
            commit_queued_at=now,
            progress_step=CommitStep.QUEUED,
            progress_done=0,
            progress_total=rows,
            updated_at=now,
        )
        if not moved:
            record.refresh_from_db()
            raise _state_refusal(record)
        transaction.on_commit(lambda: import_commit_task.enqueue(record.pk))
    record.refresh_from_db()
    return record


def import_commit_run(*, import_id: int) -> Import | None:
    """What the worker does: commit a queued import, with its progress on the import.

    Idempotent: an import no longer waiting (committed, or given back) is left as it is.
    A commit that fails writes nothing (one transaction) and gives the import back to
    "not imported yet" with the reason, for its page to show.
    """
    record = Import.objects.select_related("committed_by").filter(pk=import_id).first()
    if record is None or record.state != ImportState.COMMITTING:
        return record
    report = _progress_recorder(import_id)
    try:
        committed = _commit(record, record.committed_by, report, expected=ImportState.COMMITTING)
    except WhiteCoatError as error:
        _commit_failed(import_id, error.message)
        return Import.objects.get(pk=import_id)
    except Exception as error:
        logger.exception("commit of import %s failed", import_id)
        _commit_failed(
            import_id,
            f"The import stopped on an unexpected error ({type(error).__name__}). Nothing was "
            "imported; try again, and tell the operators if it happens again.",
        )
        return Import.objects.get(pk=import_id)
    _posts_follow_up(committed, report)
    _figures_follow_up(committed)
    # Done: the panel stops; the counts say the rows of the file, all written.
    rows = committed.progress_total
    Import.objects.filter(pk=import_id).update(
        progress_step=CommitStep.NONE, progress_done=rows, progress_total=rows
    )
    committed.progress_step = CommitStep.NONE
    return committed


def _progress_recorder(import_id: int) -> Progress:
    """Progress written on the import at once (autocommit), for the page that polls it."""

    def report(step: str, done: int, total: int) -> None:
        Import.objects.filter(pk=import_id).update(
            progress_step=step,
            progress_done=max(0, min(done, total)),
            progress_total=max(0, total),
            updated_at=timezone.now(),
        )

    return report


def _commit_failed(import_id: int, message: str) -> None:
    Import.objects.filter(pk=import_id, state=ImportState.COMMITTING).update(
        state=ImportState.UPLOADED,
        commit_error=message[:500],
        progress_step=CommitStep.NONE,
        progress_done=0,
        updated_at=timezone.now(),
    )


def imports_recover(*, now: dt.datetime | None = None) -> int:
    """Give back imports whose worker stopped (or never came): nothing of them was written,
    since a commit is one transaction. Returns how many were given back."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=COMMIT_TIMEOUT)
    count = 0
    for record in Import.objects.filter(state=ImportState.COMMITTING, updated_at__lt=stale):
        if record.progress_step == CommitStep.QUEUED:
            why = "No worker started the import"
        else:
            why = "The import was interrupted (its worker stopped)"
        minutes = COMMIT_TIMEOUT // 60
        _commit_failed(
            record.pk,
            f"{why} within {minutes} minutes. Nothing was imported; import it again (is "
            "`manage.py db_worker` running?).",
        )
        count += 1
    # A follow-up (screening) whose worker stopped: the import itself is complete.
    Import.objects.filter(
        state=ImportState.COMMITTED, updated_at__lt=stale, progress_step__in=FOLLOW_UP_STEPS
    ).update(progress_step=CommitStep.NONE)
    return count


def _posts_follow_up(record: Import, report: Progress) -> None:
    """Imported posts are screened and analysed like posts from a sync; a failure here
    leaves the import in place (`screen_posts` / `analyse_content` re-run it)."""
    if not (record.posts_created or record.posts_updated):
        return
    from whitecoat.content.services import posts_analyse_pending
    from whitecoat.screening.services import posts_screen_pending

    for step, run in (
        (CommitStep.SCREENING, posts_screen_pending),
        (CommitStep.ANALYSING, posts_analyse_pending),
    ):
        report(step, 0, 0)
        try:
            run(progress=lambda done, total, step=step: report(step, done, total))
        except Exception:
            logger.exception("%s after import %s failed", run.__name__, record.pk)


def _figures_follow_up(record: Import) -> None:
    """New figures: compute the home and report figures ahead (the pages compute them
    themselves if this fails)."""
    from whitecoat.reports.services import figures_recompute_after_new_data

    try:
        figures_recompute_after_new_data()
    except Exception:
        logger.exception("figures after import %s failed", record.pk)


def _commit(record: Import, by: Any, report: Progress, *, expected: str) -> Import:
    """Check the file, then write it in one transaction.

    The check runs first, outside the transaction, so its progress shows and a file that
    cannot be imported fails before anything is locked. The plan is then made again
    inside the transaction, from the same parsed file, against the rows as they are then:
    what is written is decided on the data it is written over.
    """
    report(CommitStep.READING, 0, 0)
    checked = import_plan(
        record=record, progress=lambda done, total: report(CommitStep.CHECKING, done, total)
    )
    if checked.problem:
        raise WhiteCoatError(f"{checked.problem} Nothing was imported.", code="invalid")
    total = len(checked.ops)
    report(CommitStep.WRITING, 0, total)
    try:
        with transaction.atomic():
            locked = Import.objects.select_for_update().get(pk=record.pk)
            if locked.state != expected:
                raise _state_refusal(locked)
            plan = import_plan(record=locked, parsed=checked.parsed)
            if plan.problem:
                raise WhiteCoatError(f"{plan.problem} Nothing was imported.", code="invalid")
            now = timezone.now()
            _remember_aliases(plan, by)
            _remember_post_ids(plan)
            changes = []
            for kind in MODELS:
                created, updated = _write(plan, locked, now, kind)
                changes += _changes(locked, kind, created, updated)
            ImportChange.objects.bulk_create(changes, batch_size=100)
            snapshots, posts = plan.snapshot_counts, plan.post_counts
            locked.rows_read = plan.result.rows_read
            locked.rows_skipped = snapshots[RowAction.SKIP] + posts[RowAction.SKIP]
            locked.snapshots_created = snapshots[RowAction.CREATE]
            locked.snapshots_updated = snapshots[RowAction.UPDATE]
            locked.snapshots_unchanged = snapshots[RowAction.UNCHANGED]
            locked.snapshots_kept = snapshots[RowAction.KEPT]
            locked.posts_created = posts[RowAction.CREATE]
            locked.posts_updated = posts[RowAction.UPDATE]
            locked.posts_unchanged = posts[RowAction.UNCHANGED]
            locked.posts_kept = posts[RowAction.KEPT]
            locked.state = ImportState.COMMITTED
            locked.committed_at = now
            locked.committed_by = by
            locked.commit_error = ""
            locked.progress_step = CommitStep.NONE
            locked.progress_done = locked.progress_total = len(plan.ops)
            locked.save()
    except IntegrityError:
        # Another import or a sync wrote the same days or posts meanwhile (PostgreSQL runs
        # them side by side); the transaction rolled back, so nothing of this file is saved.
        raise WhiteCoatError(
            "The same days or posts were written by another import or a sync meanwhile. "
            "Nothing was imported; look at the preview again and import.",
            code="conflict",
        ) from None
    return locked


def _remember_aliases(plan: Plan, by: Any) -> None:
    """A profile the admin sent to an account by hand goes there next time too."""
    for group in plan.groups:
        if group.matched_by != "your choice" or group.account is None or not group.handle:
            continue
        AccountAlias.objects.update_or_create(
            platform=group.platform or "",
            label=normalise_handle(group.handle),
            defaults={"account": group.account, "created_by": by},
        )


def _remember_post_ids(plan: Plan) -> None:
    """A post the file names by another id than the one it is stored under (LinkedIn's
    activity and share ids): the file's id becomes its alias, for the next file or sync."""
    aliases = [
        PostAlias(
            post=op.existing,
            account_id=op.existing.account_id,
            platform_post_id=op.source.post_id,
            matched_by=op.alias,
        )
        for op in plan.ops
        if op.kind == ChangeKind.POST and op.alias and op.existing is not None
    ]
    PostAlias.objects.bulk_create(aliases, ignore_conflicts=True)


def _write(
    plan: Plan, record: Import, now: dt.datetime, kind: str
) -> tuple[list[Any], list[tuple[Any, dict[str, Any]]]]:
    """Create and update one kind of row in bulk; returns (created, [(updated, before)])."""
    model, names = MODELS[kind], STATE[kind]
    new: list[Any] = []
    updated: list[tuple[Any, dict[str, Any]]] = []
    for op in plan.ops:
        if op.kind != kind or op.values is None:
            continue
        values = {**op.values, "source": MetricSource.IMPORT.value, "collected_at": now}
        if op.action == RowAction.CREATE:
            key = (
                {"date": op.source.date}
                if kind == ChangeKind.SNAPSHOT
                else {"platform_post_id": op.source.post_id}
            )
            new.append(model(account=op.group.account, **key, **values))
        elif op.action == RowAction.UPDATE:
            before = _state(op.existing, names)
            _restore(op.existing, values)
            updated.append((op.existing, before))
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update([obj for obj, _ in updated], fields=list(names), batch_size=BATCH)
    return new, updated


def _changes(
    record: Import, kind: str, created: list[Any], updated: list[tuple[Any, dict[str, Any]]]
) -> list[ImportChange]:
    """What undo needs, a thousand rows per record, grouped by account."""
    changes = []
    by_account: dict[tuple[int, str], list[tuple[int, dict[str, Any] | None]]] = {}
    for obj in created:
        by_account.setdefault((obj.account_id, ChangeAction.CREATED), []).append((obj.pk, None))
    for obj, before in updated:
        by_account.setdefault((obj.account_id, ChangeAction.UPDATED), []).append((obj.pk, before))
    for (account_id, action), rows in by_account.items():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            changes.append(
                ImportChange(
                    batch=record,
                    account_id=account_id,
                    kind=kind,
                    action=action,
                    object_ids=[pk for pk, _ in chunk],
                    before=None if action == ChangeAction.CREATED else [b for _, b in chunk],
                )
            )
    return changes


# -------------------------------------------------------------------------------- undo


def import_undo(*, record: Import, by: Any) -> Import:
    """Delete the rows the import created and restore the ones it updated, or nothing."""
    _require_admin(by)
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=record.pk)
        _require_move(locked, ImportState.UNDONE)
        changes = list(locked.changes.order_by("id"))
        _check_untouched(changes, stamp=locked.committed_at)
        for change in changes:
            model = MODELS[change.kind]
            if change.action == ChangeAction.CREATED:
                model.objects.filter(pk__in=change.object_ids).delete()
                continue
            objects = model.objects.in_bulk(change.object_ids)
            restored = []
            for pk, before in zip(change.object_ids, change.before, strict=True):
                obj = objects.get(pk)
                if obj is not None:  # gone since (with its account): nothing to restore
                    _restore(obj, before)
                    restored.append(obj)
            model.objects.bulk_update(restored, fields=list(STATE[change.kind]), batch_size=BATCH)
        locked.state = ImportState.UNDONE
        locked.undone_at = timezone.now()
        locked.undone_by = by
        locked.save()
    return locked


def _check_untouched(changes: list[ImportChange], *, stamp: dt.datetime | None) -> None:
    """Refuse the undo when a row the import wrote was written since by something else:
    every writer stamps its own source and collected_at (rows are locked meanwhile)."""
    conflicts, example = 0, None
    for change in changes:
        model = MODELS[change.kind]
        rows = model.objects.select_for_update().filter(pk__in=change.object_ids)
        list(rows.values_list("pk", flat=True))  # lock them until the undo is done
        moved = rows.exclude(source=MetricSource.IMPORT, collected_at=stamp)
        count = moved.count()
        conflicts += count
        if count and example is None:
            example = (change.kind, moved.select_related("account").first())
    if example is None:
        return
    kind, obj = example
    if kind == ChangeKind.SNAPSHOT:
        what = f"{obj.date:%-d %b %Y}"
    else:
        what = f"post {obj.platform_post_id}"
    raise WhiteCoatError(
        f"{conflicts} of the rows this import wrote changed since (for example {what} of "
        f"{obj.account}, now from “{obj.get_source_display()}”), by a later import, a sync "
        "or a manual entry. Undo that first; nothing was undone.",
        code="conflict",
    )


# ------------------------------------------------------------------------ manual entry


def snapshot_enter(
    *,
    account: SocialAccount,
    day: dt.date,
    figures: dict[str, int | None],
    by: Any,
    replace: bool = False,
) -> MetricSnapshot:
    """An admin types a day's figures; the snapshot is marked "manual" and who is kept."""
    _require_admin(by)
    _require_trackable(account)
    today = timezone.localdate()
    if day > today:
        raise WhiteCoatError(
            f"{day:%-d %b %Y} is in the future: figures can be entered up to today.",
            code="invalid",
        )
    values = {name: figures.get(name) for name in SNAPSHOT_FIELDS}
    if any(value is not None and value < 0 for value in values.values()):
        raise WhiteCoatError("Figures are 0 or more.", code="invalid")
    if all(value is None for value in values.values()):
        raise WhiteCoatError("Enter at least one figure.", code="invalid")
    with transaction.atomic():
        existing = (
            MetricSnapshot.objects.select_for_update().filter(account=account, date=day).first()
        )
        if existing is not None and not replace:
            raise WhiteCoatError(
                f"{account} already has figures for {day:%-d %b %Y} "
                f"({existing.get_source_display().lower()}, recorded "
                f"{timezone.localtime(existing.collected_at):%-d %b %Y %H:%M}). Tick "
                "“Replace the figures already recorded” to overwrite them.",
                code="exists",
            )
        replaced = _state(existing, SNAPSHOT_STATE) if existing is not None else None
        snapshot, _ = MetricSnapshot.objects.update_or_create(
            account=account,
            date=day,
            defaults={
                **values,
                "source": MetricSource.MANUAL.value,
                "collected_at": timezone.now(),
            },
        )
        ManualEntry.objects.create(
            account=account,
            date=day,
            figures={k: v for k, v in values.items() if v is not None},
            replaced=replaced,
            entered_by=by,
        )
    return snapshot


def imports_prune(*, older_than_days: int, dry_run: bool = False) -> int:
    """Delete uploads never committed and older than the given age; returns how many."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    stale = Import.objects.filter(state=ImportState.UPLOADED, created_at__lt=cutoff)
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count
