"""Time the list endpoints and pages in Spanish and in English: the same queries and about the same time.

    createdb -h 127.0.0.1 -U postgres platziflix_translated
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix_translated
    export PUBLIC_CACHE=0 API_THROTTLE_ANON=100000/minute   # time the views, not the cache; no 429
    .venv/bin/python manage.py migrate
    .venv/bin/python benchmarks/translated_lists.py --courses 200

With fewer published courses than ``--courses``, it first adds courses (with English texts, 3 lessons and 2
teachers each) until there are that many. Each list is requested through Django's full request stack once to
warm up, then timed over several runs in each language; the median time and the query count are printed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

RUNS = 15
PATHS = [
    "/api/platziflix/courses",
    "/api/v1/courses/?page_size=100",
    "/api/v1/teachers/",
    "/api/v1/categories/",
    "/courses/",
    "/teachers/",
]


def add_courses(wanted):
    from courses.models import Course
    from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
    from teachers.tests.factories import TeacherFactory

    missing = wanted - Course.objects.published().count()
    if missing <= 0:
        return
    categories = [CategoryFactory(name_en=f"Category {n}") for n in range(4)]
    teachers = TeacherFactory.create_batch(10)
    for number in range(missing):
        course = CourseFactory(
            name_en=f"Course {number}",
            summary_en=f"Summary {number}",
            description_en=f"Description {number}",
            category=categories[number % 4],
            teachers=[teachers[number % 10], teachers[(number + 1) % 10]],
        )
        for position in range(3):
            LessonFactory(course=course, position=position, name_en=f"Lesson {position}")


def measure(client, path, language):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/en{path}" if language == "en" and not path.startswith("/api/") else path
    client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(timings), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=200)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from courses.models import Course

    add_courses(arguments.courses)
    client = Client(HTTP_HOST="localhost")
    print(f"{Course.objects.published().count()} published courses, median of {RUNS} runs")
    print(f"{'path':36s} {'es ms':>7s} {'en ms':>7s} {'es q':>5s} {'en q':>5s}")
    for path in PATHS:
        spanish_ms, spanish_queries = measure(client, path, "es")
        english_ms, english_queries = measure(client, path, "en")
        print(f"{path:36s} {spanish_ms:7.1f} {english_ms:7.1f} {spanish_queries:5d} {english_queries:5d}")


if __name__ == "__main__":
    main()
