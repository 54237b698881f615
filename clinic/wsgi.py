import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()

# Refuse to serve without a secret key rather than fail at the first request that signs something.
settings.SECRET_KEY  # noqa: B018 - Django raises ImproperlyConfigured when it is empty
