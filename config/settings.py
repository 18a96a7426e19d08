"""Braid settings, driven by environment variables (see the table in README.md)."""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BRAID_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Read BRAID_SECRET_KEY, or keep a generated one under var/ for the embedded default.

    `braid serve` refuses to start without BRAID_SECRET_KEY (see braid/cli.py), so a
    generated key only ever serves a developer's own machine.
    """
    configured = env_str("BRAID_SECRET_KEY")
    if configured:
        return configured
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("BRAID_DEBUG", False)
ALLOWED_HOSTS = env_list("BRAID_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("BRAID_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("BRAID_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# django-ninja is not listed as an app: listing it imports ninja and pydantic at the start of
# every command (0.15-0.25 s of a `braid` command's second), where only the API needs them.
# Its docs page's template and Swagger UI files are found through NINJA_DIR below, and
# braid.core.api.LocalSwagger renders that template (ninja would fall back to a CDN).
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "axes",
    "csp",
    "braid.core",
    "braid.accounts",
    "braid.collaboratives",
    "braid.partners",
    "braid.agenda",
    "braid.measures",
    "braid.meetings",
    "braid.surveys",
    "braid.networks",
    "braid.reports",
    "braid.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "braid.core.logs.RequestIdMiddleware",
    "braid.core.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "braid.core.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "braid.core.middleware.RateLimitMiddleware",
    "braid.core.middleware.SecurityHeadersMiddleware",
    "braid.core.middleware.HousekeepingMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "braid.collaboratives.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("BRAID_DATABASE_URL", f"sqlite:///{VAR_DIR / 'braid.sqlite3'}"),
        # Seconds a connection is kept for the next request (0: a new connection per
        # request, which cost PostgreSQL most of a core under load); checked before reuse, so
        # a connection the database cut is replaced at once.
        conn_max_age=env_int("BRAID_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Reads of GET requests from a PostgreSQL streaming replica (braid/core/replica.py).
BRAID_REPLICA_URL = env_str("BRAID_REPLICA_URL", "")
BRAID_REPLICA_PIN_SECONDS = env_int("BRAID_REPLICA_PIN_SECONDS", 5)
if BRAID_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        BRAID_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}


def braid_engines(databases: dict[str, Any]) -> None:
    """PostgreSQL through Braid's backend: Django's, with a health check that needs no round
    trip on a connection in good order (braid/core/postgresql/base.py)."""
    for database in databases.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database["ENGINE"] = "braid.core.postgresql"


braid_engines(DATABASES)
DATABASE_ROUTERS = ["braid.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes): BRAID_LOGIN_FAILURES wrong passwords for one account from one
# address lock that pair out for BRAID_LOGIN_LOCKOUT_MINUTES; the lockout page offers a
# password reset. Counted in the database, so every web process sees the same count.
# Accounts is Django's ModelBackend with a cheaper lookup of the session's user (a session
# records its backend: one signed in under ModelBackend, before December 2026, signs in again).
AUTHENTICATION_BACKENDS = [
    "braid.core.lockout.WebLockout",
    "braid.accounts.backends.Accounts",
]
AXES_FAILURE_LIMIT = env_int("BRAID_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("BRAID_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env_int("BRAID_PROXY_COUNT", 0)
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "collaboratives:landing"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("BRAID_TIME_ZONE", "America/Toronto")
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
BRAID_MAX_UPLOAD_BYTES = env_int("BRAID_MAX_UPLOAD_MB", 200) * 1024 * 1024
# What reading one file may cost (braid.lib.tabular.Limits, applied by braid.core at start-up):
# an XLSX's unpacked size and unpacked/packed ratio, rows, cells, seconds. An upload job that
# stops reporting progress for BRAID_IMPORT_STALE_SECONDS is marked failed by the reaper.
BRAID_IMPORT_MAX_UNPACKED_BYTES = env_int("BRAID_IMPORT_MAX_UNPACKED_MB", 256) * 1_000_000
BRAID_IMPORT_MAX_RATIO = env_int("BRAID_IMPORT_MAX_RATIO", 100)
BRAID_IMPORT_MAX_ROWS = env_int("BRAID_IMPORT_MAX_ROWS", 1_100_000)
BRAID_IMPORT_MAX_CELLS = env_int("BRAID_IMPORT_MAX_CELLS", 30_000_000)
BRAID_IMPORT_MAX_SECONDS = env_int("BRAID_IMPORT_MAX_SECONDS", 900)
BRAID_IMPORT_STALE_SECONDS = env_int("BRAID_IMPORT_STALE_SECONDS", 300)
# SQLite's page cache while an import writes (MB): the pages being filled stay in memory.
BRAID_IMPORT_SQLITE_CACHE_MB = env_int("BRAID_IMPORT_SQLITE_CACHE_MB", 64)
# The web process runs the housekeeping chores (braid.core.housekeeping) at most once a minute
# after a response; `braid housekeeping` and the worker's beat run them too.
BRAID_HOUSEKEEPING_IN_WEB = env_bool("BRAID_HOUSEKEEPING_IN_WEB", True)

EMAIL_BACKEND = env_str("BRAID_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("BRAID_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("BRAID_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("BRAID_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("BRAID_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("BRAID_EMAIL_USE_TLS", False)
# For django.core.mail.backends.filebased.EmailBackend: the folder each message is written to.
EMAIL_FILE_PATH = env_str("BRAID_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("BRAID_DEFAULT_FROM_EMAIL", "Braid <braid@localhost>")

# Background work: Celery with a broker when configured; otherwise the same tasks run eagerly
# in-process, so the embedded default needs no extra server.
BRAID_BROKER_URL = env_str("BRAID_BROKER_URL")
CELERY_BROKER_URL = BRAID_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not BRAID_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# With a broker, work goes through the outbox (braid.core.background, ADR 0011): a broker
# that does not answer within seconds leaves the task in the database for the next drain.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
# The beat runs the housekeeping chores every BRAID_BEAT_SECONDS (a minute by default).
CELERY_BEAT_SCHEDULE = {
    "housekeeping": {
        "task": "braid.core.housekeeping",
        "schedule": float(env_int("BRAID_BEAT_SECONDS", 60)),
    }
}
# An import's ceilings in the worker: its time (hard limit, then the reaper marks the job
# failed) and its memory (each worker process's address space, BRAID_WORKER_MEMORY_MB; an
# allocation past it fails the task instead of the machine).
CELERY_TASK_TIME_LIMIT = env_int("BRAID_IMPORT_MAX_SECONDS", 900) + 120
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False
BRAID_WORKER_MEMORY_MB = env_int("BRAID_WORKER_MEMORY_MB", 4096)

# The cache carries what processes share while work runs (a background import's progress): a
# folder under BRAID_VAR_DIR on one machine, Redis when BRAID_CACHE_URL is set (a worker on
# another machine).
BRAID_CACHE_URL = env_str("BRAID_CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": BRAID_CACHE_URL}
        if BRAID_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# Sessions are read from the cache and kept in the database too (a cache lost or cleared
# signs nobody out): a signed-in page saves a database round trip on each request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("BRAID_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if SESSION_COOKIE_SECURE:
    # Served over HTTPS behind a reverse proxy (deploy/): trust its X-Forwarded-Proto, and
    # tell browsers to come back over HTTPS only.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("BRAID_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BRAID_HSTS_SUBDOMAINS", False)
    SECURE_SSL_REDIRECT = env_bool("BRAID_SSL_REDIRECT", False)

# Content-Security-Policy (django-csp 4): scripts only from Braid's own files (no inline code,
# no eval: charts run Vega's expression interpreter), a nonce for the few script tags that
# need one; styles from Braid's files (inline style attributes allowed: Vega's SVG uses them).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
BRAID_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Rate limits (django-ratelimit, on the cache: Redis with BRAID_CACHE_URL, else the folder
# cache shared by the processes of one machine). Rates as N/s, N/m, N/h.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "braid.core.limits.refused"
BRAID_RATE_TOKEN = env_str("BRAID_RATE_TOKEN", "60/m")  # failed API token attempts per address
BRAID_RATE_PUBLIC_LINK = env_str("BRAID_RATE_PUBLIC_LINK", "30/m")  # survey/calendar links
BRAID_RATE_EXPORT = env_str("BRAID_RATE_EXPORT", "30/m")  # exports per user
# (a list's `?format=csv|xlsx` download counts under the same "export" group and rate, in
# braid.core.http.downloadable, since its path is the page's)
BRAID_RATE_RULES = [
    ("export", r"/export(/|\.|$)|/problems(/|\.|$)", "BRAID_RATE_EXPORT", "user"),
    ("public-link", r"^/s/|\.ics$|/calendar/", "BRAID_RATE_PUBLIC_LINK", "ip"),
]
# Who may create a collaborative: site administrators (is_staff), and anyone signed in when
# the operator allows it.
BRAID_ANYONE_MAY_CREATE = env_bool("BRAID_ANYONE_MAY_CREATE", False)

BRAID_LOG_FORMAT = env_str("BRAID_LOG_FORMAT", "text")  # "json": one object per line
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "braid.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "braid.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if BRAID_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("BRAID_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # axes logs every successful login and clean-up at INFO; lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
