__version__ = "0.1.0"

# Loaded with Django, so tasks queued by the app go through this app's configuration.
from platziflix.celery import app as celery_app

__all__ = ["__version__", "celery_app"]
