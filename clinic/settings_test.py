"""Settings for the test suite: the real settings, against PostgreSQL, with fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
# Without DATABASE_URL: the PostgreSQL on 127.0.0.1:$UPRIGHT_PG_PORT, or a throwaway cluster when nothing
# answers there (tests/throwaway_postgres.py).
DATABASE_URL_GIVEN = "DATABASE_URL" in os.environ
os.environ.setdefault(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:{os.environ.get('UPRIGHT_PG_PORT', '5432')}/upright"
)

# Replicas are turned on per test (tests/clinic/test_read_replicas.py), never for the whole suite.
os.environ.pop("DATABASE_REPLICA_URLS", None)

from clinic.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A replica alias that is the test database itself (Django's test mirror). No router sends a query
# there unless a test turns replicas on; DATABASES cannot change once connections exist, so it is here.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
STATIC_ROOT = None  # type: ignore[assignment]  # finders serve static files in tests
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
