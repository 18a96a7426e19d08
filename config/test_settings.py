"""Test settings: fast hashing, in-memory mail, SQLite unless BRAID_TEST_DATABASE_URL."""

import os

import dj_database_url

from config.settings import *  # noqa: F403
from config.settings import braid_engines

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
BRAID_BROKER_URL = ""
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# The PostgreSQL leg is asked for by name (`make test` sets BRAID_TEST_LEG for it), so that
# BRAID_TEST_DATABASE_URL in the environment does not turn the SQLite leg into a second
# PostgreSQL one.
_test_db = os.environ.get("BRAID_TEST_DATABASE_URL")
if _test_db and os.environ.get("BRAID_TEST_LEG") == "postgresql":
    DATABASES = {"default": dj_database_url.parse(_test_db)}
    braid_engines(DATABASES)
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
BRAID_TASKS_IN_THREAD = False  # tests run background work inline
BRAID_HOUSEKEEPING_IN_WEB = False  # tests run the chores when they mean to
# Rate limits count in a cache that outlives each test: the suite's own traffic must not trip
# them (test_doors.py sets low rates where it means to).
BRAID_RATE_TOKEN = BRAID_RATE_PUBLIC_LINK = BRAID_RATE_EXPORT = "100000/m"  # noqa: S105
BRAID_ANYONE_MAY_CREATE = False
