from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import my_learning
from courses.sitemaps import sitemaps
from platziflix import views

admin.site.site_header = _("Platziflix administration")
admin.site.site_title = _("Platziflix admin")
admin.site.index_title = _("Catalog and learners")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("courses/", include("courses.urls")),
    path("teachers/", include("teachers.urls")),
    path("accounts/", include("accounts.urls")),
    path("me/", my_learning, name="my_learning"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("platziflix.api_urls")),
]

handler400 = "platziflix.api_errors.bad_request"
handler403 = "platziflix.api_errors.permission_denied"
handler404 = "platziflix.api_errors.page_not_found"
handler500 = "platziflix.api_errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
