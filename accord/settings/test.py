"""Settings for the test suite: the base settings with fast password hashing."""

from typing import Any, cast

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING

DEBUG = False
# Hashing demo passwords with the production hasher would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The suite's databases are thrown away after the run: on PostgreSQL a commit need not wait
# for the disk (the migrations' hundreds of commits, the transactional tests' every request).
# What a test reads is the same either way: synchronous_commit only changes when a commit
# reaches the disk, never what other connections see.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **cast(dict[str, Any], DATABASES["default"].get("OPTIONS", {})),
        "options": "-c synchronous_commit=off",
    }
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ACCORD_SHOW_DEMO_ACCOUNTS = True
# Tasks run at once, in the test's process (the mail lands in mail.outbox); the e-mail
# backend is Django's test one, whatever the environment says.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# No rate limits while the suite drives the API hundreds of times a minute from one address
# (schemathesis): tests/core/test_ratelimit.py proves them at their defaults.
ACCORD_RATE_LIMITS = {}
# The security log goes nowhere unless a test listens (tests/conftest.py, security_log),
# never to the developer's var/.
LOGGING = {
    **LOGGING,
    "handlers": {
        **cast(dict[str, Any], LOGGING["handlers"]),
        "security": {"class": "logging.NullHandler", "formatter": "security"},
    },
}
# Rendered PDFs are kept in the test's process, never in the checkout's var/ (the suite
# clears them before each test: tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdf"},
}
