"""Time the catalog, course, lesson and API pages on a large PostgreSQL catalog.

    createdb -h 127.0.0.1 -U postgres platziflix_scale
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix_scale
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python manage.py seed_scale          # 10,000 courses, 200,000 lessons, 1,000,000 ratings
    .venv/bin/python benchmarks/catalog.py

Each page is requested through Django's full request stack once to warm up, then timed over several runs;
the SQL query count of the last run is printed beside the mean time.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

RUNS = 5


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.models import Course

    course = Course.objects.published().filter(lessons__isnull=False).order_by("-total_ratings").first()
    lesson = course.lessons.order_by("position").first()
    pages_count = Course.objects.published().count() // 12
    paths = [
        "/",
        "/courses/",
        "/courses/?page=50",
        f"/courses/?page={pages_count}",
        "/courses/?sort=rating",
        "/courses/?category=programacion&level=advanced",
        "/courses/?q=python",
        "/courses/?q=programacion",
        "/courses/?q=pyton",
        f"/courses/{course.slug}/",
        f"/courses/{course.slug}/lessons/{lesson.slug}/",
        "/teachers/",
        "/api/v1/courses/",
        "/api/v1/courses/?page_size=100",
        "/api/v1/courses/?search=python",
        "/api/v1/courses/?ordering=-average_rating",
        f"/api/v1/courses/{course.slug}/",
        f"/api/v1/courses/{course.slug}/ratings/stats/",
        f"/api/v1/courses/{course.slug}/ratings/",
        "/api/platziflix/courses",
    ]
    client = Client(HTTP_HOST="localhost")
    print(f"{Course.objects.count()} courses; busiest course {course.slug} with {course.total_ratings} ratings")
    print(f"{'path':55s} {'mean ms':>8s} {'queries':>8s}")
    for path in paths:
        client.get(path)
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        print(f"{path:55s} {statistics.mean(timings):8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
