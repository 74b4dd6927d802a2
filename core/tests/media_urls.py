"""The media view on its own, readable by everyone: what core/media.py does as a file server, apart from the
audience the project's URL configuration gives it (courses.media_access)."""

from django.http import HttpResponseNotFound
from django.urls import re_path

from core.media import serve_media

urlpatterns = [re_path(r"^media/(?P<path>.+)$", serve_media)]


def handler404(request, exception):
    return HttpResponseNotFound()
