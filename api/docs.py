"""ReDoc without the internet: its bundle shows a "Redocly" logo fetched from redoc.ly's CDN, which the docs'
Content-Security-Policy blocks. The bundle is served from the pinned sidecar with that logo swapped for a local
picture, so the page loads nothing from another host."""

import base64
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
LOCAL_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" '
    'fill="#0b0f1a"/><path d="M24 18l24 14-24 14z" fill="#98ca3f"/></svg>'
)


@cache
def redoc_bundle_source():
    with open(finders.find(REDOC_BUNDLE), encoding="utf-8") as bundle:
        source = bundle.read()
    logo = "data:image/svg+xml;base64," + base64.b64encode(LOCAL_LOGO.encode()).decode()
    return source.replace(REDOC_CDN_LOGO, logo)


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def redoc_bundle(request):
    return HttpResponse(redoc_bundle_source(), content_type="text/javascript; charset=utf-8")
