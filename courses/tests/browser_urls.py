"""The site's URLs plus uploaded media, for browser tests: live_server runs with DEBUG off, so the root URLconf
does not serve media there."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from platziflix.urls import handler403, handler404, handler500
from platziflix.urls import urlpatterns as site_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def media(request, path):
    # MEDIA_ROOT is read per request because every test gets its own throw-away folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
