"""Settings for Reform Portal, read from the environment (see .env.example).

Production differs from development only by environment variables.
"""

import datetime
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "reform_portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "post_office",
    "auditlog",
    "import_export",
    "axes",
    "csp",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the portal (no CDN)
    "reform_portal.apps.ReformPortalConfig",
    "agencies",
    "jobs",
    "programs",
    "dashboards",
    "circulars",
    "service_channels",
    "evaluations",
    "notices",
    "people",
    "api",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reform_portal.compression.CompressPagesMiddleware",  # sees every answer last, after the headers are set
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "reform_portal.request_size.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "reform_portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "people.middleware.SecondFactorMiddleware",  # the roles of OTP_REQUIRED_ROLES: enrol, then verify
    "reform_portal.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "reform_portal.ratelimits.RateLimitMiddleware",
]

ROOT_URLCONF = "reform_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reform_portal.access.context_processor",
                "notices.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "reform_portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends seconds on the dashboards' wide aggregate queries
    # (dashboards/selectors.py) and saves nothing on them; the portal's queries are short.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes SQLite's write lock when it begins (IMMEDIATE), so two people
    # acting at once queue (for up to `timeout` seconds) instead of one of them failing with
    # "database is locked": the second then finds the new state and is told what happened,
    # as on PostgreSQL, where the services' row locks do the same.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index on approved reports (programs.ProgressReport) carries `percent` on
# PostgreSQL; SQLite builds it without the extra column, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one client address (reform_portal/http.py), that pair is refused (429,
# templates/429.html) for AXES_COOLOFF_MINUTES. Keyed on the pair, never on the username
# alone, so that an outsider who knows a reviewer's username locks only their own address
# out of it, not the reviewer in their office (SECURITY.md, "Login lockout").
# Tests turn it off (pyproject.toml) because the test client's login() has no request.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_COOLOFF_MESSAGE = _("Too many failed login attempts. Please try again later.")

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tehran")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files and circular attachments: size limit per file, and the types accepted
# (checked by content, not by name).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640
# Largest request body, in bytes: a longer declared Content-Length is refused with a 413 page
# before any of it is read (reform_portal/request_size.py). Default: five files at the limit
# and the form around them. The reverse proxy's client_max_body_size should not be below it.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=5 * UPLOAD_MAX_BYTES + 1024 * 1024)
# The ZIP of an agency's evidence for its evaluation (evaluations/exports.py) is built in the
# request, from files on disk without compressing them: a download whose files add up to more
# than this many bytes is refused (the files stay downloadable one by one from the reports).
EVIDENCE_ZIP_MAX_BYTES = env.int("EVIDENCE_ZIP_MAX_BYTES", default=200 * 1024 * 1024)
# Admin imports (CSV/XLSX): a file with more data rows or cells than this is refused with a
# message naming the limit, before it is read whole (reform_portal/tabular.py). The preview
# runs in the request, so gunicorn's GUNICORN_TIMEOUT must stay above the time a file at
# these limits takes to preview (docs/benchmarks.md, "Imports"); the confirmation of more
# than IMPORT_JOB_ROWS rows is a job of the task worker (jobs/admin_imports.py).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=200_000)
IMPORT_JOB_ROWS = env.int("IMPORT_JOB_ROWS", default=300)
# Exports (admin and dashboards) put a quote before text a spreadsheet would run as a formula
# (reform_portal/tabular.py). django-import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
# stays off: it deletes the "=" instead, and only that one.

# Rendered dashboards are kept in this cache under a data version that database triggers
# change with every write to the data they show (dashboards/cache.py), so they are never
# stale. The default is per process; several workers may share a memcached or Redis cache.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://?max_entries=1000")}
# How long an unchanged dashboard is kept, in seconds; 0 computes every page afresh.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60 * 60)

# Rate limits (django-ratelimit, reform_portal/ratelimits.py): a request over one gets the 429
# page with Retry-After. A rate is "<count>/<period>", the period s, m, h or d, optionally
# with a number (30/m, 100/h, 10/5m). Counted in the default cache: exact only when CACHE_URL
# is shared by the workers (Redis); with the per-process default each worker counts alone.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
_RATE = re.compile(r"[0-9]+/[0-9]*[smhd]")


def _rate(value: str) -> str:
    if not _RATE.fullmatch(value):
        raise ImproperlyConfigured(f"Not a rate: {value!r}; write e.g. 30/m (per second, minute, hour or day).")
    return value


RATELIMIT_EXPORTS = _rate(env.str("RATELIMIT_EXPORTS", default="30/m"))  # CSV/XLSX exports per user, together
RATELIMIT_PDF = _rate(env.str("RATELIMIT_PDF", default="6/m"))  # province status PDFs per user
RATELIMIT_LOGIN_IP = _rate(env.str("RATELIMIT_LOGIN_IP", default="30/m"))  # login POSTs per client address
RATELIMIT_LOGIN_USERNAME = _rate(env.str("RATELIMIT_LOGIN_USERNAME", default="10/m"))  # per username typed
# Password-reset requests per client address and per email address typed (the same page answers either way).
RATELIMIT_PASSWORD_RESET_IP = _rate(env.str("RATELIMIT_PASSWORD_RESET_IP", default="10/h"))
RATELIMIT_PASSWORD_RESET_EMAIL = _rate(env.str("RATELIMIT_PASSWORD_RESET_EMAIL", default="3/h"))
RATELIMIT_API = _rate(env.str("RATELIMIT_API", default="120/m"))  # API calls per token (or per user, by session)
RATELIMIT_OPEN_DATA = _rate(env.str("RATELIMIT_OPEN_DATA", default="60/m"))  # open-data pages per client address
RATELIMIT_VIEW = "reform_portal.ratelimits.too_many_requests"
RATELIMIT_IP_META_KEY = "reform_portal.http.client_ip"  # for django-ratelimit's own "ip" keys
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # a cache server that does not answer costs the limits, not the portal
# django-ratelimit's checks: E003 refuses a per-process cache (locmem, the default here). Limits
# counted per worker are looser (GUNICORN_WORKERS times) but still limits, and a single-worker
# or development setup is exact, so it is silenced for locmem only; dummy, file and database
# caches still fail the check. W001 only says a backend is not on its list, which predates
# Django's own RedisCache (atomic INCR, as the library needs).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")

# The REST API under /api/v1/ (api/, docs/api.md): personal tokens (hashed, with an expiry and a
# read-only or read-write scope) for other systems, the session for the portal's own pages;
# JSON only; every list filtered, ordered and paginated by cursor; errors with a code and a
# Persian and English message (api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",  # the portal's session; writes need the CSRF token
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PortalCapability"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend", "rest_framework.filters.OrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reform Portal API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReviewStateEnum": "reform_portal.review.models.ReviewState",
        "DeputyStateEnum": "agencies.models.LiaisonDeputy.State",
        "CircularStateEnum": "circulars.models.Circular.State",
        "AgencyGroupEnum": "agencies.models.Agency.Group",
    },
    "PREPROCESSING_HOOKS": ["api.schema.only_the_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe"],
}
# Longest life of a personal API token, in days (the user picks an expiry up to it).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
# `manage.py prune_api_calls` deletes logged API calls older than this many days.
API_CALL_LOG_DAYS = env.int("API_CALL_LOG_DAYS", default=180)

# Absolute address of the portal, used for links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Days before a period's due date on which `send_reminders` writes to agencies that have not submitted.
REMINDER_DAYS_BEFORE = [int(day) for day in env.list("REMINDER_DAYS_BEFORE", default=["7", "2"])]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every message is queued in the database first (django-post-office) and sent by
# `manage.py send_queued_mail`, so none is lost while the mail server is down.
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_CONFIG["EMAIL_BACKEND"]},
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": env.int("EMAIL_MAX_RETRIES", default=5),
    "RETRY_INTERVAL": datetime.timedelta(minutes=env.int("EMAIL_RETRY_MINUTES", default=15)),
    "MESSAGE_ID_ENABLED": True,
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Reform Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# /healthz answers 503 ("mail_queue": "stuck") once a message has waited in the outbox this long.
HEALTH_MAIL_STUCK_MINUTES = env.int("HEALTH_MAIL_STUCK_MINUTES", default=60)

# The task queue (reform_portal/celery.py, jobs/): PDFs and large exports are prepared by a
# Celery worker (`make worker`), the outboxes, reminders and cleaning run on its beat (`make
# beat`). CELERY_BROKER_URL names the Redis database it queues in; without it (make run, the
# tests) tasks run in the web process when they are queued, and nothing runs on a schedule.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Tehran"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How often a job is tried before the user is told it failed; how long an unfetched file is kept.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_KEEP_DAYS = env.int("JOB_KEEP_DAYS", default=7)
# The hour (Tehran time) at which the daily reminders go out.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)


def _daily(hour: int, minute: int = 0):
    from celery.schedules import crontab

    return crontab(hour=hour, minute=minute)


CELERY_BEAT_SCHEDULE = {
    "send-queued-mail": {"task": "jobs.tasks.run_command", "schedule": 60.0, "args": ["send_queued_mail"]},
    "send-queued-sms": {"task": "jobs.tasks.run_command", "schedule": 60.0, "args": ["send_queued_sms"]},
    "send-reminders": {"task": "jobs.tasks.run_command", "schedule": _daily(REMINDER_HOUR), "args": ["send_reminders"]},
    "send-review-reminders": {
        "task": "jobs.tasks.run_command", "schedule": _daily(REMINDER_HOUR, 5), "args": ["send_review_reminders"],
    },
    "prune-api-calls": {"task": "jobs.tasks.run_command", "schedule": _daily(3, 30), "args": ["prune_api_calls"]},
    "clean-jobs": {"task": "jobs.tasks.run_command", "schedule": _daily(3, 45), "args": ["clean_jobs"]},
}  # fmt: skip

# Text messages (notices/sms.py). SMS_URL names the HTTP gateway, Kavenegar-style, with its API
# key and sender line: https://API-KEY@api.example.ir/v1?sender=10004346. With it, messages are
# queued in the database (SMS_BACKEND) and `send_queued_sms` sends and retries them; without it
# they are printed on the console (make run).
SMS_URL = env.str("SMS_URL", default="")
SMS_BACKEND = env.str("SMS_BACKEND", default="notices.sms.DatabaseBackend" if SMS_URL else "notices.sms.ConsoleBackend")
SMS_MAX_RETRIES = env.int("SMS_MAX_RETRIES", default=5)
SMS_RETRY_MINUTES = env.int("SMS_RETRY_MINUTES", default=15)
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=10.0)

# People (people/): invitations to new users, password resets, changed addresses, second factor.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)  # an invitation link works this many days, once
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)  # seconds a reset link works
CONTACT_CODE_MINUTES = env.int("CONTACT_CODE_MINUTES", default=15)  # a new mobile's code / email's link works
# The second factor (TOTP with recovery codes, django-otp) is required of these roles (User.Role values,
# "superuser" and "staff" for administrators and data-entry staff), on the portal and the admin alike.
OTP_ENFORCED = env.bool("OTP_ENFORCED", default=True)
OTP_REQUIRED_ROLES = env.list(
    "OTP_REQUIRED_ROLES", default=["it_office_reviewer", "governorate_reviewer", "superuser", "staff"]
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Reform Portal")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a user's TOTP secret or QR code
OTP_RECOVERY_CODES = 10
# Reviewers are chased (`send_review_reminders`, daily): reports and counts waiting in review longer
# than REVIEW_SLA_DAYS remind the province's reviewers; longer than REVIEW_HEAD_AFTER_DAYS, also
# the heads of review (users marked «head of review»).
REVIEW_SLA_DAYS = env.int("REVIEW_SLA_DAYS", default=5)
REVIEW_HEAD_AFTER_DAYS = env.int("REVIEW_HEAD_AFTER_DAYS", default=10)

BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Behind the proxy, the client's address is read from X-Forwarded-For (reform_portal/http.py):
# only when the TCP peer is one of TRUSTED_PROXIES (addresses or networks), taking the entry
# TRUSTED_PROXY_HOPS from the right (1: one proxy that overwrites or appends the header).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)
if TRUSTED_PROXY_HOPS < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_HOPS must be 1 or more.")
# Login throttling and the audit log count by that address.
AXES_CLIENT_IP_CALLABLE = "reform_portal.http.client_ip"
AUDITLOG_DISABLE_REMOTE_ADDR = False
# HTTPS mode (SECURE_COOKIES, on by default when DEBUG is off): secure cookies, redirect to
# HTTPS (except /healthz, for load balancers) and HSTS. See SECURITY.md.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Off by default on purpose: preloading commits the domain and its sub-domains to HTTPS in
    # every browser for months, and intranet host names cannot be preloaded at all. So
    # `check --deploy` passes with the production defaults; turn it on when the domain is
    # submitted to the preload lists (SECURITY.md).
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): everything from the portal itself; no inline
# scripts and no inline styles (progress bars use the .pct-N classes of portal.css).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every step of every PDF (font subsetting glyph by glyph) at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
