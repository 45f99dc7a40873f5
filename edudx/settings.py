"""EduDX settings: every value comes from an environment variable (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from edudx.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env (made from .env.example by `make install`) fills in what the environment lacks;
# real environment variables always win.
load_dotenv(BASE_DIR / ".env", override=False)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",  # the API's OpenAPI docs, served from its own static files (no CDN)
    "edudx.core",
    "edudx.organizations",
    "edudx.accounts",
    "edudx.frameworks",
    "edudx.assessments",
    "edudx.reviews",
    "edudx.recognition",
    "edudx.notifications",
    "edudx.documents",
    "edudx.workbooks",
    "edudx.dashboards",
    "edudx.guidance",
    "edudx.portal",
    "edudx.api",
]

MIDDLEWARE = [
    "edudx.core.requestid.RequestIdMiddleware",
    "edudx.core.badinput.NulInAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "edudx.core.headers.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "edudx.api.middleware.ApiTokenMiddleware",
    "edudx.core.readonly.ReadingNeverWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "edudx.accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "edudx.urls"
WSGI_APPLICATION = "edudx.wsgi.application"

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
                "edudx.accounts.context_processors.access",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if not DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:// or postgres://")
# Production keeps its connections: a new PostgreSQL connection per request doubled the
# database's CPU under load (issue 15). Either each web thread keeps one for DB_CONN_MAX_AGE
# seconds (checked before reuse), or, with DB_POOL_MAX_SIZE set, a process shares a psycopg pool.
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 600, minimum=0)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=DB_CONN_MAX_AGE,
        # a kept connection is checked before reuse (a fresh one needs no check)
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
}
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0, minimum=0)
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django refuses both
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 2, minimum=0),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env_int("DB_POOL_TIMEOUT", 10, minimum=1),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves one office from one node: readers never wait for the writer (WAL); a write
    # transaction takes the write lock when it begins (IMMEDIATE), so two requests that read then
    # write queue up instead of one failing with "database is locked"; and a request waits up to
    # DB_BUSY_TIMEOUT seconds for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DB_BUSY_TIMEOUT", 20, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # per client address, first
    "edudx.accounts.throttle.LoginDelayBackend",  # per account, before the password is checked
    "edudx.accounts.backends.UsernameOrEmailBackend",
]
# Per account (however typed, from any address): LOGIN_FAILURE_LIMIT failures are free, then each
# further attempt waits 1, 2, 4 … seconds, never more than LOGIN_LOCKOUT_MINUTES (accounts/throttle.py).
# Requests one API token may make per minute (counted in the database, shared by all servers).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
# The licence line every open-data file carries (docs/api.md).
OPEN_DATA_LICENCE = env_str(
    "OPEN_DATA_LICENCE",
    "Giấy phép: Creative Commons Ghi công 4.0 (CC BY 4.0) — được dùng lại, ghi nguồn “EduDX”.",
)
# The column mapping of the sector-database (CSDL ngành) export; empty: the shipped file.
SECTOR_COLUMNS_FILE = env_str("SECTOR_COLUMNS_FILE", "")
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Per client address, across accounts (django-axes): after LOGIN_ADDRESS_FAILURE_LIMIT failures
# within LOGIN_LOCKOUT_MINUTES the address waits LOGIN_LOCKOUT_MINUTES. High enough that a school
# behind one address does not reach it by honest typing.
AXES_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address"]]
AXES_USERNAME_CALLABLE = "edudx.accounts.backends.lockout_username"
# Behind a reverse proxy, the client's address is the last-but-N entry of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# A success must not wipe the address's count: one's own log-in would reset a sprayer's allowance.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24, minimum=1) * 3600
# Password-reset requests accepted per hour for one e-mail address and from one client address.
PASSWORD_RESET_PER_EMAIL = env_int("PASSWORD_RESET_PER_EMAIL", 3, minimum=1)
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 10, minimum=1)
# The demo accounts are listed on the login page only when this is on (make run's .env).
DEMO_MODE = env_bool("DEMO_MODE", False)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "edudx-demo")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Secure by default in production (`manage.py check --deploy` is clean): HTTPS only, HSTS, no
# framing. An operator turns a rule off explicitly (SECURE_SSL_REDIRECT=false, SECURE_HSTS_SECONDS=0).
# Behind TRUSTED_PROXY_COUNT proxies, the proxy says whether the client used HTTPS.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes these over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy whatever the active language: the documents and their readers use this form.
FORMAT_MODULE_PATH = ["edudx.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / env_str("STATIC_ROOT", "staticfiles")
# Development: WhiteNoise serves the files as they are and notices changes.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded files (evidence, generated exports) go through Django's storage API: the local disk
# by default, S3-compatible object storage when S3_BUCKET is set. Never served without a
# permission check (there is no public MEDIA_URL route).
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_ROOT", "media")
S3_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
                "region_name": env_str("S3_REGION") or None,
                "access_key": env_str("S3_ACCESS_KEY_ID"),
                "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    # In production static files are served by WhiteNoise, compressed, under hashed names (cached
    # forever); `make serve` runs collectstatic first. Development serves them as they are.
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_HASHED", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Largest evidence file accepted, in megabytes; and the prefix of evidence codes ("H" gives
# [H1.3-01]; empty gives [1.3-01]).
EVIDENCE_MAX_UPLOAD_MB = env_int("EVIDENCE_MAX_UPLOAD_MB", 20, minimum=1)
EVIDENCE_CODE_PREFIX = env_str("EVIDENCE_CODE_PREFIX", "")
# These two are thresholds, not caps: a request body (other than files) larger than the first is
# refused; an uploaded file larger than the second is spooled to a temporary file. The caps are
# below, checked by the upload forms before any parser opens a file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads are bounded by what they unpack to (issue 12, rule 4): an imported workbook as sent,
# and any zip container (.xlsx, .docx) by its unpacked size, its number of members and the
# compression ratio of a member.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 5, minimum=1)
UPLOAD_MAX_UNPACKED_MB = env_int("UPLOAD_MAX_UNPACKED_MB", 100, minimum=1)
UPLOAD_MAX_MEMBERS = env_int("UPLOAD_MAX_MEMBERS", 2000, minimum=1)
UPLOAD_MAX_RATIO = env_int("UPLOAD_MAX_RATIO", 100, minimum=1)
# The unit registry (the ministry's is ~53,000 units, ~6 MB as .xlsx): its largest file as sent,
# its most rows, and the rows above which the import runs as a background job with progress.
REGISTRY_MAX_UPLOAD_MB = env_int("REGISTRY_MAX_UPLOAD_MB", 50, minimum=1)
REGISTRY_MAX_ROWS = env_int("REGISTRY_MAX_ROWS", 100000, minimum=1)
REGISTRY_DIRECT_ROWS = env_int("REGISTRY_DIRECT_ROWS", 2000, minimum=1)

# An authority's workbook of more institutions than this is written by the worker (a job).
WORKBOOK_DIRECT_ROWS = env_int("WORKBOOK_DIRECT_ROWS", 300, minimum=0)

# Official document templates (.docx and .html per document): a directory here overrides the
# bundled ones file by file (e.g. a province's own header).
DOCUMENT_TEMPLATES_DIR = env_str("DOCUMENT_TEMPLATES_DIR")
# A batch of certificates with more pages than this is made by a background job.
DOCUMENT_DIRECT_PAGES = env_int("DOCUMENT_DIRECT_PAGES", 50, minimum=1)

# Background work (long exports): run in the request by default; with TASKS_BACKEND=database a
# worker (`manage.py db_worker`) runs them and pages show progress.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("TASKS_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Days before the self-assessment deadline on which institutions that have not submitted are
# reminded (`manage.py send_deadline_reminders`, run daily).
REMINDER_DAYS = env_list("REMINDER_DAYS", "7,3,1")

# Public address of the site, for links in e-mails and on certificates.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Django's admin is a superuser tool outside the role model (docs/security.md); its address is
# configurable so that it is not where every scanner looks.
ADMIN_PATH = env_str("ADMIN_PATH", "quan-tri").strip("/")
if not ADMIN_PATH or not all(
    part.replace("-", "").replace("_", "").isalnum() for part in ADMIN_PATH.split("/")
):
    raise ImproperlyConfigured("ADMIN_PATH: use letters, digits, '-' or '_' (e.g. quan-tri-9f3a).")

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "EduDX <no-reply@localhost>")

# Every log line carries the id of the request it belongs to (X-Request-ID, echoed in the response).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "edudx.core.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
