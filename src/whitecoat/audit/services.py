"""Writing the audit trail's index entry for each version simple-history records."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from simple_history.models import DeletedObject, ModelChange

from whitecoat.audit.enums import HISTORY_TYPE_ACTIONS, AuditAction
from whitecoat.audit.models import AuditEntry
from whitecoat.audit.tracking import NOISE_FIELDS

MAX_VALUE = 300
MAX_REPR = 200
EMPTY = {"", "[]", "{}"}


def audit_entry_record(*, history: Any, instance: models.Model, user: Any) -> AuditEntry | None:
    """Index one version: who, when, which record, and what changed (old → new).

    A save that changed no field shown in the trail (only `updated_at`, or nothing) keeps
    its version in the historical table but gets no entry. A deletion lists no values: a
    cascade may delete hundreds of rows, and each one's last values are its previous
    version (the record's history page shows them).
    """
    action = HISTORY_TYPE_ACTIONS[history.history_type]
    opts = instance._meta
    changes: list[dict[str, Any]] = []
    if action == AuditAction.CHANGED:
        changes = _changes_since_previous(history=history, opts=opts)
        if not changes:
            return None
    elif action == AuditAction.CREATED:
        changes = _created_values(instance=instance)
    user = user if getattr(user, "pk", None) is not None else None
    return AuditEntry.objects.create(
        at=history.history_date,
        action=action,
        model=opts.label,
        object_id=str(instance.pk),
        object_repr=_text(instance, limit=MAX_REPR),
        user=user,
        actor=_actor(user),
        source=history.history_change_reason or "",
        changes=changes,
        history_id=history.history_id,
    )


def _actor(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = user.get_username()
    return f"{name} ({username})" if name and name != username else username


def _changes_since_previous(*, history: Any, opts: Any) -> list[dict[str, Any]]:
    previous = (
        type(history)
        .objects.filter(**{opts.pk.attname: getattr(history, opts.pk.attname)})
        .filter(history_id__lt=history.history_id)
        .order_by("-history_id")
        .first()
    )
    if previous is None:  # the record is older than the trail: only its new values are known
        return [
            _change(opts, name, None, value)
            for name, value in _tracked_values(history, opts, fields_of=history)
        ]
    delta = history.diff_against(previous, excluded_fields=NOISE_FIELDS, foreign_keys_are_objs=True)
    return [_from_model_change(opts, change) for change in delta.changes]


def _created_values(*, instance: models.Model) -> list[dict[str, Any]]:
    """A new record's values that are not empty (old: none)."""
    opts = instance._meta
    history_model = type(instance).history.model  # type: ignore[attr-defined]
    return [
        _change(opts, name, None, value)
        for name, value in _tracked_values(instance, opts, fields_of=history_model)
        if value not in EMPTY
    ]


def _tracked_values(source: Any, opts: Any, *, fields_of: Any) -> list[tuple[str, str]]:
    """(name, text) of each field shown in the trail, read from a record or a version."""
    values = []
    for field in fields_of.tracked_fields:
        if not field.editable or field.name in NOISE_FIELDS or field.primary_key:
            continue
        field = opts.get_field(field.name)
        if field.is_relation and field.is_cached(source):
            values.append((field.name, _format(field, getattr(source, field.name))))
        else:
            values.append((field.name, _format(field, getattr(source, field.attname))))
    return values


def _from_model_change(opts: Any, change: ModelChange) -> dict[str, Any]:
    field = opts.get_field(change.field)
    if field.many_to_many:
        return _change(opts, change.field, _links(field, change.old), _links(field, change.new))
    return _change(opts, change.field, _format(field, change.old), _format(field, change.new))


def _change(opts: Any, name: str, old: str | None, new: str | None) -> dict[str, Any]:
    label = str(opts.get_field(name).verbose_name)
    return {"field": name, "label": label[:1].upper() + label[1:], "old": old, "new": new}


def _links(field: Any, rows: list[dict[str, Any]]) -> str:
    """A many-to-many field's links as the names of the objects at the other end."""
    other = field.m2m_reverse_field_name()
    return _clip(", ".join(sorted(_text(row.get(other)) for row in rows)))


def _format(field: Any, value: Any) -> str:
    if value is None:
        return ""
    if (field.many_to_one or field.one_to_one) and not isinstance(
        value, models.Model | DeletedObject
    ):
        value = _related(field, value)
    if isinstance(value, DeletedObject):
        return f"#{value.pk} (deleted)"
    if isinstance(value, models.Model):
        return _clip(f"{_text(value)} (#{value.pk})")
    if getattr(field, "choices", None):
        return _clip(str(dict(field.flatchoices).get(value, value)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _clip(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    return _clip(str(value))


def _related(field: Any, pk: Any) -> models.Model | DeletedObject:
    """The row a foreign key held (versions keep ids only; see fields.RelatedId)."""
    found = field.related_model._default_manager.filter(pk=pk).first()
    return found if found is not None else DeletedObject(field.related_model, pk)


def _text(obj: Any, *, limit: int = MAX_VALUE) -> str:
    """str() of a record, which must never stop a save: a broken or slow __str__ (one that
    reads a related row deleted in the same cascade) falls back to the label and key."""
    if obj is None:
        return ""
    try:
        text = str(obj)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
        text = f"{obj._meta.verbose_name} #{obj.pk}" if hasattr(obj, "_meta") else repr(obj)
    return _clip(text, limit=limit)


def _clip(text: str, *, limit: int = MAX_VALUE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
