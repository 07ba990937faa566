"""Settings shared by every environment, and the defaults for local development.

The environment is read here and nowhere else. Every variable is listed in the
README's Configuration section.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything unrecognised is a configuration error, not a guess."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Local state (the embedded database, collected static files, screenshots): git-ignored.
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", PROJECT_DIR / "var"))

# Debug pages list every URL pattern and setting: shown only when a developer asks for them
# (DEBUG=true); `make run` serves the demo with the real error pages.
DEBUG = env_bool("DEBUG", default=False)
# Only for local development; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only-not-a-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo installations print their demo accounts on the home page; production never does.
ACCORD_SHOW_DEMO_ACCOUNTS = env_bool("ACCORD_SHOW_DEMO_ACCOUNTS", default=True)
# Where people report accessibility problems and ask for another format (accessibility statement).
ACCORD_CONTACT_EMAIL = os.environ.get("ACCORD_CONTACT_EMAIL", "accord-support@localhost")
# The site's own address, for links in e-mails (no request to take it from in a worker).
ACCORD_SITE_URL = os.environ.get("ACCORD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The installation's one name in calendar UIDs (meeting-12@accord.example.org): never the
# host of a request, so a subscriber who reaches the site by two names, or gets an e-mailed
# invitation beside the feed, sees each meeting once. Set it once; changing it duplicates.
ACCORD_CANONICAL_DOMAIN = os.environ.get("ACCORD_CANONICAL_DOMAIN", "accord.localhost")
# The prefix of every Open Contracting ocid (docs/procurement.md): the one the Open
# Contracting Partnership registers for the publisher, "ocds-" and six letters or digits.
# The default is the standard's placeholder, for development and the demo; a procurement
# keeps the ocid of its first release whatever the setting says later.
ACCORD_OCID_PREFIX = os.environ.get("ACCORD_OCID_PREFIX", "ocds-xxxxxx")


def database_from_url(url: str | None) -> dict[str, object]:
    """DATABASE_URL, or the embedded SQLite database under VAR_DIR."""
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'accord.sqlite3'}"
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions and WAL let the embedded database take concurrent
        # writers without "database is locked" errors in the middle of a transaction.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "accord.core",
    "accord.audit",
    "accord.calendar",
    "accord.partnerships",
    "accord.governance",
    "accord.meetings",
    "accord.decisions",
    "accord.commissioning",
    "accord.budget",
    "accord.procurement",
    "accord.complaints",
    "accord.performance",
    "accord.assurance",
    "accord.notifications",
    "accord.accounts",
    "accord.demo",
    "accord.bench",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    # Django's database sessions with the user, address and browser on each row, so a
    # person can see and end their own sessions (accord.accounts.sessions).
    "qsessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator-app codes
    "csp",
    "pgtrigger",
    "django_tasks",
    "django_tasks_db",  # the database-backed task queue (accord db_worker runs it)
    "ninja",  # serves the bundled Swagger UI instead of fetching it from a CDN
]

MIDDLEWARE = [
    "accord.core.requests.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware (through qsessions'), noting each session's client
    # address as accord.core.requests.client_address sees it, and its browser.
    "accord.accounts.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication: request.user.is_verified() (two-factor done this session).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: they tell the person why they were signed out or sent to two-factor.
    "accord.accounts.middleware.SessionLimitMiddleware",
    "accord.accounts.middleware.TwoFactorMiddleware",
    # After two-factor (which a token's owner has given when making it): API requests
    # with a personal token act as its owner; a create sent again with its Idempotency-Key
    # gets the first response.
    "accord.accounts.middleware.ApiTokenMiddleware",
    "accord.accounts.middleware.IdempotencyMiddleware",
    # Once the request is signed in (session or token): a person counts as themselves.
    "accord.core.ratelimit.RateLimitMiddleware",
    "accord.accounts.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.partnerships.context_processors.partnership_switcher",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# ---------------------------------------------------------------- sign-in
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 4.0.3 2.1.1: at least 12 characters; 2.1.7: not one of the common breached
    # passwords (Django's local list of 20,000, nothing looked up over the network).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ASVS 4.0.3 2.5: a password reset link works once (it is made from the password it
# replaces) and for an hour from when it is sent (docs/accounts.md).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The client's address, through the trusted reverse proxies in front of Accord (each appends
# the address it was connected from to X-Forwarded-For): accord.core.requests.client_address.
# Where `accord audit anchor` appends the audit chain's head, and to whom it sends it: keep
# the file where the database's owner cannot rewrite it (docs/deployment.md).
ACCORD_AUDIT_ANCHOR_FILE = os.environ.get(
    "ACCORD_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.txt")
)
ACCORD_AUDIT_ANCHOR_EMAIL = os.environ.get("ACCORD_AUDIT_ANCHOR_EMAIL", "")

ACCORD_TRUSTED_PROXIES = int(os.environ.get("ACCORD_TRUSTED_PROXIES", "0"))


def rate_limits(value: str, default: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """``ACCORD_RATE_LIMITS``: empty for the defaults, ``off`` for none (load runs only), or
    scopes to change, e.g. ``api=600/2400/60,expensive=40/120/60`` (requests per person /
    per address / in seconds). Anything else is a configuration error, not a guess."""
    if value.strip() == "":
        return default
    if value.strip().lower() == "off":
        return {}
    chosen = {scope: dict(limit) for scope, limit in default.items()}
    for part in value.split(","):
        scope, _, numbers = part.strip().partition("=")
        figures = numbers.split("/")
        if scope not in default or len(figures) != 3 or not all(f.isdigit() for f in figures):
            raise ImproperlyConfigured(
                f"ACCORD_RATE_LIMITS: {part.strip()!r} is not scope=person/address/seconds "
                f"with a scope among {', '.join(default)}"
            )
        person, address, seconds = (int(f) for f in figures)
        if not 0 < seconds <= 3600:
            raise ImproperlyConfigured("ACCORD_RATE_LIMITS: a window lasts 1 to 3600 seconds")
        chosen[scope] = {"per_person": person, "per_address": address, "seconds": seconds}
    return chosen


# Requests a minute to the API and to the pages that cost most to make (PDF packs, minutes,
# exports), per person and per client address (accord.core.ratelimit): 429 with Retry-After
# beyond. An address is shared by a whole office behind its gateway, so it allows more.
ACCORD_DEFAULT_RATE_LIMITS = {
    "api": {"per_person": 300, "per_address": 1200, "seconds": 60},
    "expensive": {"per_person": 30, "per_address": 120, "seconds": 60},
}
ACCORD_RATE_LIMITS = rate_limits(
    os.environ.get("ACCORD_RATE_LIMITS", ""), ACCORD_DEFAULT_RATE_LIMITS
)

# Five failures for one username from one client address lock that pair for 15 minutes.
# Locking the pair (not the username alone) means nobody can lock a colleague out from
# elsewhere; one address failing for many usernames (a password-spraying run) is paused on
# its own (accord.accounts.throttle).
AXES_CLIENT_IP_CALLABLE = "accord.core.requests.client_address"
AXES_HANDLER = "accord.accounts.throttle.SignInThrottle"
ACCORD_SIGN_IN_USERNAMES_PER_ADDRESS = 20
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try while paused is refused without being counted, so the pause ends 15 minutes after it
# began (and the refusal comes from the throttle's own check, address-wide pauses included).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"

# ---------------------------------------------------------------- two-factor sign-in
# Programme officers, administrators and (unless their partnership turns it off) those who
# cast votes must use it; anyone may (accord.accounts.selectors.user_requires_two_factor).
# Recovery codes are accord.accounts.models.RecoveryCodeDevice, kept as digests, not
# django-otp's static plugin, which keeps them in clear.
OTP_TOTP_ISSUER = "Accord"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key

# ---------------------------------------------------------------- sessions and cookies
# A session ends after 30 minutes without a request (the cookie's age, renewed by a request
# at most once a minute) and, whatever the activity, 12 hours after signing in
# (accord.accounts.middleware.SessionLimitMiddleware).
SESSION_ENGINE = "accord.accounts.sessions"  # qsessions' database store (README, design notes)
SESSION_COOKIE_AGE = int(timedelta(minutes=30).total_seconds())
SESSION_SAVE_EVERY_REQUEST = False  # renewed once a minute instead (SessionLimitMiddleware)
ACCORD_SESSION_MAX_AGE = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "accord.core.views.csrf_failure"  # Django's page, and the security log
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts or styles anywhere (base.html); only our own files run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# ---------------------------------------------------------------- language and time
# E-mail: printed to the console unless an SMTP server is configured (docs/deployment.md).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")

# Background tasks (Django 6's Tasks API through django-tasks): e-mails are enqueued when
# a change commits and sent by the worker (`accord db_worker`, started by `make run`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ACCORD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Meeting papers: stored under VAR_DIR, outside anything the web server serves, and
# handed out only by a view that asks the policy (accord.meetings.views.papers).
PAPERS_DIR = Path(os.environ.get("ACCORD_PAPERS_DIR", VAR_DIR / "papers"))
PAPER_MAX_BYTES = 20 * 1024 * 1024
# Rendered PDFs (agenda packs, minutes), kept until what goes into them changes
# (accord.meetings.packs.cached_pdf). Files under VAR_DIR, not the default per-process
# memory cache: every server process (gunicorn's workers) shares them, so a document is
# rendered once however many processes serve it, and none holds large PDFs in its memory.
# Several hosts share VAR_DIR as they share PAPERS_DIR, or point this at a shared cache
# (Redis); the keys name what is in each document, so a stale one is never served.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("ACCORD_DOCUMENT_CACHE_DIR", str(VAR_DIR / "documents")),
        "TIMEOUT": 30 * 24 * 60 * 60,  # a month: a document read again after is drawn again
        "OPTIONS": {"MAX_ENTRIES": 1000},  # when full, a third (at random) is dropped
    },
}
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Outside production WhiteNoise serves straight from the apps' static folders, with or
# without DEBUG: no collectstatic (production.py serves the collected, hashed files).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# ---------------------------------------------------------------- logging
# The security log (accord.core.security): audit events, failed sign-ins and permission
# refusals, one JSON object a line, for a SIEM. A file, or "-" for standard error.
ACCORD_SECURITY_LOG = os.environ.get("ACCORD_SECURITY_LOG") or str(VAR_DIR / "security.log")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{request_id}]: {message}", "style": "{"},
        # Only the fields accord.core.security puts on each record, and the time in UTC.
        "security": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": [], "timestamp": "time"},
    },
    # Masks passwords, codes, tokens, e-mail addresses and NI numbers; adds the request id.
    "filters": {"scrub": {"()": "accord.core.logging.ScrubFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]},
        "security": {
            "()": "accord.core.security.security_handler",
            "path": ACCORD_SECURITY_LOG,
            "formatter": "security",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Its own handler only: not also the plain console's, whatever LOG_LEVEL says.
        "accord.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF they render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
