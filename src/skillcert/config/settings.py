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
    secret_from_env_or_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# Environment (the only place deployment-specific values are read)
# ---------------------------------------------------------------------------
DATA_DIR = Path(env_str("DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
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
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
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
    "ninja",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "skillcert.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "skillcert.core.middleware.LanguageMiddleware",
    "skillcert.core.middleware.RefuseNulMiddleware",
    "skillcert.api.middleware.ApiErrorShapeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

if REDIS_URL:
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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL.startswith("https://") else []
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_FORM_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# ---------------------------------------------------------------------------
# Logging: request ids on every line, never personal data
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "skillcert.core.log.RequestIdFilter"},
        "redact_id_numbers": {"()": "skillcert.people.logfilters.RedactIdNumbersFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "redact_id_numbers"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_MAX_LIMIT = 100
