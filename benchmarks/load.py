"""Load test: many concurrent clients on loopback against gunicorn on PostgreSQL.

Checks the design's budget "nothing answers 5xx and no write is lost": learners read the catalog,
rate courses (often the same course at the same moment) and save lesson progress through the API;
afterwards every learner's last rating and progress must be in the database and every course's
stored average, count and count of each score must equal what its ratings say.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix_load .venv/bin/python benchmarks/load.py

The database is migrated and given the demo catalog first; the run adds its own learners.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--clients", type=int, default=32, help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=60, help="requests per client")
    return parser.parse_args()


def setup_learners(count):
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    learners = []
    for n in range(count):
        user, _ = get_user_model().objects.get_or_create(username=f"load-{n}")
        learners.append((user.pk, Token.objects.get_or_create(user=user)[0].key))
    return learners


def start_gunicorn(args, env):
    command = [
        str(PROJECT_DIR / ".venv/bin/gunicorn"),
        "platziflix.wsgi",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health/", timeout=1)
            return server
        except OSError:  # refused, reset or timed out while the workers boot (URLError is an OSError too)
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def request(base, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Token {token}")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def client(base, learner, courses, requests, results, last_writes, lock):
    user_id, token = learner
    rng = random.Random(user_id)
    for _ in range(requests):
        slug, lessons = rng.choice(courses)
        action = rng.random()
        if action < 0.4:
            status, elapsed = request(base, "GET", f"/api/v1/courses/?page_size=5&page={rng.randint(1, 2)}")
        elif action < 0.55:
            status, elapsed = request(base, "GET", f"/courses/{slug}/")
        elif action < 0.8:
            score = rng.randint(1, 5)
            status, elapsed = request(base, "POST", f"/api/v1/courses/{slug}/ratings/", token, {"score": score})
            if status in (200, 201):
                with lock:
                    last_writes[("rating", user_id, slug)] = score
        else:
            lesson = rng.choice(lessons)
            position = rng.randint(0, 100)
            path = f"/api/v1/courses/{slug}/lessons/{lesson}/progress/"
            status, elapsed = request(base, "PUT", path, token, {"position_seconds": position, "completed": False})
            if status == 200:
                with lock:
                    last_writes[("progress", user_id, slug, lesson)] = position
        with lock:
            results.append((status, elapsed))


def verify(last_writes):
    from courses.models import Course
    from learning.models import LessonProgress, Rating
    from learning.selectors import course_rating_stats_counted

    lost = []
    for key, expected in last_writes.items():
        if key[0] == "rating":
            _, user_id, slug = key
            actual = Rating.objects.filter(user_id=user_id, course__slug=slug).values_list("score", flat=True)
            if list(actual) != [expected]:
                lost.append((key, expected, list(actual)))
        else:
            _, user_id, slug, lesson = key
            progress = LessonProgress.objects.filter(user_id=user_id, lesson__course__slug=slug, lesson__slug=lesson)
            actual = progress.values_list("position_seconds", flat=True).first()
            if actual is not None and actual < expected and not progress.first().completed_at:
                lost.append((key, expected, actual))
    wrong_aggregates = []
    for course in Course.objects.published():
        live = course_rating_stats_counted(course=course)
        stored = {field: getattr(course, field) for field in live}
        if stored != live:
            wrong_aggregates.append((course.slug, stored, live))
    return lost, wrong_aggregates


def main():
    args = parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from courses.models import Course

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    learners = setup_learners(args.clients)
    courses = [
        (course.slug, list(course.lessons.values_list("slug", flat=True)))
        for course in Course.objects.published().order_by("slug")[:4]
    ]
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-secret-key-not-for-production-0123456789abcdef"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
    )
    server = start_gunicorn(args, env)
    base = f"http://127.0.0.1:{args.port}"
    results, last_writes, lock = [], {}, threading.Lock()
    try:
        started = time.perf_counter()
        threads = [
            threading.Thread(target=client, args=(base, learner, courses, args.requests, results, last_writes, lock))
            for learner in learners
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    statuses = Counter(status for status, _ in results)
    latencies = sorted(elapsed for _, elapsed in results)
    lost, wrong_aggregates = verify(last_writes)
    print(f"{len(results)} requests from {args.clients} clients in {wall:.1f} s ({len(results) / wall:.0f} req/s)")
    print(f"gunicorn: {args.workers} workers x {args.threads} threads")
    print("status codes:", dict(sorted(statuses.items())))
    print(
        f"latency ms: median {statistics.median(latencies) * 1000:.0f}, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f}, max {latencies[-1] * 1000:.0f}"
    )
    print(
        f"writes checked: {len(last_writes)}, lost: {len(lost)}, courses with wrong aggregates: {len(wrong_aggregates)}"
    )
    failed = sum(count for status, count in statuses.items() if status >= 500) or lost or wrong_aggregates
    for item in (lost + wrong_aggregates)[:10]:
        print("  ", item)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
