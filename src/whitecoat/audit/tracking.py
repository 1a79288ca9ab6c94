"""Which models the audit trail tracks, which fields it never copies, and the history
records class that writes each version.

The rule: every model of every `whitecoat.*` app that has migrations, and Django's users
with their groups, is tracked, except the models in EXCLUDED_MODELS (each with its reason).
A model added later is tracked without anyone touching this file; its history table comes
with the next `makemigrations` (tests/audit/test_coverage.py fails until then). A new app
joins once its first migration exists, so an app still being written (whose tables the
test database creates without migrations) is not held up by history tables it lacks.

Historical models live in this app (`whitecoat.audit`), named after their app so two apps
may have models of the same name: program.Ambassador → audit.HistoricalProgramAmbassador.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any

import simple_history
from django.apps import apps
from django.db import models
from simple_history.models import HistoricalRecords

from whitecoat.audit.context import audit_is_paused, source_current
from whitecoat.audit.fields import RelatedId
from whitecoat.connectors.crypto import EncryptedTextField

AUDIT_APP = "whitecoat.audit"
TRACKED_APP_PREFIX = "whitecoat."
EXTRA_MODELS = ("auth.User",)  # logins, with their roles (group membership)

# Measurement rows and derived data: high volume, written by syncs, imports and refreshes,
# and recomputable. Tracking them would bury the program's decisions in noise.
EXCLUDED_MODELS: dict[str, str] = {
    "metrics.MetricSnapshot": "daily figures per account, hundreds of thousands of rows "
    "written by syncs and imports (an import keeps its own undo record)",
    "metrics.Post": "posts arrive by the thousand from syncs and imports: measurements, "
    "not decisions",
    "leaderboard.Ranking": "recomputed from the snapshots by the daily leaderboard refresh",
    "leaderboard.Standing": "the rows of a recomputed ranking",
    "screening.PostScreening": "the coach's verdict on a post, recomputed at every screening",
    "screening.Finding": "replaced at every screening; admins' decisions on findings are "
    "Review rows, which are tracked",
    "content.ContentItem": "one per post, rewritten by the analysis at every sync; its moves "
    "through the curation queue are ItemChange rows, which are tracked",
    "content.KitClick": "a link-click counter, one row per visitor and hour",
    "connectors.PostAlias": "another platform id of a post, written by syncs and imports "
    "alongside the posts themselves",
    "connectors.SyncRun": "a sync run's log, its counters updated as accounts finish",
    "connectors.SyncItem": "a sync run's per-account attempt log",
    "imports.ImportChange": "an import's own undo log (up to a thousand row ids each), "
    "written once when the import is committed",
}

# Never copied into the history: secrets, besides every EncryptedTextField (found by type).
SECRET_FIELDS: dict[str, set[str]] = {
    "auth.User": {"password"},
    "api.ApiToken": {"token_hash"},
}
# Not copied either: bulky or meaningless as history. Every BinaryField (an uploaded file's
# bytes; the row keeps its name, size and hash) is found by type.
QUIET_FIELDS: dict[str, set[str]] = {
    "auth.User": {"last_login"},  # each sign-in would write a version
}
# Kept in the history but not shown as a change: every save moves them.
NOISE_FIELDS = frozenset({"created_at", "updated_at"})


def model_label(model: type[models.Model]) -> str:
    return model._meta.label


def app_has_migrations(name: str) -> bool:
    try:
        package = importlib.import_module(f"{name}.migrations")
    except ImportError:
        return False
    return any(module[:4].isdigit() for _, module, _ in pkgutil.iter_modules(package.__path__))


def tracked_apps() -> list[str]:
    """The app labels whose models the rule covers."""
    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith(TRACKED_APP_PREFIX)
        and config.name != AUDIT_APP
        and app_has_migrations(config.name)
    ]


def candidate_models() -> list[type[models.Model]]:
    """Every model the rule covers, before the exclusions."""
    found = [model for label in tracked_apps() for model in apps.get_app_config(label).get_models()]
    return found + [apps.get_model(label) for label in EXTRA_MODELS]


def tracked_models() -> list[type[models.Model]]:
    return [m for m in candidate_models() if model_label(m) not in EXCLUDED_MODELS]


def excluded_fields_for(model: type[models.Model]) -> list[str]:
    """Fields whose values never enter the history (secrets, file bytes, sign-in times)."""
    label = model_label(model)
    names = SECRET_FIELDS.get(label, set()) | QUIET_FIELDS.get(label, set())
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedTextField | models.BinaryField):
            names.add(field.name)
    return sorted(names)


def secret_fields_for(model: type[models.Model]) -> set[str]:
    label = model_label(model)
    typed = {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
    return SECRET_FIELDS.get(label, set()) | typed


def m2m_fields_for(model: type[models.Model]) -> list[str]:
    """Many-to-many fields with Django's own link table (a department's nominators, a user's
    groups): their links are copied with each version. Links through a model of ours are
    that model's own rows, tracked like any other."""
    return [
        field.name
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def history_model_name(model: type[models.Model]) -> Any:
    prefix = "".join(part.capitalize() for part in model._meta.app_label.split("_"))
    return lambda name: f"Historical{prefix}{name}"


class AuditedRecords(HistoricalRecords):
    """simple-history's records, with the audit trail's rules:

    - nothing is written while `audit_paused()` is on;
    - a save that only writes excluded or noise fields (`save(update_fields=[…])` of a
      sign-in time or of re-encrypted tokens) writes no version;
    - foreign keys are kept as ids (copy_fields);
    - the change reason records where the change came from when no reason was given.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.silent_fields = set(self.excluded_fields) | NOISE_FIELDS

    def copy_fields(self, model: type[models.Model]) -> dict[str, models.Field]:
        """The model's fields for its historical table, foreign keys as plain ids (see
        fields.RelatedId). Django's own link tables (many-to-many) keep theirs: there are
        few, and simple-history reads their rows through them."""
        fields = super().copy_fields(model)
        if model._meta.auto_created:
            return fields
        for name, field in fields.items():
            original = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey) and isinstance(
                original.target_field, models.IntegerField
            ):
                fields[name] = RelatedId(
                    null=True,
                    blank=True,
                    db_index=True,
                    verbose_name=original.verbose_name,
                    help_text=original.help_text,
                )
        return fields

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        if audit_is_paused():
            return
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= self.silent_fields:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def pre_delete(self, instance: Any, **kwargs: Any) -> None:
        if not audit_is_paused():
            super().pre_delete(instance, **kwargs)

    def post_delete(self, instance: Any, using: Any = None, **kwargs: Any) -> None:
        if not audit_is_paused():
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(
        self, instance: Any, action: str, attr: str, pk_set: Any, reverse: bool, **kwargs: Any
    ) -> None:
        if audit_is_paused():
            return
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        # From the other side (user.nominating_departments.add(department)): the versions
        # belong to the objects that own the field, never to `instance`.
        owners = self.cls._default_manager.filter(**{attr: instance})
        stash = f"_audit_cleared_{attr}"
        if action == "pre_clear":
            setattr(instance, stash, list(owners))
        elif action in ("post_add", "post_remove"):
            for owner in self.cls._default_manager.filter(pk__in=pk_set or ()):
                self.create_historical_record(owner, "~")
        elif action == "post_clear":
            for owner in getattr(instance, stash, []):
                self.create_historical_record(owner, "~")

    def get_change_reason_for_object(self, instance: Any, history_type: str, using: Any) -> str:
        explicit = super().get_change_reason_for_object(instance, history_type, using)
        if explicit:
            return explicit
        request = getattr(self.context, "request", None)
        line = f"{request.method} {request.path}" if request is not None else ""
        return source_current(request_line=line)


def tracking_register(models_to_track: Iterable[type[models.Model]] | None = None) -> None:
    """Attach a history to every tracked model (idempotent)."""
    for model in tracked_models() if models_to_track is None else models_to_track:
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        simple_history.register(
            model,
            app=AUDIT_APP,
            records_class=AuditedRecords,
            excluded_fields=excluded_fields_for(model),
            m2m_fields=m2m_fields_for(model),
            custom_model_name=history_model_name(model),
            history_change_reason_field=models.TextField(null=True, blank=True),
            # The user's id, not a foreign key: a deleted user's changes keep their id, and
            # fifty historical tables pointing at the user table would make every later
            # migration that touches users re-render them all (and migrate slowly).
            history_user_id_field=models.IntegerField(null=True, blank=True, db_index=True),
        )


def model_is_tracked(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def tracked_model_for(label: str) -> type[models.Model] | None:
    """The tracked model for "program.ambassador" (any case), or None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if model_is_tracked(model) else None
