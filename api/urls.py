"""The API's own routes: the OpenAPI schema, its docs, and a JSON 404 for any other path under /api/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from api.docs import redoc_bundle
from api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    path("redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
    re_path(r"^(?P<path>[\s\S]*)$", api_not_found),  # [\s\S]: a path with a newline is still ours
]
