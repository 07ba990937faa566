"""WSGI entry point for gunicorn: ``gunicorn accord.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.production")

application = get_wsgi_application()
