"""WSGI entry point, used by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

application = get_wsgi_application()

# Readers get an answer (or the 503 page) within seconds, whatever the database
# does, and PostgreSQL stops what they no longer wait for; commands run
# without these limits.
from core.db import limit_waits  # noqa: E402

limit_waits()
