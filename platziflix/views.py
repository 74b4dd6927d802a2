from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from courses import selectors

HOME_COURSES = 8
CONTINUE_WATCHING = 6


def home(request):
    return render(
        request,
        "home.html",
        {
            "courses": list(selectors.course_list()[:HOME_COURSES]),
            "top_rated": list(
                selectors.course_list(order_by=selectors.BEST_RATED).filter(total_ratings__gt=0)[:HOME_COURSES]
            ),
            "categories": selectors.catalog_categories(),
            "continue_watching": selectors.learner_courses_in_progress(user=request.user, limit=CONTINUE_WATCHING),
        },
    )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@never_cache
@require_GET
def health(request):
    database_ok = _database_is_reachable()
    return JsonResponse(
        {
            "status": "ok" if database_ok else "degraded",
            "database": "ok" if database_ok else "unreachable",
            "version": settings.VERSION,
        },
        status=200 if database_ok else 503,
    )
