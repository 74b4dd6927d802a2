"""The project's URLs plus uploaded media, for browser tests: live_server serves static files but not media.

MEDIA_ROOT is read per request because every test gets its own throw-away folder.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from platziflix import urls as project_urls


def _media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    *project_urls.urlpatterns,
    re_path(r"^media/(?P<path>.*)$", _media),
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
