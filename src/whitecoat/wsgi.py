"""WSGI entry point (granian or gunicorn: whitecoat.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whitecoat.settings")
application = get_wsgi_application()
