"""WSGI entry point, used by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

application = get_wsgi_application()

# Readers get an answer (or the 503 page) within seconds, whatever the database
# does; commands run without this deadline.
from cms.db import install_deadline  # noqa: E402

install_deadline()
