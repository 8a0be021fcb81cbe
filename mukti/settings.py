"""Mukti settings, read from the environment.

A fresh checkout runs with safe development defaults (SQLite under ``var/``, secrets generated
once and kept in ``var/``). With ``MUKTI_ENV=production`` nothing secret has a default: the
process refuses to start without ``SECRET_KEY``, ``MUKTI_FIELD_KEYS``, ``MUKTI_BACKUP_KEY``,
``MUKTI_AUDIT_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor  # type: ignore[import-untyped]

from mukti.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("MUKTI_DATA_DIR", str(BASE_DIR / "var"))).resolve()

MUKTI_ENV = env_str("MUKTI_ENV", "development")
if MUKTI_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"MUKTI_ENV must be 'development' or 'production'; got {MUKTI_ENV!r}"
    )
PRODUCTION = MUKTI_ENV == "production"


def _development_secret(filename: str, make: str) -> str:
    """Read a development-only secret from var/, creating it on first use (never in production)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / filename
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(make)
    return path.read_text().strip()


def _required(name: str, dev_file: str, make: str) -> str:
    value = env_str(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when MUKTI_ENV=production")
    return _development_secret(dev_file, make)


SECRET_KEY = _required("SECRET_KEY", "secret_key", secrets.token_urlsafe(50))
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when MUKTI_ENV=production")

# Keys for field-level encryption of protected identity: comma-separated Fernet keys, newest
# first. New values are written with the first key; older keys still decrypt until rotated out.
MUKTI_FIELD_KEYS = [
    key.strip()
    for key in _required("MUKTI_FIELD_KEYS", "field_keys", Fernet.generate_key().decode()).split(
        ","
    )
    if key.strip()
]
for _key in MUKTI_FIELD_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            "MUKTI_FIELD_KEYS must be comma-separated Fernet keys "
            "(make one with: mukti generate_field_key)"
        ) from None

# The key that encrypts `mukti backup` archives (one Fernet key). Keep a copy off this machine:
# a backup is useless without it, and dangerous beside it.
MUKTI_BACKUP_KEY = _required("MUKTI_BACKUP_KEY", "backup_key", Fernet.generate_key().decode())
try:
    Fernet(MUKTI_BACKUP_KEY.encode())
except ValueError:
    raise ImproperlyConfigured(
        "MUKTI_BACKUP_KEY must be a Fernet key (make one with: mukti generate_field_key)"
    ) from None

# The key of the audit chain (HMAC-SHA256): without it nobody can write a record, or rewrite the
# chain, that `mukti audit verify` accepts. It cannot be rotated: every record is keyed with it.
MUKTI_AUDIT_KEY = _required("MUKTI_AUDIT_KEY", "audit_key", secrets.token_urlsafe(48))
if len(MUKTI_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "MUKTI_AUDIT_KEY must be at least 32 characters (make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    )

# The key of the pseudonymous identifiers in standard exports (HTCDS): HMAC-SHA256 of a record's
# database id, so that the same survivor keeps the same identifier from one export to the next
# and nobody without the key can tell which record it is. Derived from the audit key (which is
# never rotated) unless set; changing it changes every identifier a partner holds.
MUKTI_EXPORT_ID_KEY = (
    env_str("MUKTI_EXPORT_ID_KEY")
    or hmac.new(MUKTI_AUDIT_KEY.encode(), b"mukti export identifiers", hashlib.sha256).hexdigest()
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mukti.core",
    "mukti.audit",
    "mukti.accounts",
    "mukti.directory",
    "mukti.cases",
    "mukti.rescue",
    "mukti.care",
    "mukti.justice",
    "mukti.deadlines",
    "mukti.documents",
    "mukti.intake",
    "mukti.referrals",
    "mukti.backups",
    "mukti.reports",
    "mukti.exports",
    "mukti.api",
    "mukti.sharing",
    "mukti.site",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    # The REST API's framework: its templates and static files (the offline API reference).
    "ninja",
]

# The task queue lives in the database (no broker to run): `mukti worker` processes it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mukti.core.routers.ReplicaMiddleware",
    "mukti.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the user's choice in her profile (below, once she is known), else the cookie
    # of the switcher on the sign-in page, else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mukti.accounts.middleware.OTPMiddleware",
    "mukti.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mukti.accounts.middleware.SignInGateMiddleware",
]

ROOT_URLCONF = "mukti.urls"
WSGI_APPLICATION = "mukti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mukti" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["mukti.accounts.templatetags.access", "mukti.core.templatetags.display"],
        },
    },
]


def _database(url: str, variable: str = "DATABASE_URL") -> dj_database_url.DBConfig:
    try:
        max_age = env_int("DATABASE_CONN_MAX_AGE", 0)
        # A kept connection is checked before a request reuses it, so a database restart costs
        # one reconnect instead of one failed request per worker thread.
        config = dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=max_age > 0)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{variable} is not a database address Mukti understands ({error}); "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing with
        # "database is locked" when a read transaction upgrades to a write (the audit chain reads
        # its head row, then appends).
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif engine == "django.db.backends.postgresql":
        # The planner's price of reading a page out of order, relative to in order. Its default
        # (4) is for spinning disks; on SSD, or a database the server's memory holds, 1.1 is
        # the usual value. With 4, a caseworker's case list at 1,000,000 cases walked the whole
        # database's newest cases looking for her 1,507 (300 ms) rather than reading hers
        # (10 ms); with 1.1 it reads hers, and still walks where her cases are a large share
        # (docs/benchmarks.md). Empty: the server's own setting.
        page_cost = env_str("MUKTI_DB_RANDOM_PAGE_COST", "1.1")
        if page_cost:
            try:
                float(page_cost)
            except ValueError:
                raise ImproperlyConfigured(
                    f"MUKTI_DB_RANDOM_PAGE_COST must be a number, such as 1.1; got {page_cost!r}"
                ) from None
            options = dict(config.get("OPTIONS", {}))
            options["options"] = f"-c random_page_cost={page_cost}"
            config["OPTIONS"] = options
        # Django's backend, with times read by psycopg's compiled loader (mukti/core/postgresql).
        config["ENGINE"] = "mukti.core.postgresql"
    else:
        raise ImproperlyConfigured(
            f"{variable} must point to SQLite or PostgreSQL; got engine {engine!r}"
        )
    return config


DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'mukti.sqlite3'}"))
}
# A PostgreSQL replica for the reads of web requests that only read (core/routers.py says what
# stays on the primary, and why). In tests it mirrors the test database.
_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if _REPLICA_URL:
    DATABASES["replica"] = {
        **_database(_REPLICA_URL, "DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["mukti.core.routers.ReplicaRouter"]
# After a write, that person's requests read from the primary for this long (replica lag).
MUKTI_REPLICA_PIN_SECONDS = env_int("MUKTI_REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes of the statistics (cases 0017: INCLUDE columns) are PostgreSQL's; SQLite
# builds them on their key columns alone, which is what it can use. Django warns of it at every
# command (models.W040), the demo's start included: the warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)

AUTH_USER_MODEL = "accounts.User"
# Django's ModelBackend, with the user of each request read through a query compiled once.
AUTHENTICATION_BACKENDS = ["mukti.accounts.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

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

LANGUAGE_CODE = "en-gb"
# The interface in English, Bengali and Hindi (docs/translation.md). Names as each language writes
# its own, for the switcher.
LANGUAGES = [("en-gb", "English"), ("bn", "বাংলা"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "mukti" / "locale"]
TIME_ZONE = env_str("MUKTI_TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "mukti" / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
# Documents attached to timeline entries: encrypted before they are stored, so any storage will
# do. Local files under MUKTI_DATA_DIR/documents by default; an S3-compatible store through
# django-storages (docs/deploy.md) by naming its backend and options.
MUKTI_DOCUMENT_MAX_MB = env_int("MUKTI_DOCUMENT_MAX_MB", 20)
_DOCUMENT_STORAGE_OPTIONS = json.loads(env_str("MUKTI_DOCUMENT_STORAGE_OPTIONS", "{}") or "{}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": env_str("MUKTI_DOCUMENT_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": _DOCUMENT_STORAGE_OPTIONS
        or {
            "location": str(DATA_DIR / "documents"),
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the app serves static files straight from the source tree, so a checkout
# works without a collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# Source maps (13 of the 21 MB collected: Bootstrap's, and the API documentation pages' bundles)
# are fetched only by a browser's developer tools; compressing them with Brotli at its highest
# level took about 60 % of every `collectstatic`, that is of every `mukti upgrade`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mukti <mukti@localhost>")

# A session ends after this long without a request from the person (background refreshes such
# as the alerts badge do not count), and in any case this long after signing in (ASVS 3.3.2).
MUKTI_SESSION_IDLE_MINUTES = env_int("MUKTI_SESSION_IDLE_MINUTES", 30)
MUKTI_SESSION_MAX_HOURS = env_int("MUKTI_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = MUKTI_SESSION_MAX_HOURS * 60 * 60
# Django's database sessions, read with a query compiled once per connection.
SESSION_ENGINE = "mukti.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed sign-ins (wrong password or wrong two-factor code) within the window: this many for one
# username locks the account (for MUKTI_LOGIN_LOCK_MINUTES, or until an administrator unlocks it
# when that is 0); this many from one network address refuses every sign-in from it for the
# rest of the window.
MUKTI_LOGIN_WINDOW_MINUTES = env_int("MUKTI_LOGIN_WINDOW_MINUTES", 15)
# Invalid packet links and wrong packet codes from one network address within that window before
# the packet page refuses it (sharing/views.py).
MUKTI_PACKET_FAILURES_PER_ADDRESS = env_int("MUKTI_PACKET_FAILURES_PER_ADDRESS", 30)
MUKTI_LOGIN_LOCK_AFTER = env_int("MUKTI_LOGIN_LOCK_AFTER", 5)
MUKTI_LOGIN_LOCK_MINUTES = env_int("MUKTI_LOGIN_LOCK_MINUTES", 30)
MUKTI_LOGIN_IP_LIMIT = env_int("MUKTI_LOGIN_IP_LIMIT", 20)
# MUKTI_LOGIN_LOCK_AFTER failures from one address lock the account for that address only; the
# whole account locks once failures came from this many addresses (or were wrong codes), and
# its owner is e-mailed a one-use unlock link valid this many hours.
MUKTI_LOGIN_LOCK_ADDRESSES = env_int("MUKTI_LOGIN_LOCK_ADDRESSES", 3)
MUKTI_UNLOCK_LINK_HOURS = env_int("MUKTI_UNLOCK_LINK_HOURS", 24)

# Two-factor sign-in (TOTP, RFC 6238) is required of every role: each can either reveal a
# survivor's identity, export, or manage the accounts that do.
OTP_TOTP_ISSUER = env_str("MUKTI_ORGANISATION_NAME", "Mukti")
# django-otp's own growing delay after a wrong code is off: a wrong code counts as a failed
# sign-in towards the account lock above, which bounds guessing more tightly, and the delay would
# refuse a right code typed a second after a typo with no way to say why.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
MUKTI_RECOVERY_CODES = 10
SESSION_COOKIE_HTTPONLY = True
# Messages ("Kusum's identity was revealed", "Case MK-… opened") stay in the server-side session,
# never in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure, for the
    # whole site (Path=/) and for this host only (no Domain): a sibling subdomain, or a plain
    # http page on the network, cannot plant or overwrite them. Development runs over plain
    # http, where a browser would refuse such a cookie, so it keeps Django's names.
    SESSION_COOKIE_NAME = "__Host-mukti-session"
    CSRF_COOKIE_NAME = "__Host-mukti-csrf"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The access log of `mukti runserver` (Django's django.server logger) is written without
    # query strings: search terms are names. `mukti serve` does the same for gunicorn.
    "filters": {"no_query_string": {"()": "mukti.core.logging.NoQueryStringFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
    },
    "loggers": {
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "filters": ["no_query_string"],
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

MUKTI_ORGANISATION_NAME = env_str("MUKTI_ORGANISATION_NAME", "Mukti")

# Reading an uploaded .docx or .pdf runs in a child process limited to this much CPU time and
# memory (a hostile 46 KB file can otherwise hold a worker for minutes); see intake/sandbox.py.
MUKTI_INTAKE_READ_SECONDS = env_int("MUKTI_INTAKE_READ_SECONDS", 10)
MUKTI_INTAKE_READ_MEMORY_MB = env_int("MUKTI_INTAKE_READ_MEMORY_MB", 512)
# The largest form body Django reads, files apart: a 200,000-character paste in an Indic script
# is under 2 MB once URL-encoded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads up to the document limit stay in memory: a survivor's medical report is never written
# to a temporary file unencrypted. (The document form refuses larger bodies before reading them.)
FILE_UPLOAD_MAX_MEMORY_SIZE = (MUKTI_DOCUMENT_MAX_MB + 1) * 1024 * 1024

# A repatriation step waiting longer than this many days is flagged on the care page.
MUKTI_REPATRIATION_STEP_DAYS = env_int("MUKTI_REPATRIATION_STEP_DAYS", 60)

# How often `mukti worker` looks for clocks entering their warning period or breached.
MUKTI_CLOCK_SCAN_SECONDS = env_int("MUKTI_CLOCK_SCAN_SECONDS", 60)

# Requests one API token may make in a minute (docs/api.md); more are answered 429.
MUKTI_API_RATE_PER_MINUTE = env_int("MUKTI_API_RATE_PER_MINUTE", 600)

# The address people open Mukti at, for links in e-mails (alerts): in production the first of
# ALLOWED_HOSTS over HTTPS unless set.
MUKTI_SITE_URL = env_str(
    "MUKTI_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")

# Country pickers start with the countries most cases involve (django-countries).
COUNTRIES_FIRST = ["IN", "BD", "NP"]
COUNTRIES_FIRST_REPEAT = True
