from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from whitecoat.core.env import env_bool, env_list, secret_key_from_file

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_reads_words(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")

    assert env_bool("FLAG", False) is True


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")

    with pytest.raises(ValueError, match="FLAG must be true or false"):
        env_bool("FLAG", False)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, b.example ,,")

    assert env_list("HOSTS", "") == ["a.example", "b.example"]


def test_secret_key_is_generated_once_and_private(tmp_path):
    path = tmp_path / "var" / "secret_key"

    first = secret_key_from_file(path)
    second = secret_key_from_file(path)

    assert first == second
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "false",
            "SECRET_KEY": "x" * 20
            + "-production-secret-key-of-enough-length-and-variety-0123456789",
            "ALLOWED_HOSTS": "whitecoat.example.org",
            "WHITECOAT_VAR_DIR": str(tmp_path),
        },
    )

    assert result.returncode == 0, result.stderr


def test_default_database_is_sqlite_under_var(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["WHITECOAT_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.strip() == str(tmp_path / "whitecoat.sqlite3")
    assert (tmp_path / "secret_key").exists()


def test_passwords_are_hashed_with_argon2():
    from django.conf import settings as django_settings

    # The suite swaps in a fast hasher; the project's own setting is read from the module.
    from whitecoat import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.PASSWORD_HASHERS  # the suite's override is still a list
