from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from courses.selectors import course_cards, learner_courses_in_progress

HOME_COURSES = 12
CONTINUE_WATCHING = 6


def home(request):
    courses = course_cards().order_by("-published_at", "name")[:HOME_COURSES]
    continue_watching = learner_courses_in_progress(user=request.user, limit=CONTINUE_WATCHING)
    return render(request, "home.html", {"courses": courses, "continue_watching": continue_watching})


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
