"""The sign-in settings read from the environment: one OpenID Connect provider without the
back office, the lockout numbers, and a cache that several processes can share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'providers': s.SOCIALACCOUNT_PROVIDERS, 'limits': s.ACCOUNT_RATE_LIMITS, "
    "'cache': s.CACHES['default']['BACKEND'], 'mfa': s.MFA_REQUIRED_FOR_ADMINS}))"
)


def settings_with(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The settings as a process with this environment (and no other OIDC_/CACHE_) sees them."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "CACHE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=ROOT,
        env={**base, "WHITECOAT_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_environment_configures_sso_lockout_cache_and_mfa(tmp_path):
    result = settings_with(
        tmp_path,
        OIDC_SERVER_URL="https://login.hospital.test/realms/staff",
        OIDC_CLIENT_ID="whitecoat",
        OIDC_CLIENT_SECRET="from-the-environment",
        OIDC_PROVIDER_ID="hospital-sso",
        LOGIN_FAILURES_LIMIT="3",
        LOGIN_LOCKOUT_SECONDS="600",
        CACHE_BACKEND="database",
        MFA_REQUIRED_FOR_ADMINS="true",
    )

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    app = shown["providers"]["openid_connect"]["APPS"][0]
    assert app["provider_id"] == "hospital-sso"
    assert app["settings"] == {"server_url": "https://login.hospital.test/realms/staff"}
    assert app["secret"] == "from-the-environment"
    assert shown["limits"]["login_failed"].endswith(",3/600s/key")
    assert shown["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert shown["mfa"] is True


def test_defaults_need_nothing_running(tmp_path):
    result = settings_with(tmp_path)

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["providers"] == {}
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["limits"]["login_failed"] == "30/m/ip,5/900s/key"
    assert shown["mfa"] is False


def test_unknown_cache_backend_is_refused(tmp_path):
    result = settings_with(tmp_path, CACHE_BACKEND="memcache")

    assert result.returncode != 0
    assert "CACHE_BACKEND must be one of locmem, database, redis" in result.stderr
