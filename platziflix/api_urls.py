"""Everything under /api/: the v1 API, the original Platziflix contract, the docs, and a JSON 404 for the rest."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from platziflix.api_errors import api_not_found

v1 = [
    path("", include("courses.api.urls")),
    path("", include("teachers.api.urls")),
    path("", include("accounts.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("platziflix/", include(("courses.api.compat_urls", "compat"), namespace="compat")),
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
    re_path(r"^(?P<path>.*)$", api_not_found),
]
