"""The project's URL map: each app's pages and API routes, mounted at the paths the site has always used."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from core import media as core_media
from core import observability as core_observability
from core import views as core_views
from courses import media_access
from courses.sitemaps import CourseSitemap
from learning import views as learning_views
from teachers.sitemaps import TeacherSitemap

admin.site.site_header = _("Platziflix administration")
admin.site.site_title = _("Platziflix admin")
admin.site.index_title = _("Catalog and learners")
admin.site.enable_nav_sidebar = False  # the breadcrumbs lead back; the lists and forms get the whole width

sitemaps = {"courses": CourseSitemap, "teachers": TeacherSitemap}

api_v1 = [
    path("", include("courses.api.urls")),
    path("", include("uploads.api.urls")),
    path("", include("teachers.api.urls")),
    path("", include("learning.api.urls")),
    path("", include("community.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("notebook.api.urls")),
]

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("health/live", core_views.health_live, name="health-live"),
    path("health/ready", core_views.health_ready, name="health-ready"),
    path("metrics", core_observability.metrics, name="metrics"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon_ico, name="favicon_ico"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/analytics/", include("analytics.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/platziflix/", include(("compat.urls", "compat"), namespace="compat")),
    path("api/", include("api.urls")),
]

# Pages carry their language in the URL: Spanish, the site's first language, at /courses/..., English at
# /en/courses/... One URL, one language, so an anonymous page can be cached and shared, and search engines index
# both (base.html links the alternates). The API and the admin answer in the Accept-Language of the caller.
urlpatterns += i18n_patterns(
    path("", learning_views.home, name="home"),
    path("courses/", include("courses.urls")),
    path("", include("learning.urls")),
    path("", include("community.urls")),
    path("teachers/", include("teachers.urls")),
    path("accounts/", include("accounts.urls")),
    path("me/", learning_views.my_learning, name="my_learning"),
    path("me/profile/", accounts_views.ProfileView.as_view(), name="profile"),
    path("me/notifications/", include("notifications.urls")),
    path("me/", include("notebook.urls")),
    prefix_default_language=False,
)

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

# Media are always reached through the app's access check: files of MEDIA_ROOT are sent by the app (or nginx),
# files of the private bucket answer a redirect to a short-lived signed URL (core.object_media).
urlpatterns.append(
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$",
        core_media.media,
        {"audience": media_access.media_audience, "links": media_access.LINKING_MEDIA},
        name="media",
    )
)
