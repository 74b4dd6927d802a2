from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import database_is_reachable, readiness_checks, worker_readiness


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon_ico(request):
    """Browsers ask for /favicon.ico on every page that names no icon (the admin, the API docs, files)."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@never_cache
@require_GET
def health(request):
    database_ok = database_is_reachable()
    return JsonResponse(
        {
            "status": "ok" if database_ok else "degraded",
            "database": "ok" if database_ok else "unreachable",
            "version": settings.VERSION,
        },
        status=200 if database_ok else 503,
    )


@never_cache
@require_GET
def health_live(request):
    """For orchestrators: the process answers. Touches nothing else, so a database outage never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health_ready(request):
    """For orchestrators and load balancers: 503 until the database, Redis and the broker (when set) answer, and,
    with a broker, until a worker's heartbeat is fresh (core.health.worker_readiness)."""
    checks = readiness_checks()
    report = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    ready = all(checks.values())
    if checks["database"]:
        worker_ready, report["worker"] = worker_readiness()
        ready = ready and worker_ready
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": report},
        status=200 if ready else 503,
    )
