"""The project's URLs plus views that fail, to test the error handlers through the real stack."""

from django.db import OperationalError
from django.urls import path

from platziflix.urls import handler400, handler403, handler404, handler500
from platziflix.urls import urlpatterns as project_urlpatterns


def explode(request):
    raise RuntimeError("boom")


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [
    path("api/v1/explode/", explode),
    path("explode/", explode),
    path("api/v1/database-down/", database_down),
    path("database-down/", database_down),
    *project_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
