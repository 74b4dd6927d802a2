"""The project's URLs plus views that fail, to test the error handlers through the real stack."""

from django.urls import path

from platziflix.urls import handler400, handler403, handler404, handler500
from platziflix.urls import urlpatterns as project_urlpatterns


def explode(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/explode/", explode), path("explode/", explode), *project_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
