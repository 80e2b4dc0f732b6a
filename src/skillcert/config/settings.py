"""Django settings, read from ``SKILLCERT_*`` environment variables only.

Defaults give the embedded single-machine set-up: an SQLite file, generated
secrets and job storage under the data directory (``SKILLCERT_DATA_DIR``,
default ``./var``). Production sets the variables listed in ``.env.example``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from skillcert.config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    fernet_keys_from_env_or_file,
    private_data_dir,
    read_only,
    secret_from_env_or_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# Environment (the only place deployment-specific values are read)
# ---------------------------------------------------------------------------
# Owner-only from here on: umask 077 for this process, the data directory 0700 and what it holds 0600.
# A read-only command (`skillcert verify`, env.start_read_only) creates nothing in it: see READ_ONLY below.
READ_ONLY = read_only()
DATA_DIR = private_data_dir(Path(env_str("DATA_DIR", "var")).resolve())
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", DATA_DIR, "django_secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
HTTPS = env_bool("HTTPS", False)
REDIS_URL = env_str("REDIS_URL")
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'skillcert.sqlite3'}")
JOBS_IMMEDIATE = env_bool("JOBS_IMMEDIATE", False)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
QUERY_RATE_LIMIT = env_str("QUERY_RATE_LIMIT", "20/m")
# Rate limits, sign-in throttling and sessions (docs/security.md). Counts live in the database unless Redis is set.
RATE_LIMIT_STORE = env_str("RATE_LIMIT_STORE", "cache" if REDIS_URL else "database")
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
WORKERS = env_int("WORKERS", 3)
# Processes that sign a big batch's credentials at once (credentials.parallel); 0 = one per usable core, 1 = no pool.
SIGNING_PROCESSES = env_int("SIGNING_PROCESSES", 0)
LOGIN_RATE_PER_ACCOUNT = env_str("LOGIN_RATE_PER_ACCOUNT", "5/15m")
LOGIN_RATE_PER_CLIENT = env_str("LOGIN_RATE_PER_CLIENT", "20/15m")
# Failed certificate queries (no match) per client, counted apart from QUERY_RATE_LIMIT. Someone mistyping their
# own ID number fails a few times; trying names and ID numbers one after another fails all the time. From the
# 5th failure in a 15-minute window, the query pages ask that client for a proof-of-work check (ALTCHA, solved by
# the browser) before every further query, and the API answers 429 (docs/security.md, skillcert.core.challenge).
QUERY_FAILURES_BEFORE_CHALLENGE = env_str("QUERY_FAILURES_BEFORE_CHALLENGE", "5/15m")
# The check: PBKDF2-SHA-256 at this many iterations per attempt, the answer a counter below the maximum — about a
# second of a phone's or PC's time, a real cost per query for a script — valid for this long and accepted once.
QUERY_CHALLENGE_COST = env_int("QUERY_CHALLENGE_COST", 1000)
QUERY_CHALLENGE_MAX_COUNTER = env_int("QUERY_CHALLENGE_MAX_COUNTER", 4000)
QUERY_CHALLENGE_SECONDS = env_int("QUERY_CHALLENGE_SECONDS", 600)
STAFF_SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 12 * 3600)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 365)
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# Verifying foreign credentials (docs/trust.md §7): canonicalisation time per verification, the address space a
# canonicalisation worker process may add to its ~120 MiB after start-up, and how many workers a server process keeps.
VERIFY_TIME_LIMIT_MS = env_int("VERIFY_TIME_LIMIT_MS", 3000)
VERIFY_MEMORY_LIMIT_MB = env_int("VERIFY_MEMORY_LIMIT_MB", 256)
VERIFY_WORKERS = env_int("VERIFY_WORKERS", 2)
# Personal data: HMAC key for ID-number look-ups; Fernet keys (newest first) for the encrypted copies.
PII_HASH_KEY = secret_from_env_or_file("PII_HASH_KEY", DATA_DIR, "pii_hash_key")
PII_ENCRYPTION_KEYS = fernet_keys_from_env_or_file("PII_ENCRYPTION_KEYS", DATA_DIR, "pii_encryption_key")

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
# Project apps come first: their translations and templates take precedence over Django's own.
INSTALLED_APPS = [
    "skillcert.core",
    "skillcert.catalog",
    "skillcert.public",
    "skillcert.api",
    "skillcert.transparency",
    "skillcert.documents",
    "skillcert.people",
    "skillcert.credentials",
    "skillcert.institutions",
    "skillcert.certificates",
    "skillcert.assessments",
    "skillcert.supervision",
    "skillcert.stats",
    "skillcert.verification",
    "skillcert.competitions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "skillcert.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "skillcert.core.middleware.LanguageMiddleware",
    "skillcert.core.uploads.RequestBodyLimitMiddleware",  # before anything reads the body
    "skillcert.core.middleware.RefuseNulMiddleware",
    "skillcert.api.middleware.ApiErrorShapeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "skillcert.core.middleware.SessionTimeoutMiddleware",
    "skillcert.core.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "skillcert.core.middleware.PermissionMapMiddleware",
]

ROOT_URLCONF = "skillcert.config.urls"
WSGI_APPLICATION = "skillcert.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skillcert.core.context_processors.site",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database, cache, jobs
# ---------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
if READ_ONLY:  # no database at all: a query fails loudly instead of creating an SQLite file
    DATABASES = {"default": {"ENGINE": "django.db.backends.dummy"}}
# PostgreSQL with least privilege (transparency/dbroles.py): the site connects as the application role above;
# `skillcert migrate` and `skillcert flush` connect as this owner role (same database), which owns the tables.
DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "skillcert"}}

if READ_ONLY:  # jobs in memory: no jobs.sqlite3
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "skillcert", "immediate": True}
elif REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "skillcert", "url": REDIS_URL, "immediate": JOBS_IMMEDIATE}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "skillcert",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "immediate": JOBS_IMMEDIATE,
    }

# ---------------------------------------------------------------------------
# Auth
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:workspace"
LOGOUT_REDIRECT_URL = "public:home"
# Sessions end after STAFF_SESSION_IDLE_SECONDS without a request and STAFF_SESSION_MAX_SECONDS in all
# (skillcert.core.middleware.SessionTimeoutMiddleware); the cookie itself never outlives the maximum.
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS
# Centre staff confirm sign-in with a TOTP code (django-otp); codes are throttled per device.
OTP_TOTP_ISSUER = "skillcert 四川技能人才评价"
OTP_TOTP_THROTTLE_FACTOR = 1

# ---------------------------------------------------------------------------
# Languages: Chinese first, English on request
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "skillcert_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static files: served by the app, never from a CDN
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not READ_ONLY:
    STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# ---------------------------------------------------------------------------
# Security: production values switch on with SKILLCERT_HTTPS=true
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and everything else from this site only; no inline
# script or style, no eval, no other origin, never framed. Data blocks (json_script) are not scripts and pass.
# Images may also be data: URIs (the icons inside the API docs' stylesheet).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL.startswith("https://") else []
MAX_FORM_BYTES = env_int("MAX_FORM_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_FORM_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads (docs/security.md): bodies over their URL's limit are refused unread (skillcert.core.uploads);
# temporary files stay in the data directory (0700), one folder per process, cleaned when a server starts.
UPLOAD_RATE_LIMIT = env_str("UPLOAD_RATE_LIMIT", "30/m")
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp" / "uploads")
if not READ_ONLY:
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True, mode=0o700)
    Path(FILE_UPLOAD_TEMP_DIR).chmod(0o700)
FILE_UPLOAD_HANDLERS = [
    "skillcert.core.uploads.CountingUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "skillcert.core.uploads.PrivateTemporaryFileUploadHandler",
]
# Results files: caps checked before parsing, spreadsheets parsed in a bounded child process.
RESULTS_MAX_ROWS = env_int("RESULTS_MAX_ROWS", 100_000)
SPREADSHEET_WORKER_MB = env_int("SPREADSHEET_WORKER_MB", 1024)
SPREADSHEET_WORKER_SECONDS = env_int("SPREADSHEET_WORKER_SECONDS", 60)
# Background jobs: a running job without a heartbeat for this long was interrupted (skillcert reap-jobs).
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 600)
FILE_UPLOAD_PERMISSIONS = 0o600  # uploads (photos, evidence) are owner-only like everything in the data directory
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# ---------------------------------------------------------------------------
# Logging: request ids on every line, never personal data
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "skillcert.core.log.RequestIdFilter"},
        "redact_id_numbers": {"()": "skillcert.people.logfilters.RedactIdNumbersFilter"},
        "redact_secrets": {"()": "skillcert.core.accesslog.RedactSecretsFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "redact_id_numbers", "redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_MAX_LIMIT = 100
