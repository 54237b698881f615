"""Upright settings, read from the environment (django-environ).

Without DATABASE_URL a local SQLite file is used, for a quick start; production runs PostgreSQL.
Outside DEBUG there is no default SECRET_KEY: the servers refuse to start without one.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Outside DEBUG there is no default key. An empty one is left for Django to refuse lazily, wherever a
# key is used (signing, sessions, check --deploy), so that commands needing none (makemigrations)
# run in a bare environment; the servers check it at start-up (clinic/wsgi.py, clinic/asgi.py).
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only" if DEBUG else "")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # OpClass in the search indexes (patients 0010, plans 0037)
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "concurrency",
    "axes",
    "django_htmx",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "clinic",
    "patients",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.idle_logout.IdleLogoutMiddleware",
    # A save from a stale copy that no form caught becomes a 409 page, not a 500.
    "concurrency.middleware.ConcurrencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"
ASGI_APPLICATION = "clinic.asgi.application"

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
                "plans.context_processors.navigation",
                "clinic.idle_logout.idle_logout_context",
            ],
        },
    },
]

# The cache holds the API's throttle counts. The default is per process: behind several gunicorn
# workers, set CACHE_URL to a shared cache (e.g. dbcache://upright_cache after createcachetable).
# Rendered PDFs (plans.render.pdf) are kept under the hash of their page, a week at most; they hold
# patients' data, so a shared PDF_CACHE_URL must be as private as the database (dbcache is).
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    "pdf": env.cache("PDF_CACHE_URL", default="locmemcache://upright-pdf"),
}
CACHES["pdf"].setdefault("TIMEOUT", 7 * 24 * 3600)

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (docs/deploy.md) a server connection is lent for one
# transaction at a time: no server-side cursors (Django opens them for .iterator()) and no named
# prepared statements (psycopg's prepare_threshold, which Django leaves off unless OPTIONS set it,
# e.g. from DATABASE_URL; the next transaction may get a server that never saw the statement).
# Django keeps its connection to PgBouncer for CONN_MAX_AGE; Django's own pool must stay off.
PGBOUNCER_TRANSACTION_MODE = env.bool("PGBOUNCER_TRANSACTION_MODE", default=False)

# Read replicas (docs/deploy.md §5): each URL in DATABASE_REPLICA_URLS becomes an alias (replica,
# replica2, ...) that django-multidb-router sends reads to, while writes, reads in a transaction and
# the security tables stay on the primary (clinic/db_routers.py). After a request that may have
# written (any method but GET, HEAD, OPTIONS, TRACE) the browser gets a cookie that keeps its reads on
# the primary for REPLICA_PIN_SECONDS, longer than the replication lag we accept. Without replica URLs
# there is no router and no middleware: every query goes to default, as before.
REPLICA_DATABASES: list[str] = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    alias = "replica" if number == 1 else f"replica{number}"
    DATABASES[alias] = {
        **environ.Env.db_url_config(url),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},  # the tests' replica is the test database itself
    }
    REPLICA_DATABASES.append(alias)

for database in DATABASES.values():  # the replicas' PgBouncer entries too
    if PGBOUNCER_TRANSACTION_MODE:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        database.setdefault("OPTIONS", {})["prepare_threshold"] = None
        if database["OPTIONS"].get("pool"):
            raise ImproperlyConfigured("PGBOUNCER_TRANSACTION_MODE pools already: leave Django's pool off.")

if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["clinic.db_routers.ReplicaRouter"]
    MULTIDB_PINNING_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
    if MULTIDB_PINNING_SECONDS < 1:
        raise ImproperlyConfigured("REPLICA_PIN_SECONDS must be 1 or more.")
    MULTIDB_PINNING_COOKIE = "upright_primary"
    MULTIDB_PINNING_COOKIE_HTTPONLY = True
    # Before anything reads: the session, the user and axes' lock-out check.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "multidb.middleware.PinningRouterMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: at most SESSION_MAX_HOURS from log-in, and they end with the browser (shared clinic
# workstations). The idle log-off is each clinic's setting (clinic/idle_logout.py).
SESSION_COOKIE_AGE = int(env.float("SESSION_MAX_HOURS", default=12.0) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded library pictures. They are served through the app's own view (plans), never from MEDIA_URL.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Edit forms carry the record's version, signed; the signer reads SECRET_KEY only when it signs.
CONCURRENCY_FIELD_SIGNER = "clinic.edit_conflicts.VersionSigner"
CONCURRENCY_HANDLER409 = "clinic.views.edit_conflict"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="upright@localhost")

# Security: strict by default outside DEBUG; SSL redirect and the proxy header are configurable for
# deployments behind a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
MULTIDB_PINNING_COOKIE_SECURE = SESSION_COOKIE_SECURE  # the read-replica pin (above)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The number of reverse proxies in front of the app that append the client's address to
# X-Forwarded-For. At 0 (the default) only REMOTE_ADDR is believed, so a client cannot pick the
# address it is counted under by sending the header itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# django-axes: lock an account out after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Locked: the user name from the address that failed, so failures under made-up names, or from
# elsewhere, cannot lock a real user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How long the login log (axes' AccessLog and AccessFailureLog) is kept: `manage.py housekeeping`
# removes older rows.
LOGIN_LOG_RETENTION_DAYS = env.int("LOGIN_LOG_RETENTION_DAYS", default=365)
if LOGIN_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("LOGIN_LOG_RETENTION_DAYS must be 1 or more.")
# The client address (django-ipware): REMOTE_ADDR only, unless TRUSTED_PROXY_COUNT says proxies
# append it to X-Forwarded-For. python-ipware counts the proxies listed in that header, and the
# last proxy is REMOTE_ADDR, not listed. Not strict: entries a client sent itself, before the ones
# the proxies appended, are skipped rather than making the whole header be ignored.
AXES_IPWARE_PROXY_ORDER = "left-most"
IPWARE_STRICT = False
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...] = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# API tokens: django-rest-knox stores a digest, never the token; they expire and are revoked by
# logout, a password change and deactivation (plans/api/tokens.py).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=10.0)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["plans.api.permissions.IsClinicStaff"],
    "DEFAULT_THROTTLE_CLASSES": ["plans.api.throttles.PerUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # Every attempt at the token endpoint, per client address, successes included.
        "auth_token": env("API_TOKEN_RATE", default="20/hour"),
        "user": env("API_USER_RATE", default="120/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "plans.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Upright decision-support API",
    "DESCRIPTION": "Triage, cause ranking, plan suggestion and progress judgement for back pain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI and Redoc served from our own static files: clinic networks are offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CpgCategoryEnum": "plans.clinical.vocabulary.CpgCategory"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
