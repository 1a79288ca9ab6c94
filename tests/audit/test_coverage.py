"""Which models the audit trail tracks: every model of a data app is tracked or excluded
with a reason, no secret enters a historical table, and the history tables exist."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from whitecoat.audit import tracking
from whitecoat.audit.fields import RelatedId

# Field names that hold a secret wherever they appear; a tracked model with such a field
# must exclude it (SECRET_FIELDS, or an EncryptedTextField) or be listed here with why not.
SECRET_WORDS = ("password", "secret", "token_hash", "access_token", "refresh_token", "api_key")
NOT_SECRET = {
    ("content.KitLink", "token"): "the public slug of a tracked link (/k/<token>), shared in posts",
}


def _data_models() -> list[type]:
    return [
        model
        for label in tracking.tracked_apps()
        for model in apps.get_app_config(label).get_models()
    ]


def test_every_model_of_a_data_app_is_tracked_or_excluded_with_a_reason():
    untracked = [
        m._meta.label
        for m in _data_models()
        if not tracking.model_is_tracked(m) and m._meta.label not in tracking.EXCLUDED_MODELS
    ]

    assert untracked == []


def test_data_apps_are_every_whitecoat_app_with_migrations():
    labels = set(tracking.tracked_apps())

    assert {"organizations", "program", "training", "metrics", "content", "imports"} <= labels
    assert {"core", "connectors", "screening", "leaderboard", "api"} <= labels
    assert "audit" not in labels


def test_excluded_models_exist_and_are_not_tracked():
    for label, reason in tracking.EXCLUDED_MODELS.items():
        model = apps.get_model(label)

        assert not tracking.model_is_tracked(model), label
        assert reason.strip(), label


def test_users_and_their_groups_are_tracked():
    user_model = apps.get_model("auth.User")

    assert tracking.model_is_tracked(user_model)
    assert tracking.m2m_fields_for(user_model) == ["groups", "user_permissions"]


def test_no_historical_table_has_a_secret_column():
    leaks = []
    for model in tracking.tracked_models():
        history_fields = {f.name for f in model.history.model._meta.fields}
        for field in model._meta.concrete_fields:
            secret_named = any(word in field.name for word in SECRET_WORDS) or field.name == "token"
            if field.name in history_fields and (
                field.name in tracking.secret_fields_for(model)
                or (secret_named and (model._meta.label, field.name) not in NOT_SECRET)
            ):
                leaks.append(f"{model._meta.label}.{field.name}")

    assert leaks == []


def test_encrypted_and_binary_fields_are_never_copied():
    connection = apps.get_model("connectors.Connection")
    platform_app = apps.get_model("connectors.PlatformApp")
    upload = apps.get_model("imports.Import")

    assert {"access_token", "refresh_token"} <= set(tracking.excluded_fields_for(connection))
    assert "client_secret" in tracking.excluded_fields_for(platform_app)
    assert "content" in tracking.excluded_fields_for(upload)


def test_foreign_keys_are_kept_as_ids_in_the_historical_tables():
    ambassador = apps.get_model("program.Ambassador")

    person = ambassador.history.model._meta.get_field("person")

    assert isinstance(person, RelatedId)
    assert person.attname == "person_id"


@pytest.mark.django_db
def test_history_tables_of_every_tracked_model_have_their_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "audit", "--check", "--dry-run", stdout=out)
    except SystemExit:  # pragma: no cover - the failure message says what to run
        pytest.fail(
            "The audit trail's historical tables need a migration: run "
            "`manage.py makemigrations` (it writes the audit app's one too).\n" + out.getvalue()
        )
