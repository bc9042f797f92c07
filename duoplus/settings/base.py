"""Settings shared by every environment, read from the environment (django-environ).

``dev.py`` and ``test.py`` add embedded defaults (SQLite, eager Celery); ``production.py``
has no defaults for secrets and refuses to start without them.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search lookups (only on PostgreSQL)
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "duoplus.core.security_apps.AxesConfig",  # axes under a Dutch name in the admin
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Bottom to top: the core, programmes, the report core, writing, budget, review and publication,
    # then the calendar and the council portal; the composition root last (README, Layout).
    "duoplus.core",
    "programmes",
    "reports.core",
    "reports.writing",
    "budget",
    "reports.review",
    "reports.consultation",
    "reports.questions",
    "reports.planning",
    "reports.portal",
    "reports.search",
    "duoplus",
]

MIDDLEWARE = [
    # First: /health/ answers whatever else is down (database, cache, sessions).
    "duoplus.views.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "duoplus.core.middleware.SessionLifetimeMiddleware",
    "duoplus.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a lockout (raised by the authentication backend) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duoplus.urls"

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
                "duoplus.core.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "duoplus.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded database: a writer waits for another (up to 20 s) instead of answering
    # "database is locked", and takes its lock when the transaction starts (no deadlock
    # when two read first and then both want to write, as two parallel publishes did).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Axes first: it refuses a locked-out username/address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "duoplus.core.auth.DemoAwareModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: a new session key at every login (Django), closed after a period without
# activity and, whatever the activity, after an absolute lifetime (duoplus.core.middleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# The idle timer restarts when the session is saved: at most once per this many seconds of
# activity (not on every request: a database write per page view would be the heaviest
# part of reading a report). duoplus.core.middleware.SessionLifetimeMiddleware does it.
SESSION_REFRESH_INTERVAL = env.int("SESSION_REFRESH_INTERVAL", default=60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "duoplus.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only the portal's own scripts, styles, images and fonts; no
# inline scripts, no plugins, no <base>, never inside a frame.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that combination is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "duoplus.core.audit.client_ip"
# How many reverse proxies in front of the portal append the client's address to
# X-Forwarded-For (0: use the connection's address, REMOTE_ADDR). See duoplus.core.audit.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor authentication (TOTP with recovery codes, django-otp): required for the roles
# listed here ("staff": whoever may open the admin), and for any user whose
# "tweestapsverificatie verplicht" is set.
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=["board", "coordinator", "admin", "staff"]
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Duo+ portaal")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Years and codes are numbers too: no thousands separator by default ("2024", not
# "2.024"); money is grouped explicitly (duoplus.core.formatting).
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Rendered PDFs live in private storage: never under a public URL, only served through a
# view that checks the permission on every request.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))


def private_storage(environ):
    """Where council PDFs (and other private files) are kept: a folder on a volume that every
    web process and worker shares, or, with PDF_STORAGE=s3, a private S3-compatible bucket
    (django-storages), so that machines need no shared volume."""
    kind = environ("PDF_STORAGE", default="filesystem")
    if kind == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": environ("S3_BUCKET"),
                "endpoint_url": environ("S3_ENDPOINT_URL", default=None),
                "region_name": environ("S3_REGION", default=None),
                "access_key": environ("S3_ACCESS_KEY", default=None),
                "secret_key": environ("S3_SECRET_KEY", default=None),
                "location": environ("S3_PREFIX", default="private"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    if kind != "filesystem":
        raise ValueError(f"PDF_STORAGE must be 'filesystem' or 's3', not {kind!r}")
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }


STORAGES = {
    "default": private_storage(env),
    "private": private_storage(env),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# export_data/import_data: JSON with exact timestamps (duoplus/core/exact_json.py).
SERIALIZATION_MODULES = {"exactjson": "duoplus.core.exact_json"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A shared cache (Redis) for several web processes: rendered pages of published reports and,
# read from the cache before the database, the sessions. Without CACHE_URL each process has
# its own memory cache and sessions stay in the database only (a logout must reach every
# process at once).
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {
            # Without Redis the portal works on (uncached): duoplus/core/cache.py.
            "BACKEND": "duoplus.core.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "duoplus",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The user of a session and their memberships, read from the shared cache (duoplus.core.auth);
# only with a shared cache, so that a change reaches every process at once.
USER_CACHE_SECONDS = env.int("USER_CACHE_SECONDS", default=300 if CACHE_URL else 0)
# Pages of published reports are kept this many seconds in the cache (keyed on everything
# that shapes them, so a stale page is never served).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Names the deployed templates in the ETag of cached pages (default: a digest of them).
RELEASE = env("RELEASE", default="")

# Celery. Without a broker URL tasks run eagerly in the web process (embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job a worker took but did not acknowledge (the worker died) goes back to the queue after
# this many seconds; keep it above the longest task's hard time limit. Workers look for such
# jobs every sixth of it (at most every minute): kombu's own default looks every 100 s,
# whatever the timeout.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": max(1, min(60, _visibility_timeout // 6)),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# Publishing a job waits at most about a second for a broker that is down; the job's row is
# committed already and the sweep queues it later (duoplus.core.queue).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# How often beat's sweeps run, when a PDF counts as stuck (its render task's hard time limit
# plus a margin) and when an unsent message is queued again (seconds; after a failed attempt
# the wait doubles each time). A message is tried MAIL_MAX_ATTEMPTS times, and not after
# MESSAGE_EXPIRY_DAYS: then it is marked failed (the outbox in the admin shows it).
SWEEP_SECONDS = env.int("SWEEP_SECONDS", default=120)
PDF_STUCK_SECONDS = env.int("PDF_STUCK_SECONDS", default=420)
MAIL_RESEND_SECONDS = env.int("MAIL_RESEND_SECONDS", default=600)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=5)
MESSAGE_EXPIRY_DAYS = env.int("MESSAGE_EXPIRY_DAYS", default=7)
# A document (council PDF, the zienswijze documents, the answers) whose rendering failed or
# broke off this many times is failed: the coordinator sees it, with "opnieuw maken".
DOCUMENT_MAX_ATTEMPTS = env.int("DOCUMENT_MAX_ATTEMPTS", default=3)
# Periodic tasks for `celery -A duoplus beat` (times in Europe/Amsterdam).
CELERY_BEAT_SCHEDULE = {
    # The P&C calendar: open the rounds that are due, remind editors before the deadline,
    # give coordinators the overview after it, warn before the board meeting. Beat fires
    # every hour; the task works at the first firing at or after CALENDAR_HOUR local time and
    # records every message with the local date it is about. Celery's crontab arithmetic
    # is an hour off on the days daylight saving starts or ends; this way that moves
    # nothing to another day and sends nothing twice.
    "pc-calendar": {
        "task": "reports.planning.periodic.run_calendar",
        "schedule": crontab(minute=15),
    },
    "check-published-pdfs": {
        "task": "reports.review.periodic.check_published_pdfs",
        "schedule": crontab(hour=env.int("PDF_CHECK_HOUR", default=3), minute=30),
    },
    # Nothing waits for ever: stuck or lost PDFs and messages whose job was lost (a broker
    # restart, a database outage longer than a task's retries) are queued again.
    "sweep-documents": {
        "task": "duoplus.core.periodic.sweep_documents",
        "schedule": SWEEP_SECONDS,
    },
    # The outbox: every message that is due (a lost job, a failed attempt's next try).
    "sweep-messages": {
        "task": "duoplus.core.periodic.sweep_messages",
        "schedule": SWEEP_SECONDS,
    },
    # Zienswijzen: reminders to the griffies before a term ends, the overview after it.
    "consultations": {
        "task": "reports.consultation.periodic.run_consultations",
        "schedule": crontab(minute=20),
    },
    # Search: the index follows every save; a nightly rebuild catches whatever did not.
    "search-reindex": {
        "task": "reports.search.periodic.reindex_all",
        "schedule": crontab(hour=env.int("SEARCH_REINDEX_HOUR", default=4), minute=10),
    },
    "questions": {
        "task": "reports.questions.periodic.run_questions",
        "schedule": crontab(minute=25),
    },
}
# The largest raadsbesluit (PDF) a griffie may add to a zienswijze.
CONSULTATION_MAX_PDF_BYTES = env.int("CONSULTATION_MAX_PDF_BYTES", default=10_000_000)
# Technische vragen (reports.questions): without a closing date set by the coordinator,
# questions can be asked this many days after publication; with the first council meeting
# known, the closing date proposed is this many working days before it; an answer is due
# this many working days after a question is assigned.
QUESTIONS_OPEN_DAYS = env.int("QUESTIONS_OPEN_DAYS", default=28)
QUESTIONS_CLOSE_WORKING_DAYS = env.int("QUESTIONS_CLOSE_WORKING_DAYS", default=5)
QUESTIONS_ANSWER_WORKING_DAYS = env.int("QUESTIONS_ANSWER_WORKING_DAYS", default=5)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portaal@duoplus.nl")
# Where people report a problem with the portal (named in the accessibility statement).
CONTACT_EMAIL = env("CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
# The address of the portal as users reach it, for links in e-mails (no trailing slash).
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")
# Editors whose entry is not ready are reminded automatically this many days before the
# report's deadline ("inleverdatum"), once per deadline.
ENTRY_REMINDER_DAYS_BEFORE = env.int("ENTRY_REMINDER_DAYS_BEFORE", default=3)
# The local hour (Europe/Amsterdam) from which the hourly calendar run does the day's work.
CALENDAR_HOUR = env.int("CALENDAR_HOUR", default=7)
# The Woo index (reports/portal/woo.py): who publishes, as a TOOI organisation identifier
# (Duo+ as a gemeenschappelijke regeling, from the TOOI register). The default only shows
# the shape; set the real one before the national index harvests the sitemap.
WOO_PUBLISHER_URI = env(
    "WOO_PUBLISHER_URI",
    default="https://identifier.overheid.nl/tooi/id/gemeenschappelijke_regeling/gr0000",
)
WOO_PUBLISHER_NAME = env("WOO_PUBLISHER_NAME", default="Duo+")
# Search (reports/search/index.py): a report's rows are rebuilt when a change to it commits.
SEARCH_INDEX_ON_SAVE = True
# The coordinators are warned this many days before the board meeting of a round whose
# report has not been submitted.
CALENDAR_BOARD_WARNING_DAYS = env.int("CALENDAR_BOARD_WARNING_DAYS", default=5)

# Budget: lines at or above this amount (in euros, any year) are listed as deviations
# ("afwijkingen"), and the largest spreadsheet the import accepts.
BUDGET_DEVIATION_THRESHOLD = env.int("BUDGET_DEVIATION_THRESHOLD", default=25_000)
BUDGET_IMPORT_MAX_BYTES = env.int("BUDGET_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
BUDGET_IMPORT_MAX_ROWS = env.int("BUDGET_IMPORT_MAX_ROWS", default=10_000)

# Demo accounts (made by ``seed_demo``) may log in only while DEBUG is on.
DEMO_PASSWORD = "duoplus-demo"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Failed logins and lockouts are in the audit log (duoplus.core.audit) already.
        "axes": {"level": "WARNING"},
    },
}
