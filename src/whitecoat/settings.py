"""WhiteCoat settings: one module, every value from the environment with a working default.

The defaults run a local, single-machine install on SQLite under var/. Production sets
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL); see docs/operators.md.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from whitecoat.core.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    fernet_keys,
    secret_key_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("WHITECOAT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "") or secret_key_from_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = env_str("SITE_NAME", "WhiteCoat")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "whitecoat.core",
    "whitecoat.organizations",
    "whitecoat.identity",
    "whitecoat.program",
    "whitecoat.training",
    "whitecoat.metrics",
    "whitecoat.imports",
    "whitecoat.connectors",
    "whitecoat.screening",
    "whitecoat.leaderboard",
    "whitecoat.content",
    "whitecoat.governance",
    "whitecoat.reports",
    "whitecoat.demo",
    "whitecoat.dashboard",
    "whitecoat.api",
    "whitecoat.audit",  # last: it tracks the models of the apps above (audit/tracking.py)
]

MIDDLEWARE = [
    # A request id and one log line per request; GET /healthz answered before host checks.
    "whitecoat.core.middleware.RequestLogMiddleware",
    "whitecoat.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # the audit trail's "who"
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "whitecoat.identity.middleware.AdminMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "whitecoat.urls"
WSGI_APPLICATION = "whitecoat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "whitecoat.dashboard.context_processors.site",
            ],
        },
    },
]

# SQLite by default (WAL, immediate transactions, a busy timeout so the web server and a
# worker can share it); PostgreSQL in production through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'whitecoat.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in through django-allauth: local accounts (usernames; program admins create them, no
# self-registration), single sign-on (OpenID Connect and SAML 2.0 applications registered
# in the back office, or one OpenID Connect provider from OIDC_* below), optional TOTP.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "whitecoat.identity.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "whitecoat.identity.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_SESSION_REMEMBER = True
# Lockout: LOGIN_FAILURES_LIMIT wrong passwords for one username within
# LOGIN_LOCKOUT_SECONDS lock it for the rest of that window; one address may fail
# LOGIN_FAILURES_PER_IP times a minute (generous: a hospital's staff share a few addresses).
# The counters live in the cache (CACHES below).
LOGIN_FAILURES_LIMIT = env_int("LOGIN_FAILURES_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 30)
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": (
        f"{LOGIN_FAILURES_PER_IP}/m/ip,{LOGIN_FAILURES_LIMIT}/{LOGIN_LOCKOUT_SECONDS}s/key"
    ),
}
# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For (so the
# limits count the user's address, not the proxy's).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SOCIALACCOUNT_ADAPTER = "whitecoat.identity.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if env_str("OIDC_SERVER_URL", ""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                "name": env_str("OIDC_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID", ""),
                "secret": env_str("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": env_str("OIDC_SERVER_URL", "")},
            }
        ]
    }
MFA_ADAPTER = "whitecoat.identity.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_TOTP_TOLERANCE = 1  # also accept the previous and next 30-second code (clock drift)
# E-mail addresses are set by program admins, not claimed by users.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# On: program admins who log in with a password must set up an authenticator app first.
MFA_REQUIRED_FOR_ADMINS = env_bool("MFA_REQUIRED_FOR_ADMINS", False)

# The cache holds the login counters: the process's memory by default (nothing to run);
# with several web processes use CACHE_BACKEND=database (run `manage.py createcachetable`
# once) or CACHE_BACKEND=redis (REDIS_URL) so that they share them.
CACHE_BACKEND = env_str("CACHE_BACKEND", "locmem")
_cache_backends = {
    "locmem": ("django.core.cache.backends.locmem.LocMemCache", "whitecoat"),
    "database": ("django.core.cache.backends.db.DatabaseCache", "whitecoat_cache"),
    "redis": (
        "django.core.cache.backends.redis.RedisCache",
        env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
    ),
}
if CACHE_BACKEND not in _cache_backends:
    raise ValueError(f"CACHE_BACKEND must be one of {', '.join(_cache_backends)}")
CACHES = {
    "default": {
        "BACKEND": _cache_backends[CACHE_BACKEND][0],
        "LOCATION": _cache_backends[CACHE_BACKEND][1],
    }
}
# How long the home pages' totals and the program reports may reuse a computed figure
# (whitecoat.core.cache); 0 computes them on every request.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 120)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Django 6.1's MAILERS: SMTP (EMAIL_HOST, ...) by default in production, the console on a
# DEBUG machine; EMAIL_BACKEND may also name "locmem" or any backend's dotted path.
_email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
_email_backends = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
MAILERS = {"default": {"BACKEND": _email_backends.get(_email_backend, _email_backend)}}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "WhiteCoat <whitecoat@localhost>")

# A strict Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Secure cookies and HTTPS everywhere except on a DEBUG machine.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"

# Logs go to standard error: readable text by default, or one JSON object per line with
# LOG_FORMAT=json (time, level, logger, message, request id/path/status/duration, exception).
# Both formats mask secrets (whitecoat.core.logs).
LOG_FORMAT = env_str("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ValueError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "whitecoat.core.logs.TextFormatter"},
        "json": {"()": "whitecoat.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # httpx logs every URL at INFO; some platforms put tokens in the query: keep it quiet.
    "loggers": {
        # Django's own console handlers (DEBUG only) would print a second, unformatted copy.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# Background work through django.tasks. The default, django-tasks-db, keeps the queue in the
# database (`manage.py db_worker`; several workers scale out on PostgreSQL with SKIP LOCKED).
# TASKS_BACKEND=rq uses django-tasks-rq with Redis at REDIS_URL (pip install
# django-tasks-rq, then `manage.py rqworker --job-class django_tasks_rq.Job`);
# TASKS_BACKEND=immediate runs each task inside the request (tests, one-off scripts).
TASKS_BACKEND = env_str("TASKS_BACKEND", "db")
_task_backends = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _task_backends.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default"],
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}

# Connection tokens are encrypted at rest with these Fernet keys (MultiFernet: the first
# encrypts, every one decrypts; `manage.py rotate_token_keys` re-encrypts with the first).
WHITECOAT_FERNET_KEYS = fernet_keys(env_str("WHITECOAT_FERNET_KEYS", ""), VAR_DIR / "fernet_key")

# The account sync: accounts claimed per batch, parallel fetches in each worker, work tasks
# per run (one per worker you run), how long a claim may go silent before another worker
# takes it over, and the longest a worker waits for a platform's rate-limit window.
SYNC_CLAIM_BATCH = env_int("SYNC_CLAIM_BATCH", 25)
SYNC_FETCH_CONCURRENCY = env_int("SYNC_FETCH_CONCURRENCY", 16)
SYNC_WORKERS_PER_RUN = env_int("SYNC_WORKERS_PER_RUN", 2)
SYNC_CLAIM_TIMEOUT = env_int("SYNC_CLAIM_TIMEOUT", 30 * 60)
SYNC_MAX_WAIT = env_int("SYNC_MAX_WAIT", 15 * 60)
SYNC_HTTP_TIMEOUT = env_int("SYNC_HTTP_TIMEOUT", 20)
# `run_periodic` queues the daily sync from this local hour on.
SYNC_DAILY_HOUR = env_int("SYNC_DAILY_HOUR", 3)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

# The content hub resolves short links (bit.ly, t.co, …) in posts with one HEAD request only
# when this is on; off, they resolve through the redirects admins record (no network calls).
CONTENT_EXPAND_SHORT_LINKS = env_bool("CONTENT_EXPAND_SHORT_LINKS", False)
