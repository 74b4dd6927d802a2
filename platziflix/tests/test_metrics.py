"""/metrics: Prometheus's text format for whoever holds METRICS_TOKEN, with the request, public cache, video,
Celery and log-in limit figures an operator watches."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import shared_task
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from courses import services
from courses.models import Lesson
from courses.tests.clips import make_clip
from courses.tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-metrics-token-0123456789abcdefghijklmnop"
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return response.content.decode()


def sample(text, name, **labels):
    """The value of the sample ``name`` with at least ``labels``, summed over the other labels (0 when absent)."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(key) == value for key, value in labels.items()):
                total += found.value
    return total


def test_metrics_do_not_exist_while_no_token_is_configured(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Token {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_refuse_a_missing_or_wrong_token_with_401(client, metrics_token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/metrics", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"django_http" not in response.content


def test_metrics_answer_the_token_in_prometheus_text_format_and_are_never_cached(client, metrics_token):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
    names = {family.name for family in text_string_to_metric_families(response.content.decode())}
    assert {"django_http_requests_before_middlewares", "platziflix_lesson_videos"} <= names


def test_requests_are_counted_per_view_including_answers_from_the_public_cache(client, metrics_token):
    course = CourseFactory()
    url = f"/api/v1/courses/{course.slug}/"
    before = scrape(client)

    first = client.get(url)
    second = client.get(url)

    after = scrape(client)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    counted = "django_http_responses_total_by_status_view_method_total"
    labels = {"view": "api:course-detail", "method": "GET", "status": "200"}
    assert sample(after, counted, **labels) - sample(before, counted, **labels) == 2
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert sample(after, latency, view="api:course-detail") - sample(before, latency, view="api:course-detail") == 2
    lookups = "platziflix_public_cache_lookups_total"
    assert sample(after, lookups, result="miss") - sample(before, lookups, result="miss") == 1
    assert sample(after, lookups, result="hit") - sample(before, lookups, result="hit") == 1


def test_lesson_videos_are_counted_by_state_when_scraped(client, metrics_token, django_assert_max_num_queries):
    LessonFactory.create_batch(2, video_status=Lesson.VideoStatus.PENDING)
    LessonFactory(video_status=Lesson.VideoStatus.FAILED)
    LessonFactory(video_status=Lesson.VideoStatus.PENDING).delete()  # soft-deleted: not counted

    with django_assert_max_num_queries(1):
        text = scrape(client)

    assert sample(text, "platziflix_lesson_videos", state="pending") == 2
    assert sample(text, "platziflix_lesson_videos", state="failed") == 1
    assert sample(text, "platziflix_lesson_videos", state="processing") == 0


def test_video_processing_time_is_observed_when_a_video_becomes_ready(
    client, metrics_token, tmp_path, django_capture_on_commit_callbacks
):
    lesson = LessonFactory(video_url="")
    clip = make_clip(tmp_path, seconds=1, width=320, height=180)
    before = scrape(client)

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_video_upload(lesson=lesson, file=SimpleUploadedFile("clase.mp4", clip.read_bytes()))

    after = scrape(client)
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    count = "platziflix_video_processing_seconds_count"
    assert sample(after, count, result="ready") - sample(before, count, result="ready") == 1
    total = "platziflix_video_processing_seconds_sum"
    assert sample(after, total, result="ready") > sample(before, total, result="ready")


@shared_task(name="platziflix.tests.succeed")
def succeed():
    return "done"


@shared_task(name="platziflix.tests.fail")
def fail():
    raise ValueError("this task always fails")


@shared_task(bind=True, name="platziflix.tests.retry_once", max_retries=1)
def retry_once(self):
    if self.request.retries == 0:
        raise self.retry(exc=ValueError("once more"), countdown=0)
    return "done"


def test_celery_task_outcomes_are_counted_by_task_and_state(client, metrics_token):
    before = scrape(client)

    succeed.apply()
    fail.apply()
    retry_once.apply()

    after = scrape(client)
    name = "platziflix_celery_tasks_total"

    def delta(task, state):
        return sample(after, name, task=task, state=state) - sample(before, name, task=task, state=state)

    assert delta("platziflix.tests.succeed", "success") == 1
    assert delta("platziflix.tests.fail", "failure") == 1
    assert delta("platziflix.tests.retry_once", "retry") == 1


def test_log_in_limit_refusals_are_counted_by_scope(client, metrics_token, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_per_account": (2, 900)}
    before = scrape(client)

    statuses = [
        client.post("/accounts/login/", {"username": "learner", "password": "wrong"}).status_code for _ in range(3)
    ]

    after = scrape(client)
    assert statuses == [200, 200, 429]
    name = "platziflix_rate_limit_refusals_total"
    assert sample(after, name, scope="login_per_account") - sample(before, name, scope="login_per_account") == 1


def test_api_token_refusals_by_the_log_in_limit_are_counted_too(client, metrics_token, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_per_account": (2, 900)}
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "auth_token": "1000/minute"}
    before = scrape(client)

    statuses = [
        client.post("/api/v1/auth/token/", {"username": "learner", "password": "wrong"}).status_code for _ in range(3)
    ]

    after = scrape(client)
    assert statuses == [400, 400, 429]
    name = "platziflix_rate_limit_refusals_total"
    assert sample(after, name, scope="login_per_account") - sample(before, name, scope="login_per_account") == 1


MULTIPROCESS_SCRIPT = """
import django, sys
django.setup()
from django.test import Client
if sys.argv[1] == "task":
    from platziflix.celery import app
    app.conf.task_always_eager = True
    from courses.tasks import process_lesson_video
    process_lesson_video.apply(args=[0])
else:
    response = Client(SERVER_NAME="localhost").get("/metrics", HTTP_AUTHORIZATION="Bearer " + sys.argv[2])
    sys.stdout.write(response.content.decode())
"""


@pytest.mark.django_db(transaction=True)
def test_with_a_multiprocess_folder_metrics_add_up_the_processes_that_share_it(tmp_path):
    """A worker process's task outcomes show on the web process's /metrics once both write to the same folder."""
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the processes need a database they can share")
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "platziflix.settings",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "METRICS_TOKEN": TOKEN,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }

    def run(*args):
        result = subprocess.run(
            [sys.executable, "-c", MULTIPROCESS_SCRIPT, *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("task")
    run("task")
    text = run("scrape", TOKEN)

    outcome = {"task": "courses.tasks.process_lesson_video", "state": "success"}
    assert sample(text, "platziflix_celery_tasks_total", **outcome) == 2
    assert "platziflix_lesson_videos" in text


def test_database_queries_are_counted_and_timed_per_database(client, metrics_token):
    before = scrape(client)

    client.get("/api/v1/categories/", HTTP_AUTHORIZATION="Token no-such-token")  # personal: never from the cache

    after = scrape(client)
    vendor = connection.vendor
    executed = "django_db_execute_total"
    assert sample(after, executed, alias="default", vendor=vendor) > sample(before, executed, alias="default")
    timed = "django_db_query_duration_seconds_count"
    assert sample(after, timed, alias="default", vendor=vendor) > sample(before, timed, alias="default")
