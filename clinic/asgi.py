import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_asgi_application()

# Refuse to serve without a secret key rather than fail at the first request that signs something.
settings.SECRET_KEY  # noqa: B018 - Django raises ImproperlyConfigured when it is empty
