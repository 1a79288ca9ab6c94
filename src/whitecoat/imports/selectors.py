"""Reads for imports: what committing an upload would do (the plan), the history, figures.

The plan is computed from the stored file every time (parsing is fast), so the preview and
the commit always agree with the database as it is, not as it was at upload time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from whitecoat.connectors.enums import AliasMatch
from whitecoat.connectors.linkedin import ids as linkedin_ids
from whitecoat.connectors.linkedin.ids import PostRef
from whitecoat.connectors.reconcile import posts_match
from whitecoat.imports.enums import ImportState, RowAction
from whitecoat.imports.models import AccountAlias, Import, ManualEntry
from whitecoat.imports.parsers import (
    BY_KEY,
    GENERIC,
    FileError,
    ParseOptions,
    ParseResult,
    PostRow,
    RowError,
    SnapshotRow,
    parse_file,
    read_book,
)
from whitecoat.imports.parsers.base import (
    FIELD_LABELS,
    POST_FIELDS,
    SNAPSHOT_FIELDS,
    match_columns,
    norm,
)
from whitecoat.imports.parsers.generic import ALIASES as GENERIC_ALIASES
from whitecoat.imports.parsers.generic import fields_for
from whitecoat.imports.parsers.values import normalise_handle
from whitecoat.metrics.enums import AccountUse, MetricSource, Platform
from whitecoat.metrics.models import MetricSnapshot, Post, SocialAccount
from whitecoat.organizations.roles import user_is_admin

# Figures an import never overwrites unless the admin ticks "replace": they came from the
# platform itself or from a person. Imported and generated (demo) figures are replaced.
PROTECTED_SOURCES = {MetricSource.API.value, MetricSource.MANUAL.value}
POST_META = ("url", "text", "kind", "published_at")
SKIP = 0  # the account choice meaning "don't import these rows"
ALL = "*"  # the account choice key meaning "every profile of the file"
CHUNK = 2000
# `progress(done, total)`: rows of the file planned so far, out of all of them.
PlanProgress = Callable[[int, int], None]
Parsed = tuple[str, str | None, ParseResult]


def imports_may_manage(*, user: Any) -> bool:
    """Imports, manual entry and their history are for program admins only."""
    return user_is_admin(user)


@dataclass
class Group:
    """The rows of one profile as the file names it (key "" = the file's only account)."""

    key: str
    platform: str | None
    handle: str
    rows: int = 0
    account: SocialAccount | None = None
    matched_by: str = ""
    skipped: bool = False

    @property
    def label(self) -> str:
        platform = Platform(self.platform).label if self.platform in Platform.values else ""
        if self.handle:
            return f"{self.handle} ({platform})" if platform else self.handle
        if platform:
            return f"The {platform} account (the file does not name it)"
        return "The account this file is about (the file does not name it)"

    @property
    def resolved(self) -> bool:
        return self.skipped or self.account is not None


@dataclass
class Op:
    """What committing does with one row of the file."""

    kind: str  # "snapshot" | "post"
    row: int
    group: Group
    action: str
    source: SnapshotRow | PostRow
    existing: Any = None
    values: dict[str, Any] | None = None
    # How the stored post was found when the file names it by another id (an AliasMatch);
    # committing remembers the file's id as its alias.
    alias: str = ""

    def get_action_display(self) -> str:
        return RowAction(self.action).label

    @property
    def figures(self) -> list[tuple[str, int]]:
        figures = self.source.figures().items()
        return [(FIELD_LABELS[name].lower(), value) for name, value in figures]

    @property
    def what(self) -> str:
        if isinstance(self.source, SnapshotRow):
            return f"{self.source.date:%-d %b %Y}"
        return f"post {self.source.post_id}"


@dataclass
class Plan:
    record: Import
    format: str
    detected: str | None
    result: ParseResult
    groups: list[Group]
    ops: list[Op]
    errors: list[RowError]
    notes: list[str]
    earlier: list[Import] = field(default_factory=list)

    @property
    def parsed(self) -> Parsed:
        """The parsed file, to plan it again without reading it again."""
        return self.format, self.detected, self.result

    def counts(self, kind: str) -> dict[str, int]:
        counted = Counter(op.action for op in self.ops if op.kind == kind)
        return {action: counted.get(action, 0) for action in RowAction.values}

    @property
    def snapshot_counts(self) -> dict[str, int]:
        return self.counts("snapshot")

    @property
    def post_counts(self) -> dict[str, int]:
        return self.counts("post")

    @property
    def rows_with_errors(self) -> int:
        return len({(error.sheet, error.row) for error in self.errors if error.row})

    @property
    def unresolved(self) -> list[Group]:
        return [group for group in self.groups if not group.resolved]

    @property
    def problem(self) -> str:
        """Why the file cannot be committed as it is ("" when it can)."""
        if self.errors:
            rows = self.rows_with_errors
            what = f"{rows} row{'s' if rows != 1 else ''}" if rows else "The file"
            return (
                f"{what} {'have' if rows > 1 else 'has'} errors (listed below). An import is all "
                "or nothing: correct the file and upload it again"
                + (", or fix the column mapping." if self.format == GENERIC else ".")
            )
        if self.unresolved:
            names = ", ".join(group.label for group in self.unresolved)
            return f"Choose the account for: {names}."
        if not self.ops:
            return "The file has no rows to import."
        return ""

    def problem_with(self, chosen: dict[str, int]) -> str:
        """`problem` once the admin's choice of accounts ({group key: id or 0}) is applied:
        the file's errors stay; a group the choice names is no longer unresolved."""
        if self.errors or not self.ops:
            return self.problem
        left = [g for g in self.unresolved if g.key not in chosen and ALL not in chosen]
        if left:
            return f"Choose the account for: {', '.join(group.label for group in left)}."
        return ""

    @property
    def may_try_commit(self) -> bool:
        """Whether to offer "Import": no errors (the accounts may be chosen along with it)."""
        return self.record.state == ImportState.UPLOADED and not self.errors and bool(self.ops)

    @property
    def can_commit(self) -> bool:
        return self.record.state == ImportState.UPLOADED and not self.problem


# -------------------------------------------------------------------------------- plan


def import_parse(*, record: Import) -> tuple[str, str | None, ParseResult]:
    """Parse the stored file with the record's format and mapping (pure, no queries)."""
    options = ParseOptions(today=import_upload_day(record=record), mapping=record.mapping or None)
    try:
        parsed = parse_file(
            bytes(record.content), record.file_name, options=options, format=record.format
        )
    except FileError as error:
        result = ParseResult(format=record.format)
        result.errors.append(RowError(row=0, message=str(error)))
        return record.format, record.detected_format or None, result
    return parsed.format, parsed.detected, parsed.result


def import_upload_day(*, record: Import) -> dt.date:
    """The upload date, the latest a year-less date in the file can be."""
    when = record.created_at or timezone.now()
    return timezone.localdate(when)


def import_plan(
    *, record: Import, progress: PlanProgress | None = None, parsed: Parsed | None = None
) -> Plan:
    """What committing the upload would do, against the database as it is now.

    `progress(done, total)` is told the rows planned every CHUNK rows; `parsed` (an earlier
    plan's `parsed`) skips reading the file again.
    """
    fmt, detected, result = parsed or import_parse(record=record)
    groups = _groups(result, record)
    ops: list[Op] = []
    errors = list(result.errors)
    notes = list(result.notes)
    total = len(result.snapshots) + len(result.posts)
    tick = _ticker(progress, total)
    # Rows with errors are left out by the parsers; the others are planned all the same, so
    # the preview shows the whole picture (committing still needs a file without errors).
    ops = _snapshot_ops(result.snapshots, groups, record, errors, notes, tick)
    ops += _post_ops(result.posts, groups, record, errors, notes, tick)
    if progress is not None:
        progress(total, total)
    earlier = list(
        Import.objects.filter(file_hash=record.file_hash, state=ImportState.COMMITTED)
        .exclude(pk=record.pk)
        .select_related("committed_by")
        .order_by("-committed_at")
    )
    ordered = sorted(groups.values(), key=lambda g: (g.key != "", g.platform or "", g.handle))
    return Plan(
        record=record,
        format=fmt,
        detected=detected,
        result=result,
        groups=ordered,
        ops=ops,
        errors=errors,
        notes=notes,
        earlier=earlier,
    )


def _ticker(progress: PlanProgress | None, total: int) -> Callable[[], None]:
    """A function to call once per row planned; it tells `progress` every CHUNK rows."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(done, total)

    return tick


def _key(row: SnapshotRow | PostRow, result: ParseResult) -> str:
    return row.account.key if row.account is not None else ""


def _groups(result: ParseResult, record: Import) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for row in (*result.snapshots, *result.posts):
        key = _key(row, result)
        group = groups.get(key)
        if group is None:
            if row.account is None:
                group = Group(key="", platform=result.platform, handle="")
            else:
                group = Group(key=key, platform=row.account.platform, handle=row.account.handle)
            groups[key] = group
        group.rows += 1
    _resolve(groups, record, result)
    return groups


def _resolve(groups: dict[str, Group], record: Import, result: ParseResult) -> None:
    """Give each group its account: the admin's choice, a remembered alias, the handle."""
    chosen = {str(key): value for key, value in (record.accounts or {}).items()}
    ids = {int(v) for v in chosen.values() if str(v).isdigit() and int(v) != SKIP}
    by_id = SocialAccount.objects.in_bulk(ids) if ids else {}
    for group in groups.values():
        choice = chosen.get(group.key, chosen.get(ALL))
        if choice is None:
            continue
        if str(choice).isdigit() and int(choice) == SKIP:
            group.skipped, group.matched_by = True, "your choice"
        elif str(choice).isdigit() and int(choice) in by_id:
            group.account, group.matched_by = by_id[int(choice)], "your choice"
    waiting = [g for g in groups.values() if not g.resolved]
    if not waiting:
        return
    # The file's account may be named by the file's name or links (X's classic export).
    hint = result.account_hint
    wanted: dict[str, tuple[str | None, str]] = {}
    for group in waiting:
        if group.handle:
            wanted[group.key] = (group.platform, normalise_handle(group.handle))
        elif group.key == "" and hint is not None:
            wanted[group.key] = (hint.platform or group.platform, normalise_handle(hint.handle))
    labels = {label for _, label in wanted.values()}
    aliases: dict[tuple[str, str], SocialAccount] = {
        (alias.platform, alias.label): alias.account
        for alias in AccountAlias.objects.filter(label__in=labels).select_related("account")
    }
    handles = {h for label in labels for h in (label, "@" + label)}
    accounts = list(
        SocialAccount.objects.annotate(lower_handle=Lower("handle")).filter(
            lower_handle__in=handles, use=AccountUse.PROFESSIONAL
        )
    )
    for group in waiting:
        if group.key not in wanted:
            continue
        platform, label = wanted[group.key]
        alias = aliases.get((platform or "", label))
        if alias is not None:
            group.account, group.matched_by = alias, "an earlier choice"
            continue
        matches = [
            account
            for account in accounts
            if normalise_handle(account.handle) == label
            and (platform is None or account.platform == platform)
        ]
        if len(matches) == 1:
            group.account = matches[0]
            group.matched_by = "the handle" if group.handle else "the file's name or links"


def _aware(when: dt.datetime) -> dt.datetime:
    if timezone.is_aware(when):
        return when
    return timezone.make_aware(when, timezone.get_current_timezone())


def _snapshot_ops(
    rows: list[SnapshotRow],
    groups: dict[str, Group],
    record: Import,
    errors: list[RowError],
    notes: list[str],
    tick: Callable[[], None],
) -> list[Op]:
    if not rows:
        return []
    account_ids = {g.account.pk for g in groups.values() if g.account is not None}
    existing: dict[tuple[int, dt.date], MetricSnapshot] = {}
    if account_ids:
        days = [row.date for row in rows]
        for snapshot in MetricSnapshot.objects.filter(
            account_id__in=account_ids, date__range=(min(days), max(days))
        ):
            existing[(snapshot.account_id, snapshot.date)] = snapshot
    ops: list[Op] = []
    seen: dict[tuple[Any, dt.date], SnapshotRow] = {}
    for row in rows:
        tick()
        group = groups[row.account.key if row.account else ""]
        target = group.account.pk if group.account else ("group", group.key)
        first = seen.get((target, row.date))
        if first is not None:
            if first.figures() == row.figures():
                notes.append(f"Row {row.row} repeats row {first.row}: read once.")
            else:
                errors.append(
                    RowError(
                        row=row.row,
                        message=f"{row.date:%-d %b %Y} of {group.label} is also on row "
                        f"{first.row}, with other figures",
                    )
                )
            continue
        seen[(target, row.date)] = row
        if group.account is None:
            ops.append(Op("snapshot", row.row, group, RowAction.SKIP, row))
            continue
        current = existing.get((group.account.pk, row.date))
        action, values = _merge(
            current, row.figures(), SNAPSHOT_FIELDS, (), {}, record.replace_existing
        )
        ops.append(Op("snapshot", row.row, group, action, row, current, values))
    return ops


def _post_ops(
    rows: list[PostRow],
    groups: dict[str, Group],
    record: Import,
    errors: list[RowError],
    notes: list[str],
    tick: Callable[[], None],
) -> list[Op]:
    if not rows:
        return []
    rows = [_canonical(row, groups) for row in rows]
    account_ids = {g.account.pk for g in groups.values() if g.account is not None}
    existing: dict[tuple[int, str], Post] = {}
    post_ids = sorted({row.post_id for row in rows})
    for start in range(0, len(post_ids) if account_ids else 0, CHUNK):
        for post in Post.objects.filter(
            account_id__in=account_ids, platform_post_id__in=post_ids[start : start + CHUNK]
        ).defer("media", "links"):
            existing[(post.account_id, post.platform_post_id)] = post
    matched_by = _other_ids(rows, groups, existing, notes)
    ops: list[Op] = []
    seen: dict[tuple[Any, str], PostRow] = {}
    for row in rows:
        tick()
        group = groups[row.account.key if row.account else ""]
        target = group.account.pk if group.account else ("group", group.key)
        first = seen.get((target, row.post_id))
        if first is not None:
            if first.figures() == row.figures():
                notes.append(f"Row {row.row} repeats row {first.row}: read once.")
            else:
                errors.append(
                    RowError(
                        row=row.row,
                        message=f"post {row.post_id} is also on row {first.row}, with other "
                        "figures",
                    )
                )
            continue
        seen[(target, row.post_id)] = row
        if group.account is None:
            ops.append(Op("post", row.row, group, RowAction.SKIP, row))
            continue
        current = existing.get((group.account.pk, row.post_id))
        published = _aware(row.published_at)
        if current is not None and (
            timezone.localdate(current.published_at) == timezone.localdate(published)
            and published.time() == dt.time(0, 0)
        ):
            published = current.published_at  # a date-only export keeps the known time
        meta = {"url": row.url, "text": row.text, "kind": row.kind, "published_at": published}
        action, values = _merge(
            current, row.figures(), POST_FIELDS, POST_META, meta, record.replace_existing
        )
        op = Op("post", row.row, group, action, row, current, values)
        op.alias = matched_by.get((group.account.pk, row.post_id), "")
        ops.append(op)
    return ops


def _canonical(row: PostRow, groups: dict[str, Group]) -> PostRow:
    """LinkedIn ids as URNs (a tool's bare number beside its link becomes the link's URN),
    so a post is known by one spelling whatever file it came from."""
    group = groups[row.account.key if row.account else ""]
    platform = group.account.platform if group.account else group.platform
    if platform != Platform.LINKEDIN:
        return row
    post_id = linkedin_ids.canonical(row.post_id, url=row.url)
    return row if post_id == row.post_id else replace(row, post_id=post_id)


def _other_ids(
    rows: list[PostRow],
    groups: dict[str, Group],
    existing: dict[tuple[int, str], Post],
    notes: list[str],
) -> dict[tuple[int, str], str]:
    """LinkedIn posts stored under their other id (the API's share/ugcPost for an export's
    activity): found by connectors/reconcile.py and added to `existing`. Returns how each
    was found when the file's id is new to that post (committing remembers it)."""
    found: dict[tuple[int, str], str] = {}
    by_account: dict[int, tuple[SocialAccount, list[PostRef]]] = {}
    for row in rows:
        group = groups[row.account.key if row.account else ""]
        account = group.account
        if account is None or account.platform != Platform.LINKEDIN:
            continue
        if (account.pk, row.post_id) in existing:
            continue
        published = _aware(row.published_at)
        ref = PostRef(
            post_id=row.post_id,
            published_at=published,
            text=row.text,
            date_only=timezone.localtime(published).time() == dt.time(0, 0),
        )
        by_account.setdefault(account.pk, (account, []))[1].append(ref)
    for account, refs in by_account.values():
        posts = Post.objects.defer("media", "links")
        for post_id, match in posts_match(account=account, refs=refs, posts=posts).items():
            existing[(account.pk, post_id)] = match.post
            if match.new_alias:
                found[(account.pk, post_id)] = match.how
                notes.append(
                    f"Post {post_id} is the post already recorded as "
                    f"{match.post.platform_post_id} ({AliasMatch(match.how).label.lower()}): "
                    "it is updated, not added again."
                )
    return found


def _merge(
    current: Any,
    figures: dict[str, int],
    fields: tuple[str, ...],
    meta_fields: tuple[str, ...],
    meta: dict[str, Any],
    replace: bool,
) -> tuple[str, dict[str, Any] | None]:
    """The action and the values to write for one row (see docs/imports.md)."""
    if current is None:
        values = {name: figures.get(name) for name in fields}
        values.update({name: meta[name] for name in meta_fields})
        if "kind" in values and not values["kind"]:
            values["kind"] = "text"
        return RowAction.CREATE, values
    if current.source in PROTECTED_SOURCES and not replace:
        return RowAction.KEPT, None
    if current.source in PROTECTED_SOURCES:
        # Replacing figures from elsewhere: the day (or post) becomes the file's alone, so
        # its source says the truth about every figure in it.
        values = {name: figures.get(name) for name in fields}
    else:
        values = {name: figures.get(name, getattr(current, name)) for name in fields}
    for name in meta_fields:
        values[name] = meta[name] or getattr(current, name)
    old = {name: getattr(current, name) for name in values}
    if values == old and current.source == MetricSource.IMPORT:
        return RowAction.UNCHANGED, None
    return RowAction.UPDATE, values


# ----------------------------------------------------------------------------- history


def import_list() -> QuerySet[Import]:
    """Every import, newest first, with who uploaded, committed and undid it."""
    return (
        Import.objects.select_related("uploaded_by", "committed_by", "undone_by")
        .defer("content", "mapping", "accounts")
        .order_by("-created_at", "-id")
    )


def import_get(*, import_id: int) -> Import:
    return Import.objects.select_related("uploaded_by", "committed_by", "undone_by").get(
        pk=import_id
    )


def import_accounts_written(*, record: Import) -> QuerySet[SocialAccount]:
    """The accounts an import wrote to (for links to their figures)."""
    ids = record.changes.values("account_id").distinct()
    return SocialAccount.objects.filter(pk__in=ids).order_by("platform", "handle")


def account_choices(*, platform: str | None) -> list[SocialAccount]:
    """The accounts an admin may send a profile's rows to (that platform's, when known)."""
    accounts = (
        SocialAccount.objects.select_related("ambassador__person", "unit_department", "unit_entity")
        .filter(use=AccountUse.PROFESSIONAL)
        .order_by("platform", "handle")
    )
    if platform:
        accounts = accounts.filter(platform=platform)
    return list(accounts)


def account_owner(account: SocialAccount) -> str:
    if account.ambassador_id:
        return account.ambassador.person.full_name
    unit = account.unit_department or account.unit_entity
    return f"{unit} (institutional)" if unit else "institutional"


# ---------------------------------------------------------------------- account figures


@dataclass(frozen=True)
class FigureDay:
    snapshot: MetricSnapshot
    entered_by: str


def account_figures(*, account: SocialAccount, days: int = 120) -> list[FigureDay]:
    """The account's daily figures, newest first, with who typed the hand-entered ones."""
    snapshots = list(account.snapshots.order_by("-date")[:days])
    manual = {
        entry.date: entry.entered_by.get_username() if entry.entered_by else ""
        for entry in ManualEntry.objects.filter(
            account=account, date__in=[s.date for s in snapshots if s.source == "manual"]
        )
        .select_related("entered_by")
        .order_by("entered_at")
    }
    return [FigureDay(snapshot=s, entered_by=manual.get(s.date, "")) for s in snapshots]


def account_imported_posts(*, account: SocialAccount, limit: int = 20) -> QuerySet[Post]:
    return account.posts.order_by("-published_at", "-id")[:limit]


def format_label(key: str) -> str:
    module = BY_KEY.get(key)
    return module.INFO.label if module else key


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    samples: list[str]


def import_columns(*, record: Import) -> list[Column]:
    """The columns of the header row the mapping names, with a few values of each."""
    try:
        book = read_book(bytes(record.content), record.file_name)
    except FileError:
        return []
    mapping = record.mapping or {}
    sheet = book.sheet(mapping.get("sheet") or "") or book.sheets[0]
    try:
        index = sheet.numbers.index(int(mapping.get("header_row", 1)))
    except ValueError:
        return []
    labels = [str(cell if cell is not None else "").strip() for cell in sheet.rows[index]]
    below = sheet.rows[index + 1 : index + 4]
    return [
        Column(
            index=i,
            label=label,
            samples=[str(row[i]) for row in below if i < len(row) and row[i] not in (None, "")],
        )
        for i, label in enumerate(labels)
    ]


def mapping_for_header_row(*, record: Import, header_row: int) -> dict[str, Any]:
    """The mapping proposed from the names on another header row (the admin moved it)."""
    mapping = dict(record.mapping or {})
    mapping["header_row"] = header_row
    columns = import_columns(
        record=Import(content=record.content, file_name=record.file_name, mapping=mapping)
    )
    normed = [norm(column.label) for column in columns]
    mapping["columns"] = {
        name: col
        for name, col in match_columns(normed, GENERIC_ALIASES).items()
        if name in fields_for(mapping.get("kind", "snapshots"))
    }
    return mapping
